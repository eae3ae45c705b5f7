"""Receipt: the application arrives, is registered and given to a handler.

Art. 29 (what an application holds, online or in writing), Art. 31 (the date of receipt
by channel, confirmed by a 登记回执 where the application was not handed in) and the
Art. 33 limit that runs from it; the applicant's supporting file kept with the request.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.permissions import can_act_for
from requests_app import flags, notices, notifications
from requests_app.letters import LetterKind
from requests_app.models import OPEN_STATUSES, InformationRequest, RequestAttachment, Status
from requests_app.steps.base import (
    K,
    WorkflowError,
    begin,
    display_name,
    finish,
    issue_letter,
    on_or_today,
    record_event,
)


def submit_online(
    organization, *, idempotency_key: str, on: datetime.date | None = None, **fields
) -> InformationRequest:
    """Create a 待登记 request from the online form; the same key returns the same request.

    ``on``: the day of submission (default today; earlier only for imported applications).
    """
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
            record_event(req, K.SUBMITTED, by=None, on=on_or_today(on))
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
    req = begin(req, by, {Status.PENDING}, "登记")
    received_on = on_or_today(received_on)
    if received_on > timezone.localdate():
        raise WorkflowError("收到申请日期不能晚于今天。")
    submitted = req.events.filter(kind=K.SUBMITTED).order_by("on").first()
    if submitted is not None and received_on < submitted.on:
        # Art. 31: an online application is received when both sides confirm it, which
        # cannot be before the applicant submitted it.
        raise WorkflowError(
            f"收到申请日期不能早于网上提交日期{submitted.on:%Y-%m-%d}（第三十一条）。"
        )
    event = record_event(req, K.REGISTERED, by=by, on=received_on, note=note)
    req = finish(req, Status.REGISTERED, received_on=received_on)
    if req.channel in notices.RECEIPT_CHANNELS:
        context = {"channel": req.get_channel_display(), "due_on": req.due_on}
        issue_letter(req, event, LetterKind.RECEIPT, context, letter_body)
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
    req = begin(req, by, OPEN_STATUSES, "分办")
    for user, role in ((handler, "承办人"), (backup, "备岗承办人")):
        if user is not None and not can_act_for(user, req.organization):
            raise WorkflowError(f"{role}{display_name(user)}不是{req.organization}的工作人员。")
    if backup is not None and backup.pk == handler.pk:
        raise WorkflowError("备岗承办人不能与承办人相同。")
    record_event(
        req,
        K.ASSIGNED,
        by=by,
        on=on_or_today(on),
        data={"handler": display_name(handler), "backup": display_name(backup)},
        visible=False,
    )
    status = Status.PROCESSING if req.status == Status.REGISTERED else None
    return finish(req, status, handler=handler, backup_handler=backup)


def attach_supporting_file(req: InformationRequest, upload) -> None:
    """Keep the applicant's optional supporting file with the application (not public)."""
    RequestAttachment.objects.create(
        request=req,
        kind=RequestAttachment.Kind.SUPPORTING,
        title="申请人提交的证明材料",
        file=upload,
        visible_to_applicant=False,
    )
