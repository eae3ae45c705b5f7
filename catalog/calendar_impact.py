"""What an edit of the working-day calendar would do to the due dates counted over it.

The due dates belong to the apps above catalog (a request's reply limit), which catalog
does not import. Each registers, in its ``AppConfig.ready``, a function that is given the
calendar as the edit would make it and the first and last changed date, and returns the
due dates that would move. The calendar admin shows them before it saves the edit.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from catalog.workdays import WorkCalendar


@dataclass(frozen=True)
class MovedDueDate:
    """One due date an edit of the calendar would move."""

    label: str  # what staff know it by, without personal data: a tracking number
    organization: str
    before: datetime.date | None
    after: datetime.date | None


#: ``source(calendar, first, last)`` -> the due dates ``calendar`` would move, where
#: ``first`` and ``last`` are the earliest and latest date the edit changes.
Source = Callable[[WorkCalendar, datetime.date, datetime.date], list[MovedDueDate]]

_sources: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Register ``source`` under ``name`` (registering the same name again replaces it)."""
    _sources[name] = source


def moved_due_dates(
    calendar: WorkCalendar, first: datetime.date, last: datetime.date
) -> list[MovedDueDate]:
    """Every due date of every registered source that ``calendar`` would move."""
    moved = [row for source in _sources.values() for row in source(calendar, first, last)]
    return sorted(moved, key=lambda m: (m.organization, m.label))
