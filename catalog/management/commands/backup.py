"""manage.py backup [DIRECTORY]: the database and the uploaded files, in one directory."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalog.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库（pg_dump）和上传文件（MEDIA_ROOT、PRIVATE_MEDIA_ROOT）到一个带时间戳的目录"

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            default=str(settings.BASE_DIR / "var" / "backups"),
            help="备份目录的上级目录（默认 var/backups）",
        )
        parser.add_argument("--database", default="default", help="settings.DATABASES 中的别名")

    def handle(self, *args, destination, database, **options):
        try:
            target = backup(Path(destination), database=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"备份完成：{target}"))
        if "storages" in settings.STORAGES["default"]["BACKEND"]:
            self.stdout.write(self.style.WARNING("公开文件存放在对象存储中，未包含在本备份内。"))
