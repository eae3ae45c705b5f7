"""The newest title matches first, along an index of the narrow search table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("library", "0008_document_search_table")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX disclosure_document_search_newest"
            " ON disclosure_document_search (published_on DESC, document_id DESC);",
            "DROP INDEX disclosure_document_search_newest;",
        )
    ]
