"""Staff pages: 政策解读 due or late, and the Art. 44 page turning similar requests into a
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

from catalog.permissions import can_act_for
from catalog.workdays import WorkCalendar
from disclosure.library import proactive, timeliness
from disclosure.publishing.pages import staff_context, staff_scope
from requests_app.models import InformationRequest


@never_cache
@login_required
def interpretation_timeliness(request):
    """Documents past the limit without a 发布解读, 发布解读 published late, and policies in
    force past the follow-up time without a 二次解读, 阶段性解读 or evaluation."""
    scope, chosen, supervisor = staff_scope(request)
    today = timezone.localdate()
    rows = timeliness.interpretation_status(scope, today, WorkCalendar())
    return render(
        request,
        "disclosure/staff/interpretation_timeliness.html",
        {
            **staff_context(scope, chosen, supervisor, today),
            "missing": [r for r in rows if r.is_missing],
            "late": [r for r in rows if r.is_late],
            "pending": [r for r in rows if r.is_pending],
            "working_days": timeliness.INTERPRETATION_WORKING_DAYS,
            "follow_ups": timeliness.follow_ups_due(scope, today),
            "follow_up_months": timeliness.follow_up_months(),
        },
    )


@never_cache
@login_required
def document_from_requests(request, tracking: str):
    """Art. 44: show a group of similar requests and turn it into a draft document."""
    req = get_object_or_404(
        InformationRequest.objects.select_related("organization"), tracking_number=tracking
    )
    if not request.user.has_perm("library.add_document") or not can_act_for(
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
            return redirect("admin:library_document_change", document.pk)
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
