"""Daily: e-mail each agency's staff the letters due within a working day or overdue, and
note the reminder in each letter's log (run by the daily timer, like remind_due_requests)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from catalog.workdays import add_working_days
from disclosure.mailbox import workflow
from disclosure.mailbox.models import Letter


def _line(letter: Letter, today: datetime.date) -> str:
    state = "已超期" if letter.due_on < today else "即将到期"
    url = reverse("disclosure:mailbox-staff-letter", args=[letter.pk])
    return f"{letter.code} {letter.title}（{state}，期限 {letter.due_on:%Y-%m-%d}）{url}"


class Command(BaseCommand):
    help = "提醒即将到期和已超期的网上留言（每日运行）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="按该日计算（默认今天），YYYY-MM-DD"
        )

    def handle(self, *args, date=None, **options):
        today = date or timezone.localdate()
        horizon = add_working_days(today, 1)
        due = Letter.objects.unanswered().filter(due_on__lte=horizon).select_related("organization")
        by_org = defaultdict(list)
        for letter in due:
            by_org[letter.organization].append(letter)
        User = get_user_model()
        for org, letters in by_org.items():
            lines = [_line(letter, today) for letter in letters]
            recipients = list(
                User.objects.filter(
                    is_active=True, staff_profile__organization=org, email__gt=""
                ).values_list("email", flat=True)
            )
            if recipients:
                send_mail(
                    f"网上留言到期提醒：{org.name} {len(letters)} 件",
                    "\n".join(lines),
                    settings.DEFAULT_FROM_EMAIL,
                    recipients,
                    fail_silently=True,
                )
            for letter in letters:
                workflow.remind(letter, note=f"到期提醒（期限 {letter.due_on:%Y-%m-%d}）")
        count = sum(len(v) for v in by_org.values())
        self.stdout.write(f"已提醒 {count} 件留言（{len(by_org)} 个机关）。")
