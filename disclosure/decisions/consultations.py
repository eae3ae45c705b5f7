"""意见征集: taking comments in, tagging them, and the 意见采纳情况反馈.

Domain notes §8: a draft is published with the way to comment and the deadline; the
comments are sorted and studied; after the decision the agency publishes how they were
collected and used — 主要观点、采纳意见数量、未采纳意见理由. This module is the only code
that writes comments, tags, the feedback's publication and the link to the final
document; the consultation's own status belongs to ``disclosure.publishing.steps``.

- The comment form is open from the first day of the period to the end (24:00) of the
  last, Beijing time, whatever the server's clock zone: ``accepts_comments``.
- Counts are computed from the comment records plus the counts staff enter for letters
  and meetings: ``feedback_counts``. Nothing published carries a commenter's name or
  contact: ``public_feedback`` reads only the tag, reason and staff's excerpt.
- The feedback is due ``CONSULTATION_FEEDBACK_WORKING_DAYS`` working days after the
  period ends (``catalog.workdays``): ``feedback_due_rows`` for the staff page.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from catalog.workdays import WorkCalendar
from disclosure.decisions.kinds import scan_feedback
from disclosure.decisions.models import (
    Adoption,
    Comment,
    Consultation,
    ConsultationEvent,
    Viewpoint,
)
from disclosure.decisions.models.consultation import ADOPTION_NEEDS_REASON
from disclosure.library.models import Document
from disclosure.publishing.steps import begin, check_actor, record_event, refuse_personal_data

# The period's days are days in Beijing (the deadline is 24:00 of the end date there).
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def beijing_date(at: datetime.datetime | None = None) -> datetime.date:
    """The calendar date in Beijing at ``at`` (default now)."""
    return timezone.localtime(at or timezone.now(), BEIJING).date()


def accepts_comments(consultation: Consultation, at: datetime.datetime | None = None) -> bool:
    """Is the comment form open at ``at``: published, and the Beijing date in the period."""
    today = beijing_date(at)
    return consultation.is_public and consultation.starts_on <= today <= consultation.ends_on


def feedback_working_days() -> int:
    return int(settings.CONSULTATION_FEEDBACK_WORKING_DAYS)


# -- comments ----------------------------------------------------------------------------


def submit_comment(
    consultation: Consultation,
    *,
    idempotency_key: str,
    text: str,
    phone: str = "",
    email: str = "",
    name: str = "",
    attachment=None,
    attachment_kind: str = "",
    consent: bool,
    at: datetime.datetime | None = None,
) -> Comment:
    """Take in an online comment; the same submission key returns the same comment.

    Refused (ValidationError in Chinese) once the period is over, before it starts, for a
    consultation not (or no longer) published, without consent, or without a phone
    number or e-mail address to reach the commenter.
    """
    if not idempotency_key:
        raise ValidationError("缺少提交标识。")
    existing = Comment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    consultation = Consultation.objects.get(pk=consultation.pk)
    if not accepts_comments(consultation, at):
        raise ValidationError(closed_message(consultation, at))
    if not consent:
        raise ValidationError("请阅读并勾选提交须知。")
    if not (phone or "").strip() and not (email or "").strip():
        raise ValidationError("请填写联系电话或电子邮箱（至少一项）。")
    if not (text or "").strip():
        raise ValidationError("请填写意见内容。")
    comment = Comment(
        consultation=consultation,
        channel=Comment.Channel.ONLINE,
        idempotency_key=idempotency_key,
        text=text.strip(),
        name=(name or "").strip(),
        phone=(phone or "").strip(),
        email=(email or "").strip(),
        consent=True,
        submitted_at=at or timezone.now(),
    )
    if attachment:
        comment.attachment = attachment
        comment.attachment_kind = attachment_kind
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        # A concurrent submit with the same key won the race.
        return Comment.objects.get(idempotency_key=idempotency_key)
    return comment


def closed_message(consultation: Consultation, at: datetime.datetime | None = None) -> str:
    """Why the form does not take comments now, as the page says it."""
    today = beijing_date(at)
    if not consultation.is_public:
        return "本次意见征集已撤回，不再接收意见。"
    if today < consultation.starts_on:
        return f"本次意见征集自{_day(consultation.starts_on)}开始，届时可提交意见。"
    return f"本次意见征集已于{_day(consultation.ends_on)}24时截止，不再接收意见。"


def _day(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@transaction.atomic
def register_comment(
    consultation: Consultation, *, by, channel: str, text: str, **fields
) -> Comment:
    """Staff enter one comment received by letter, e-mail or fax, to tag it like the rest."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    check_actor(by, consultation)
    _check_not_answered(consultation)
    if channel == Comment.Channel.ONLINE:
        raise ValidationError("网上提交的意见由公众在意见征集页面提交。")
    comment = Comment(consultation=consultation, channel=channel, text=text, **fields)
    comment.full_clean(exclude=["consultation"])
    comment.save()
    return comment


