"""The only code that changes a request's status: one function per step of the 条例.

Every step opens a transaction, locks the request row, checks that the step is allowed
from the current status and that the actor may act for the request's agency, writes a
:class:`~requests_app.models.RequestEvent`, recomputes the due date with
:mod:`requests_app.deadlines` and returns the (re-read) request. A refused step raises
:class:`WorkflowError` with a message for staff, in Chinese.

Dates: each step takes ``on`` (default today), the date the step takes effect, which is
what the statutory limits are counted from.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog import audit
from catalog.permissions import can_act_for, can_approve_for
from catalog.workdays import WorkCalendar
from requests_app import deadlines, fees, flags, notices, notifications
from requests_app.fees import FeeMethod
from requests_app.letters import Letter, LetterContextError, LetterKind
from requests_app.limits import (
    CLARIFICATION_NOTICE_WORKING_DAYS,
    EXTENSION_MAX_WORKING_DAYS,
    FEE_PAYMENT_WORKING_DAYS,
    THIRD_PARTY_WORKING_DAYS,
)
from requests_app.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    FeeNotice,
    InformationRequest,
    RequestEvent,
    ReviewCase,
    Status,
    SubTask,
)
from requests_app.outcomes import (
    GROUND_OUTCOMES,
    REPLY_TYPE_OUTCOMES,
    TERMINATION_OUTCOMES,
    WITHHOLDING_OUTCOMES,
    Outcome,
    ReplyType,
    default_reply_type,
)

K = RequestEvent.Kind

# Steps that may be taken while the reply limit is running.
RUNNING = frozenset({Status.REGISTERED, Status.PROCESSING})


class WorkflowError(Exception):
    """A step refused: the message says why, for staff, in Chinese."""


# -- helpers ----------------------------------------------------------------------------


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def _lock(req: InformationRequest | int) -> InformationRequest:
    pk = req.pk if isinstance(req, InformationRequest) else req
    return (
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=pk)
    )


def _check_actor(req: InformationRequest, by) -> None:
    if by is None or not can_act_for(by, req.organization):
        raise WorkflowError(f"您无权办理{req.organization}的政府信息公开申请。")


def _check_status(req: InformationRequest, allowed: Iterable[str], action: str) -> None:
    if req.status not in set(allowed):
        raise WorkflowError(
            f"申请{req.tracking_number}当前状态为「{req.get_status_display()}」，不能{action}。"
        )


def _begin(req, by, allowed: Iterable[str], action: str) -> InformationRequest:
    req = _lock(req)
    _check_actor(req, by)
    _check_status(req, allowed, action)
    return req


def _check_not_before_receipt(req: InformationRequest, on: datetime.date, what: str) -> None:
    if req.received_on and on < req.received_on:
        raise WorkflowError(f"{what}日期不能早于收到申请日期{req.received_on:%Y-%m-%d}。")


def _event(
    req: InformationRequest,
    kind: str,
    *,
    by,
    on: datetime.date,
    note: str = "",
    data: Mapping[str, Any] | None = None,
    deadline: datetime.date | None = None,
    related: RequestEvent | None = None,
    visible: bool = True,
) -> RequestEvent:
    event = RequestEvent.objects.create(
        request=req,
        kind=kind,
        actor=by,
        on=on,
        note=note,
        data=dict(data or {}),
        deadline=deadline,
        related=related,
        visible_to_applicant=visible,
    )
    # The tracking number and the step's name only: notes and data may hold applicant data.
    audit.record(
        audit.Action.REQUEST_STEP,
        actor=by,
        obj=req,
        label=req.tracking_number,
        summary=event.get_kind_display(),
    )
    return event


def _finish(req: InformationRequest, status: str | None = None, **fields) -> InformationRequest:
    changed = list(fields)
    for name, value in fields.items():
        setattr(req, name, value)
    if status is not None and status != req.status:
        req.status = status
        changed.append("status")
    if changed:
        req.save(update_fields=[*changed, "updated_at"])
    deadlines.refresh(req)
    return req


def _open_event(req: InformationRequest, kind: str) -> RequestEvent | None:
    """The latest event of ``kind`` that no follow-up event answers yet."""
    return (
        req.events.filter(kind=kind, followups__isnull=True).order_by("-on", "-at", "-pk").first()
    )


def _resume_status(req: InformationRequest) -> str:
    """Back to work after a stop: still consulting if another consultation is open."""
    open_consultations = req.events.filter(
        kind__in=[K.THIRD_PARTY_CONSULTED, K.AGENCY_CONSULTED], followups__isnull=True
    )
    if open_consultations.exists():
        return Status.CONSULTATION
    return Status.PROCESSING if req.handler_id else Status.REGISTERED


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _letter(
    req: InformationRequest,
    event: RequestEvent,
    kind: str,
    context: Mapping[str, Any],
    body: str | None,
    *,
    visible: bool = True,
):
    """Issue the step's letter (numbered, stored as PDF); a missing fact refuses the step."""
    try:
        return notices.issue(req, event, kind, context, body=body, visible=visible)
    except LetterContextError as exc:
        raise WorkflowError(f"无法生成{LetterKind(kind).label}：{exc}") from None


