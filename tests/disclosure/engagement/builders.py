"""Builders for the engagement tests: interviews, open-day plans, commitments, accounts."""

from __future__ import annotations

import datetime
import itertools
import zoneinfo

from django.utils import timezone

from catalog.models import Organization
from disclosure.engagement import interviews, signups
from disclosure.engagement.models import (
    Activity,
    Commitment,
    CommitmentList,
    Guest,
    Interview,
    NewMediaAccount,
    OpenDayPlan,
    ProgressEntry,
)
from disclosure.publishing import steps as publishing
from tests.conftest import make_org
from tests.disclosure.builders import builder_reviewer
from tests.disclosure.decisions.builders import staff_supervisor, token

# Not the code's constant: the tests must fail if the code compared in another zone.
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
_seq = itertools.count(1)

# Personal data no public page, feed or API may show.
NAME, PHONE, EMAIL = "报名人甲某某", "13912345678", "asker-secret@example.com"


def beijing(y, m, d, hour=12, minute=0, second=0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hour, minute, second, tzinfo=SHANGHAI)


def publish(item, on: datetime.date | None = None):
    publishing.submit_for_review(item, by=staff_supervisor())
    return publishing.publish(item, by=builder_reviewer(), on=on)


def make_interview(organization: Organization | None = None, *, starts_at=None, **fields):
    starts_at = starts_at or timezone.now() + 3 * DAY
    interview = Interview(
        organization=organization or make_org(),
        title=fields.pop("title", f"第{next(_seq)}期在线访谈"),
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + 2 * HOUR),
        **fields,
    )
    interview.full_clean()
    interview.save()
    Guest.objects.create(interview=interview, name="嘉宾乙", post="局长")
    return interview


def upcoming_interview(**fields) -> Interview:
    return publish(make_interview(**fields))


def ask(interview, *, key=None, text="请问政策何时实施？", **contact) -> object:
    if not contact:
        contact = {"phone": PHONE, "name": NAME, "email": EMAIL}
    return interviews.submit_question(
        interview, idempotency_key=key or f"q-{next(_seq)}", text=text, **contact
    )


def answered_interview(organization=None) -> Interview:
    """A published interview whose questions were asked, shown and answered, now over."""
    interview = upcoming_interview(organization=organization)
    staff = staff_supervisor()
    question = interviews.show(ask(interview, text="问题甲：补贴怎么申请？"), by=staff)
    interviews.answer(question, by=staff, guest=interview.guests.get(), text="答复甲：网上申请。")
    interviews.reject(ask(interview, text="无关内容"), by=staff, reason="无关")
    ask(interview, text="待审核的问题")
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=timezone.now() - 3 * HOUR, ends_at=timezone.now() - HOUR
    )
    interview.refresh_from_db()
    return interview


def make_plan(organization=None, *, year=2026, published=True) -> OpenDayPlan:
    organization = organization or make_org()
    plan = OpenDayPlan.objects.create(
        organization=organization, year=year, title=f"{year}年政府开放活动计划"
    )
    return publish(plan) if published else plan


def make_activity(plan=None, *, quota=10, limit=2, starts_at=None, closes_at=None, **fields):
    plan = plan or make_plan()
    starts_at = starts_at or timezone.now() + 10 * DAY
    activity = Activity(
        plan=plan,
        theme=fields.pop("theme", f"走进第{next(_seq)}局"),
        host=plan.organization,
        starts_at=starts_at,
        ends_at=starts_at + 2 * HOUR,
        place="市民中心",
        quota=quota,
        per_person_limit=limit,
        signup_closes_at=closes_at or starts_at - DAY,
        **fields,
    )
    activity.full_clean()
    activity.save()
    return activity


def sign_up(activity, people=1, phone=None, **fields):
    return signups.sign_up(
        activity,
        name=fields.pop("name", NAME),
        phone=phone or f"138{next(_seq):08d}",
        people=people,
        **fields,
    )


def make_commitment(clist=None, *, deadline, entries=(), **fields) -> Commitment:
    clist = clist or CommitmentList.objects.create(
        organization=make_org(), year=2026, title="2026年公开承诺事项"
    )
    commitment = Commitment.objects.create(
        commitment_list=clist,
        task=fields.pop("task", f"任务{next(_seq)}"),
        deadline=deadline,
        responsible_unit=fields.pop("responsible_unit", "市住建局"),
        responsible_post=fields.pop("responsible_post", "局长"),
        **fields,
    )
    for on, completes in entries:
        ProgressEntry.objects.create(commitment=commitment, on=on, text="进展", completes=completes)
    return commitment


def make_account(organization=None, **fields) -> NewMediaAccount:
    n = next(_seq)
    defaults = {
        "platform": NewMediaAccount.Platform.WECHAT,
        "name": f"账号{n}",
        "account_id": f"acct{n}",
        "opened_on": datetime.date(2020, 1, 1),
    }
    defaults.update(fields)
    account = NewMediaAccount(organization=organization or make_org(), **defaults)
    account.full_clean()
    account.save()
    return account


def form_post(**fields) -> dict:
    return {"form_token": token(f"k-{next(_seq)}"), "website": "", **fields}