def _check_not_answered(consultation: Consultation) -> None:
    if consultation.feedback_published_on:
        raise ValidationError("意见采纳情况反馈已发布，不能再修改意见及其标注。")


_KEEP = object()  # tag_comment: leave the viewpoint or excerpt as it is


@transaction.atomic
def tag_comment(
    comment: Comment,
    *,
    by,
    adoption: str,
    reason: str = "",
    viewpoint=_KEEP,
    excerpt=_KEEP,
) -> Comment:
    """Tag a comment 采纳 / 部分采纳 / 未采纳 / 不属于征求范围, with the reason where it is
    not adopted, under one of the consultation's 主要观点 (``viewpoint``), with an optional
    anonymised ``excerpt`` to publish. Frozen once the feedback is published."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    consultation = Consultation.objects.select_related("organization").get(
        pk=comment.consultation_id
    )
    check_actor(by, consultation)
    _check_not_answered(consultation)
    if adoption not in Adoption.values:
        raise ValidationError({"adoption": "请选择采纳情况。"})
    reason = (reason or "").strip()
    if adoption in ADOPTION_NEEDS_REASON and not reason:
        raise ValidationError(
            {"reason": f"标注为「{Adoption(adoption).label}」的意见须说明理由，理由随反馈公开。"}
        )
    if viewpoint is not _KEEP:
        if viewpoint is not None and viewpoint.consultation_id != consultation.pk:
            raise ValidationError({"viewpoint": "只能归入本次意见征集的主要观点。"})
        comment.viewpoint = viewpoint
    if excerpt is not _KEEP:
        comment.excerpt = (excerpt or "").strip()
    comment.adoption, comment.reason = adoption, reason
    comment.tagged_by, comment.tagged_at = by, timezone.now()
    comment.save(
        update_fields=["adoption", "reason", "viewpoint", "excerpt", "tagged_by", "tagged_at"]
    )
    return comment


# -- the feedback ------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackCounts:
    """How many comments came in and how they were handled."""

    recorded: int  # comment records: online and registered by staff
    letters: int  # entered by staff as a number
    meetings: int  # entered by staff as a number
    by_adoption: dict[str, int] = field(default_factory=dict)  # every tag, 0 when none
    untagged: int = 0

    @property
    def received(self) -> int:
        return self.recorded + self.letters + self.meetings

    @property
    def adopted(self) -> int:
        """采纳意见数量: adopted in full or in part."""
        return self.by_adoption[Adoption.ADOPTED] + self.by_adoption[Adoption.PARTLY]

    def rows(self) -> list[tuple[str, int]]:
        """(tag label, count) in the tags' order."""
        return [(label, self.by_adoption[value]) for value, label in Adoption.choices]