class _Rollback(Exception):
    pass


def draft_letter(step: Callable[[], Any]) -> Letter | None:
    """The letter ``step()`` would issue, for staff to edit before sending.

    The step runs in a savepoint that is then rolled back: nothing is stored, no number
    is used and no e-mail is sent. ``None`` when the step issues no letter; a refused
    step raises its :class:`WorkflowError`.
    """
    with notices.drafting() as letters:
        try:
            with transaction.atomic():
                step()
                raise _Rollback
        except _Rollback:
            pass
    return letters[-1] if letters else None


# -- receipt ----------------------------------------------------------------------------


def submit_online(organization, *, idempotency_key: str, **fields) -> InformationRequest:
    """Create a 待登记 request from the online form; the same key returns the same request."""
    if not idempotency_key:
        raise WorkflowError("缺少提交标识。")
    existing = InformationRequest.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    fields.setdefault("channel", InformationRequest.Channel.ONLINE)
    try:
        with transaction.atomic():
            req = InformationRequest(
                organization=organization, idempotency_key=idempotency_key, **fields
            )
            req.full_clean()
            req.save()
            _event(req, K.SUBMITTED, by=None, on=timezone.localdate())
            flags.refresh(req)
    except IntegrityError:
        # A concurrent submission with the same key won the race.
        return InformationRequest.objects.get(idempotency_key=idempotency_key)
    return req


@transaction.atomic
def register(
    req: InformationRequest,
    *,
    by,
    received_on: datetime.date | None = None,
    note: str = "",
    letter_body: str | None = None,
) -> InformationRequest:
    """待登记 → 已登记. ``received_on`` follows Art. 31 by channel (online: the confirmation).

    Applications not handed in (online, by post) get a 登记回执; ``letter_body`` is its
    text as edited by staff (default: the template's).
    """
    req = _begin(req, by, {Status.PENDING}, "登记")
    received_on = _today(received_on)
    if received_on > timezone.localdate():
        raise WorkflowError("收到申请日期不能晚于今天。")
    event = _event(req, K.REGISTERED, by=by, on=received_on, note=note)
    req = _finish(req, Status.REGISTERED, received_on=received_on)
    if req.channel in notices.RECEIPT_CHANNELS:
        context = {"channel": req.get_channel_display(), "due_on": req.due_on}
        _letter(req, event, LetterKind.RECEIPT, context, letter_body)
    flags.refresh(req)
    notifications.notify_applicant(req, event)
    return req


def register_received(
    organization,
    *,
    by,
    received_on: datetime.date,
    letter_body: str | None = None,
    **fields,
) -> InformationRequest:
    """Register an application received in person, by post, fax or orally (Art. 29, 31)."""
    if not can_act_for(by, organization):
        raise WorkflowError(f"您无权登记{organization}的政府信息公开申请。")
    with transaction.atomic():
        req = InformationRequest(organization=organization, **fields)
        req.full_clean()
        req.save()
        return register(req, by=by, received_on=received_on, letter_body=letter_body)


@transaction.atomic
def assign(
    req: InformationRequest, *, by, handler, backup=None, on: datetime.date | None = None
) -> InformationRequest:
    """Give the request to a handler (and a backup) of the agency."""
    req = _begin(req, by, OPEN_STATUSES, "分办")
    for user, role in ((handler, "承办人"), (backup, "备岗承办人")):
        if user is not None and not can_act_for(user, req.organization):
            raise WorkflowError(f"{role}{_name(user)}不是{req.organization}的工作人员。")
    if backup is not None and backup.pk == handler.pk:
        raise WorkflowError("备岗承办人不能与承办人相同。")
    _event(
        req,
        K.ASSIGNED,
        by=by,
        on=_today(on),
        data={"handler": _name(handler), "backup": _name(backup)},
        visible=False,
    )
    status = Status.PROCESSING if req.status == Status.REGISTERED else None
    return _finish(req, status, handler=handler, backup_handler=backup)


# -- 协查 (internal; does not stop the clock) --------------------------------------------


@transaction.atomic
def create_subtask(
    req: InformationRequest,
    *,
    by,
    unit: str,
    question: str,
    answer_by: datetime.date | None = None,
    unit_organization=None,
    on: datetime.date | None = None,
) -> SubTask:
    """Ask a unit or department to help find the information (协查)."""
    req = _begin(req, by, OPEN_STATUSES, "发起协查")
    if not unit or not question:
        raise WorkflowError("请填写协查单位和协查事项。")
    on = _today(on)
    task = SubTask.objects.create(
        request=req,
        unit=unit,
        unit_organization=unit_organization,
        question=question,
        asked_on=on,
        answer_by=answer_by,
        created_by=by,
    )
    _event(
        req, K.SUBTASK_CREATED, by=by, on=on, data={"subtask": task.pk, "unit": unit}, visible=False
    )
    _finish(req)
    return task


