"""**The only code changing a letter's status or an error report's handling.**

Each step opens a transaction, locks the row (``select_for_update``), checks the
transition and the actor (``catalog.permissions.can_act_for``), writes what changes and
appends a ``LetterEvent``. Due dates are derived, never typed: ``due_on_for`` counts the
working days (``catalog.workdays``) from the receipt date by the letter's complexity
(``MAILBOX_SIMPLE_WORKING_DAYS`` / ``MAILBOX_COMPLEX_WORKING_DAYS``); a routing or a
hand-back does not restart the writer's clock.

Letters that belong elsewhere (a 信访 matter, a lawsuit, another government) are closed
with a reply saying where and why (status 已告知其他渠道): they count as received and
answered. A routed letter may be handed back by the receiving agency once, with a reason.
A letter is published only if the writer agreed, and only when the personal-data check
(``config.web.pii``) finds no number in the published title, letter and reply.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import Organization
from catalog.permissions import can_act_for
from catalog.workdays import add_working_days
from config.web import pii
from disclosure.mailbox.models import (
    Complexity,
    ErrorReport,
    Letter,
    LetterAttachment,
    LetterEvent,
    Rating,
    Referral,
)

# 查询码: 10 characters without look-alikes (0/O, 1/I/L), about 50 bits, from ``secrets``.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


class WorkflowError(Exception):
    """A step not allowed now; the message is shown to staff (Chinese)."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def working_days_for(complexity: str) -> int:
    if complexity == Complexity.COMPLEX:
        return settings.MAILBOX_COMPLEX_WORKING_DAYS
    return settings.MAILBOX_SIMPLE_WORKING_DAYS


def due_on_for(received_on: datetime.date, complexity: str) -> datetime.date:
    """The reply limit: N working days after the receipt date by the letter's complexity."""
    return add_working_days(received_on, working_days_for(complexity))


def error_report_due_on(received_on: datetime.date) -> datetime.date:
    """「我为政府网站找错」: handled within ``MAILBOX_ERROR_REPORT_WORKING_DAYS`` working days."""
    return add_working_days(received_on, settings.MAILBOX_ERROR_REPORT_WORKING_DAYS)


def _today() -> datetime.date:
    return timezone.localdate()


def _lock(letter: Letter) -> Letter:
    return Letter.objects.select_for_update().get(pk=letter.pk)


def _check(user, letter: Letter) -> None:
    if not can_act_for(user, letter.organization):
        raise PermissionDenied("您无权办理该机关的留言。")


def _event(letter: Letter, kind: str, *, by=None, note: str = "") -> LetterEvent:
    return LetterEvent.objects.create(
        letter=letter, kind=kind, by=by, organization_id=letter.organization_id, note=note
    )


def _require(letter: Letter, *statuses: str, action: str) -> None:
    if letter.status not in statuses:
        raise WorkflowError(f"留言当前状态为「{letter.get_status_display()}」，不能{action}。")


def _attach(letter: Letter, files, *, from_reply: bool) -> None:
    for upload in files or ():
        LetterAttachment.objects.create(
            letter=letter,
            file=upload,
            title=(upload.name or "附件").rsplit(".", 1)[0][:200],
            from_reply=from_reply,
        )


# -- the writer ------------------------------------------------------------------------


def submit(
    addressed_to: Organization,
    *,
    kind: str,
    title: str,
    body: str,
    name: str,
    phone: str,
    email: str = "",
    may_publish: bool = False,
    files=(),
    submission_key: str | None = None,
) -> Letter:
    """Receive a letter from the form; idempotent on the form's submission key."""
    if submission_key:
        existing = Letter.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    now = timezone.now()
    received_on = timezone.localdate(now)
    for _ in range(5):
        try:
            with transaction.atomic():
                letter = Letter.objects.create(
                    code=new_code(),
                    addressed_to=addressed_to,
                    organization=addressed_to,
                    kind=kind,
                    title=title,
                    body=body,
                    name=name,
                    phone=phone,
                    email=email,
                    may_publish=may_publish,
                    received_at=now,
                    received_on=received_on,
                    due_on=due_on_for(received_on, Complexity.SIMPLE),
                    submission_key=submission_key or None,
                )
                _attach(letter, files, from_reply=False)
                _event(letter, LetterEvent.Kind.RECEIVED)
                return letter
        except IntegrityError:
            if submission_key:
                existing = Letter.objects.filter(submission_key=submission_key).first()
                if existing is not None:
                    return existing
            # else: a 查询码 collision, draw again
    raise WorkflowError("留言暂未保存，请稍后重新提交。")


