"""Issue 19: a filtered list's first page from one index at 1,000,000 documents, and the
few relations whose date was still ahead when recorded (the counts' stale check) from a
partial index instead of a scan of every relation."""

import disclosure.library.models.document
from django.conf import settings
from django.db import migrations, models

COUNT_INDEXES = [
    ("theme_year", "theme_id, year"),
    ("genre_year", "genre_id, year"),
    ("theme_genre", "theme_id, genre_id"),
    ("validity_year", "validity, year"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_organization_review_body"),
        ("library", "0009_document_search_newest"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                models.F("organization"),
                disclosure.library.models.document.WrittenYear(),
                models.OrderBy(models.F("published_on"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("disclosure", "proactive"), ("status", "published")),
                name="document_pub_org_year_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                models.F("theme"),
                models.OrderBy(models.F("published_on"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("disclosure", "proactive"), ("status", "published")),
                name="document_pub_theme_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                models.F("theme"),
                disclosure.library.models.document.WrittenYear(),
                models.OrderBy(models.F("published_on"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("disclosure", "proactive"), ("status", "published")),
                name="document_pub_theme_year_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                models.F("genre"),
                models.OrderBy(models.F("published_on"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("disclosure", "proactive"), ("status", "published")),
                name="document_pub_genre_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                models.F("genre"),
                disclosure.library.models.document.WrittenYear(),
                models.OrderBy(models.F("published_on"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("disclosure", "proactive"), ("status", "published")),
                name="document_pub_genre_year_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                disclosure.library.models.document.WrittenYear(),
                models.OrderBy(models.F("published_on"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("disclosure", "proactive"), ("status", "published")),
                name="document_pub_year_idx",
            ),
        ),
        migrations.RunSQL(
            "CREATE INDEX documentrelation_scheduled_idx ON disclosure_documentrelation"
            " (effective_on) WHERE effective_on >= "
            + "(created_at AT TIME ZONE 'Asia/Shanghai')::date - 1",
            "DROP INDEX documentrelation_scheduled_idx;",
        ),
        # The filter counts of two facets chosen together without an agency (the primary
        # key begins with the agency): the rows of both at once, not of one then filtered.
        migrations.RunSQL(
            "".join(
                f"CREATE INDEX disclosure_library_counts_{name}"
                f" ON disclosure_library_counts (level, {columns});"
                for name, columns in COUNT_INDEXES
            ),
            "".join(f"DROP INDEX disclosure_library_counts_{name};" for name, _ in COUNT_INDEXES),
        ),
    ]
