"""Search at 1,000,000 documents (issue 19): a narrow table of the public documents' titles.

``disclosure_document_search`` holds, for every public document (已发布, 主动公开), its
title, date of publication and the title and keyword words of its search vector (weights
A and B, ``ts_filter``). Its rows are a few dozen bytes, so a common word matching tens of
thousands of titles is ranked from a few hundred pages instead of the documents' heap;
its title and policy-name (the 《…》 of 「关于印发《…》的通知」) indexes answer a known-item
query at once. Statement-level triggers keep it exact inside every transaction that
writes documents (like ``disclosure_library_counts``).
"""

from django.db import migrations

POLICY_NAME = (
    "COALESCE(substring(title, '《([^》]+)》'), substring(title, '印发([^《》]+)的通知$'))"
)

_FILL = """
    INSERT INTO disclosure_document_search (document_id, published_on, title, words)
    SELECT id, published_on, title, ts_filter(COALESCE(search_vector, ''::tsvector), '{a,b}')
    FROM %s
    WHERE status = 'published' AND disclosure = 'proactive' AND published_on IS NOT NULL
"""

FORWARD = f"""
CREATE TABLE disclosure_document_search (
    document_id integer PRIMARY KEY,
    published_on date NOT NULL,
    title text NOT NULL,
    words tsvector NOT NULL
);

CREATE FUNCTION disclosure_document_search_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM disclosure_document_search s USING old_rows o WHERE s.document_id = o.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        {_FILL % "new_rows"}
        ON CONFLICT (document_id) DO UPDATE SET published_on = EXCLUDED.published_on,
            title = EXCLUDED.title, words = EXCLUDED.words;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION disclosure_document_search_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM disclosure_document_search;
    RETURN NULL;
END $$;

CREATE TRIGGER disclosure_document_search_insert AFTER INSERT ON disclosure_document
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION disclosure_document_search_apply();
CREATE TRIGGER disclosure_document_search_update AFTER UPDATE ON disclosure_document
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION disclosure_document_search_apply();
CREATE TRIGGER disclosure_document_search_delete AFTER DELETE ON disclosure_document
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION disclosure_document_search_apply();
CREATE TRIGGER disclosure_document_search_truncate AFTER TRUNCATE ON disclosure_document
    FOR EACH STATEMENT EXECUTE FUNCTION disclosure_document_search_clear();

{_FILL % "disclosure_document"};

CREATE INDEX disclosure_document_search_words ON disclosure_document_search USING gin (words);
CREATE INDEX disclosure_document_search_title ON disclosure_document_search (title);
CREATE INDEX disclosure_document_search_policy ON disclosure_document_search (({POLICY_NAME}));
ANALYZE disclosure_document_search;
"""

BACKWARD = """
DROP TRIGGER disclosure_document_search_insert ON disclosure_document;
DROP TRIGGER disclosure_document_search_update ON disclosure_document;
DROP TRIGGER disclosure_document_search_delete ON disclosure_document;
DROP TRIGGER disclosure_document_search_truncate ON disclosure_document;
DROP FUNCTION disclosure_document_search_apply();
DROP FUNCTION disclosure_document_search_clear();
DROP TABLE disclosure_document_search;
"""


class Migration(migrations.Migration):
    dependencies = [("library", "0007_document_import_hash")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
