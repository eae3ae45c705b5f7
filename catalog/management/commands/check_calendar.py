"""manage.py check_calendar: fails (exit 1) while a needed year's holiday schedule is missing.

Daily, from cron or a systemd timer: the admin shows the same warning to staff, this makes
it reach the operators (the failed unit or the cron mail) before a deadline goes wrong.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from catalog.workdays import missing_schedule_years


class Command(BaseCommand):
    help = "检查工作日历：当年（10月起含次年）的节假日安排是否已录入"

    def handle(self, *args, **options):
        missing = missing_schedule_years()
        if missing:
            years = "、".join(f"{y}年" for y in missing)
            raise CommandError(
                f"{years}的节假日安排尚未录入，相关期限暂按周一至周五计算。"
                "请在管理后台「年度节假日安排」中按国务院办公厅通知录入。"
            )
        self.stdout.write(self.style.SUCCESS("工作日历完整。"))
