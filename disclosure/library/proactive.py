"""Art. 44: information many applicants ask for becomes a draft for proactive disclosure.

《政府信息公开条例》第四十四条: where several applicants ask for the same government
information that may be disclosed, the agency may include it in proactive disclosure.
``requests_app.flags`` finds the group (similar descriptions to one agency within
``ART44_WINDOW_DAYS``); here staff turn the group into a draft Document of the 政策文件库,
which then goes through the ordinary publishing workflow (``disclosure.publishing.steps``).
Each request of the group records the proposal (``steps.record_proactive_proposal``),
so a second click finds the same draft instead of making another.

Applicants' personal data never reaches the draft: only the descriptions of the
information asked for and the tracking numbers are used.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from catalog.permissions import can_act_for
from disclosure.library.models import Document
from requests_app import flags, steps
from requests_app.limits import ART44_MIN_APPLICANTS
from requests_app.models import InformationRequest, RequestEvent

TITLE_MAX = 120


class ProposalError(Exception):
    """The group cannot become a draft; the message says why, in Chinese."""


@dataclass(frozen=True)
class Group:
    request: InformationRequest
    similar: list[InformationRequest]
    applicants: int

    @property
    def requests(self) -> list[InformationRequest]:
        return [self.request, *self.similar]

    @property
    def qualifies(self) -> bool:
        return self.applicants >= ART44_MIN_APPLICANTS


def group_of(req: InformationRequest) -> Group:
    similar = flags.similar_requests(req)
    return Group(req, similar, flags.distinct_applicants(req, similar) if similar else 1)


def existing_draft(group: Group) -> Document | None:
    """The document already proposed for any request of the group (not withdrawn)."""
    ids = [
        event.data.get("document")
        for event in RequestEvent.objects.filter(
            request__in=[r.pk for r in group.requests],
            kind=RequestEvent.Kind.PROACTIVE_PROPOSED,
        ).only("data")
    ]
    return (
        Document.objects.filter(pk__in=[i for i in ids if i])
        .exclude(status=Document.Status.WITHDRAWN)
        .order_by("pk")
        .first()
    )


def draft_title(req: InformationRequest) -> str:
    text = " ".join((req.description or "").split())
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1] + "…"


def draft_summary(group: Group) -> str:
    numbers = "、".join(r.tracking_number for r in group.requests)
    return (
        f"根据《中华人民共和国政府信息公开条例》第四十四条，{group.applicants}名申请人申请公开"
        f"相同或相似的政府信息（申请编号：{numbers}）。经审核可以公开的，纳入主动公开范围。"
    )


@transaction.atomic
def draft_from_requests(req: InformationRequest, *, by) -> tuple[Document, bool]:
    """The draft Document for ``req``'s group: (document, created).

    Refused unless ``by`` acts for the request's agency and the group reaches
    ``ART44_MIN_APPLICANTS`` distinct applicants.
    """
    if not can_act_for(by, req.organization):
        raise PermissionDenied("您无权办理该机关的申请。")
    group = group_of(req)
    if not group.qualifies:
        raise ProposalError(
            f"近12个月申请相似信息的申请人不足{ART44_MIN_APPLICANTS}名，"
            "暂不适用第四十四条转为主动公开。"
        )
    # Lock the group first: two staff members clicking at once make one draft.
    requests = list(
        InformationRequest.objects.select_for_update()
        .filter(pk__in=[r.pk for r in group.requests])
        .order_by("pk")
    )
    document = existing_draft(group)
    if document is not None:
        return document, False
    document = Document.objects.create(
        organization=req.organization,
        title=draft_title(req),
        summary=draft_summary(group),
        written_on=timezone.localdate(),
        created_by=by,
    )
    steps.record_proactive_proposal(requests, by=by, document_id=document.pk, title=document.title)
    return document, True