def feedback_counts(consultation: Consultation) -> FeedbackCounts:
    """The counts, from the tagged comment records plus staff's letter and meeting counts."""
    per_tag = dict(
        Comment.objects.filter(consultation=consultation)
        .values_list("adoption")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return FeedbackCounts(
        recorded=sum(per_tag.values()),
        letters=consultation.letter_count,
        meetings=consultation.meeting_count,
        by_adoption={value: per_tag.get(value, 0) for value in Adoption.values},
        untagged=per_tag.get("", 0),
    )


@dataclass(frozen=True)
class PublicComment:
    """A comment as the feedback publishes it: what was said (staff's words), never who."""

    adoption: str
    text: str
    reason: str


@dataclass(frozen=True)
class PublicFeedback:
    published_on: datetime.date
    summary: str
    counts: FeedbackCounts
    viewpoints: list[tuple[Viewpoint, int]]  # (主要观点, comments grouped under it)
    not_adopted: list[PublicComment]


def public_feedback(consultation: Consultation) -> PublicFeedback | None:
    """The published 意见采纳情况反馈, or None before it is published. Three queries.

    Reads only tags, reasons, staff's excerpts and 主要观点: no name, phone, e-mail or
    attachment of a commenter ever reaches the object the pages and the API render.
    """
    if not consultation.feedback_published_on:
        return None
    viewpoints = [
        (v, v.n)
        for v in Viewpoint.objects.filter(consultation=consultation).annotate(n=Count("comments"))
    ]
    not_adopted = [
        PublicComment(
            adoption=Adoption(c["adoption"]).label,
            text=(c["excerpt"] or "").strip() or c["viewpoint__summary"] or "",
            reason=c["reason"],
        )
        for c in Comment.objects.filter(
            consultation=consultation, adoption__in=ADOPTION_NEEDS_REASON
        )
        .order_by("adoption", "submitted_at", "pk")
        .values("adoption", "excerpt", "reason", "viewpoint__summary")
    ]
    return PublicFeedback(
        published_on=consultation.feedback_published_on,
        summary=consultation.feedback_summary,
        counts=feedback_counts(consultation),
        viewpoints=viewpoints,
        not_adopted=not_adopted,
    )


@transaction.atomic
def publish_feedback(
    consultation: Consultation, *, by, on: datetime.date | None = None
) -> Consultation:
    """Publish the 意见采纳情况反馈: after the end date, every recorded comment tagged."""
    consultation = begin(consultation, by)
    on = on or beijing_date()
    if not consultation.is_public:
        raise ValidationError("只能为已发布的意见征集发布反馈。")
    _check_not_answered(consultation)
    if on <= consultation.ends_on:
        raise ValidationError(
            f"征求意见期限至{consultation.ends_on:%Y-%m-%d}，期限届满后才能发布采纳情况反馈。"
        )
    if not consultation.feedback_summary.strip():
        raise ValidationError("请先填写意见收集和采纳情况说明。")
    counts = feedback_counts(consultation)
    if counts.untagged:
        raise ValidationError(f"尚有 {counts.untagged} 条意见未标注采纳情况。")
    # The excerpts and reasons go public with the feedback: no commenter's number with them.
    refuse_personal_data(consultation, scan_feedback(consultation))
    Consultation.objects.filter(pk=consultation.pk).update(
        feedback_published_on=on, updated_at=timezone.now()
    )
    consultation.feedback_published_on = on
    record_event(
        consultation,
        ConsultationEvent.Action.FEEDBACK,
        by,
        f"收到意见 {counts.received} 条，采纳（含部分采纳）{counts.adopted} 条。",
    )
    return consultation


@transaction.atomic
def link_final_document(
    consultation: Consultation, *, by, document: Document | None
) -> Consultation:
    """Link the decision's final document in the 政策文件库 (征求意见稿 → 正式文件), or unlink."""
    consultation = begin(consultation, by)
    if document is not None:
        document = Document.objects.get(pk=document.pk)
        if not document.is_public:
            raise ValidationError("只能关联已主动公开发布的正式文件。")
    if consultation.final_document_id == (document.pk if document else None):
        return consultation
    Consultation.objects.filter(pk=consultation.pk).update(
        final_document=document, updated_at=timezone.now()
    )
    consultation.final_document = document
    note = f"《{document.title}》" if document else "取消关联正式文件"
    record_event(consultation, ConsultationEvent.Action.FINAL_DOCUMENT, by, note)
    return consultation


# -- feedback due (staff page) -------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackDue:
    consultation: Consultation
    due_on: datetime.date
    comments: int
    untagged: int
    today: datetime.date

    @property
    def is_overdue(self) -> bool:
        return self.today > self.due_on


def feedback_due_on(ends_on: datetime.date, calendar: WorkCalendar | None = None) -> datetime.date:
    """The last day to publish the feedback: N working days after the period ends."""
    return (calendar or WorkCalendar()).add_working_days(ends_on, feedback_working_days())


def feedback_due_rows(
    organizations, today: datetime.date | None = None, calendar: WorkCalendar | None = None
) -> list[FeedbackDue]:
    """Finished consultations of these agencies with no feedback yet, the overdue first."""
    today = today or beijing_date()
    calendar = calendar or WorkCalendar()
    consultations = (
        Consultation.objects.finished_without_feedback(today)
        .filter(organization__in=list(organizations))
        .select_related("organization")
        .annotate(
            n_comments=Count("comments"),
            n_untagged=Count("comments", filter=Q(comments__adoption="")),
        )
        .order_by("ends_on", "pk")
    )
    rows = [
        FeedbackDue(c, feedback_due_on(c.ends_on, calendar), c.n_comments, c.n_untagged, today)
        for c in consultations
    ]
    return sorted(rows, key=lambda r: (not r.is_overdue, r.due_on, r.consultation.pk))