def rate(letter: Letter, *, rating: str, comment: str = "") -> Letter:
    """The writer rates the reply once (满意 / 基本满意 / 不满意)."""
    if rating not in Rating.values:
        raise WorkflowError("请选择评价。")
    with transaction.atomic():
        letter = _lock(letter)
        _require(letter, Letter.Status.ANSWERED, Letter.Status.REFERRED, action="评价")
        if letter.rating:
            raise WorkflowError("该留言已评价，每件留言只能评价一次。")
        letter.rating, letter.rating_comment = rating, comment.strip()
        letter.rated_at = timezone.now()
        letter.save(update_fields=["rating", "rating_comment", "rated_at"])
        _event(letter, LetterEvent.Kind.RATED, note=letter.get_rating_display())
    return letter


# -- screening (待审查) ---------------------------------------------------------------------


def accept(letter: Letter, *, by, complexity: str = Complexity.SIMPLE, note: str = "") -> Letter:
    """Screened as valid: 待办理, due by its complexity."""
    with transaction.atomic():
        letter = _lock(letter)
        _check(by, letter)
        _require(letter, Letter.Status.PENDING, action="审查")
        letter.status = Letter.Status.ACCEPTED
        letter.complexity = complexity
        letter.due_on = due_on_for(letter.received_on, complexity)
        letter.save(update_fields=["status", "complexity", "due_on"])
        _event(
            letter, LetterEvent.Kind.ACCEPTED, by=by, note=note or letter.get_complexity_display()
        )
    return letter


def reject(letter: Letter, *, by, reason: str) -> Letter:
    """Screened as invalid (e.g. no content, abuse, a duplicate), with the reason the
    writer sees on the tracking page. Not counted as received."""
    if not reason.strip():
        raise WorkflowError("请填写不予受理的理由。")
    with transaction.atomic():
        letter = _lock(letter)
        _check(by, letter)
        _require(letter, Letter.Status.PENDING, action="审查")
        letter.status, letter.reason = Letter.Status.INVALID, reason.strip()
        letter.save(update_fields=["status", "reason"])
        _event(letter, LetterEvent.Kind.INVALID, by=by, note=letter.reason)
    return letter


def refer(
    letter: Letter, *, by, referral: str, reply: str, on: datetime.date | None = None
) -> Letter:
    """The matter belongs elsewhere (信访, court, another government): closed with a reply
    saying where and why. It counts as received and answered."""
    if referral not in Referral.values:
        raise WorkflowError("请选择应告知的渠道。")
    if not reply.strip():
        raise WorkflowError("请填写告知内容：向何处反映以及原因。")
    on = on or _today()
    with transaction.atomic():
        letter = _lock(letter)
        _check(by, letter)
        _require(letter, Letter.Status.PENDING, Letter.Status.ACCEPTED, action="告知其他渠道")
        letter.status, letter.referral = Letter.Status.REFERRED, referral
        letter.reply, letter.replied_on = reply.strip(), on
        letter.save(update_fields=["status", "referral", "reply", "replied_on"])
        _event(letter, LetterEvent.Kind.REFERRED, by=by, note=letter.get_referral_display())
    return letter


# -- 转办 and 退回 -------------------------------------------------------------------------


def route(letter: Letter, *, by, to: Organization, note: str = "") -> Letter:
    """转办: the letter goes to the agency responsible, which now answers it."""
    with transaction.atomic():
        letter = _lock(letter)
        _check(by, letter)
        _require(letter, Letter.Status.PENDING, Letter.Status.ACCEPTED, action="转办")
        if to.pk == letter.organization_id:
            raise WorkflowError("不能转办给本机关。")
        if not to.is_active:
            raise WorkflowError("该机关已停用。")
        letter.routed_from_id, letter.organization = letter.organization_id, to
        letter.save(update_fields=["routed_from", "organization"])
        _event(letter, LetterEvent.Kind.ROUTED, by=by, note=f"转至{to.name}。{note}".strip())
    return letter


def hand_back(letter: Letter, *, by, reason: str) -> Letter:
    """The receiving agency hands a routed letter back, once, with a reason."""
    if not reason.strip():
        raise WorkflowError("请填写退回理由。")
    with transaction.atomic():
        letter = _lock(letter)
        _check(by, letter)
        _require(letter, Letter.Status.PENDING, Letter.Status.ACCEPTED, action="退回")
        if letter.routed_from_id is None:
            raise WorkflowError("该留言不是转办来的，不能退回。")
        if letter.handed_back:
            raise WorkflowError("该留言已退回过一次，不能再次退回。")
        back_to = letter.routed_from
        letter.organization, letter.routed_from = back_to, None
        letter.handed_back = True
        letter.save(update_fields=["organization", "routed_from", "handed_back"])
        _event(letter, LetterEvent.Kind.HANDED_BACK, by=by, note=reason.strip())
    return letter


def can_hand_back(letter: Letter) -> bool:
    return letter.routed_from_id is not None and not letter.handed_back


# -- the reply and its publication ---------------------------------------------------------


