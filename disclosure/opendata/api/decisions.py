"""决策公开 in the JSON API: consultations (意见征集), decision catalogs (重大行政决策事项目录)
and executive meetings (政府常务会议), with the conventions of ``disclosure.opendata.api.views``.

Only what their public pages show: published consultations (``Consultation.objects
.public()``) and, of their comments, nothing but ``consultations.public_feedback`` — the
counts, 主要观点, tags, reasons and staff's anonymised excerpts; never a commenter's name,
phone, e-mail or attachment, nor a comment's own text. Published catalogs and meetings of
active agencies (meetings: governments only, as /xxgk/<org>/cwhy/), each linking only to
public documents, interpretations and consultations.

Caching: consultations carry ``updated_at`` (publication, edits, the feedback and the final
document's link all set it) and their phase and days left change with the Beijing date, so
their ETag includes the date and Last-Modified is never before the start of that day.
Catalogs and meetings carry no modification time: their ETag is a hash of the body, like
the agencies'.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Prefetch
from django.shortcuts import get_object_or_404

from catalog.models import Organization
from disclosure.decisions import consultations
from disclosure.decisions.filters import ConsultationFilter, DecisionCatalogFilter, MeetingFilter
from disclosure.decisions.models import (
    Consultation,
    DecisionCatalog,
    DecisionItem,
    Meeting,
    MeetingTopic,
)
from disclosure.library.models import Document, Interpretation
from disclosure.opendata.api import serializers
from disclosure.opendata.api.http import (
    add_validators,
    api_view,
    gone_or_not_found,
    json_response,
    make_etag,
    not_modified,
)
from disclosure.opendata.api.views import (
    _filterset,
    _latest,
    _list_body,
    _page,
    _page_size,
    _params,
    _respond_with_body_etag,
)

CONSULTATION_ORDER = ["-starts_on", "-pk"]  # as /yjzj/ (index consultation_public_idx)
DECISION_CATALOG_ORDER = ["-year", "-pk"]
MEETING_ORDER = ["-held_on", "-pk"]  # as /xxgk/<org>/cwhy/

# Long texts the lists do not show.
CONSULTATION_LIST_DEFERRED = ("draft", "explanation", "contact", "feedback_summary")


def _start_of(day: datetime.date) -> datetime.datetime:
    """00:00 of ``day`` in Beijing, when a consultation's phase and days left change."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=consultations.BEIJING)


# -- 意见征集 -------------------------------------------------------------------------------


@api_view
def consultation_list(request):
    """Newest first; filters as /yjzj/: organization, year (of the start date), phase."""
    today = consultations.beijing_date()
    size = _page_size(request)
    qs = _filterset(ConsultationFilter, request, Consultation.objects.public()).qs
    stamp = qs.order_by().aggregate(count=Count("pk"), last=Max("updated_at"))
    last_modified = _latest(stamp["last"], _start_of(today))
    etag = make_etag("consultations", _params(request), sorted(stamp.items()), today)
    if response := not_modified(request, etag=etag, last_modified=last_modified):
        return response
    page = _page(
        qs.select_related("organization").defer(*CONSULTATION_LIST_DEFERRED),
        CONSULTATION_ORDER,
        request,
        size,
    )
    links = serializers.Links.for_request(request)
    results = [serializers.consultation_item(c, links, today=today) for c in page.items]
    return add_validators(
        json_response(_list_body(request, page, results, stamp["count"])),
        etag=etag,
        last_modified=last_modified,
    )


def _consultation_stamp(pk: int) -> dict | None:
    """What one consultation's answer depends on, in one query: the row (its feedback is
    published by setting ``updated_at``; 主要观点 and tags are frozen from then on), its
    files, and its final document (a withdrawal hides the link)."""
    return (
        Consultation.objects.public()
        .filter(pk=pk)
        .annotate(files=Count("attachments"), last_file=Max("attachments__pk"))
        .values("updated_at", "final_document__updated_at", "files", "last_file")
        .first()
    )


