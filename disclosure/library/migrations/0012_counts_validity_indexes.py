"""The filter counts of a theme or genre chosen with a validity state (issue 19): the rows
of both at once, not every row of the state filtered by the theme or genre."""

from django.db import migrations

COUNT_INDEXES = [
    ("theme_validity", "theme_id, validity"),
    ("genre_validity", "genre_id, validity"),
]


class Migration(migrations.Migration):
    dependencies = [("library", "0011_relation_created_index")]

    operations = [
        migrations.RunSQL(
            "".join(
                f"CREATE INDEX disclosure_library_counts_{name}"
                f" ON disclosure_library_counts (level, {columns});"
                for name, columns in COUNT_INDEXES
            ),
            "".join(f"DROP INDEX disclosure_library_counts_{name};" for name, _ in COUNT_INDEXES),
        ),
    ]