@transaction.atomic
def answer_subtask(task: SubTask, *, by, answer: str, on: datetime.date | None = None) -> SubTask:
    req = _lock(task.request_id)
    task = SubTask.objects.select_for_update().get(pk=task.pk)
    allowed_unit = task.unit_organization and can_act_for(by, task.unit_organization)
    if not (allowed_unit or can_act_for(by, req.organization)):
        raise WorkflowError("您无权答复该协查。")
    if task.state != SubTask.State.OPEN:
        raise WorkflowError("该协查已办结。")
    if not answer:
        raise WorkflowError("请填写协查答复。")
    on = _today(on)
    task.state, task.answer, task.answered_on = SubTask.State.ANSWERED, answer, on
    task.save(update_fields=["state", "answer", "answered_on"])
    _event(req, K.SUBTASK_ANSWERED, by=by, on=on, data={"subtask": task.pk}, visible=False)
    return task


# -- 补正 (Art. 30) ------------------------------------------------------------------------


@transaction.atomic
def request_clarification(
    req: InformationRequest,
    *,
    by,
    items: list[str],
    reply_by: datetime.date,
    on: datetime.date | None = None,
    guidance: str = "",
    letter_body: str | None = None,
) -> InformationRequest:
    """Ask once, in writing, within 7 working days of receipt, what to add and by when.

    Issues the 补正告知书 (``letter_body``: staff's edited text).
    """
    req = _begin(req, by, RUNNING, "发出补正通知")
    on = _today(on)
    _check_not_before_receipt(req, on, "补正通知")
    if req.events.filter(kind=K.CLARIFICATION_REQUESTED).exists():
        raise WorkflowError("补正只能一次性告知，本申请已发出过补正通知（第三十条）。")
    last_day = WorkCalendar().add_working_days(req.received_on, CLARIFICATION_NOTICE_WORKING_DAYS)
    if on > last_day:
        raise WorkflowError(
            f"补正通知应在收到申请之日起{CLARIFICATION_NOTICE_WORKING_DAYS}个工作日内发出"
            f"（第三十条），本申请最迟为{last_day:%Y-%m-%d}。"
        )
    items = [item.strip() for item in items if item and item.strip()]
    if not items:
        raise WorkflowError("请逐项写明需要补正的事项。")
    if reply_by is None or reply_by <= on:
        raise WorkflowError("补正期限应晚于补正通知日期。")
    event = _event(
        req,
        K.CLARIFICATION_REQUESTED,
        by=by,
        on=on,
        deadline=reply_by,
        data={"items": items, "guidance": guidance},
    )
    req = _finish(req, Status.CLARIFICATION)
    context = {"clarification_items": items, "clarification_due_on": reply_by, "guidance": guidance}
    _letter(req, event, LetterKind.CLARIFICATION, context, letter_body)
    notifications.notify_applicant(req, event)
    return req


@transaction.atomic
def receive_clarification(
    req: InformationRequest,
    *,
    by,
    on: datetime.date | None = None,
    text: str = "",
    late_reason: str = "",
) -> InformationRequest:
    """The corrected application arrives: the 20 working days count anew from ``on``."""
    req = _begin(req, by, {Status.CLARIFICATION}, "登记补正")
    notice = _open_event(req, K.CLARIFICATION_REQUESTED)
    on = _today(on)
    if on < notice.on:
        raise WorkflowError("收到补正日期不能早于补正通知日期。")
    if on > notice.deadline and not late_reason:
        raise WorkflowError(
            f"补正期限{notice.deadline:%Y-%m-%d}已过；确有正当理由的，请写明逾期理由。"
        )
    _event(
        req,
        K.CLARIFICATION_RECEIVED,
        by=by,
        on=on,
        related=notice,
        note=late_reason,
        data={"text": text},
    )
    return _finish(req, Status.PROCESSING if req.handler_id else Status.REGISTERED)


@transaction.atomic
def close_for_no_clarification(
    req: InformationRequest, *, by, on: datetime.date | None = None
) -> InformationRequest:
    """No 补正 by the deadline: the application is treated as withdrawn (Art. 30)."""
    req = _begin(req, by, {Status.CLARIFICATION}, "按逾期未补正终止")
    notice = _open_event(req, K.CLARIFICATION_REQUESTED)
    on = _today(on)
    if on <= notice.deadline:
        raise WorkflowError(f"补正期限{notice.deadline:%Y-%m-%d}尚未届满。")
    _event(req, K.CLOSED_NO_CLARIFICATION, by=by, on=on, related=notice)
    return _finish(req, Status.TERMINATED, outcome=Outcome.NO_CLARIFICATION, closed_on=on)


# -- consultations (Art. 32-33: the clock stops) ----------------------------------------


