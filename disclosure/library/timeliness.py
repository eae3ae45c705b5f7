"""Publishing timeliness: 政策解读 due after their documents, and catalog nodes behind
their update rule. Every date here is computed with ``catalog.workdays``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from catalog.models import Category, Organization
from catalog.workdays import WorkCalendar
from disclosure.library import catalog_items
from disclosure.library.models import Document, Interpretation

# Domain notes §6: a 政策解读 is published with its document or within 3 working days after
# the document's 发布日期 — the common provincial rule behind the seed plans, which put
# interpretation into the document's own procedure (聊城市2025年政务公开工作要点:
# 「把政策解读融入政策文件审核签发工作流程，坚持政策解读与政策制定同部署、同推进」).
INTERPRETATION_WORKING_DAYS = 3


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
    date, its first published interpretation and how many working days that came late
    (or, lacking one, how many have passed since the due date). Three queries."""
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
