"""回应关切: when a response to a public concern is due (domain notes §6).

国办发〔2016〕61号 (《关于在政务公开工作中进一步做好政务舆情回应的通知》): for especially
serious and serious emergencies, authoritative information is released within 5 hours at the
latest and a press conference held within 24 hours; other concerns are answered promptly,
within the working days a local rule sets (``settings.CONCERN_RESPONSE_WORKING_DAYS``).
Hours run from the moment the agency learned of the concern; days are counted on the
Beijing calendar (Asia/Shanghai), whatever the server's zone.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from catalog.models import Organization
from catalog.workdays import WorkCalendar
from disclosure.library.models.concern import Concern, Seriousness

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
# 国办发〔2016〕61号: 「最迟应在5小时内发布权威信息，在24小时内举行新闻发布会」.
SERIOUS_INFORMATION_HOURS = 5
SERIOUS_PRESS_CONFERENCE_HOURS = 24


def response_working_days() -> int:
    return int(settings.CONCERN_RESPONSE_WORKING_DAYS)


def beijing(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(BEIJING)


@dataclass
class Clock:
    """One time limit of a concern: what is due, by when, and when it was done."""

    label: str  # 发布权威信息, 举行新闻发布会, 作出回应
    due_at: datetime.datetime  # Beijing time; a day's limit ends at 24:00 of its last day
    done_at: datetime.datetime | None

    @property
    def due_text(self) -> str:
        """「2025-10-09 24:00」 for a day's limit, 「2025-10-01 04:30」 for an hour's."""
        if self.due_at.time() == datetime.time():
            return f"{self.due_at - datetime.timedelta(days=1):%Y-%m-%d} 24:00"
        return f"{self.due_at:%Y-%m-%d %H:%M}"

    def is_late(self, now: datetime.datetime) -> bool:
        """Done after the limit, or not done and the limit has passed."""
        return (self.done_at or now) > self.due_at

    def is_open(self) -> bool:
        return self.done_at is None


def _end_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), BEIJING)


def response_due_on(learned_at: datetime.datetime, calendar: WorkCalendar | None = None):
    """The last day to answer a concern that is not a serious emergency: the configured
    number of working days after the Beijing date the agency learned of it."""
    calendar = calendar or WorkCalendar()
    return calendar.add_working_days(beijing(learned_at).date(), response_working_days())


def clocks(concern: Concern, calendar: WorkCalendar | None = None) -> list[Clock]:
    """The time limits of ``concern``: 5 hours and 24 hours for a serious emergency, the
    working-day limit otherwise."""
    learned = beijing(concern.learned_at)
    responded = beijing(concern.responded_at) if concern.responded_at else None
    if concern.seriousness == Seriousness.SERIOUS:
        press = beijing(concern.press_conference_at) if concern.press_conference_at else None
        return [
            Clock(
                "发布权威信息",
                learned + datetime.timedelta(hours=SERIOUS_INFORMATION_HOURS),
                responded,
            ),
            Clock(
                "举行新闻发布会",
                learned + datetime.timedelta(hours=SERIOUS_PRESS_CONFERENCE_HOURS),
                press,
            ),
        ]
    return [Clock("作出回应", _end_of_day(response_due_on(learned, calendar)), responded)]


@dataclass
class ConcernStatus:
    concern: Concern
    clocks: list[Clock]
    now: datetime.datetime

    def __post_init__(self) -> None:
        for clock in self.clocks:
            clock.is_late_now = clock.is_late(self.now)  # for the templates

    @property
    def is_open(self) -> bool:
        return any(c.is_open() for c in self.clocks)

    @property
    def is_late(self) -> bool:
        return any(c.is_late(self.now) for c in self.clocks)

    @property
    def late_clocks(self) -> list[Clock]:
        return [c for c in self.clocks if c.is_late(self.now)]


def staff_rows(
    organizations: Iterable[Organization],
    now: datetime.datetime | None = None,
    calendar: WorkCalendar | None = None,
) -> list[ConcernStatus]:
    """The concerns of these agencies that are still open or were answered late, oldest
    first (one query plus the calendar's)."""
    now = now or timezone.now()
    calendar = calendar or WorkCalendar()
    concerns = (
        Concern.objects.filter(organization__in=list(organizations))
        .exclude(status=Concern.Status.WITHDRAWN)
        .select_related("organization")
        .order_by("learned_at", "pk")
    )
    rows = [ConcernStatus(c, clocks(c, calendar), now) for c in concerns]
    return [r for r in rows if r.is_open or r.is_late]