@transaction.atomic
def consult_third_party(
    req: InformationRequest,
    *,
    by,
    party: str,
    on: datetime.date | None = None,
    concern: str = "",
    letter_body: str | None = None,
) -> InformationRequest:
    """Ask a third party's opinion in writing; it has 15 working days (Art. 32).

    Issues the 征求第三方意见书, which the applicant does not see.
    """
    req = _begin(req, by, {*RUNNING, Status.CONSULTATION}, "征求第三方意见")
    on = _today(on)
    _check_not_before_receipt(req, on, "征求意见")
    if not party:
        raise WorkflowError("请填写第三方的姓名或名称。")
    deadline = WorkCalendar().add_working_days(on, THIRD_PARTY_WORKING_DAYS)
    event = _event(
        req,
        K.THIRD_PARTY_CONSULTED,
        by=by,
        on=on,
        deadline=deadline,
        data={"party": party, "concern": concern},
    )
    req = _finish(req, Status.CONSULTATION)
    context = {
        "third_party_name": party,
        "third_party_concern": concern or "涉及第三方的合法权益",
    }
    _letter(req, event, LetterKind.THIRD_PARTY, context, letter_body, visible=False)
    return req


def _receive_opinion(req, *, by, consulted_kind, opinion_kind, on, opinion, data, consultation):
    req = _begin(req, by, {Status.CONSULTATION}, "登记意见")
    if consultation is not None:
        notice = req.events.filter(pk=consultation.pk, kind=consulted_kind).first()
        if notice is None or notice.followups.exists():
            raise WorkflowError("该征求意见事项不存在或已收到意见。")
    else:
        notice = _open_event(req, consulted_kind)
        if notice is None:
            raise WorkflowError("本申请没有尚未答复的征求意见事项。")
    on = _today(on)
    if on < notice.on:
        raise WorkflowError("收到意见日期不能早于征求意见日期。")
    _event(req, opinion_kind, by=by, on=on, related=notice, note=opinion, data=data)
    return _finish(req, _resume_status(req))


@transaction.atomic
def receive_third_party_opinion(
    req: InformationRequest,
    *,
    by,
    on: datetime.date | None = None,
    opinion: str = "",
    agrees: bool | None = None,
    consultation: RequestEvent | None = None,
) -> InformationRequest:
    """Record the third party's opinion, or (``opinion`` empty, after the deadline) none.

    With no opinion in 15 working days the agency decides itself (Art. 32).
    """
    return _receive_opinion(
        req,
        by=by,
        consulted_kind=K.THIRD_PARTY_CONSULTED,
        opinion_kind=K.THIRD_PARTY_OPINION,
        on=on,
        opinion=opinion or "第三方逾期未提出意见",
        data={"agrees": agrees},
        consultation=consultation,
    )


@transaction.atomic
def consult_other_agency(
    req: InformationRequest,
    *,
    by,
    agency: str,
    on: datetime.date | None = None,
    reply_by: datetime.date | None = None,
    question: str = "",
    letter_body: str | None = None,
) -> InformationRequest:
    """征求其他机关意见: the time is not counted (Art. 33(3)).

    Issues the 征求意见函 to that agency, which the applicant does not see.
    """
    req = _begin(req, by, {*RUNNING, Status.CONSULTATION}, "征求其他机关意见")
    on = _today(on)
    _check_not_before_receipt(req, on, "征求意见")
    if not agency:
        raise WorkflowError("请填写被征求意见的机关。")
    if reply_by is not None and reply_by <= on:
        raise WorkflowError("要求答复日期应晚于征求意见日期。")
    event = _event(
        req,
        K.AGENCY_CONSULTED,
        by=by,
        on=on,
        deadline=reply_by,
        data={"agency": agency, "question": question},
    )
    req = _finish(req, Status.CONSULTATION)
    context = {
        "consulted_agency": agency,
        "consultation_question": question.strip() or "该政府信息是否可以公开",
        "opinion_due_on": reply_by,
    }
    _letter(req, event, LetterKind.AGENCY_CONSULTATION, context, letter_body, visible=False)
    return req


@transaction.atomic
def receive_agency_opinion(
    req: InformationRequest,
    *,
    by,
    on: datetime.date | None = None,
    opinion: str = "",
    consultation: RequestEvent | None = None,
) -> InformationRequest:
    return _receive_opinion(
        req,
        by=by,
        consulted_kind=K.AGENCY_CONSULTED,
        opinion_kind=K.AGENCY_OPINION,
        on=on,
        opinion=opinion,
        data={},
        consultation=consultation,
    )


# -- extension and Art. 35 -------------------------------------------------------------


