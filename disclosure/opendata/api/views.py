"""The read-only JSON API, /api/v1/: published documents, interpretations, agencies, the
主动公开目录, themes and genres.

Only what the public pages show: documents 已发布 and 主动公开 (``Document.objects.public()``),
interpretations 已发布; nothing of the 依申请公开 requests, ever. The document and
interpretation lists take the same filter parameters as /zcwjk/ and /zcjd/ (the same
FilterSets), page with a cursor (``pagination``) and answer a conditional GET with 304
after one aggregate query (``_documents_stamp`` …), before the page is built.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Greatest
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from catalog.models import Category, Genre, Organization, Theme
from disclosure.library import catalog_items
from disclosure.library import counts as library_counts
from disclosure.library.filters import DocumentFilter, InterpretationFilter
from disclosure.library.models import Attachment, Document, DocumentRelation, Interpretation
from disclosure.library.openness import Openness
from disclosure.library.views.interpretation import public_documents
from disclosure.opendata.api import openapi, serializers
from disclosure.opendata.api.http import (
    ApiError,
    add_validators,
    api_view,
    body_etag,
    gone_or_not_found,
    json_response,
    make_etag,
    not_modified,
)
from disclosure.opendata.api.pagination import InvalidCursor, Page, paginate
from disclosure.reports import services as reports
from disclosure.reports.filters import AnnualReportFilter
from disclosure.reports.models import AnnualReport

DOCUMENT_ORDER = ["-published_on", "-pk"]
INTERPRETATION_ORDER = ["-published_on", "-pk"]
AGENCY_ORDER = ["position", "name", "pk"]
POSITION_ORDER = ["position", "pk"]
ANNUAL_REPORT_ORDER = ["-year", "-pk"]
# Query parameters of the pagination itself (not filters).
PAGING = ("cursor", "page_size")


# -- parameters ---------------------------------------------------------------------------


def _page_size(request) -> int:
    raw = request.GET.get("page_size", "")
    most = settings.API_MAX_PAGE_SIZE
    if raw == "":
        return settings.API_PAGE_SIZE
    if not raw.isdigit() or not 1 <= int(raw) <= most:
        message = f"page_size 应为 1 到 {most} 之间的整数。"
        raise ApiError(400, "invalid_parameter", message, {"page_size": [message]})
    return int(raw)


def _filterset(filter_class, request, queryset, *, ignore=()):
    """The bound FilterSet of the public list, or 400 naming each invalid parameter."""
    data = request.GET.copy()
    for name in (*PAGING, *ignore):
        data.pop(name, None)
    filterset = filter_class(data, queryset=queryset)
    if not filterset.is_valid():
        fields = {name: list(errors) for name, errors in filterset.errors.items()}
        names = "、".join(fields)
        raise ApiError(400, "invalid_parameter", f"参数 {names} 的值无效。", fields)
    return filterset


def _page(queryset, ordering, request, size) -> Page:
    try:
        return paginate(queryset, ordering, cursor=request.GET.get("cursor") or None, size=size)
    except InvalidCursor as exc:
        message = "cursor 参数无效：请使用上一页返回的 next 链接。"
        raise ApiError(400, "invalid_parameter", message, {"cursor": [message]}) from exc


def _next_url(request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _params(request) -> list:
    return sorted((k, sorted(v)) for k, v in request.GET.lists())


def _list_body(request, page: Page, results: list, *count) -> dict:
    """``{"count": …, "next": …, "results": […]}``; lists without a count pass none."""
    body = {"next": _next_url(request, page.next_cursor), "results": results}
    return {"count": count[0], **body} if count else body


def _latest(*values):
    return max((v for v in values if v is not None), default=None)


def _respond_with_body_etag(request, data):
    """For data without modification times (agencies, catalog, themes): the ETag is a hash
    of the body itself."""
    etag = body_etag(data)
    return not_modified(request, etag=etag) or add_validators(json_response(data), etag=etag)


# -- index --------------------------------------------------------------------------------


@api_view
def index(request):
    links = serializers.Links.for_request(request)
    data = {
        "name": f"{settings.PORTAL_NAME}政府信息公开平台开放接口",
        "version": "1",
        "openapi": links.api("openapi"),
        "endpoints": {
            "documents": links.api("document-list"),
            "interpretations": links.api("interpretation-list"),
            "agencies": links.api("agency-list"),
            "catalog_nodes": links.api("catalog-node-list"),
            "themes": links.api("theme-list"),
            "genres": links.api("genre-list"),
            "annual_reports": links.api("annual-report-list"),
            "consultations": links.api("consultation-list"),
            "decision_catalogs": links.api("decision-catalog-list"),
            "meetings": links.api("meeting-list"),
        },
    }
    return _respond_with_body_etag(request, data)


@api_view
def openapi_document(request):
    server_url = request.build_absolute_uri(reverse("api:index"))
    return _respond_with_body_etag(request, openapi.build(server_url))


# -- documents ----------------------------------------------------------------------------


def documents_stamp(today) -> tuple:
    """What every document list depends on, from indexes: the newest change among public
    documents (any edit, publication or withdrawal sets ``updated_at``), their number
    (a deletion; the summary table of ``library_cache``), the repeal and amendment
    records (validity follows them) and the day (validity is as of today). Coarse — any
    public document's change renews every list's ETag — but three cheap queries at a
    million documents, whatever the filters.

    Known limits: renaming an agency, theme or genre renews no ETag (they carry no
    modification time; max-age bounds what caches keep); and ``updated_at`` is taken at
    save, not at commit, so a long transaction committing an older timestamp after a
    poll can go unseen until the next change."""
    last = Document.objects.public().aggregate(last=Max("updated_at"))["last"]
    relations = DocumentRelation.objects.aggregate(n=Count("pk"), last=Max("created_at"))
    return last, library_counts.public_total(), relations["n"], relations["last"], today


# Filters whose total the summary table gives exactly (library_counts.SUMMARY_FACETS).
COUNTED_FILTERS = {"organization", "theme", "genre", "year", "validity"}


def _count(filterset: DocumentFilter, today, total: int) -> int | None:
    """The number of matches, when the summary table knows it (the five facets); else
    None: counting every match of a full-text search is what the API avoids."""
    chosen = {k: v for k, v in filterset.form.cleaned_data.items() if v not in (None, "")}
    if not chosen:
        return total
    if not set(chosen) <= COUNTED_FILTERS:
        return None
    keys = {
        k: v.pk if hasattr(v, "pk") else (int(v) if k == "year" else v) for k, v in chosen.items()
    }
    return int(library_counts.summary_counts(keys, today)[1])


@api_view
def document_list(request):
    today = timezone.localdate()
    size = _page_size(request)
    filterset = _filterset(DocumentFilter, request, Document.objects.public(), ignore=("sort",))
    qs = filterset.qs
    stamp = documents_stamp(today)
    last_modified = _latest(stamp[0], stamp[3])
    etag = make_etag("documents", _params(request), stamp)
    if response := not_modified(request, etag=etag, last_modified=last_modified):
        return response
    count = _count(filterset, today, stamp[1])
    page = _page(
        qs.select_related("organization", "theme", "genre", "category")
        .prefetch_related("issuing_organizations")
        .with_validity(today)
        .defer("body", "search_vector"),
        DOCUMENT_ORDER,
        request,
        size,
    )
    links = serializers.Links.for_request(request)
    results = [serializers.document_item(d, links) for d in page.items]
    return add_validators(
        json_response(_list_body(request, page, results, count)),
        etag=etag,
        last_modified=last_modified,
    )


def _document_stamp(pk: int) -> dict | None:
    """The latest change of what one document's page shows, in one query: the document,
    its repeal and amendment records and the documents at their other end, its
    interpretations (whatever their status: a withdrawal counts) and attachments."""
    relation = (
        DocumentRelation.objects.filter(
            Q(to_document=OuterRef("pk")) | Q(from_document=OuterRef("pk"))
        )
        .annotate(t=Greatest("created_at", "from_document__updated_at", "to_document__updated_at"))
        .order_by("-t")
        .values("t")[:1]
    )
    interpretation = (
        Interpretation.objects.filter(documents=OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    attachment = (
        Attachment.objects.filter(document=OuterRef("pk"))
        .order_by("-uploaded_at")
        .values("uploaded_at")[:1]
    )
    return (
        Document.objects.public()
        .filter(pk=pk)
        .annotate(
            relation=Subquery(relation),
            interpretation=Subquery(interpretation),
            attachment=Subquery(attachment),
        )
        .values("updated_at", "relation", "interpretation", "attachment")
        .first()
    )


@api_view
def document_detail(request, pk):
    today = timezone.localdate()
    stamp = _document_stamp(pk)
    if stamp is None:
        raise gone_or_not_found(Document, pk, "政策文件", disclosure=Openness.PROACTIVE)
    last_modified = _latest(*stamp.values())
    etag = make_etag("document", pk, sorted(stamp.items()), today)
    if response := not_modified(request, etag=etag, last_modified=last_modified):
        return response
    incoming = Prefetch(
        "incoming_relations",
        queryset=DocumentRelation.objects.select_related("from_document").order_by(
            "effective_on", "pk"
        ),
    )
    outgoing = Prefetch(
        "outgoing_relations",
        queryset=DocumentRelation.objects.filter(to_document__in=Document.objects.public())
        .select_related("to_document")
        .order_by("effective_on", "pk"),
    )
    interpretations = Prefetch(
        "interpretations",
        queryset=Interpretation.objects.public()
        .only("pk", "title", "form", "stage", "published_on")
        .order_by("published_on", "pk"),
        to_attr="public_interpretations",
    )
    document = get_object_or_404(
        Document.objects.public()
        .with_validity(today)
        .select_related("organization", "theme", "genre", "category")
        .prefetch_related(
            "issuing_organizations", "attachments", incoming, outgoing, interpretations
        )
        .defer("search_vector"),
        pk=pk,
    )
    links = serializers.Links.for_request(request)
    data = serializers.document_detail(document, links, today=today)
    return add_validators(json_response(data), etag=etag, last_modified=last_modified)


# -- interpretations ----------------------------------------------------------------------


@api_view
def interpretation_list(request):
    size = _page_size(request)
    filterset = _filterset(InterpretationFilter, request, Interpretation.objects.public())
    qs = filterset.qs
    # The list names each interpretation's public documents: their changes count too.
    stamp = qs.order_by().aggregate(
        count=Count("pk", distinct=True), last=Max("updated_at"), docs=Max("documents__updated_at")
    )
    last_modified = _latest(stamp["last"], stamp["docs"])
    etag = make_etag("interpretations", _params(request), sorted(stamp.items()))
    if response := not_modified(request, etag=etag, last_modified=last_modified):
        return response
    page = _page(
        qs.select_related("organization", "category")
        .prefetch_related(public_documents())
        .defer("body", "search_vector"),
        INTERPRETATION_ORDER,
        request,
        size,
    )
    links = serializers.Links.for_request(request)
    results = [serializers.interpretation_item(i, links) for i in page.items]
    return add_validators(
        json_response(_list_body(request, page, results, stamp["count"])),
        etag=etag,
        last_modified=last_modified,
    )


@api_view
def interpretation_detail(request, pk):
    documents = (
        Document.objects.filter(interpretations=OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    stamp = (
        Interpretation.objects.public()
        .filter(pk=pk)
        .annotate(docs=Subquery(documents))
        .values("updated_at", "docs")
        .first()
    )
    if stamp is None:
        raise gone_or_not_found(Interpretation, pk, "政策解读")
    last_modified = _latest(*stamp.values())
    etag = make_etag("interpretation", pk, sorted(stamp.items()))
    if response := not_modified(request, etag=etag, last_modified=last_modified):
        return response
    item = get_object_or_404(
        Interpretation.objects.public()
        .select_related("organization", "category")
        .prefetch_related(public_documents(), "media")
        .defer("search_vector"),
        pk=pk,
    )
    data = serializers.interpretation_detail(item, serializers.Links.for_request(request))
    return add_validators(json_response(data), etag=etag, last_modified=last_modified)


# -- agencies, the catalog, themes and genres ---------------------------------------------


@api_view
def agency_list(request):
    size = _page_size(request)
    agencies = Organization.objects.active().select_related("parent")
    kind = request.GET.get("kind", "")
    if kind:
        if kind not in Organization.Kind.values:
            allowed = "、".join(Organization.Kind.values)
            message = f"kind 应为 {allowed} 之一。"
            raise ApiError(400, "invalid_parameter", message, {"kind": [message]})
        agencies = agencies.filter(kind=kind)
    page = _page(agencies, AGENCY_ORDER, request, size)
    links = serializers.Links.for_request(request)
    results = [serializers.agency(org, links) for org in page.items]
    return _respond_with_body_etag(request, _list_body(request, page, results))


@api_view
def agency_detail(request, slug):
    org = get_object_or_404(Organization.objects.active().select_related("parent"), slug=slug)
    return _respond_with_body_etag(
        request, serializers.agency(org, serializers.Links.for_request(request))
    )


@api_view
def catalog_node_list(request):
    """Without ``organization``: the statutory nodes (Art. 20/21). With it: that agency's
    tree (the statutory nodes that apply to it and its own), each node with its page in the
    agency's column and the number of items filed under it."""
    size = _page_size(request)
    slug = request.GET.get("organization", "")
    org, counts = None, {}
    if slug:
        org = Organization.objects.active().filter(slug=slug).first()
        if org is None:
            message = f"没有网址标识为「{slug}」的机关。"
            raise ApiError(400, "invalid_parameter", message, {"organization": [message]})
        nodes = Category.objects.for_organization(org)
    else:
        nodes = Category.objects.statutory()
    page = _page(nodes, POSITION_ORDER, request, size)
    if org is not None:
        counts = catalog_items.counts_by_category(org)
    links = serializers.Links.for_request(request)
    results = [
        serializers.catalog_node(
            n, links, org=org, count=counts.get(n.pk, 0) if org is not None else None
        )
        for n in page.items
    ]
    return _respond_with_body_etag(request, _list_body(request, page, results))


