"""在线访谈: taking questions in, screening them, answering them. The only code that
writes a question's status and answer; each change locks the question and writes a
``QuestionEvent``. The interview's own status belongs to ``disclosure.publishing.steps``.

- Questions are taken from the 预告's publication until the interview ends.
- Staff screen each question: 待审核 → 已显示 (optionally with the text as published, with
  personal data removed) or 不予显示 (with the reason, for staff). Only shown questions
  appear on the page, and only shown questions can be answered.
- An answer names the guest who gave it; the transcript lists answered questions in the
  order they were answered.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from disclosure.engagement.models import Guest, Interview, Question, QuestionEvent, QuestionStatus
from disclosure.publishing.steps import check_actor


def accepts_questions(interview: Interview, at: datetime.datetime | None = None) -> bool:
    return interview.is_public and not interview.has_ended(at)


def submit_question(
    interview: Interview,
    *,
    idempotency_key: str,
    text: str,
    phone: str = "",
    email: str = "",
    name: str = "",
    at: datetime.datetime | None = None,
) -> Question:
    """Take in a question (待审核); the same submission key returns the same question."""
    if not idempotency_key:
        raise ValidationError("缺少提交标识。")
    existing = Question.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    interview = Interview.objects.get(pk=interview.pk)
    if not accepts_questions(interview, at):
        raise ValidationError("本期访谈已结束，不再接收提问。")
    if not (phone or "").strip() and not (email or "").strip():
        raise ValidationError("请填写联系电话或电子邮箱（至少一项）。")
    if not (text or "").strip():
        raise ValidationError("请填写问题。")
    question = Question(
        interview=interview,
        idempotency_key=idempotency_key,
        text=text.strip(),
        name=(name or "").strip(),
        phone=(phone or "").strip(),
        email=(email or "").strip(),
        submitted_at=at or timezone.now(),
    )
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError:
        return Question.objects.get(idempotency_key=idempotency_key)
    return question


def _begin(question: Question, by) -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    interview = Interview.objects.select_related("organization").get(pk=question.interview_id)
    check_actor(by, interview)
    question.interview = interview
    return question


@transaction.atomic
def show(question: Question, *, by, public_text: str = "") -> Question:
    """待审核 → 已显示, optionally publishing ``public_text`` instead of the original."""
    question = _begin(question, by)
    if question.status != QuestionStatus.PENDING:
        raise ValidationError("只有待审核的提问可以审核通过。")
    question.status = QuestionStatus.SHOWN
    question.public_text = (public_text or "").strip()
    question.save(update_fields=["status", "public_text"])
    note = "按编辑后的文字公开" if question.public_text else ""
    QuestionEvent.objects.create(
        question=question, action=QuestionEvent.Action.SHOWN, actor=by, note=note
    )
    return question


@transaction.atomic
def reject(question: Question, *, by, reason: str) -> Question:
    """待审核 or 已显示 (not yet answered) → 不予显示, with the reason (staff only)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("不予显示须说明理由。")
    question = _begin(question, by)
    if question.status == QuestionStatus.REJECTED or question.answer:
        raise ValidationError("已答复或已不予显示的提问不能再设为不予显示。")
    question.status = QuestionStatus.REJECTED
    question.save(update_fields=["status"])
    QuestionEvent.objects.create(
        question=question, action=QuestionEvent.Action.REJECTED, actor=by, note=reason
    )
    return question


@transaction.atomic
def answer(
    question: Question, *, by, guest: Guest, text: str, at: datetime.datetime | None = None
) -> Question:
    """Record ``guest``'s answer to a shown question; it joins the transcript in order."""
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写答复内容。")
    question = _begin(question, by)
    if question.status != QuestionStatus.SHOWN:
        raise ValidationError("只有审核通过（已显示）的提问可以答复。")
    if guest.interview_id != question.interview_id:
        raise ValidationError("答复嘉宾须是本期访谈的嘉宾。")
    if not question.answer:
        last = Question.objects.filter(interview_id=question.interview_id).aggregate(
            n=Max("position")
        )["n"]
        question.position = (last or 0) + 1
    question.answer, question.answered_by, question.answered_at = text, guest, at or timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at", "position"])
    QuestionEvent.objects.create(
        question=question, action=QuestionEvent.Action.ANSWERED, actor=by, note=str(guest)
    )
    return question


def transcript(interview: Interview) -> list[Question]:
    """The 文字实录: answered questions in order, with their guests (never the asker)."""
    return list(
        Question.objects.filter(interview=interview)
        .answered()
        .select_related("answered_by")
        .only(
            "pk",
            "text",
            "public_text",
            "answer",
            "answered_at",
            "position",
            "answered_by__name",
            "answered_by__post",
        )
        .order_by("position", "pk")
    )


def shown_unanswered(interview: Interview) -> list[Question]:
    """Questions shown on the 预告 page that wait for the interview."""
    return list(
        Question.objects.filter(interview=interview, answer="")
        .shown()
        .only("pk", "text", "public_text", "submitted_at")
        .order_by("submitted_at", "pk")
    )
