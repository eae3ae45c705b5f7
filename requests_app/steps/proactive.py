"""Art. 44: information many applicants ask for may be disclosed proactively.

The draft document is the disclosure app's (``disclosure.library.proactive``); this side only
notes the proposal on each request of the group.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from requests_app.models import InformationRequest
from requests_app.steps.base import K, check_actor, lock, on_or_today, record_event


@transaction.atomic
def record_proactive_proposal(
    requests: Iterable[InformationRequest],
    *,
    by,
    document_id: int,
    title: str,
    on: datetime.date | None = None,
) -> list[InformationRequest]:
    """Art. 44: note on each request of a group that a draft for proactive disclosure exists.

    Staff-only (the applicant is answered by the reply as usual); no status changes. The
    draft itself is the disclosure app's (``disclosure.library.proactive``): this side knows only
    its id and title.
    """
    on = on_or_today(on)
    locked = []
    for req in sorted(requests, key=lambda r: r.pk):  # one lock order: no deadlocks
        req = lock(req)
        check_actor(req, by)
        record_event(
            req,
            K.PROACTIVE_PROPOSED,
            by=by,
            on=on,
            note=f"拟主动公开：{title}",
            data={"document": document_id, "title": title},
            visible=False,
        )
        locked.append(req)
    return locked
