"""Speed of the 政策文件库 list at 100,000 documents (issue 3, "Speed").

``disclosure_library_counts`` holds how many public documents there are per (发布机关,
主题分类, 体裁, 成文年份, stored 有效性), plus the roll-ups over any two, one or none of
those five (-1 / '*' meaning "all", theme or genre 0 meaning "none", ``level`` the number
of fixed columns). Statement-level triggers keep it exact inside every transaction that
writes documents (the admin, the workflow, bulk updates, seed_bench); the list page's
filter counts and total are read from it (see ``disclosure.library.cache``) and the
stored validity is corrected there for what has changed since its last refresh.
The partial indexes find those documents (normally none) at once.
"""

from django.db import migrations

GROUPING = (
    "(o, t, g, y, v), (o, t), (o, g), (o, y), (o, v), (t, g), (t, y), (t, v), (g, y), (g, v),"
    " (y, v), (o), (t), (g), (y), (v), ()"
)


def _rows(table: str, sign: int) -> str:
    return (
        "SELECT organization_id AS o, COALESCE(theme_id, 0) AS t, COALESCE(genre_id, 0) AS g,"
        " EXTRACT(YEAR FROM written_on)::integer AS y, validity AS v,"
        f" {sign}::bigint AS d FROM {table}"
        " WHERE status = 'published' AND disclosure = 'proactive'"
    )


def _upsert(source: str) -> str:
    return f"""
    INSERT INTO disclosure_library_counts AS c
        (organization_id, theme_id, genre_id, year, validity, level, n)
    SELECT COALESCE(o, -1), COALESCE(t, -1), COALESCE(g, -1), COALESCE(y, -1), COALESCE(v, '*'),
           (o IS NOT NULL)::int + (t IS NOT NULL)::int + (g IS NOT NULL)::int
           + (y IS NOT NULL)::int + (v IS NOT NULL)::int,
           SUM(d)
    FROM ({source}) AS x
    GROUP BY GROUPING SETS ({GROUPING})
    HAVING SUM(d) <> 0
    ON CONFLICT (organization_id, theme_id, genre_id, year, validity)
    DO UPDATE SET n = c.n + EXCLUDED.n;
    """


REBUILD = "DELETE FROM disclosure_library_counts;" + _upsert(_rows("disclosure_document", 1))

FORWARD = f"""
CREATE TABLE disclosure_library_counts (
    organization_id integer NOT NULL,
    theme_id integer NOT NULL,
    genre_id integer NOT NULL,
    year integer NOT NULL,
    validity varchar(20) NOT NULL,
    level smallint NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (organization_id, theme_id, genre_id, year, validity)
);
CREATE INDEX disclosure_library_counts_theme ON disclosure_library_counts (level, theme_id);
CREATE INDEX disclosure_library_counts_genre ON disclosure_library_counts (level, genre_id);
CREATE INDEX disclosure_library_counts_year ON disclosure_library_counts (level, year);
CREATE INDEX disclosure_library_counts_validity ON disclosure_library_counts (level, validity);

CREATE FUNCTION disclosure_library_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_upsert(_rows("new_rows", 1))}
    ELSIF TG_OP = 'DELETE' THEN
        {_upsert(_rows("old_rows", -1))}
    ELSE
        {_upsert(_rows("old_rows", -1) + " UNION ALL " + _rows("new_rows", 1))}
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION disclosure_library_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM disclosure_library_counts;
    RETURN NULL;
END $$;

CREATE TRIGGER disclosure_library_counts_insert AFTER INSERT ON disclosure_document
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION disclosure_library_counts_apply();
CREATE TRIGGER disclosure_library_counts_update AFTER UPDATE ON disclosure_document
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION disclosure_library_counts_apply();
CREATE TRIGGER disclosure_library_counts_delete AFTER DELETE ON disclosure_document
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION disclosure_library_counts_apply();
CREATE TRIGGER disclosure_library_counts_truncate AFTER TRUNCATE ON disclosure_document
    FOR EACH STATEMENT EXECUTE FUNCTION disclosure_library_counts_clear();

{REBUILD}

-- Documents whose stored validity may lag the derived one (normally none).
CREATE INDEX document_in_force_expires_idx ON disclosure_document (expires_on)
    WHERE validity IN ('valid', 'amended', 'pending');
CREATE INDEX document_pending_idx ON disclosure_document
    (COALESCE(effective_on, published_on, written_on)) WHERE validity = 'pending';
"""

BACKWARD = """
DROP INDEX IF EXISTS document_pending_idx;
DROP INDEX IF EXISTS document_in_force_expires_idx;
DROP TRIGGER IF EXISTS disclosure_library_counts_truncate ON disclosure_document;
DROP TRIGGER IF EXISTS disclosure_library_counts_delete ON disclosure_document;
DROP TRIGGER IF EXISTS disclosure_library_counts_update ON disclosure_document;
DROP TRIGGER IF EXISTS disclosure_library_counts_insert ON disclosure_document;
DROP FUNCTION IF EXISTS disclosure_library_counts_clear();
DROP FUNCTION IF EXISTS disclosure_library_counts_apply();
DROP TABLE IF EXISTS disclosure_library_counts;
"""


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0003_interpretation")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
