"""Builders for 决策公开 tests: consultations through the workflow, comments, meetings."""

from __future__ import annotations

import datetime
import itertools
import time
import zoneinfo

from django.core import signing
from django.utils import timezone

from catalog.models import Organization
from config.web import antibot
from disclosure.decisions import consultations
from disclosure.decisions.models import Comment, Consultation, Meeting
from disclosure.publishing import steps as publishing
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import builder_reviewer

D = datetime.date
_seq = itertools.count(1)

# Contact data no public page may show (each test that checks uses these).
NAME, PHONE, EMAIL = "意见人甲某某", "13912345678", "commenter-secret@example.com"


# Not the code's constant: the tests must fail if the code counted days in another zone.
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def beijing(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """An aware datetime at ``hour:minute`` Beijing time on ``day``."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def staff_supervisor():
    """One supervisor per test, made once (making staff accounts is slow)."""
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username="decisions-supervisor").first()
    return found or make_staff(None, supervisor=True, username="decisions-supervisor")


def make_consultation(organization: Organization | None = None, **fields) -> Consultation:
    """A draft consultation: a 重大行政决策 open for 31 days in March 2025 unless given."""
    n = next(_seq)
    defaults = {
        "title": f"《第{n}号管理办法（征求意见稿）》公开征求意见",
        "kind": Consultation.Kind.MAJOR,
        "summary": "拟制定管理办法，公开征求意见。",
        "draft": "<p>第一条 为规范管理，制定本办法。</p>",
        "explanation": "<p>起草背景和主要内容。</p>",
        "contact": "电子邮件 zqyj@example.gov.cn；信函 测试市人民路1号。",
        "starts_on": D(2025, 3, 1),
        "ends_on": D(2025, 3, 31),
    }
    defaults.update(fields)
    consultation = Consultation(organization=organization or make_org(), **defaults)
    consultation.full_clean()
    consultation.save()
    return consultation


def publish_consultation(
    consultation: Consultation | None = None,
    *,
    by=None,
    reviewer=None,
    on: datetime.date | None = None,
    **fields,
) -> Consultation:
    """草稿 → 待审核 → 已发布, published on the start day: submitted by ``by`` (a supervisor
    unless given) and approved by ``reviewer`` (the builders' reviewer unless given)."""
    consultation = consultation or make_consultation(**fields)
    by = by or staff_supervisor()
    publishing.submit_for_review(consultation, by=by)
    reviewer = reviewer or builder_reviewer()
    return publishing.publish(consultation, by=reviewer, on=on or consultation.starts_on)


def open_consultation(**fields) -> Consultation:
    """A published consultation whose period runs today (Beijing)."""
    today = consultations.beijing_date()
    fields.setdefault("starts_on", today - datetime.timedelta(days=5))
    fields.setdefault("ends_on", today + datetime.timedelta(days=30))
    return publish_consultation(**fields)


def add_comment(consultation: Consultation, **fields) -> Comment:
    """An online comment, submitted on the period's first day unless ``at`` is given."""
    fields.setdefault("at", beijing(consultation.starts_on))
    fields.setdefault("idempotency_key", f"test-{next(_seq)}")
    fields.setdefault("text", "建议第三条增加过渡期规定。")
    fields.setdefault("consent", True)
    if "phone" not in fields and "email" not in fields:
        fields["phone"] = "13800000000"
    return consultations.submit_comment(consultation, **fields)


def token(key: str = "k-1", seconds_ago: int = 30) -> str:
    """A form token as the page would have issued it ``seconds_ago`` (antibot passes)."""
    return signing.dumps({"t": time.time() - seconds_ago, "k": key}, salt=antibot.SALT)


def comment_post(**overrides) -> dict:
    data = {
        "form_token": token(),
        "website": "",
        "text": "建议第三条增加过渡期规定。",
        "name": NAME,
        "phone": PHONE,
        "email": EMAIL,
        "consent": "on",
    }
    data.update(overrides)
    return data


def make_meeting(organization: Organization | None = None, **fields) -> Meeting:
    n = next(_seq)
    defaults = {"title": f"市政府第{n}次常务会议", "held_on": D(2025, 5, n % 28 + 1)}
    defaults.update(fields)
    organization = organization or make_org(kind=Organization.Kind.GOVERNMENT)
    meeting = Meeting(organization=organization, **defaults)
    meeting.full_clean()
    meeting.save()
    return meeting


def now_at(monkeypatch, moment: datetime.datetime) -> None:
    """Make the server's clock read ``moment``."""
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))
