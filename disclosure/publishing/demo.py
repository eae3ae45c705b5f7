"""The demo's reviewers: what the demo data submits is approved by someone else (four-eyes).

Each agency's ``<slug>_reviewer`` approves; where two reviewers are required
(``settings.PUBLISHING_TWO_REVIEWERS_GENRES``) the supervising office's ``supervisor``
approves second.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from catalog.demo import reviewer_for
from disclosure.publishing import steps


def approve(item, *, on: datetime.date | None = None):
    """Publish ``item`` (submitted for review) as its agency's demo reviewer(s)."""
    item = steps.publish(item, by=reviewer_for(item.organization), on=on)
    if item.status == item.Status.REVIEW:
        second = get_user_model().objects.get(username="supervisor")
        item = steps.publish(item, by=second, on=on)
    return item
