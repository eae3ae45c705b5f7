"""The 「工作台」 block of the admin home: every staff page with its count.

Lives in ``disclosure.column`` because it is the lowest app above everything it counts
(library, decisions, reports, engagement, mailbox, requests_app); ``config`` does not
import it: the column's ``AppConfig.ready`` hands ``entries`` to the admin site
(``PortalAdminSite.workbench``).

Scope: the staff member's agency; the supervising office sees every active agency. The
number of queries does not grow with the number of items or agencies (each source below
counts in one to three queries, the working-day calendar is read once).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from catalog.models import Organization
from catalog.permissions import can_approve_for, is_supervisor, user_organization
from catalog.workdays import WorkCalendar
from disclosure.decisions import consultations
from disclosure.decisions.models import Consultation
from disclosure.engagement.models import Question, QuestionStatus
from disclosure.library import concerns, timeliness
from disclosure.library.models import Concern, Document, Interpretation
from disclosure.mailbox.figures import alarm_letters
from disclosure.mailbox.models import ErrorReport, Letter
from disclosure.publishing.models import PublicationStatus
from disclosure.reports.services import due_notices
from requests_app import steps
from requests_app.models import OPEN_STATUSES, InformationRequest, Status


@dataclass
class Entry:
    """One line of the block: a staff page and how many items wait there."""

    label: str
    url: str
    count: int
    children: list[Entry] = field(default_factory=list)


def _scope(user) -> list[Organization]:
    if is_supervisor(user):
        return list(Organization.objects.active())
    own = user_organization(user)
    return [own] if own is not None else []


def _review_entries(user, scope: list[Organization]) -> list[Entry]:
    """待审核: one admin change list, filtered by status, per kind the user may view."""
    kinds = [
        ("政策文件", Document, "library.view_document"),
        ("政策解读", Interpretation, "library.view_interpretation"),
        ("回应关切", Concern, "library.view_concern"),
        ("意见征集", Consultation, "decisions.view_consultation"),
    ]
    entries = []
    for label, model, perm in kinds:
        if not user.has_perm(perm):
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        count = model._default_manager.filter(
            status=PublicationStatus.REVIEW, organization__in=scope
        ).count()
        entries.append(Entry(label, f"{url}?status__exact={PublicationStatus.REVIEW}", count))
    return entries


def entries(user, today: datetime.date | None = None) -> list[Entry]:
    """The block's lines for ``user`` (empty for accounts without an agency)."""
    if not (user.is_authenticated and user.is_staff):
        return []
    scope = _scope(user)
    if not scope:
        return []
    today = today or timezone.localdate()
    calendar = WorkCalendar()
    rows: list[Entry] = []

    review = _review_entries(user, scope)
    if review:
        rows.append(Entry("待审核", review[0].url, sum(e.count for e in review), review))

    rows.append(
        Entry(
            "逾期更新栏目",
            reverse("disclosure:catalog-updates"),
            len(timeliness.stale_nodes(scope, today, calendar)),
        )
    )
    rows.append(
        Entry(
            "解读超期",
            reverse("disclosure:interpretation-timeliness"),
            sum(
                1 for r in timeliness.interpretation_status(scope, today, calendar) if r.is_missing
            ),
        )
    )
    rows.append(
        Entry(
            "待跟进解读或评估",
            reverse("disclosure:interpretation-timeliness"),
            len(timeliness.follow_ups_due(scope, today)),
        )
    )
    if user.has_perm("library.view_concern"):
        rows.append(
            Entry(
                "回应关切超时",
                reverse("disclosure:concern-staff"),
                sum(1 for r in concerns.staff_rows(scope, calendar=calendar) if r.is_late),
            )
        )
    if user.has_perm("decisions.view_consultation"):
        rows.append(
            Entry(
                "意见采纳情况反馈待发布",
                reverse("disclosure:consultation-feedback-due"),
                len(consultations.feedback_due_rows(scope, consultations.beijing_date(), calendar)),
            )
        )

    if user.has_perm("mailbox.view_letter"):
        letters = Entry(
            "网上留言待办",
            reverse("disclosure:mailbox-staff"),
            Letter.objects.unanswered().filter(organization__in=scope).count(),
        )
        letters.children.append(
            Entry(
                "超过60天未答复",
                reverse("disclosure:mailbox-staff-alarm"),
                alarm_letters(scope, today).count(),
            )
        )
        rows.append(letters)
    if user.has_perm("mailbox.view_errorreport"):
        rows.append(
            Entry(
                "网站找错待处理",
                reverse("disclosure:mailbox-error-reports"),
                ErrorReport.objects.open().filter(organization__in=scope).count(),
            )
        )
    if user.has_perm("engagement.view_question"):
        questions = reverse("admin:engagement_question_changelist")
        rows.append(
            Entry(
                "访谈提问待审核",
                f"{questions}?status__exact={QuestionStatus.PENDING}",
                Question.objects.filter(
                    status=QuestionStatus.PENDING, interview__organization__in=scope
                ).count(),
            )
        )

    requests_entry = Entry(
        "申请待办",
        reverse("requests_app:staff-dashboard"),
        # Registered and not yet answered, and those still waiting to be registered (the
        # dashboard's 新收申请 shows both).
        InformationRequest.objects.filter(
            organization__in=scope, status__in=OPEN_STATUSES | {Status.PENDING}
        ).count(),
    )
    if user.is_superuser or can_approve_for(user, user_organization(user)):
        requests_entry.children.append(
            Entry("待审批", reverse("requests_app:approvals"), steps.pending_for(user).count())
        )
    rows.append(requests_entry)

    rows.append(
        Entry("年报", reverse("disclosure:report-staff-list"), len(due_notices(user, today)))
    )
    return rows