@api_view
def consultation_detail(request, pk):
    today = consultations.beijing_date()
    stamp = _consultation_stamp(pk)
    if stamp is None:
        raise gone_or_not_found(Consultation, pk, "意见征集")
    last_modified = _latest(stamp["updated_at"], stamp["final_document__updated_at"])
    last_modified = _latest(last_modified, _start_of(today))
    etag = make_etag("consultation", pk, sorted(stamp.items()), today)
    if response := not_modified(request, etag=etag, last_modified=last_modified):
        return response
    consultation = get_object_or_404(
        Consultation.objects.public()
        .select_related("organization", "final_document")
        .defer("final_document__body", "final_document__search_vector")
        .prefetch_related("attachments"),
        pk=pk,
    )
    data = serializers.consultation_detail(
        consultation,
        serializers.Links.for_request(request),
        today=today,
        public_feedback=consultations.public_feedback(consultation),
    )
    return add_validators(json_response(data), etag=etag, last_modified=last_modified)


# -- 重大行政决策事项目录 ------------------------------------------------------------------------


def public_catalogs():
    """Published catalogs of active agencies (their /xxgk/<org>/jcml/ pages exist)."""
    return DecisionCatalog.objects.public().filter(organization__is_active=True)


@api_view
def decision_catalog_list(request):
    """One catalog per agency and year, newest year first; filters organization, year."""
    size = _page_size(request)
    qs = _filterset(DecisionCatalogFilter, request, public_catalogs()).qs
    page = _page(
        qs.select_related("organization").annotate(item_count=Count("items")),
        DECISION_CATALOG_ORDER,
        request,
        size,
    )
    links = serializers.Links.for_request(request)
    results = [serializers.decision_catalog_item(c, links) for c in page.items]
    return _respond_with_body_etag(request, _list_body(request, page, results, qs.count()))


@api_view
def decision_catalog_detail(request, pk):
    """A catalog with all its items, each linking its public consultation, decision
    document and 执行效果评估 report."""
    items = DecisionItem.objects.select_related(
        "consultation", "decision_document", "evaluation_report"
    ).defer(
        "consultation__draft",
        "consultation__explanation",
        "consultation__contact",
        "consultation__feedback_summary",
        "decision_document__body",
        "decision_document__search_vector",
        "evaluation_report__body",
        "evaluation_report__search_vector",
    )
    catalog = get_object_or_404(
        public_catalogs()
        .select_related("organization")
        .annotate(item_count=Count("items"))
        .prefetch_related(Prefetch("items", queryset=items.order_by("position", "pk"))),
        pk=pk,
    )
    data = serializers.decision_catalog_detail(catalog, serializers.Links.for_request(request))
    return _respond_with_body_etag(request, data)


# -- 政府常务会议 ---------------------------------------------------------------------------


def public_meetings():
    """Published meetings of active governments (as /xxgk/<org>/cwhy/ shows them)."""
    return Meeting.objects.public().filter(
        organization__is_active=True, organization__kind=Organization.Kind.GOVERNMENT
    )


@api_view
def meeting_list(request):
    """Newest first; filters organization (a government) and year."""
    size = _page_size(request)
    qs = _filterset(MeetingFilter, request, public_meetings()).qs
    topics = MeetingTopic.objects.only("pk", "meeting_id", "title").order_by("position", "pk")
    page = _page(
        qs.select_related("organization")
        .only("pk", "title", "held_on", "organization")
        .prefetch_related(Prefetch("topics", queryset=topics)),
        MEETING_ORDER,
        request,
        size,
    )
    links = serializers.Links.for_request(request)
    results = [serializers.meeting_item(m, links) for m in page.items]
    return _respond_with_body_etag(request, _list_body(request, page, results, qs.count()))


@api_view
def meeting_detail(request, pk):
    topics = MeetingTopic.objects.order_by("position", "pk").prefetch_related(
        Prefetch(
            "documents",
            queryset=Document.objects.public()
            .only("pk", "title", "doc_number", "index_number")
            .order_by("published_on", "pk"),
            to_attr="public_documents",
        ),
        Prefetch(
            "interpretations",
            queryset=Interpretation.objects.public()
            .only("pk", "title")
            .order_by("published_on", "pk"),
            to_attr="public_interpretations",
        ),
    )
    meeting = get_object_or_404(
        public_meetings()
        .select_related("organization")
        .prefetch_related(Prefetch("topics", queryset=topics), "attendances"),
        pk=pk,
    )
    data = serializers.meeting_detail(meeting, serializers.Links.for_request(request))
    return _respond_with_body_etag(request, data)
