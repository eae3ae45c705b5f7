"""The request figures of the annual report and of the public performance page.

Pure functions of (agency or agencies, year) over the request records; nothing here is
stored. Which row and column a request is counted in comes from
:mod:`requests_app.outcomes` (the rows of table 三 and the applicant columns); the dates
are the request's own: ``received_on`` (Art. 31's receipt date), ``closed_on`` (the day
of the reply or of the closure for no 补正 / no payment) and ``outcome`` (its final
outcome), all written by :mod:`requests_app.steps`. A request not yet registered has
no receipt date and is not counted anywhere.

Table 三 (国办公开办函〔2021〕30号), for a year Y:

- 一 本年新收: received in Y;
- 二 上年结转: received before Y and not closed before Y;
- 三 本年度办理结果: closed in Y, under its final outcome (once);
- 四 结转下年度继续办理: received in or before Y and not closed by 31 December of Y.

So 一 + 二 = 三（七） + 四 holds by construction for records the workflow wrote. The
totals (the 总计 column and row （七）) are counted from all the records, not summed
from the known rows and columns, so a request with an outcome or applicant type the
table does not know makes the arithmetic checks fail instead of vanishing.

Table 四: the 行政复议 and 行政诉讼 cases filed in Y, by result as of 31 December of Y
(a case concluded later is 尚未审结 in Y's report).
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import ExtractMonth

from catalog.models import Organization
from catalog.workdays import WorkCalendar
from requests_app.models import (
    CLOCK_STOPPING_KINDS,
    FeeNotice,
    InformationRequest,
    RequestEvent,
    ReviewCase,
)
from requests_app.outcomes import (
    HEADINGS,
    TERMINATION_OUTCOMES,
    ApplicantCategory,
    ApplicantType,
    Outcome,
    row,
)

CATEGORIES: tuple[str, ...] = tuple(ApplicantCategory.values)
OUTCOMES: tuple[str, ...] = tuple(Outcome.values)
REVIEW_KINDS: tuple[str, ...] = tuple(ReviewCase.Kind.values)
REVIEW_RESULTS: tuple[str, ...] = tuple(ReviewCase.Result.values)

K = RequestEvent.Kind


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """1 January and 31 December of ``year``."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _organization_ids(organizations: Organization | Iterable[Organization]) -> list[int]:
    if isinstance(organizations, Organization):
        return [organizations.pk]
    return [o.pk for o in organizations]


def _requests(organizations):
    """Registered requests (with a receipt date) of the agencies."""
    return InformationRequest.objects.filter(
        organization__in=_organization_ids(organizations), received_on__isnull=False
    )


def applicant_column():
    """SQL for the applicant column of table 三 a request is counted in."""
    return Case(
        When(applicant_type=ApplicantType.PERSON, then=Value(ApplicantCategory.PERSON)),
        When(organization_kind="", then=Value(ApplicantCategory.OTHER)),
        default=F("organization_kind"),
        output_field=CharField(),
    )


def _by_column(qs) -> tuple[dict[str, int], int]:
    """({column: count} with every column present, total of all rows)."""
    counts = dict.fromkeys(CATEGORIES, 0)
    total = 0
    for column, n in qs.annotate(col=applicant_column()).values_list("col").annotate(n=Count("pk")):
        total += n
        if column in counts:
            counts[column] = n
    return counts, total


@dataclass(frozen=True)
class RequestFigures:
    """Table 三 for one year: every cell, totals counted from the records."""

    year: int
    new: dict[str, int]
    new_total: int
    carried_in: dict[str, int]
    carried_in_total: int
    # Outcome -> column -> count, every outcome and column present.
    closed: dict[str, dict[str, int]]
    closed_row_totals: dict[str, int]  # Outcome -> count over all columns
    closed_column_totals: dict[str, int]  # （七）总计 by column, over all outcomes
    closed_total: int
    carried_out: dict[str, int]
    carried_out_total: int