@transaction.atomic
def extend(
    req: InformationRequest,
    *,
    by,
    approver,
    days: int,
    reason: str,
    on: datetime.date | None = None,
    letter_body: str | None = None,
) -> InformationRequest:
    """Extend once by at most 20 working days, approved by the office's head (Art. 33(2)).

    Issues the 延期答复告知书: the applicant is told (``letter_body``: staff's text).
    """
    req = _begin(req, by, {*RUNNING, Status.CONSULTATION, Status.FEE}, "延期")
    on = _today(on)
    if req.events.filter(kind=K.EXTENDED).exists():
        raise WorkflowError("答复期限只能延长一次（第三十三条）。")
    if not 1 <= int(days) <= EXTENSION_MAX_WORKING_DAYS:
        raise WorkflowError(
            f"延长的期限最长不超过{EXTENSION_MAX_WORKING_DAYS}个工作日（第三十三条）。"
        )
    if approver is None or not can_approve_for(approver, req.organization):
        raise WorkflowError("延期须经本机关政府信息公开工作机构负责人同意，请选择批准人。")
    if not reason or not reason.strip():
        raise WorkflowError("请写明延期理由。")
    if req.due_on and on > req.due_on:
        raise WorkflowError(f"答复期限已于{req.due_on:%Y-%m-%d}届满，不能再延期。")
    original_due_on = req.due_on
    event = _event(
        req,
        K.EXTENDED,
        by=by,
        on=on,
        note=reason.strip(),
        data={
            "days": int(days),
            "approver": approver.pk,
            "approver_name": _name(approver),
            "original_due_on": original_due_on,
        },
    )
    req = _finish(req)
    context = {
        "extension_reason": reason.strip(),
        "extension_days": int(days),
        "original_due_on": original_due_on,
        "extended_due_on": req.due_on,
    }
    _letter(req, event, LetterKind.EXTENSION, context, letter_body)
    notifications.notify_applicant(req, event)
    return req


@transaction.atomic
def ask_for_reasons(
    req: InformationRequest,
    *,
    by,
    situation: str,
    reasons_due_on: datetime.date | None = None,
    on: datetime.date | None = None,
    letter_body: str | None = None,
) -> InformationRequest:
    """Art. 35: ask the applicant to explain a request clearly beyond a reasonable range.

    The clock keeps running (the law stops it only for consultations and fees); the
    说明理由通知书 tells the applicant what follows.
    """
    req = _begin(req, by, RUNNING, "要求说明理由")
    on = _today(on)
    _check_not_before_receipt(req, on, "要求说明理由")
    if not situation or not situation.strip():
        raise WorkflowError("请写明申请数量、频次明显超过合理范围的具体情况（第三十五条）。")
    if reasons_due_on is not None and reasons_due_on <= on:
        raise WorkflowError("说明理由的期限应晚于通知日期。")
    event = _event(
        req,
        K.REASONS_REQUESTED,
        by=by,
        on=on,
        deadline=reasons_due_on,
        note=situation.strip(),
    )
    req = _finish(req)
    context = {"excessive_reason": situation.strip(), "reasons_due_on": reasons_due_on}
    _letter(req, event, LetterKind.REASONS_REQUEST, context, letter_body)
    notifications.notify_applicant(req, event)
    return req


@transaction.atomic
def record_reasons(
    req: InformationRequest, *, by, reasons: str, on: datetime.date | None = None
) -> InformationRequest:
    """Art. 35: the applicant's explanation, however it arrived, recorded by staff."""
    req = _begin(req, by, RUNNING, "登记申请人说明的理由")
    asked = _open_event(req, K.REASONS_REQUESTED)
    if asked is None:
        raise WorkflowError("本申请没有待说明理由的通知。")
    on = _today(on)
    if on < asked.on:
        raise WorkflowError("说明理由的日期不能早于通知日期。")
    if not reasons or not reasons.strip():
        raise WorkflowError("请填写申请人说明的理由。")
    _event(req, K.REASONS_RECEIVED, by=by, on=on, related=asked, note=reasons.strip())
    return _finish(req)


@transaction.atomic
def set_reasonable_date(
    req: InformationRequest,
    *,
    by,
    date: datetime.date,
    reason: str,
    on: datetime.date | None = None,
    letter_body: str | None = None,
) -> InformationRequest:
    """Art. 35: a reasonable but impossible request gets a later reply date set by staff.

    The date replaces the computed one; the 延迟答复告知书 tells the applicant.
    """
    req = _begin(req, by, {*RUNNING, Status.CONSULTATION}, "确定合理答复期限")
    on = _today(on)
    if not reason or not reason.strip():
        raise WorkflowError("请写明申请数量、频次明显超过合理范围的情况和理由（第三十五条）。")
    if date <= on or (req.due_on and date <= req.due_on):
        raise WorkflowError("合理期限应晚于目前的答复期限。")
    original_due_on = req.due_on
    event = _event(req, K.REASONABLE_DATE, by=by, on=on, deadline=date, note=reason.strip())
    req = _finish(req)
    context = {
        "reasonable_date_reason": reason.strip(),
        "reasonable_due_on": date,
        "due_on": original_due_on,
    }
    _letter(req, event, LetterKind.REASONABLE_DATE, context, letter_body)
    notifications.notify_applicant(req, event)
    return req


# -- Art. 44: many applicants, proactive disclosure -------------------------------------


