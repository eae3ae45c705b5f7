"""Import an exchange file (JSON Lines) of published documents: idempotent, all or nothing.

    manage.py import_documents_jsonl FILE --user USERNAME [--dry-run]

Keyed on the 索引号: a new one is published here with the same 索引号 and 发布日期
(``library.steps.publish_received``), a known one updated where it differs, and a second run
of the same file changes nothing. Every problem is reported as 「第 n 行：…」 and then
nothing at all is written. USERNAME is the account the publishing events are recorded
for; it needs the right to publish for each agency in the file.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from disclosure.opendata.exchange import import_documents


class Command(BaseCommand):
    help = "导入交换格式（JSON Lines）的政策文件：按索引号新建或更新，重复导入不会重复新建"

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="交换文件（.jsonl）")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            required=True,
            help="以该账号的名义发布（记录在操作记录中）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, file, user, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件「{file}」不存在。")
        account = get_user_model().objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"没有用户名为「{user}」的有效账号。")
        report = import_documents(path, by=account, dry_run=dry_run)
        for message in report.warning_messages():
            self.stdout.write(f"注意：{message}")
        if not report.ok:
            for message in report.messages():
                self.stderr.write(message)
            raise CommandError(f"{len(report.errors)} 处错误，未导入任何文件。")
        prefix = "检查通过（未写入）：将" if dry_run else "导入完成："
        self.stdout.write(prefix + report.summary())