def answer(letter: Letter, *, by, reply: str, files=(), on: datetime.date | None = None) -> Letter:
    """答复: the text (and files) the writer reads on the tracking page."""
    if not reply.strip():
        raise WorkflowError("请填写答复内容。")
    on = on or _today()
    with transaction.atomic():
        letter = _lock(letter)
        _check(by, letter)
        _require(letter, Letter.Status.ACCEPTED, action="答复")
        if on < letter.received_on:
            raise WorkflowError("答复日期不能早于收到日期。")
        letter.status, letter.reply, letter.replied_on = Letter.Status.ANSWERED, reply.strip(), on
        letter.save(update_fields=["status", "reply", "replied_on"])
        _attach(letter, files, from_reply=True)
        _event(letter, LetterEvent.Kind.ANSWERED, by=by)
    return letter


def personal_data_findings(title: str, body: str, reply: str) -> list[pii.Finding]:
    """Numbers the public text must not carry (身份证, 手机, 银行卡)."""
    return [
        *pii.scan_text(title, "标题"),
        *pii.scan_text(body, "留言内容"),
        *pii.scan_text(reply, "答复内容"),
    ]


def publish(
    letter: Letter,
    *,
    by,
    title: str | None = None,
    body: str | None = None,
    reply: str | None = None,
    on: datetime.date | None = None,
) -> Letter:
    """Publish an answered letter and its reply, as staff edited them to remove personal
    data; only when the writer agreed, and refused while the check finds numbers."""
    with transaction.atomic():
        letter = _lock(letter)
        _check(by, letter)
        _require(letter, Letter.Status.ANSWERED, action="公开")
        if not letter.may_publish:
            raise WorkflowError("留言人未同意公开，不能公开。")
        title = (title if title is not None else letter.public_title or letter.title).strip()
        body = (body if body is not None else letter.public_body or letter.body).strip()
        reply = (reply if reply is not None else letter.public_reply or letter.reply).strip()
        findings = personal_data_findings(title, body, reply)
        if findings:
            raise WorkflowError(
                "公开内容含有个人信息，请删除后再公开：" + "；".join(pii.describe(findings))
            )
        for value, name in (
            (letter.name, "姓名"),
            (letter.phone, "联系电话"),
            (letter.email, "电子邮箱"),
        ):
            if value and len(value) >= 2 and any(value in text for text in (title, body, reply)):
                raise WorkflowError(f"公开内容含有留言人的{name}，请删除后再公开。")
        letter.public_title, letter.public_body, letter.public_reply = title, body, reply
        letter.published, letter.published_on = True, on or _today()
        letter.save(
            update_fields=[
                "public_title",
                "public_body",
                "public_reply",
                "published",
                "published_on",
            ]
        )
        _event(letter, LetterEvent.Kind.PUBLISHED, by=by)
    return letter


def unpublish(letter: Letter, *, by, reason: str) -> Letter:
    """Take a published letter off the public pages (its reply files go with it)."""
    if not reason.strip():
        raise WorkflowError("请填写取消公开的理由。")
    with transaction.atomic():
        letter = _lock(letter)
        _check(by, letter)
        if not letter.published:
            raise WorkflowError("该留言未公开。")
        letter.published = False
        letter.save(update_fields=["published"])
        _event(letter, LetterEvent.Kind.UNPUBLISHED, by=by, note=reason.strip())
    return letter


def remind(letter: Letter, *, note: str) -> None:
    """The daily reminder's note in the letter's log."""
    with transaction.atomic():
        letter = _lock(letter)
        _event(letter, LetterEvent.Kind.REMINDED, note=note)


# -- 「我为政府网站找错」 --------------------------------------------------------------------


def record_error_report(
    organization: Organization,
    *,
    by,
    number: str,
    received_on: datetime.date,
    page_url: str,
    problem: str,
) -> ErrorReport:
    """Record a report the national platform forwarded; its due date is derived."""
    if not can_act_for(by, organization):
        raise PermissionDenied("您无权登记该机关的找错留言。")
    if received_on > _today():
        raise WorkflowError("收到日期不能晚于今天。")
    return ErrorReport.objects.create(
        organization=organization,
        number=number.strip(),
        received_on=received_on,
        page_url=page_url.strip(),
        problem=problem.strip(),
        due_on=error_report_due_on(received_on),
        recorded_by=by,
    )


def handle_error_report(
    report: ErrorReport, *, by, fix: str, answer: str, on: datetime.date | None = None
) -> ErrorReport:
    """Record the fix and the answer sent back to the platform (办结)."""
    if not fix.strip() or not answer.strip():
        raise WorkflowError("请填写整改情况和答复内容。")
    on = on or _today()
    with transaction.atomic():
        report = ErrorReport.objects.select_for_update().get(pk=report.pk)
        if not can_act_for(by, report.organization):
            raise PermissionDenied("您无权办理该机关的找错留言。")
        if report.handled_on is not None:
            raise WorkflowError("该找错留言已办结。")
        if on < report.received_on or on > _today():
            raise WorkflowError("办结日期应在收到日期和今天之间。")
        report.fix, report.answer, report.handled_on = fix.strip(), answer.strip(), on
        report.save(update_fields=["fix", "answer", "handled_on"])
    return report