@transaction.atomic
def record_proactive_proposal(
    requests: Iterable[InformationRequest],
    *,
    by,
    document_id: int,
    title: str,
    on: datetime.date | None = None,
) -> list[InformationRequest]:
    """Art. 44: note on each request of a group that a draft for proactive disclosure exists.

    Staff-only (the applicant is answered by the reply as usual); no status changes. The
    draft itself is the disclosure app's (``disclosure.proactive``): this side knows only
    its id and title.
    """
    on = _today(on)
    locked = []
    for req in sorted(requests, key=lambda r: r.pk):  # one lock order: no deadlocks
        req = _lock(req)
        _check_actor(req, by)
        _event(
            req,
            K.PROACTIVE_PROPOSED,
            by=by,
            on=on,
            note=f"拟主动公开：{title}",
            data={"document": document_id, "title": title},
            visible=False,
        )
        locked.append(req)
    return locked


# -- fees (国办函〔2020〕109号) ------------------------------------------------------------


@transaction.atomic
def issue_fee_notice(
    req: InformationRequest,
    *,
    by,
    method: str,
    pages: int | None = None,
    nth_in_month: int | None = None,
    reduction: Decimal | int = 0,
    reduction_reason: str = "",
    on: datetime.date | None = None,
    payment_instructions: str = "",
    letter_body: str | None = None,
) -> FeeNotice:
    """Charge the 信息处理费 by one method; the clock stops until payment.

    Issues the 收费通知书 unless the whole fee is waived.
    """
    req = _begin(req, by, RUNNING, "发出收费通知")
    method = FeeMethod(method)
    on = _today(on)
    _check_not_before_receipt(req, on, "收费通知")
    if req.fees.exclude(state=FeeNotice.State.WAIVED).exists():
        raise WorkflowError("一件申请只按一种方式收费一次，本申请已发出收费通知。")
    if method == FeeMethod.PER_PAGE:
        if not pages:
            raise WorkflowError("按量计收的，请填写页数。")
        wants_copies = req.form == InformationRequest.Form.PAPER or req.delivery in (
            InformationRequest.Delivery.EMAIL,
            InformationRequest.Delivery.POST,
        )
        if not wants_copies:
            raise WorkflowError("按量计收仅适用于申请人要求纸质、电子邮件或复制电子数据的情形。")
        quote = fees.quote(method, pages)
    else:
        quote = fees.quote(method, nth_in_month or req.requests_this_month())
    if quote.amount <= 0:
        raise WorkflowError(f"按规定不收费（{quote.calculation}）。")
    reduction = Decimal(reduction or 0)
    if reduction < 0 or reduction > quote.amount:
        raise WorkflowError("减免金额应在0与应收金额之间。")
    if reduction and not reduction_reason.strip():
        raise WorkflowError("减免费用的，请写明理由。")
    amount_due = quote.amount - reduction
    fee = FeeNotice(
        request=req,
        method=method,
        quantity=quote.quantity,
        calculation=quote.calculation,
        amount=quote.amount,
        reduction=reduction,
        reduction_reason=reduction_reason.strip(),
        amount_due=amount_due,
        issued_on=on,
    )
    data = {"method": method, "amount": quote.amount, "amount_due": amount_due}
    if amount_due == 0:
        fee.state = FeeNotice.State.WAIVED
        fee.save()
        _event(req, K.FEE_WAIVED, by=by, on=on, note=fee.reduction_reason, data=data)
        _finish(req)
        return fee
    fee.pay_by = WorkCalendar().add_working_days(on, FEE_PAYMENT_WORKING_DAYS)
    fee.save()
    event = _event(
        req, K.FEE_NOTICE, by=by, on=on, deadline=fee.pay_by, data={**data, "fee": fee.pk}
    )
    req = _finish(req, Status.FEE)
    org = req.organization
    context = {
        "fee_method": method,
        "fee_quantity": quote.quantity,
        "fee_amount": amount_due,
        "fee_calculation": quote.calculation + (f"，减免{reduction}元" if reduction else ""),
        "payment_instructions": payment_instructions.strip()
        or f"请到{org.office_name}（{org.office_address}）缴纳，或者联系本机关办理",
        "payment_due_on": fee.pay_by,
    }
    _letter(req, event, LetterKind.FEE, context, letter_body)
    notifications.notify_applicant(req, event)
    return fee


@transaction.atomic
def record_payment(
    req: InformationRequest, *, by, on: datetime.date | None = None
) -> InformationRequest:
    """The fee is paid: the clock runs again from the next day."""
    req = _begin(req, by, {Status.FEE}, "登记缴费")
    notice = _open_event(req, K.FEE_NOTICE)
    fee = FeeNotice.objects.select_for_update().get(pk=notice.data["fee"])
    on = _today(on)
    if on < fee.issued_on:
        raise WorkflowError("缴费日期不能早于收费通知日期。")
    if on > fee.pay_by:
        raise WorkflowError(f"缴费期限{fee.pay_by:%Y-%m-%d}已过。")
    fee.state, fee.paid_on = FeeNotice.State.PAID, on
    fee.save(update_fields=["state", "paid_on"])
    _event(req, K.FEE_PAID, by=by, on=on, related=notice, data={"amount": fee.amount_due})
    return _finish(req, _resume_status(req))


