"""The working-day calendar behind every statutory time limit.

A working day is Monday-Friday, except statutory holidays, plus the weekend days the
State Council's yearly notice makes working days (调休). The exceptions are data
(CalendarDay rows, one per date that differs from the Monday-Friday rule), so staff can
enter a new year's notice; a year with no HolidaySchedule is computed Monday-Friday and
reported as missing.

A limit of N working days from a date counts from the next working day: the deadline
for a 20-working-day limit from ``received`` is ``add_working_days(received, 20)``.

The calendar tables are read through the app registry (:func:`_calendar_model`), not
imported: ``catalog.models`` uses this module (``Category.update_due_after``), so the
models come first and the arithmetic on top of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone

ONE_DAY = datetime.timedelta(days=1)


def _calendar_model(name: str):
    """``HolidaySchedule`` or ``CalendarDay`` of ``catalog.models``, from the app registry."""
    return apps.get_model("catalog", name)


@dataclass(frozen=True)
class DayInfo:
    """Why a date is or is not a working day."""

    date: datetime.date
    working: bool
    reason: str  # 工作日 / 周末 / 法定节假日（国庆节） / 调休上班（国庆节）
    assumed: bool  # the year's schedule is missing: Monday-Friday was assumed


@dataclass
class WorkCalendar:
    """Working-day arithmetic over the calendar tables, loading years as it needs them.

    Build one per computation (``WorkCalendar()``) so edits to the calendar are always seen;
    each year costs one query.
    """

    _days: dict[datetime.date, tuple[bool, str]] = field(default_factory=dict)  # (holiday?, name)
    _loaded_years: set[int] = field(default_factory=set)
    _known_years: set[int] | None = None
    #: Years whose exceptions are given instead of read (a proposed edit, not yet saved).
    _proposed: dict[int, dict[datetime.date, tuple[bool, str]]] = field(default_factory=dict)

    @classmethod
    def proposed(cls, year: int, days: Mapping[datetime.date, tuple[bool, str]]) -> WorkCalendar:
        """The calendar as it would be if ``year`` had exactly the exceptions ``days``
        (date -> (holiday?, name)): what an edit of that year would make of the due dates."""
        return cls(_proposed={year: {d: v for d, v in days.items() if d.year == year}})

    # -- loading -------------------------------------------------------------
    def _ensure_year(self, year: int) -> None:
        if year in self._loaded_years:
            return
        schedules, days = _calendar_model("HolidaySchedule"), _calendar_model("CalendarDay")
        if self._known_years is None:
            self._known_years = set(schedules.objects.values_list("year", flat=True))
            self._known_years |= set(self._proposed)
        if year in self._proposed:
            self._days.update(self._proposed[year])
        else:
            for date, kind, name in days.objects.filter(date__year=year).values_list(
                "date", "kind", "name"
            ):
                self._days[date] = (kind == days.Kind.HOLIDAY, name)
        self._loaded_years.add(year)

    def has_schedule(self, year: int) -> bool:
        self._ensure_year(year)
        return year in (self._known_years or set())

    # -- single days ---------------------------------------------------------
    def day(self, date: datetime.date) -> DayInfo:
        self._ensure_year(date.year)
        assumed = not self.has_schedule(date.year)
        exception = self._days.get(date)
        if exception is not None:
            holiday, name = exception
            if holiday:
                return DayInfo(date, False, f"法定节假日（{name}）", assumed)
            return DayInfo(date, True, f"调休上班（{name}）", assumed)
        if date.weekday() >= 5:
            return DayInfo(date, False, "周末", assumed)
        return DayInfo(date, True, "工作日", assumed)

    def is_working_day(self, date: datetime.date) -> bool:
        return self.day(date).working

    # -- arithmetic ----------------------------------------------------------
    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """The n-th working day after ``start`` (``start`` itself is not counted)."""
        if n < 0:
            raise ValueError("n must not be negative")
        current, counted = start, 0
        while counted < n:
            current += ONE_DAY
            if self.is_working_day(current):
                counted += 1
        return current

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """The number of working days d with start < d <= end (0 when end <= start)."""
        count, current = 0, start
        while current < end:
            current += ONE_DAY
            if self.is_working_day(current):
                count += 1
        return count

    def days_between(self, start: datetime.date, end: datetime.date) -> list[DayInfo]:
        """Every date d with start < d <= end, with why it counts or not."""
        out, current = [], start
        while current < end:
            current += ONE_DAY
            out.append(self.day(current))
        return out

    def missing_years(self, start: datetime.date, end: datetime.date) -> list[int]:
        """Years between the two dates (inclusive) whose holiday schedule is missing."""
        return [y for y in range(start.year, end.year + 1) if not self.has_schedule(y)]


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after ``start``: the deadline of an n-working-day limit."""
    return WorkCalendar().add_working_days(start, n)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Count the working days d with start < d <= end."""
    return WorkCalendar().working_days_between(start, end)


def is_working_day(date: datetime.date) -> bool:
    return WorkCalendar().is_working_day(date)


def missing_schedule_years(today: datetime.date | None = None) -> list[int]:
    """Years staff must enter a holiday schedule for now.

    The current year always; from October on also the next year, since limits running
    from late in the year reach into it (the notice usually comes out in the autumn).
    """
    today = today or timezone.localdate()
    last = today.year + 1 if today.month >= 10 else today.year
    cal = WorkCalendar()
    return [y for y in range(today.year, last + 1) if not cal.has_schedule(y)]
