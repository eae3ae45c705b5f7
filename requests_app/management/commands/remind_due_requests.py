"""E-mail each handler their open requests due within 3 working days or overdue.

Run daily from cron, e.g. ``0 8 * * 1-5 manage.py remind_due_requests``. Requests with
the clock stopped (补正, consultation, fee) are left out: their due date is not running.
"""

from __future__ import annotations

import datetime
from itertools import groupby

from django.core.management.base import BaseCommand
from django.utils import timezone

from catalog.workdays import WorkCalendar
from requests_app.limits import REMINDER_WORKING_DAYS
from requests_app.models import InformationRequest
from requests_app.notifications import remind_handler


class Command(BaseCommand):
    help = f"提醒承办人：{REMINDER_WORKING_DAYS}个工作日内到期和已超期的政府信息公开申请。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="按该日计算（默认今天），YYYY-MM-DD"
        )

    def handle(self, *args, date=None, **options):
        today = date or timezone.localdate()
        calendar = WorkCalendar()
        last_day = calendar.add_working_days(today, REMINDER_WORKING_DAYS)
        due = (
            InformationRequest.objects.running()
            .filter(handler__isnull=False, due_on__lte=last_day)
            .select_related("handler", "organization")
            .order_by("handler_id", "due_on", "pk")
        )
        sent = 0
        for _, group in groupby(due, key=lambda r: r.handler_id):
            requests = list(group)
            rows = [(r, r.working_days_left(on=today, calendar=calendar)) for r in requests]
            if remind_handler(requests[0].handler, rows):
                sent += 1
        self.stdout.write(f"已向{sent}名承办人发送到期提醒。")