@transaction.atomic
def close_for_unpaid_fee(
    req: InformationRequest, *, by, on: datetime.date | None = None
) -> InformationRequest:
    """Unpaid in 20 working days: treated as withdrawn (国办函〔2020〕109号)."""
    req = _begin(req, by, {Status.FEE}, "按逾期未缴费终止")
    notice = _open_event(req, K.FEE_NOTICE)
    fee = FeeNotice.objects.select_for_update().get(pk=notice.data["fee"])
    on = _today(on)
    if on <= fee.pay_by:
        raise WorkflowError(f"缴费期限{fee.pay_by:%Y-%m-%d}尚未届满。")
    fee.state = FeeNotice.State.LAPSED
    fee.save(update_fields=["state"])
    _event(req, K.CLOSED_UNPAID, by=by, on=on, related=notice)
    return _finish(req, Status.TERMINATED, outcome=Outcome.FEE_UNPAID, closed_on=on)


# -- reply, delivery, archive -----------------------------------------------------------


def _require(details: Mapping[str, Any], keys: Mapping[str, str]) -> None:
    missing = [label for key, label in keys.items() if not str(details.get(key) or "").strip()]
    if missing:
        raise WorkflowError("答复缺少：" + "、".join(missing) + "。")


def _check_reply_details(
    req: InformationRequest, outcome: Outcome, reply_type: ReplyType | None, details: dict
) -> None:
    if reply_type == ReplyType.ALREADY_PUBLIC:  # Art. 36(1)
        _require(details, {"publication_location": "获取该政府信息的方式和途径"})
    elif reply_type == ReplyType.NOT_RESPONSIBLE:  # Art. 36(5)
        _require(
            details,
            {
                "responsible_agency": "负责公开该政府信息的行政机关",
                "responsible_agency_contact": "该行政机关的联系方式",
            },
        )
    elif reply_type == ReplyType.WITHHELD:  # Art. 36(3)
        _require(details, {"withhold_reason": "不予公开的理由"})
        ground = details.get("withhold_ground")
        if ground and GROUND_OUTCOMES.get(ground) != outcome:
            raise WorkflowError("不予公开的依据与办理结果不一致。")
    elif reply_type == ReplyType.OTHER_LAW:  # Art. 36(7)
        _require(details, {"special_law": "规定办理途径的法律、行政法规"})
    elif reply_type == ReplyType.PARTIAL:  # Art. 37
        parts = details.get("withheld_parts") or []
        if not parts:
            raise WorkflowError("部分公开的，应逐项说明不予公开的内容及理由（第三十七条）。")
        for part in parts:
            if not all(str(part.get(key) or "").strip() for key in ("part", "ground", "reason")):
                raise WorkflowError("每项不予公开的内容都应写明内容、依据和理由。")
    elif reply_type == ReplyType.STILL_UNCLEAR:  # Art. 30
        if not req.events.filter(kind=K.CLARIFICATION_RECEIVED).exists():
            raise WorkflowError("只有补正后申请内容仍不明确的，才能按此答复。")
    if outcome in WITHHOLDING_OUTCOMES and reply_type != ReplyType.WITHHELD:
        raise WorkflowError("不予公开的办理结果应使用不予公开答复。")


@transaction.atomic
def reply(
    req: InformationRequest,
    *,
    by,
    outcome: str,
    reply_type: str | None = None,
    details: Mapping[str, Any] | None = None,
    note: str = "",
    on: datetime.date | None = None,
    letter_body: str | None = None,
) -> InformationRequest:
    """Answer the request (Art. 35-39); ``outcome`` is the annual-report row it counts under.

    Issues the 答复告知书 of the reply type, with the applicant's remedies; ``details``
    also carries the letter's facts (keys of ``letters.FIELDS``), ``letter_body`` staff's
    edited text.
    """
    req = _begin(req, by, RUNNING, "答复")
    on = _today(on)
    _check_not_before_receipt(req, on, "答复")
    outcome = Outcome(outcome)
    if outcome in TERMINATION_OUTCOMES:
        raise WorkflowError("逾期未补正、逾期未缴费的申请请使用相应的终止操作。")
    reply_type = ReplyType(reply_type) if reply_type else default_reply_type(outcome)
    if reply_type is not None and outcome not in REPLY_TYPE_OUTCOMES[reply_type]:
        raise WorkflowError(f"答复类型「{reply_type.label}」与办理结果「{outcome.label}」不一致。")
    details = dict(details or {})
    if reply_type == ReplyType.WITHHELD:
        details.setdefault(
            "withhold_ground",
            next((g for g, o in GROUND_OUTCOMES.items() if o == outcome), ""),
        )
    _check_reply_details(req, outcome, reply_type, details)
    event = _event(
        req,
        K.REPLIED,
        by=by,
        on=on,
        note=note,
        data={"outcome": outcome, "reply_type": reply_type or "", "details": details},
    )
    req = _finish(req, Status.REPLIED, outcome=outcome, reply_type=reply_type or "", closed_on=on)
    if reply_type is not None:
        context = notices.reply_context(req, reply_type, details)
        _letter(req, event, LetterKind.REPLY, context, letter_body)
    notifications.notify_applicant(req, event)
    return req


