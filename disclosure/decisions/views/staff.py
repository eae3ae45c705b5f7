"""Staff page: consultations whose 意见采纳情况反馈 is due or late."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from catalog.workdays import WorkCalendar
from disclosure.decisions import consultations
from disclosure.publishing.pages import staff_context, staff_scope


@never_cache
@login_required
def consultation_feedback_due(request):
    """Finished consultations without a published 意见采纳情况反馈: overdue, then pending."""
    if not request.user.has_perm("decisions.view_consultation"):
        raise PermissionDenied("您没有查看意见征集的权限。")
    scope, chosen, supervisor = staff_scope(request)
    today = consultations.beijing_date()
    rows = consultations.feedback_due_rows(scope, today, WorkCalendar())
    return render(
        request,
        "disclosure/staff/consultation_feedback_due.html",
        {
            **staff_context(scope, chosen, supervisor, today),
            "overdue": [r for r in rows if r.is_overdue],
            "pending": [r for r in rows if not r.is_overdue],
            "working_days": consultations.feedback_working_days(),
        },
    )