def request_figures(organizations, year: int) -> RequestFigures:
    """Table 三 of the agencies for ``year`` (see the module docstring for the rows)."""
    first, last = year_bounds(year)
    base = _requests(organizations)
    new, new_total = _by_column(base.filter(received_on__gte=first, received_on__lte=last))
    carried_in, carried_in_total = _by_column(
        base.filter(received_on__lt=first).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=first)
        )
    )
    carried_out, carried_out_total = _by_column(
        base.filter(received_on__lte=last).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=last))
    )
    closed = {o: dict.fromkeys(CATEGORIES, 0) for o in OUTCOMES}
    row_totals = dict.fromkeys(OUTCOMES, 0)
    column_totals = dict.fromkeys(CATEGORIES, 0)
    closed_total = 0
    grouped = (
        base.filter(closed_on__gte=first, closed_on__lte=last)
        .annotate(col=applicant_column())
        .values_list("outcome", "col")
        .annotate(n=Count("pk"))
    )
    for outcome, column, n in grouped:
        closed_total += n
        if outcome in row_totals:
            row_totals[outcome] += n
        if column in column_totals:
            column_totals[column] += n
        if outcome in closed and column in column_totals:
            closed[outcome][column] = n
    return RequestFigures(
        year=year,
        new=new,
        new_total=new_total,
        carried_in=carried_in,
        carried_in_total=carried_in_total,
        closed=closed,
        closed_row_totals=row_totals,
        closed_column_totals=column_totals,
        closed_total=closed_total,
        carried_out=carried_out,
        carried_out_total=carried_out_total,
    )


def review_figures(organizations, year: int) -> dict[str, dict[str, int]]:
    """Table 四: cases filed in ``year`` by kind and by result as of 31 December.

    ``{kind: {result: count}}`` with every kind and result present (no totals: 总计 is
    the sum of the four results).
    """
    first, last = year_bounds(year)
    figures = {kind: dict.fromkeys(REVIEW_RESULTS, 0) for kind in REVIEW_KINDS}
    result_then = Case(
        When(concluded_on__lte=last, then=F("result")),
        default=Value(ReviewCase.Result.PENDING),
        output_field=CharField(),
    )
    rows = (
        ReviewCase.objects.filter(
            request__organization__in=_organization_ids(organizations),
            filed_on__gte=first,
            filed_on__lte=last,
        )
        .annotate(result_then=result_then)
        .values_list("kind", "result_then")
        .annotate(n=Count("pk"))
    )
    for kind, result, n in rows:
        if kind in figures and result in figures[kind]:
            figures[kind][result] += n
    return figures


@dataclass(frozen=True)
class FeeFigures:
    """Part 六: the 信息处理费 of the year (国办函〔2020〕109号)."""

    notices: int  # fee notices sent (a fee waived in full sends none)
    notices_amount: Decimal  # yuan charged by those notices, after reductions
    collected: int  # fees paid in the year
    collected_amount: Decimal  # yuan


def fee_figures(organizations, year: int) -> FeeFigures:
    first, last = year_bounds(year)
    fees = FeeNotice.objects.filter(request__organization__in=_organization_ids(organizations))
    sent = (
        fees.filter(issued_on__gte=first, issued_on__lte=last)
        .exclude(state=FeeNotice.State.WAIVED)
        .aggregate(n=Count("pk"), amount=Sum("amount_due"))
    )
    paid = fees.filter(state=FeeNotice.State.PAID, paid_on__gte=first, paid_on__lte=last).aggregate(
        n=Count("pk"), amount=Sum("amount_due")
    )
    return FeeFigures(
        notices=sent["n"],
        notices_amount=sent["amount"] or Decimal("0.00"),
        collected=paid["n"],
        collected_amount=paid["amount"] or Decimal("0.00"),
    )


