"""Daily: bring the stored 有效性 column in line with the derived rule and log each change.

Pages never wait for this command (they derive validity as of the day they are shown);
it keeps the staff filters fast and writes the 有效性变更记录 when a 有效期至 passes.
It then recounts the list's summary of filter counts (``disclosure_library_counts``, kept
exact by triggers; the recount is a safety net that takes about a second at 100,000).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from disclosure.library import cache as library_cache
from disclosure.library import counts as library_counts
from disclosure.library.steps import refresh_stored_validity
from disclosure.library.validity import Validity


class Command(BaseCommand):
    help = "按施行日期、有效期至和废止、修改记录更新文件有效性（每日运行）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按某日计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD。") from exc
        changed = refresh_stored_validity(today)
        for document, validity in changed:
            self.stdout.write(f"{document.pk}\t{Validity(validity).label}\t{document.title}")
        library_counts.rebuild_counts()
        library_cache.bump()
        self.stdout.write(self.style.SUCCESS(f"有效性已更新：{len(changed)} 件文件。"))
