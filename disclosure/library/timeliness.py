"""Publishing timeliness: 政策解读 due after their documents, and catalog nodes behind
their update rule. Every date here is computed with ``catalog.workdays``.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q

from catalog.models import Category, Organization
from catalog.workdays import WorkCalendar
from disclosure.library import catalog_items
from disclosure.library.models import Document, Interpretation, InterpretationStage
from disclosure.library.models.interpretation import FOLLOW_UP_STAGES

# Domain notes §6: a 政策解读 is published with its document or within 3 working days after
# the document's 发布日期 — the common provincial rule behind the seed plans, which put
# interpretation into the document's own procedure (聊城市2025年政务公开工作要点:
# 「把政策解读融入政策文件审核签发工作流程，坚持政策解读与政策制定同部署、同推进」).
INTERPRETATION_WORKING_DAYS = 3
# The rule concerns the interpretation published with the document (发布解读) only: a draft-
# stage explanation comes before it, a 二次解读 or an evaluation long after, on purpose.
TIMED_STAGE = InterpretationStage.PUBLICATION


def is_timed(interpretation: Interpretation) -> bool:
    """Whether the 3-working-day rule applies to this interpretation (its stage)."""
    return interpretation.stage == TIMED_STAGE


def interpretation_due_on(
    document_published_on: datetime.date, calendar: WorkCalendar | None = None
) -> datetime.date:
    """The last day an interpretation of a document published that day is on time."""
    calendar = calendar or WorkCalendar()
    return calendar.add_working_days(document_published_on, INTERPRETATION_WORKING_DAYS)


@dataclass
class InterpretationDue:
    """One document that needs an interpretation, and how its interpretation stands."""

    document: Document
    due_on: datetime.date
    first: Interpretation | None  # its earliest published interpretation
    working_days_late: int  # 0 when on time or not yet due

    @property
    def is_late(self) -> bool:
        return self.first is not None and self.working_days_late > 0

    @property
    def is_missing(self) -> bool:
        return self.first is None and self.working_days_late > 0

    @property
    def is_pending(self) -> bool:
        return self.first is None and self.working_days_late == 0


def interpretation_status(
    organizations: Iterable[Organization],
    today: datetime.date,
    calendar: WorkCalendar | None = None,
) -> list[InterpretationDue]:
    """Every public document of these agencies that needs an interpretation, with its due
    date, its first published 发布解读 (other stages do not count) and how many working days
    that came late (or, lacking one, how many have passed since the due date). Three
    queries."""
    calendar = calendar or WorkCalendar()
    documents = (
        Document.objects.public()
        .needing_interpretation()
        .filter(organization__in=list(organizations))
        .select_related("organization", "genre")
        .prefetch_related(
            Prefetch(
                "interpretations",
                queryset=Interpretation.objects.published()
                .filter(stage=TIMED_STAGE)
                .order_by("published_on", "pk")
                .only("pk", "title", "published_on", "form", "organization_id"),
                to_attr="published_interpretations",
            )
        )
        .only(
            "pk",
            "title",
            "doc_number",
            "published_on",
            "organization",
            "genre",
            "needs_interpretation",
        )
        .order_by("published_on", "pk")
    )
    rows = []
    for document in documents:
        due = interpretation_due_on(document.published_on, calendar)
        first = (document.published_interpretations or [None])[0]
        until = first.published_on if first else today
        late = calendar.working_days_between(due, until) if until > due else 0
        rows.append(InterpretationDue(document, due, first, late))
    return rows


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the month's last day when it has no such day
    (29 February 2024 + 12 months = 28 February 2025)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, month_calendar.monthrange(year, month)[1])
    )


def follow_up_months() -> int:
    return int(settings.INTERPRETATION_FOLLOW_UP_MONTHS)


def follow_up_due_on(in_force_since: datetime.date, months: int | None = None) -> datetime.date:
    """The day a policy in force since ``in_force_since`` is due its follow-up."""
    return add_months(in_force_since, follow_up_months() if months is None else months)


@dataclass
class FollowUpDue:
    """A policy in force past the follow-up time without a 二次解读, 阶段性解读 or evaluation."""

    document: Document
    in_force_since: datetime.date
    due_on: datetime.date


def follow_ups_due(
    organizations: Iterable[Organization], today: datetime.date, months: int | None = None
) -> list[FollowUpDue]:
    """Documents to follow up (genres in ``INTERPRETATION_FOLLOW_UP_GENRES`` or marked
    重大政策), in force today, in force for ``months`` (``INTERPRETATION_FOLLOW_UP_MONTHS``)
    or longer, with no published interpretation of a follow-up stage. One query."""
    months = follow_up_months() if months is None else months
    follow_up = Interpretation.objects.published().filter(
        stage__in=FOLLOW_UP_STAGES, documents=OuterRef("pk")
    )
    documents = (
        Document.objects.public()
        .in_force(today)
        .filter(organization__in=list(organizations))
        .filter(Q(major_policy=True) | Q(genre__name__in=settings.INTERPRETATION_FOLLOW_UP_GENRES))
        .exclude(Exists(follow_up))
        .select_related("organization", "genre")
        .only(
            "pk",
            "title",
            "doc_number",
            "published_on",
            "effective_on",
            "written_on",
            "major_policy",
            "organization",
            "genre",
        )
    )
    rows = []
    for document in documents:
        since = document.starts_on
        due = follow_up_due_on(since, months)
        if due <= today:
            rows.append(FollowUpDue(document, since, due))
    rows.sort(key=lambda r: (r.due_on, r.document.pk))
    return rows


@dataclass
class NodeUpdate:
    """A catalog node with an update rule, for one agency."""

    organization: Organization
    node: Category
    last_update: datetime.date | None  # newest public item under it (with sub-nodes)
    due_on: datetime.date | None  # when new information was due by the rule

    @property
    def never_updated(self) -> bool:
        return self.last_update is None


def stale_nodes(
    organizations: Iterable[Organization],
    today: datetime.date,
    calendar: WorkCalendar | None = None,
) -> list[NodeUpdate]:
    """Nodes whose newest item is older than their update rule allows, per agency.

    A node counts the items of its sub-nodes too. A node with a rule and nothing published
    under it is listed as never updated. Two queries plus the calendar's.
    """
    calendar = calendar or WorkCalendar()
    organizations = list(organizations)
    all_nodes = list(Category.objects.all())
    latest = catalog_items.latest_by_category(organizations)
    stale = []
    for organization in organizations:
        scopes = organization.catalog_scopes()
        nodes = [
            n
            for n in all_nodes
            if n.organization_id == organization.pk
            or (n.organization_id is None and n.scope in scopes)
        ]
        for node in nodes:
            if not node.update_rule:
                continue
            dates = [
                latest[(organization.pk, pk)]
                for pk in catalog_items.descendant_ids(nodes, node.pk)
                if (organization.pk, pk) in latest
            ]
            last = max(dates) if dates else None
            due = node.update_due_after(last, calendar) if last else None
            if last is None or due < today:
                stale.append(NodeUpdate(organization, node, last, due))
    return stale
