"""Hints for the handler: a possible 重复申请 (Art. 36(6)) and many applicants (Art. 44).

Both compare descriptions of the information asked for, normalised (NFKC, lower case,
no whitespace or punctuation) and scored with ``difflib`` (ratio ≥ 0.85). They are hints,
not decisions: the handler reads both requests and decides.

- :func:`possible_repeat_of`: the same applicant's latest answered request with a similar
  description (one query, bounded to that applicant's requests).
- :func:`similar_requests`: requests to the same agency in the last 12 months with a
  similar description; when they come from ``ART44_MIN_APPLICANTS`` or more distinct
  applicants the information may be worth publishing proactively (Art. 44).

:func:`refresh` stores both on the request (``possible_repeat_of``,
``similar_applicants``) so the admin can list and filter by them, and raises the count on
the similar requests too; the workflow calls it when a request is submitted or registered.
"""

from __future__ import annotations

import datetime
import difflib
import unicodedata

from django.db.models import Q
from django.utils import timezone

from requests_app.limits import ART44_WINDOW_DAYS
from requests_app.models import InformationRequest, Status
from requests_app.outcomes import TERMINATION_OUTCOMES

SIMILARITY_THRESHOLD = 0.85

#: Answered: a reply was given (not ended for a missing 补正 or fee).
ANSWERED_STATUSES = (Status.REPLIED, Status.DELIVERED, Status.ARCHIVED)


def normalize(text: str) -> str:
    """NFKC, lower case, letters and digits only (全角 and 半角 forms compare equal)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if ch.isalnum())


def similarity(a: str, b: str) -> float:
    """0..1, on normalised texts."""
    return _ratio(normalize(a), normalize(b))


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # The cheap upper bounds first: most pairs are nowhere near.
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD:
        return matcher.real_quick_ratio()
    if matcher.quick_ratio() < SIMILARITY_THRESHOLD:
        return matcher.quick_ratio()
    return matcher.ratio()


def _similar(target: str, rows) -> list:
    return [
        row for row in rows if _ratio(target, normalize(row.description)) >= SIMILARITY_THRESHOLD
    ]


def possible_repeat_of(req: InformationRequest) -> InformationRequest | None:
    """The same applicant's latest answered request asking for similar information."""
    earlier = (
        InformationRequest.objects.same_applicant(req)
        .exclude(pk=req.pk)
        .filter(status__in=ANSWERED_STATUSES)
        .exclude(outcome__in=sorted(TERMINATION_OUTCOMES))
        .only("pk", "tracking_number", "description", "closed_on")
        .order_by("-closed_on", "-pk")
    )
    target = normalize(req.description)
    return next(iter(_similar(target, earlier)), None)


def similar_requests(req: InformationRequest) -> list[InformationRequest]:
    """Other requests to the same agency in the last 12 months asking for similar information."""
    day = req.received_on or timezone.localdate()
    since = day - datetime.timedelta(days=ART44_WINDOW_DAYS)
    rows = (
        InformationRequest.objects.filter(organization_id=req.organization_id)
        .exclude(pk=req.pk)
        # Pending online applications have no receipt date yet; they are recent.
        .filter(Q(received_on__gte=since) | Q(received_on__isnull=True))
        .only(
            "pk",
            "tracking_number",
            "description",
            "applicant_type",
            "id_type",
            "id_number_hash",
            "credit_code",
            "received_on",
            "status",
            "similar_applicants",
        )
        .order_by("-created_at")
    )
    return _similar(normalize(req.description), rows)


def distinct_applicants(req: InformationRequest, similar: list[InformationRequest]) -> int:
    """How many applicants (by ID number or credit code) asked: ``req``'s and the similar ones."""
    keys = {(r.applicant_type, r.applicant_digest or f"#{r.pk}") for r in [req, *similar]}
    return len(keys)


def refresh(req: InformationRequest) -> None:
    """Store both hints on ``req`` and raise the count on the requests similar to it."""
    repeat = possible_repeat_of(req)
    similar = similar_requests(req)
    count = distinct_applicants(req, similar) if similar else 0
    InformationRequest.objects.filter(pk=req.pk).update(
        possible_repeat_of=repeat, similar_applicants=count
    )
    req.possible_repeat_of, req.similar_applicants = repeat, count
    if similar:
        InformationRequest.objects.filter(
            pk__in=[r.pk for r in similar], similar_applicants__lt=count
        ).exclude(status=Status.ARCHIVED).update(similar_applicants=count)