@transaction.atomic
def deliver(
    req: InformationRequest, *, by, method: str, on: datetime.date | None = None, note: str = ""
) -> InformationRequest:
    """送达: how and when the reply reached the applicant."""
    req = _begin(req, by, {Status.REPLIED}, "登记送达")
    method = InformationRequest.Delivery(method)
    on = _today(on)
    if req.closed_on and on < req.closed_on:
        raise WorkflowError("送达日期不能早于答复日期。")
    _event(req, K.DELIVERED, by=by, on=on, note=note, data={"method": method})
    return _finish(req, Status.DELIVERED)


@transaction.atomic
def archive(req: InformationRequest, *, by, on: datetime.date | None = None) -> InformationRequest:
    """归档: the request is closed and read-only afterwards."""
    req = _begin(req, by, {Status.DELIVERED, Status.TERMINATED}, "归档")
    _event(req, K.ARCHIVED, by=by, on=_today(on), visible=False)
    return _finish(req, Status.ARCHIVED)


# -- 行政复议 and 行政诉讼 -----------------------------------------------------------------


@transaction.atomic
def record_review(
    req: InformationRequest,
    *,
    by,
    kind: str,
    filed_on: datetime.date,
    body: str = "",
    case_number: str = "",
) -> ReviewCase:
    """Record a 行政复议 or 行政诉讼 against the handling of a closed request."""
    req = _begin(req, by, CLOSED_STATUSES, "登记行政复议或行政诉讼")
    kind = ReviewCase.Kind(kind)
    case = ReviewCase.objects.create(
        request=req, kind=kind, filed_on=filed_on, body=body, case_number=case_number
    )
    _event(
        req,
        K.REVIEW_FILED,
        by=by,
        on=filed_on,
        data={"case": case.pk, "kind": kind, "body": body, "case_number": case_number},
    )
    return case


@transaction.atomic
def record_review_result(
    case: ReviewCase, *, by, result: str, on: datetime.date | None = None, note: str = ""
) -> ReviewCase:
    req = _lock(case.request_id)
    _check_actor(req, by)
    case = ReviewCase.objects.select_for_update().get(pk=case.pk)
    result = ReviewCase.Result(result)
    if case.result != ReviewCase.Result.PENDING:
        raise WorkflowError("该案件已审结。")
    if result == ReviewCase.Result.PENDING:
        raise WorkflowError("请选择审结结果。")
    on = _today(on)
    if on < case.filed_on:
        raise WorkflowError("审结日期不能早于申请或起诉日期。")
    case.result, case.concluded_on, case.note = result, on, note
    case.save(update_fields=["result", "concluded_on", "note"])
    _event(req, K.REVIEW_CONCLUDED, by=by, on=on, data={"case": case.pk, "result": result})
    return case


# -- the applicant's side (public pages) ---------------------------------------------------


def attach_supporting_file(req: InformationRequest, upload) -> None:
    """Keep the applicant's optional supporting file with the application (not public)."""
    from requests_app.models import RequestAttachment

    RequestAttachment.objects.create(
        request=req,
        kind=RequestAttachment.Kind.SUPPORTING,
        title="申请人提交的证明材料",
        file=upload,
        visible_to_applicant=False,
    )


def open_clarification(req: InformationRequest) -> RequestEvent | None:
    """The 补正 notice the applicant still has to answer, if any."""
    if req.status != Status.CLARIFICATION:
        return None
    return _open_event(req, K.CLARIFICATION_REQUESTED)


@transaction.atomic
def applicant_clarifies(req: InformationRequest, *, text: str) -> InformationRequest:
    """The applicant answers the 补正 online: the corrected application is received today
    and the reply limit counts anew from it (Art. 30)."""
    req = _lock(req)
    _check_status(req, {Status.CLARIFICATION}, "提交补正")
    notice = _open_event(req, K.CLARIFICATION_REQUESTED)
    on = timezone.localdate()
    if notice is None or on > notice.deadline:
        raise WorkflowError("补正期限已过，请与受理机关联系。")
    _event(req, K.CLARIFICATION_RECEIVED, by=None, on=on, related=notice, data={"text": text})
    return _finish(req, Status.PROCESSING if req.handler_id else Status.REGISTERED)


def applicant_letters(req: InformationRequest) -> list:
    """Letters and reply material the applicant may download, oldest first."""
    return list(req.attachments.filter(visible_to_applicant=True).order_by("uploaded_at", "pk"))
