"""manage.py restore BACKUP_DIR: replace the database and files with a backup's."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from catalog.backup import BackupError, restore


class Command(BaseCommand):
    help = "从 manage.py backup 生成的目录恢复数据库和上传文件（会替换目标数据库中的现有数据）"

    def add_arguments(self, parser):
        parser.add_argument("source", help="备份目录，如 var/backups/portal-backup-20260315-020000")
        parser.add_argument("--database", default="default", help="settings.DATABASES 中的别名")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="不询问确认"
        )

    def handle(self, *args, source, database, interactive, **options):
        name = connections[database].settings_dict["NAME"]
        if interactive:
            answer = input(f"将用备份替换数据库「{name}」中的全部数据和上传文件。输入 yes 继续：")
            if answer.strip() != "yes":
                raise CommandError("已取消。")
        connections[database].close()  # our own connection must not hold locks
        try:
            result = restore(Path(source), database=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"已恢复到数据库 {result.database}：公开文件 {result.media_files} 个，"
                f"申请文件 {result.private_files} 个。"
            )
        )
