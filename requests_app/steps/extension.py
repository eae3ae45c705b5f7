"""Extension (Art. 33(2)): once, by at most 20 working days, on the office head's approval.

The clerk requests it (:func:`request_extension`, event 延期申请); it takes effect only
when the head of the agency's disclosure office approves it on their queue
(``steps.approvals.approve``, event 延期 with the head as actor), and only then is the
applicant sent the 延期答复告知书. The letter states the limit in working days and what is
not counted in it; it names a last day only when no pause is open, since a consultation
that ends early would move that day.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from catalog.permissions import can_approve_for
from requests_app import deadlines, notifications
from requests_app.approvals import Approval
from requests_app.letters import LetterKind
from requests_app.limits import EXTENSION_MAX_WORKING_DAYS, REPLY_WORKING_DAYS
from requests_app.models import InformationRequest, RequestEvent, Status
from requests_app.steps import approvals
from requests_app.steps.base import (
    RUNNING,
    K,
    WorkflowError,
    display_name,
    finish,
    issue_letter,
    record_event,
)

STATUSES = frozenset({*RUNNING, Status.CONSULTATION, Status.FEE})

#: Art. 33(3) and 国办函〔2020〕109号: time the letter says is not counted in the limit.
NOT_COUNTED = "征求第三方和其他机关意见所需时间、申请人缴纳信息处理费的时间不计算在上述期限内"


def _check(req: InformationRequest, data: Mapping[str, Any], on: datetime.date) -> None:
    if req.events.filter(kind=K.EXTENDED).exists():
        raise WorkflowError("答复期限只能延长一次（第三十三条）。")
    days = int(data.get("days") or 0)
    if not 1 <= days <= EXTENSION_MAX_WORKING_DAYS:
        raise WorkflowError(
            f"延长的期限最长不超过{EXTENSION_MAX_WORKING_DAYS}个工作日（第三十三条）。"
        )
    if not (data.get("reason") or "").strip():
        raise WorkflowError("请写明延期理由。")
    if req.due_on and on > req.due_on:
        raise WorkflowError(f"答复期限已于{req.due_on:%Y-%m-%d}届满，不能再延期。")


def letter_dates(req: InformationRequest) -> dict[str, Any]:
    """The count the letter states: from which day, how many working days, what is excluded.

    A last day is given only when it cannot move earlier: with no consultation or fee
    still open (their provisional end would move it when they end early).
    """
    computation = deadlines.compute(req)
    restarted = computation.restart is not None
    context = {
        "count_from": computation.start_on,
        "count_from_label": "收到补正后的申请之日" if restarted else "收到申请之日",
        "total_working_days": computation.limit,
        "not_counted": NOT_COUNTED,
    }
    if computation.due_on and not any(stop.provisional for stop in computation.stops):
        context["extended_due_on"] = computation.due_on
    return context


def _apply(
    req: InformationRequest,
    approval: Approval,
    *,
    by,
    on: datetime.date,
    letter_body: str | None = None,
) -> RequestEvent:
    days, reason = int(approval.data["days"]), approval.data["reason"].strip()
    original_due_on = req.due_on
    event = record_event(
        req,
        K.EXTENDED,
        by=by,
        on=on,
        note=reason,
        related=approval.request_event,
        data={
            "days": days,
            "approver": by.pk,
            "approver_name": display_name(by),
            "original_due_on": original_due_on,
            **approvals.requester_data(approval),
        },
    )
    req = finish(req)
    context = {
        "extension_reason": reason,
        "extension_days": days,
        "reply_working_days": REPLY_WORKING_DAYS,
        **letter_dates(req),
    }
    issue_letter(req, event, LetterKind.EXTENSION, context, letter_body)
    notifications.notify_applicant(req, event)
    return event


approvals.register(
    Approval.Kind.EXTENSION,
    approvals.ApprovalKind(
        statuses=STATUSES,
        requested_event=K.EXTENSION_REQUESTED,
        refused_event=K.EXTENSION_REFUSED,
        check=_check,
        apply=_apply,
    ),
)


def request_extension(
    req: InformationRequest,
    *,
    by,
    days: int,
    reason: str,
    on: datetime.date | None = None,
) -> Approval:
    """The clerk asks the head to extend the limit by ``days`` working days (Art. 33(2))."""
    return approvals.request_approval(
        req,
        Approval.Kind.EXTENSION,
        by=by,
        data={"days": int(days), "reason": (reason or "").strip()},
        note=(reason or "").strip(),
        action="申请延期",
        on=on,
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
    """Request and approve an extension in one go, e.g. when importing handled requests.

    Both people act as themselves: ``by`` requests, ``approver`` (who must be the head)
    approves; the log records each.
    """
    if approver is None or not can_approve_for(approver, req.organization):
        raise WorkflowError("延期须经本机关政府信息公开工作机构负责人同意，请选择批准人。")
    approval = request_extension(req, by=by, days=days, reason=reason, on=on)
    approvals.approve(approval, by=approver, on=on, letter_body=letter_body)
    return InformationRequest.objects.get(pk=approval.request_id)
