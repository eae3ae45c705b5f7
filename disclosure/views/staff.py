"""Staff pages: publishing timeliness (政策解读 due or late, catalog nodes not updated,
意见采纳情况反馈 not yet published) and the Art. 44 page turning similar requests into a
draft document.

Staff only (login + ``can_act_for``): staff see their own agency, the supervisor every
agency or one chosen with ``?org=``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from catalog.models import Organization
from catalog.permissions import can_act_for, is_supervisor, user_organization
from catalog.workdays import WorkCalendar, missing_schedule_years
from disclosure import consultations, proactive, timeliness


def _scope(request) -> tuple[list[Organization], Organization | None, bool]:
    """(agencies shown, the one chosen or None, whether the user is the supervisor)."""
    user = request.user
    if not user.is_staff:
        raise PermissionDenied("仅限信息公开工作人员访问。")
    supervisor = is_supervisor(user)
    slug = (request.GET.get("org") or "").strip()
    if slug:
        chosen = get_object_or_404(Organization, slug=slug)
        if not can_act_for(user, chosen):
            raise PermissionDenied("您无权查看该机关。")
        return [chosen], chosen, supervisor
    if supervisor:
        return list(Organization.objects.active()), None, True
    own = user_organization(user)
    if own is None:
        raise PermissionDenied("您的账号未关联机关。")
    return [own], own, False


def _context(scope, chosen, supervisor, today) -> dict:
    return {
        "organizations": list(Organization.objects.active()) if supervisor else scope,
        "selected": chosen,
        "supervisor": supervisor,
        "today": today,
        "missing_years": missing_schedule_years(today),
    }


@never_cache
@login_required
def interpretation_timeliness(request):
    """Documents past the limit without an interpretation, and interpretations published late."""
    scope, chosen, supervisor = _scope(request)
    today = timezone.localdate()
    rows = timeliness.interpretation_status(scope, today, WorkCalendar())
    return render(
        request,
        "disclosure/staff/interpretation_timeliness.html",
        {
            **_context(scope, chosen, supervisor, today),
            "missing": [r for r in rows if r.is_missing],
            "late": [r for r in rows if r.is_late],
            "pending": [r for r in rows if r.is_pending],
            "working_days": timeliness.INTERPRETATION_WORKING_DAYS,
        },
    )


@never_cache
@login_required
def catalog_updates(request):
    """Catalog nodes whose newest item is older than their update rule allows."""
    scope, chosen, supervisor = _scope(request)
    today = timezone.localdate()
    return render(
        request,
        "disclosure/staff/catalog_updates.html",
        {
            **_context(scope, chosen, supervisor, today),
            "rows": timeliness.stale_nodes(scope, today, WorkCalendar()),
        },
    )


@never_cache
@login_required
def document_from_requests(request, tracking: str):
    """Art. 44: show a group of similar requests and turn it into a draft document."""
    from requests_app.models import InformationRequest

    req = get_object_or_404(
        InformationRequest.objects.select_related("organization"), tracking_number=tracking
    )
    if not request.user.has_perm("disclosure.add_document") or not can_act_for(
        request.user, req.organization
    ):
        raise PermissionDenied("您无权办理该机关的申请。")
    group = proactive.group_of(req)
    error = None
    if request.method == "POST":
        try:
            document, created = proactive.draft_from_requests(req, by=request.user)
        except proactive.ProposalError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                "已生成主动公开草稿，请完善后提交审核。"
                if created
                else "该组申请已有主动公开草稿，已为您打开。",
            )
            return redirect("admin:disclosure_document_change", document.pk)
    return render(
        request,
        "disclosure/staff/document_from_requests.html",
        {
            "req": req,
            "group": group,
            "existing": proactive.existing_draft(group),
            "error": error,
            "min_applicants": proactive.ART44_MIN_APPLICANTS,
        },
        status=400 if error else 200,
    )


@never_cache
@login_required
def consultation_feedback_due(request):
    """Finished consultations without a published 意见采纳情况反馈: overdue, then pending."""
    if not request.user.has_perm("disclosure.view_consultation"):
        raise PermissionDenied("您没有查看意见征集的权限。")
    scope, chosen, supervisor = _scope(request)
    today = consultations.beijing_date()
    rows = consultations.feedback_due_rows(scope, today, WorkCalendar())
    return render(
        request,
        "disclosure/staff/consultation_feedback_due.html",
        {
            **_context(scope, chosen, supervisor, today),
            "overdue": [r for r in rows if r.is_overdue],
            "pending": [r for r in rows if not r.is_overdue],
            "working_days": consultations.feedback_working_days(),
        },
    )
