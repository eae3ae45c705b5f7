"""The API's validators (issue 7): the newest change among public documents from an index."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0004_library_speed"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                condition=models.Q(("disclosure", "proactive"), ("status", "published")),
                fields=["updated_at"],
                name="document_public_updated_idx",
            ),
        ),
    ]
