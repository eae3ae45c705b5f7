"""Steps reserved to the head of the disclosure office: requested by a clerk, then decided.

:func:`request_approval` records the clerk's request (an event of the kind's own, e.g.
延期申请) and a pending :class:`~requests_app.approvals.Approval`; nothing else changes.
:func:`approve` lets the head (``catalog.permissions.can_approve_for``) carry the step out:
the kind's ``apply`` writes its event with the head as actor and issues its letter.
:func:`refuse` records the head's reasons. The requester, the head and both times are in
the request's event log.

Each kind registers what it does with :func:`register` (``steps.extension`` registers the
extension of Art. 33(2)); an agency's rule reserving another step to the head is one more
:class:`ApprovalKind`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from catalog.permissions import can_approve_for
from requests_app.approvals import Approval
from requests_app.models import InformationRequest, RequestEvent
from requests_app.steps.base import (
    WorkflowError,
    begin,
    display_name,
    lock,
    on_or_today,
    record_event,
)


@dataclass(frozen=True)
class ApprovalKind:
    """What one kind of approval does.

    ``check(req, data, on)`` refuses (``WorkflowError``) what could not be approved;
    ``apply(req, approval, by, on, letter_body)`` carries the step out on approval and
    returns the event it wrote (the head its actor).
    """

    statuses: frozenset[str]
    requested_event: str
    refused_event: str
    check: Callable[[InformationRequest, Mapping[str, Any], datetime.date], None]
    apply: Callable[..., RequestEvent]


_KINDS: dict[str, ApprovalKind] = {}


def register(kind: str, spec: ApprovalKind) -> None:
    _KINDS[Approval.Kind(kind)] = spec


def kind_spec(kind: str) -> ApprovalKind:
    return _KINDS[Approval.Kind(kind)]


def requester_data(approval: Approval) -> dict[str, Any]:
    """Who asked and when, as the decision's event records it."""
    return {
        "approval": approval.pk,
        "requested_by": approval.requested_by_id,
        "requested_by_name": display_name(approval.requested_by),
        "requested_at": timezone.localtime(approval.requested_at).isoformat(timespec="minutes"),
    }


@transaction.atomic
def request_approval(
    req: InformationRequest,
    kind: str,
    *,
    by,
    data: Mapping[str, Any],
    note: str,
    action: str,
    on: datetime.date | None = None,
) -> Approval:
    """Ask the head to approve step ``kind`` with ``data``; nothing takes effect yet."""
    spec = kind_spec(kind)
    req = begin(req, by, spec.statuses, action)
    on = on_or_today(on)
    if req.approvals.pending().filter(kind=kind).exists():
        raise WorkflowError(f"该申请已有待审批的{Approval.Kind(kind).label}事项。")
    spec.check(req, data, on)
    event = record_event(
        req, spec.requested_event, by=by, on=on, note=note, data=dict(data), visible=False
    )
    return Approval.objects.create(
        request=req,
        kind=kind,
        data={**data, "on": on},
        requested_by=by,
        requested_at=event.at,
        request_event=event,
    )


def _lock_pending(approval: Approval | int, by) -> tuple[Approval, InformationRequest]:
    pk = approval.pk if isinstance(approval, Approval) else approval
    approval = Approval.objects.select_for_update().select_related("requested_by").get(pk=pk)
    req = lock(approval.request_id)
    if not can_approve_for(by, req.organization):
        raise WorkflowError("只有本机关政府信息公开工作机构负责人可以审批。")
    if not approval.is_pending:
        raise WorkflowError(f"该事项已审批（{approval.get_decision_display()}）。")
    return approval, req


def _decide(approval: Approval, by, decision: str, reason: str, event) -> Approval:
    approval.decision, approval.reason = decision, reason
    approval.decided_by, approval.decided_at = by, event.at
    approval.decision_event = event
    approval.save(
        update_fields=["decision", "reason", "decided_by", "decided_at", "decision_event"]
    )
    return approval


@transaction.atomic
def approve(
    approval: Approval | int,
    *,
    by,
    on: datetime.date | None = None,
    letter_body: str | None = None,
) -> Approval:
    """The head approves: the step takes effect today (or ``on``), its letter is issued."""
    approval, req = _lock_pending(approval, by)
    spec = kind_spec(approval.kind)
    begin(req, by, spec.statuses, f"审批{approval.get_kind_display()}")
    on = on_or_today(on)
    spec.check(req, approval.data, on)
    event = spec.apply(req, approval, by=by, on=on, letter_body=letter_body)
    return _decide(approval, by, Approval.Decision.APPROVED, "", event)


@transaction.atomic
def refuse(
    approval: Approval | int, *, by, reason: str, on: datetime.date | None = None
) -> Approval:
    """The head refuses, saying why; the request goes on without the step."""
    approval, req = _lock_pending(approval, by)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("不同意的，请写明理由。")
    spec = kind_spec(approval.kind)
    event = record_event(
        req,
        spec.refused_event,
        by=by,
        on=on_or_today(on),
        note=reason,
        data=requester_data(approval),
        related=approval.request_event,
        visible=False,
    )
    return _decide(approval, by, Approval.Decision.REFUSED, reason, event)


def pending_for(user, statuses: Iterable[str] | None = None):
    """The approvals waiting for ``user``'s decision, oldest first."""
    qs = Approval.objects.for_approver(user).pending()
    if statuses is not None:
        qs = qs.filter(request__status__in=list(statuses))
    return qs.select_related("request__organization", "requested_by").order_by("requested_at")
