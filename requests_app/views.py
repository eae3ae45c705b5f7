"""Staff pages of 依申请公开: the per-agency dashboard and the 「期限计算说明」.

Staff only (login + ``can_act_for``); the supervisor sees every agency. Applicants'
names and phone numbers are masked here; the full record is in the admin (logged).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from catalog.models import Organization
from catalog.permissions import can_act_for, can_approve_for, is_supervisor, user_organization
from catalog.workdays import WorkCalendar, missing_schedule_years
from requests_app import deadlines, steps
from requests_app.limits import DUE_SOON_WORKING_DAYS, REPLY_WORKING_DAYS
from requests_app.models import InformationRequest, RequestEvent, Status, SubTask

K = RequestEvent.Kind
OPEN_STOP_KINDS = {
    Status.CLARIFICATION: [K.CLARIFICATION_REQUESTED],
    Status.CONSULTATION: [K.THIRD_PARTY_CONSULTED, K.AGENCY_CONSULTED],
    Status.FEE: [K.FEE_NOTICE],
}


@dataclass
class Row:
    req: InformationRequest
    days_left: int | None
    why: str = ""


def _stop_reason(req: InformationRequest) -> str:
    """Why the clock is stopped: the open 补正, consultation or fee notice, with its deadline."""
    parts = []
    for event in req.events.filter(
        kind__in=OPEN_STOP_KINDS.get(req.status, []), followups__isnull=True
    ):
        label = event.get_kind_display()
        who = event.data.get("party") or event.data.get("agency") or ""
        text = f"{label}（{who}）" if who else label
        if event.deadline:
            text += f"，期限至{event.deadline:%Y-%m-%d}"
        parts.append(text)
    return "；".join(parts) or req.get_status_display()


def _rows(qs, calendar, today, *, why: bool = False) -> list[Row]:
    return [
        Row(
            req,
            req.working_days_left(on=today, calendar=calendar),
            _stop_reason(req) if why else "",
        )
        for req in qs.select_related("organization", "handler")
    ]


def _staff_scope(request) -> tuple[list[Organization], bool]:
    if not request.user.is_staff:
        raise PermissionDenied("仅限信息公开工作人员访问。")
    if is_supervisor(request.user):
        return list(Organization.objects.active()), True
    own = user_organization(request.user)
    if own is None:
        raise PermissionDenied("您的账号未关联机关。")
    return [own], False


def _pending_approvals(user) -> int | None:
    """How many approvals wait for ``user``; None for staff who approve nothing."""
    if not (user.is_superuser or can_approve_for(user, user_organization(user))):
        return None
    return steps.pending_for(user).count()


def _asked_subtasks(user, supervisor: bool) -> int:
    """How many 协查 other agencies put to the user's agency wait for its answer."""
    organization = None if supervisor else user_organization(user)
    if organization is None and not supervisor:
        return 0
    return SubTask.objects.asked_of(organization).open().count()


@login_required
def dashboard(request):
    """新收、5个工作日内到期、已超期、期限暂停、本月办结 for the staff member's agency."""
    organizations, supervisor = _staff_scope(request)
    selected = None
    slug = request.GET.get("org")
    if supervisor and slug:
        selected = get_object_or_404(Organization, slug=slug)
        scope = [selected]
    else:
        scope = organizations
    base = InformationRequest.objects.filter(organization__in=scope)
    calendar, today = WorkCalendar(), timezone.localdate()
    sections = [
        (
            "new",
            "新收申请（待登记、待分办）",
            _rows(base.filter(status__in=[Status.PENDING, Status.REGISTERED]), calendar, today),
        ),
        (
            "soon",
            f"{DUE_SOON_WORKING_DAYS}个工作日内到期",
            _rows(
                base.due_within(DUE_SOON_WORKING_DAYS, on=today).order_by("due_on"), calendar, today
            ),
        ),
        ("overdue", "已超期", _rows(base.overdue(on=today).order_by("due_on"), calendar, today)),
        ("stopped", "期限暂停", _rows(base.stopped(), calendar, today, why=True)),
        (
            "closed",
            "本月办结",
            _rows(base.closed_in(today).order_by("-closed_on"), calendar, today),
        ),
    ]
    counts = None
    if supervisor and selected is None:
        # One grouped query for every agency (a province has hundreds).
        per_org = base.counts_by_organization(on=today)
        counts = [
            {
                "organization": org,
                "open": per_org.get(org.pk, {}).get("open", 0),
                "overdue": per_org.get(org.pk, {}).get("overdue", 0),
            }
            for org in organizations
        ]
    return render(
        request,
        "requests_app/staff/dashboard.html",
        {
            "sections": sections,
            "organizations": organizations,
            "selected": selected,
            "supervisor": supervisor,
            "counts": counts,
            "today": today,
            "missing_years": missing_schedule_years(today),
            "pending_approvals": _pending_approvals(request.user),
            "asked_subtasks": _asked_subtasks(request.user, supervisor),
        },
    )


@login_required
def due_explanation(request, tracking_number: str):
    """「期限计算说明」: every day of the count, every stop, any restart, the result."""
    req = get_object_or_404(
        InformationRequest.objects.select_related("organization"), tracking_number=tracking_number
    )
    if not request.user.is_staff or not can_act_for(request.user, req.organization):
        raise PermissionDenied("您无权查看该申请。")
    explanation = deadlines.explain(req)
    return render(
        request,
        "requests_app/staff/due_explanation.html",
        {
            "req": req,
            "x": explanation,
            "reply_working_days": REPLY_WORKING_DAYS,
            "events": req.events.select_related("actor"),
        },
    )
