"""The approval queue of the head of an agency's disclosure office (/ysqgk/staff/approvals/).

Lists the agency's pending approvals (a clerk's 延期申请 and any other step reserved to the
head) with an approve and a refuse-with-reasons form each; the decision is taken by
``steps.approve`` / ``steps.refuse``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from catalog.permissions import can_approve_for, user_organization
from requests_app import steps
from requests_app.approvals import Approval
from requests_app.forms.approvals import RefuseForm

RECENT = 20


def _queue(request):
    user = request.user
    if not user.is_staff:
        raise PermissionDenied("仅限信息公开工作人员访问。")
    if not (user.is_superuser or can_approve_for(user, user_organization(user))):
        raise PermissionDenied("仅本机关政府信息公开工作机构负责人可以审批。")
    return Approval.objects.for_approver(user)


def _page(request, *, refuse_forms=None, status=200):
    queue = _queue(request)
    pending = list(steps.pending_for(request.user))
    forms = refuse_forms or {}
    rows = [
        (approval, forms.get(approval.pk) or RefuseForm(prefix=f"a{approval.pk}"))
        for approval in pending
    ]
    decided = (
        queue.decided()
        .select_related("request", "requested_by", "decided_by", "decision_event")
        .order_by("-decided_at")[:RECENT]
    )
    return render(
        request,
        "requests_app/staff/approvals.html",
        {"rows": rows, "decided": decided},
        status=status,
    )


@login_required
def queue(request):
    """待审批事项 of the agencies the user heads the disclosure office of."""
    _queue(request)
    return _page(request)


def _approval(request, pk: int) -> Approval:
    return get_object_or_404(_queue(request), pk=pk)


@login_required
@require_POST
def approve(request, pk: int):
    approval = _approval(request, pk)
    try:
        steps.approve(approval, by=request.user)
    except steps.WorkflowError as exc:
        messages.error(request, f"{approval.request.tracking_number}：{exc}")
    else:
        messages.success(
            request,
            f"{approval.request.tracking_number}：已同意{approval.get_kind_display()}，"
            "告知书已发出。",
        )
    return redirect("requests_app:approvals")


@login_required
@require_POST
def refuse(request, pk: int):
    approval = _approval(request, pk)
    form = RefuseForm(request.POST, prefix=f"a{approval.pk}")
    if form.is_valid():
        try:
            steps.refuse(approval, by=request.user, reason=form.cleaned_data["reason"])
        except steps.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"{approval.request.tracking_number}：已不同意{approval.get_kind_display()}。",
            )
            return redirect("requests_app:approvals")
    return _page(request, refuse_forms={approval.pk: form}, status=400)
