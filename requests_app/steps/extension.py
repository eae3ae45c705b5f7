"""Extension (Art. 33(2)): once, by at most 20 working days, on the office head's approval.

The head of the agency's disclosure office approves (``catalog.permissions``); the
applicant is told the new date in a 延期答复告知书.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from catalog.permissions import can_approve_for
from requests_app import notifications
from requests_app.letters import LetterKind
from requests_app.limits import EXTENSION_MAX_WORKING_DAYS
from requests_app.models import InformationRequest, Status
from requests_app.steps.base import (
    RUNNING,
    K,
    WorkflowError,
    begin,
    display_name,
    finish,
    issue_letter,
    on_or_today,
    record_event,
)


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
    req = begin(req, by, {*RUNNING, Status.CONSULTATION, Status.FEE}, "延期")
    on = on_or_today(on)
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
    event = record_event(
        req,
        K.EXTENDED,
        by=by,
        on=on,
        note=reason.strip(),
        data={
            "days": int(days),
            "approver": approver.pk,
            "approver_name": display_name(approver),
            "original_due_on": original_due_on,
        },
    )
    req = finish(req)
    context = {
        "extension_reason": reason.strip(),
        "extension_days": int(days),
        "original_due_on": original_due_on,
        "extended_due_on": req.due_on,
    }
    issue_letter(req, event, LetterKind.EXTENSION, context, letter_body)
    notifications.notify_applicant(req, event)
    return req