def received_by_month(organizations, year: int) -> list[int]:
    """Requests received in each month of ``year`` (twelve numbers)."""
    first, last = year_bounds(year)
    months = [0] * 12
    rows = (
        _requests(organizations)
        .filter(received_on__gte=first, received_on__lte=last)
        .annotate(month=ExtractMonth("received_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    for month, n in rows:
        months[month - 1] = n
    return months


def outcome_mix(figures: RequestFigures) -> list[dict]:
    """Requests closed in the year by heading of table 三 (（一） to （六）)."""
    mix: dict[str, int] = dict.fromkeys(HEADINGS, 0)
    for outcome, count in figures.closed_row_totals.items():
        mix[row(outcome).heading] += count
    return [
        {"heading": heading, "label": label, "count": mix[heading]}
        for heading, label in HEADINGS.items()
    ]


@dataclass
class Performance:
    """How an agency answered requests in a year: aggregates only, no applicant data."""

    year: int
    received: int
    closed: int
    replied: int  # closed with a reply (not ended for no 补正 or no payment)
    median_working_days: float | None  # receipt to reply, in working days
    within_limit: int  # replied on or before the due date (Art. 33, with stops/extension)
    clarified: int  # closed requests that had a 补正 notice (Art. 30)
    stopped: int  # closed requests whose clock was stopped (consultation, fee)
    extended: int  # closed requests whose limit was extended (Art. 33)
    by_month: list[int] = field(default_factory=list)
    outcomes: list[dict] = field(default_factory=list)

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def within_limit_share(self) -> float | None:
        return self._share(self.within_limit, self.replied)

    @property
    def clarified_share(self) -> float | None:
        return self._share(self.clarified, self.closed)

    @property
    def stopped_share(self) -> float | None:
        return self._share(self.stopped, self.closed)

    @property
    def extended_share(self) -> float | None:
        return self._share(self.extended, self.closed)

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "received": self.received,
            "closed": self.closed,
            "replied": self.replied,
            "median_working_days": self.median_working_days,
            "within_limit": self.within_limit,
            "clarified": self.clarified,
            "stopped": self.stopped,
            "extended": self.extended,
            "by_month": list(self.by_month),
            "outcomes": [dict(o) for o in self.outcomes],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Performance:
        return cls(**data)


def _has_event(*kinds: str) -> Exists:
    return Exists(RequestEvent.objects.filter(request=OuterRef("pk"), kind__in=kinds))


def performance(organizations, year: int, *, figures: RequestFigures | None = None) -> Performance:
    """The public performance figures of ``year``, over the requests closed in it."""
    first, last = year_bounds(year)
    figures = figures or request_figures(organizations, year)
    closed = (
        _requests(organizations)
        .filter(closed_on__gte=first, closed_on__lte=last)
        .annotate(
            was_clarified=_has_event(K.CLARIFICATION_REQUESTED),
            was_stopped=_has_event(*sorted(CLOCK_STOPPING_KINDS)),
            was_extended=_has_event(K.EXTENDED),
        )
        .values_list(
            "received_on",
            "closed_on",
            "due_on",
            "outcome",
            "was_clarified",
            "was_stopped",
            "was_extended",
        )
    )
    calendar = WorkCalendar()
    days, within = [], 0
    clarified = stopped = extended = closed_count = 0
    for received_on, closed_on, due_on, outcome, was_clarified, was_stopped, was_extended in closed:
        closed_count += 1
        clarified += was_clarified
        stopped += was_stopped
        extended += was_extended
        if outcome in TERMINATION_OUTCOMES:
            continue
        days.append(calendar.working_days_between(received_on, closed_on))
        if due_on is not None and closed_on <= due_on:
            within += 1
    median = float(statistics.median(days)) if days else None
    return Performance(
        year=year,
        received=figures.new_total,
        closed=closed_count,
        replied=len(days),
        median_working_days=median,
        within_limit=within,
        clarified=clarified,
        stopped=stopped,
        extended=extended,
        by_month=received_by_month(organizations, year),
        outcomes=outcome_mix(figures),
    )