@api_view
def catalog_node_detail(request, pk):
    node = get_object_or_404(
        Category.objects.select_related("organization").filter(
            Q(organization__isnull=True) | Q(organization__is_active=True)
        ),
        pk=pk,
    )
    org = node.organization
    count = catalog_items.counts_by_category(org).get(node.pk, 0) if org else None
    data = serializers.catalog_node(
        node, serializers.Links.for_request(request), org=org, count=count
    )
    return _respond_with_body_etag(request, data)


@api_view
def theme_list(request):
    page = _page(Theme.objects.all(), POSITION_ORDER, request, _page_size(request))
    results = [serializers.theme(t) for t in page.items]
    return _respond_with_body_etag(request, _list_body(request, page, results))


@api_view
def genre_list(request):
    page = _page(Genre.objects.all(), POSITION_ORDER, request, _page_size(request))
    results = [serializers.genre(g) for g in page.items]
    return _respond_with_body_etag(request, _list_body(request, page, results))


# -- 年度报告 -------------------------------------------------------------------------------


def public_reports():
    """Published reports of active agencies (whose /xxgk/<org>/nb/ pages exist); never a
    draft."""
    return AnnualReport.objects.published().filter(organization__is_active=True)


@api_view
def annual_report_list(request):
    size = _page_size(request)
    qs = _filterset(AnnualReportFilter, request, public_reports()).qs
    stamp = qs.order_by().aggregate(count=Count("pk"), last=Max("updated_at"))
    etag = make_etag("annual-reports", _params(request), sorted(stamp.items()))
    if response := not_modified(request, etag=etag, last_modified=stamp["last"]):
        return response
    page = _page(
        qs.select_related("organization").defer(
            "snapshot", "overview", "improvements", "problems", "other_matters"
        ),
        ANNUAL_REPORT_ORDER,
        request,
        size,
    )
    links = serializers.Links.for_request(request)
    results = [serializers.annual_report_item(r, links) for r in page.items]
    return add_validators(
        json_response(_list_body(request, page, results, stamp["count"])),
        etag=etag,
        last_modified=stamp["last"],
    )


@api_view
def annual_report_detail(request, pk):
    """A published report as frozen on publication (``reports.frozen_tables``); a draft is
    404 like a report that does not exist."""
    stamp = public_reports().filter(pk=pk).values("updated_at").first()
    if stamp is None:
        raise Http404
    last_modified = stamp["updated_at"]
    etag = make_etag("annual-report", pk, last_modified)
    if response := not_modified(request, etag=etag, last_modified=last_modified):
        return response
    report = get_object_or_404(public_reports().select_related("organization"), pk=pk)
    links = serializers.Links.for_request(request)
    data = serializers.annual_report_detail(report, links, reports.frozen_tables(report))
    return add_validators(json_response(data), etag=etag, last_modified=last_modified)
