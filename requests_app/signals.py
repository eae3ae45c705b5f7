"""Keep open requests' due dates in step with the holiday calendar.

A cross-cutting side effect (the one place a signal is used): when staff correct the
calendar (CalendarDay added, changed or deleted, e.g. a new year's notice), every open
request's due date is recomputed once the change is committed.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from catalog.models import CalendarDay
from requests_app.deadlines import recompute_open_due_dates


class _Recompute:
    """The on-commit callback; ``done`` once it ran, so a later change schedules anew."""

    done = False

    def __call__(self) -> None:
        self.done = True
        recompute_open_due_dates()


def schedule_recompute() -> None:
    """Recompute after the current transaction commits, once however many days changed."""
    pending = transaction.get_connection().run_on_commit
    if any(isinstance(item[1], _Recompute) and not item[1].done for item in pending):
        return
    transaction.on_commit(_Recompute())


@receiver(post_save, sender=CalendarDay, dispatch_uid="requests_app.calendar_saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="requests_app.calendar_deleted")
def calendar_changed(sender, **kwargs) -> None:
    schedule_recompute()
