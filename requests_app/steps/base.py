"""What every step shares: the lock, the checks, the event, the due date, the letter.

A step calls :func:`begin` (lock the row, check the actor and the status), does its own
checks, writes its :class:`~requests_app.models.RequestEvent` with :func:`record_event`,
calls :func:`finish` (save the changed fields, recompute the due date) and, where the law
requires a notice, :func:`issue_letter`. A refused step raises :class:`WorkflowError`.
:func:`draft_letter` runs a step without keeping anything, to show staff its letter.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from catalog import audit
from catalog.permissions import can_act_for
from requests_app import deadlines, notices
from requests_app.letters import Letter, LetterContextError, LetterKind
from requests_app.models import InformationRequest, RequestEvent, Status

K = RequestEvent.Kind

# Steps that may be taken while the reply limit is running.
RUNNING = frozenset({Status.REGISTERED, Status.PROCESSING})


class WorkflowError(Exception):
    """A step refused: the message says why, for staff, in Chinese."""


def on_or_today(on: datetime.date | None, what: str = "办理日期") -> datetime.date:
    """The date a step takes effect: ``on``, or today when not given. A step records what
    was done, so its date (``what``, for the message) is never a day still to come."""
    return not_in_future(on or timezone.localdate(), what)


def not_in_future(on: datetime.date, what: str) -> datetime.date:
    """A date that records what happened cannot be a day still to come."""
    if on > timezone.localdate():
        raise WorkflowError(f"{what}不能晚于今天。")
    return on


def lock(req: InformationRequest | int) -> InformationRequest:
    """The request (or the request with this pk) re-read with its row locked."""
    pk = req.pk if isinstance(req, InformationRequest) else req
    return (
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=pk)
    )


def check_actor(req: InformationRequest, by) -> None:
    """Refuse unless ``by`` may act for the request's agency."""
    if by is None or not can_act_for(by, req.organization):
        raise WorkflowError(f"您无权办理{req.organization}的政府信息公开申请。")


def check_status(req: InformationRequest, allowed: Iterable[str], action: str) -> None:
    """Refuse ``action`` unless the request is in one of the ``allowed`` statuses."""
    if req.status not in set(allowed):
        raise WorkflowError(
            f"申请{req.tracking_number}当前状态为「{req.get_status_display()}」，不能{action}。"
        )


def begin(req, by, allowed: Iterable[str], action: str) -> InformationRequest:
    """The start of every staff step: lock the row, check the actor, check the status."""
    req = lock(req)
    check_actor(req, by)
    check_status(req, allowed, action)
    return req


def check_not_before_receipt(req: InformationRequest, on: datetime.date, what: str) -> None:
    """Refuse a step dated before the request was received."""
    if req.received_on and on < req.received_on:
        raise WorkflowError(f"{what}日期不能早于收到申请日期{req.received_on:%Y-%m-%d}。")


def record_event(
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
    """Write the step's event, and an audit entry naming the request and the step."""
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


def finish(req: InformationRequest, status: str | None = None, **fields) -> InformationRequest:
    """Save the new status and fields, then recompute the due date from the events."""
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


def open_event(req: InformationRequest, kind: str) -> RequestEvent | None:
    """The latest event of ``kind`` that no follow-up event answers yet."""
    return (
        req.events.filter(kind=kind, followups__isnull=True).order_by("-on", "-at", "-pk").first()
    )


def resume_status(req: InformationRequest) -> str:
    """Back to work after a stop: still consulting if another consultation is open."""
    open_consultations = req.events.filter(
        kind__in=[K.THIRD_PARTY_CONSULTED, K.AGENCY_CONSULTED], followups__isnull=True
    )
    if open_consultations.exists():
        return Status.CONSULTATION
    return Status.PROCESSING if req.handler_id else Status.REGISTERED


def display_name(user) -> str:
    """A staff member's name as events record it."""
    return (user.get_full_name() or user.get_username()) if user else ""


def issue_letter(
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
