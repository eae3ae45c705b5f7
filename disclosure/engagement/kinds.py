"""The engagement app's publishable kinds (``disclosure.publishing.steps``): interviews,
open-day plans (with their activities and 活动回顾) and 公开承诺事项 lists.

Registered when the app is ready (``EngagementConfig.ready``).
"""

from __future__ import annotations

from config.web import pii
from disclosure.engagement.models import (
    ActivityPicture,
    CommitmentList,
    Interview,
    OpenDayPlan,
    Question,
)
from disclosure.publishing.steps import PublishingKind, register


def scan_interview(interview: Interview, *, read_files: bool = False) -> pii.ScanResult:
    """What an interview publishes: topic, summary, and the transcript's shown questions
    and answers (askers sometimes write their number into a question)."""
    findings = pii.scan_text(interview.title, "访谈主题")
    findings += pii.scan_text(interview.summary, "访谈简介")
    for question in Question.objects.filter(interview=interview).shown():
        findings += pii.scan_text(question.shown_text, f"提问{question.pk}")
        findings += pii.scan_text(question.answer, f"答复{question.pk}")
    return pii.ScanResult(findings, [])


def _plan_files(plan: OpenDayPlan):
    return ActivityPicture.objects.filter(activity__plan=plan)


def _plan_note(item, published_on) -> str:
    return f"{item.year}年度"


INTERVIEW = PublishingKind(
    noun="在线访谈",
    own="在线访谈",
    publication_scan=scan_interview,
    public_scan=lambda interview, read_files: scan_interview(interview),
    public_items=lambda: Interview.objects.public().order_by("pk"),
    publication_note=lambda item, published_on: f"访谈时间 {item.starts_at:%Y-%m-%d %H:%M}",
    files=lambda interview: interview.pictures.all(),
)

OPEN_DAY_PLAN = PublishingKind(
    noun="政府开放计划",
    own="政府开放计划",
    publication_note=_plan_note,
    files=_plan_files,
)

COMMITMENT_LIST = PublishingKind(
    noun="公开承诺事项",
    own="公开承诺事项",
    publication_note=_plan_note,
)


def register_kinds() -> None:
    register(Interview, INTERVIEW)
    register(OpenDayPlan, OPEN_DAY_PLAN)
    register(CommitmentList, COMMITMENT_LIST)
