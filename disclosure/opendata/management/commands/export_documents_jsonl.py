"""Export an agency's published documents in the exchange format (JSON Lines).

    manage.py export_documents_jsonl --organization SLUG [--output FILE]

One document a line, as ``docs/exchange-format.md`` describes; attachments are named by
absolute URL (PORTAL_BASE_URL) with their SHA-256. Without --output the lines go to
standard output.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from catalog.models import Organization
from disclosure.opendata.exchange import export_documents


class Command(BaseCommand):
    help = "按交换格式（JSON Lines）导出一个机关已主动公开的政策文件"

    def add_arguments(self, parser):
        parser.add_argument("--organization", metavar="SLUG", required=True, help="机关的网址标识")
        parser.add_argument("--output", metavar="FILE", help="输出文件；不指定则写到标准输出")

    def handle(self, *args, organization, output=None, **options):
        org = Organization.objects.filter(slug=organization).first()
        if org is None:
            raise CommandError(f"没有网址标识为「{organization}」的机关。")
        if output:
            with open(output, "w", encoding="utf-8") as out:
                count = export_documents(org, out)
        else:
            count = export_documents(org, self.stdout)
        self.stderr.write(f"{org.name}：导出 {count} 件已主动公开的政策文件。")
