"""The 网上留言 figures, computed from the records, never typed.

Per agency (the agency answering a letter now) and period (a month or a year):

- 收到: valid letters received in the period (invalid ones are not letters received;
  those told to go elsewhere are);
- 办结: letters closed with a reply (答复 or 告知其他渠道) in the period;
- 答复率: of the letters received in the period, the share closed by now (答复数 / 留言数);
- 平均办理时间: over the letters closed in the period, from the receipt date to the reply
  date, in working days (``catalog.workdays``) and in calendar days;
- 公开答复数: letters closed in the period and published now;
- 满意率: of the letters closed in the period that the writer rated, the share rated
  满意 or 基本满意.

The website annual report's yearly rows (``disclosure.publishing.site_figures``) are the
same figures for a year; its 平均办理时间（天） is given in **working days**, the unit of
the handling limits. The 「我为政府网站找错」 counts: received in the year, handled in the
year, and of those handled within the limit.
"""

from __future__ import annotations

import datetime
from calendar import monthrange
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from catalog.workdays import WorkCalendar
from disclosure.mailbox.models import ErrorReport, Letter, Rating
from disclosure.publishing import site_figures

ONE_PLACE = Decimal("0.1")
CLOSED = (Letter.Status.ANSWERED, Letter.Status.REFERRED)
GOOD_RATINGS = (Rating.SATISFIED, Rating.FAIRLY)


def _ratio(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal, None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_PLACE, ROUND_HALF_UP)


def _mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(ONE_PLACE, ROUND_HALF_UP)


@dataclass
class Figures:
    organization: object  # an Organization, or None for the total
    received: int = 0
    closed: int = 0
    received_closed: int = 0  # of those received in the period, closed by now
    published: int = 0
    rated: int = 0
    rated_good: int = 0
    working_days: list[int] | None = None
    calendar_days: list[int] | None = None

    @property
    def answer_rate(self) -> Decimal | None:
        return _ratio(self.received_closed, self.received)

    @property
    def average_working_days(self) -> Decimal | None:
        return _mean(self.working_days or [])

    @property
    def average_calendar_days(self) -> Decimal | None:
        return _mean(self.calendar_days or [])

    @property
    def satisfaction(self) -> Decimal | None:
        return _ratio(self.rated_good, self.rated)


def period_of(year: int, month: int | None = None) -> tuple[datetime.date, datetime.date]:
    if month is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return datetime.date(year, month, 1), datetime.date(year, month, monthrange(year, month)[1])


def figures(organizations, start: datetime.date, end: datetime.date) -> list[Figures]:
    """One row per agency (in the order given) and a last row for them all; one query."""
    organizations = list(organizations)
    rows = {org.pk: Figures(org, working_days=[], calendar_days=[]) for org in organizations}
    total = Figures(None, working_days=[], calendar_days=[])
    letters = (
        Letter.objects.valid()
        .filter(organization__in=organizations)
        .filter(Q(received_on__range=(start, end)) | Q(replied_on__range=(start, end)))
        .values_list(
            "organization_id", "status", "received_on", "replied_on", "published", "rating"
        )
    )
    calendar = WorkCalendar()
    for org_id, status, received_on, replied_on, published, rating in letters:
        closed = status in CLOSED
        for row in (rows[org_id], total):
            if start <= received_on <= end:
                row.received += 1
                row.received_closed += closed
            if closed and replied_on and start <= replied_on <= end:
                row.closed += 1
                row.published += bool(published)
                row.working_days.append(calendar.working_days_between(received_on, replied_on))
                row.calendar_days.append((replied_on - received_on).days)
                if rating:
                    row.rated += 1
                    row.rated_good += rating in GOOD_RATINGS
    return [*rows.values(), total]


def error_report_counts(organizations, year: int) -> dict[str, int]:
    reports = ErrorReport.objects.filter(organization__in=list(organizations))
    handled = list(reports.filter(handled_on__year=year).values_list("handled_on", "due_on"))
    return {
        "received": reports.filter(received_on__year=year).count(),
        "handled": len(handled),
        "on_time": sum(1 for handled_on, due_on in handled if handled_on <= due_on),
    }


# -- the alarm: valid letters unanswered for MAILBOX_ALARM_DAYS or more --------------------


def alarm_letters(organizations, today: datetime.date):
    """Valid letters still unanswered ``MAILBOX_ALARM_DAYS`` calendar days after receipt,
    long before the national check's 3-month veto line; oldest first."""
    limit = today - datetime.timedelta(days=settings.MAILBOX_ALARM_DAYS)
    return (
        Letter.objects.unanswered()
        .filter(organization__in=list(organizations), received_on__lte=limit)
        .select_related("organization")
        .order_by("received_on", "pk")
    )


# -- the website annual report and the site check ------------------------------------------


def _year(key: str):
    def compute(year: int, organizations: list):
        row = figures(organizations, *period_of(year))[-1]
        return {
            site_figures.MESSAGES_RECEIVED: row.received,
            site_figures.MESSAGES_CLOSED: row.closed,
            site_figures.MESSAGES_AVERAGE_DAYS: row.average_working_days,
            site_figures.MESSAGES_PUBLISHED: row.published,
        }[key]

    return compute


def _error_reports(key: str):
    def compute(year: int, organizations: list) -> int:
        return error_report_counts(organizations, year)[key]

    return compute


def unanswered_letters(organizations: list, today: datetime.date) -> list[site_figures.Unanswered]:
    """Valid letters of those agencies still unanswered on ``today``, labelled by 查询码."""
    letters = (
        Letter.objects.unanswered()
        .filter(organization__in=organizations, received_on__lte=today)
        .values_list("pk", "code", "organization_id", "received_on")
    )
    return [
        site_figures.Unanswered(
            label=f"网上留言 {code}",
            organization_id=org_id,
            received_on=received_on,
            url=reverse("disclosure:mailbox-staff-letter", args=[pk]),
        )
        for pk, code, org_id, received_on in letters
    ]


def register_site_figures() -> None:
    for key in (
        site_figures.MESSAGES_RECEIVED,
        site_figures.MESSAGES_CLOSED,
        site_figures.MESSAGES_AVERAGE_DAYS,
        site_figures.MESSAGES_PUBLISHED,
    ):
        site_figures.register(key, _year(key))
    site_figures.register(site_figures.ERROR_REPORTS_RECEIVED, _error_reports("received"))
    site_figures.register(site_figures.ERROR_REPORTS_HANDLED, _error_reports("handled"))
    site_figures.register(site_figures.ERROR_REPORTS_ON_TIME, _error_reports("on_time"))
    site_figures.register_unanswered("mailbox", unanswered_letters)
