"""Small builders of letters and error reports for the mailbox tests."""

from __future__ import annotations

import datetime
import itertools

from catalog.workdays import add_working_days
from disclosure.mailbox.models import Complexity, ErrorReport, Letter, LetterKind

_seq = itertools.count(1)

WRITER = {"name": "张建国", "phone": "13912345678", "email": "zhangjg@example.com"}


def make_letter(organization, *, received_on: datetime.date | None = None, **overrides) -> Letter:
    """A letter as received (待审查) unless ``overrides`` say otherwise; no event rows."""
    n = next(_seq)
    received_on = received_on or datetime.date(2025, 3, 3)
    fields = {
        "code": f"T{n:09d}",
        "addressed_to": organization,
        "organization": organization,
        "kind": LetterKind.CONSULT,
        "title": f"关于小区供暖问题的咨询{n}",
        "body": "小区供暖温度不达标，请问应向哪个部门反映？",
        "received_on": received_on,
        "due_on": add_working_days(received_on, 3),
        "complexity": Complexity.SIMPLE,
        **WRITER,
    }
    fields.update(overrides)
    return Letter.objects.create(**fields)


def make_error_report(organization, *, received_on: datetime.date, **overrides) -> ErrorReport:
    n = next(_seq)
    fields = {
        "number": f"ZC2025{n:06d}",
        "organization": organization,
        "received_on": received_on,
        "page_url": "https://www.example.gov.cn/xxgk/",
        "problem": "栏目链接打不开",
        "due_on": add_working_days(received_on, 3),
    }
    fields.update(overrides)
    return ErrorReport.objects.create(**fields)
