"""manage.py backup [DIRECTORY]: the database and the uploaded files, in one directory."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalog.backup import BackupError, backup, prune


class Command(BaseCommand):
    help = "备份数据库（pg_dump）和上传文件（MEDIA_ROOT、PRIVATE_MEDIA_ROOT）到一个带时间戳的目录"

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            default=os.environ.get("BACKUP_DIR") or str(settings.BASE_DIR / "var" / "backups"),
            help="备份目录的上级目录（默认环境变量 BACKUP_DIR，或 var/backups）",
        )
        parser.add_argument("--database", default="default", help="settings.DATABASES 中的别名")
        parser.add_argument(
            "--keep",
            type=int,
            default=int(os.environ.get("BACKUP_KEEP", "0")),
            help="只保留最新的 N 份备份，删除更早的（默认环境变量 BACKUP_KEEP；0 为全部保留）",
        )

    def handle(self, *args, destination, database, keep, **options):
        try:
            target = backup(Path(destination), database=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"备份完成：{target}"))
        for old in prune(Path(destination), keep=keep):
            self.stdout.write(f"已删除较早的备份：{old}")
        if "storages" in settings.STORAGES["default"]["BACKEND"]:
            self.stdout.write(self.style.WARNING("公开文件存放在对象存储中，未包含在本备份内。"))
