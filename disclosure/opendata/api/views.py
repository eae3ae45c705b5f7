"""The read-only JSON API, /api/v1/: published documents, interpretations, agencies, the
主动公开目录, themes, genres and annual reports, as DRF generic views.

Only what the public pages show: documents 已发布 and 主动公开 (``Document.objects.public()``),
interpretations 已发布; nothing of the 依申请公开 requests, ever. The document and
interpretation lists take the same filter parameters as /zcwjk/ and /zcjd/ (the same
FilterSets, through ``base.FilterBackend``), page with a cursor (``pagination``) and answer
a conditional GET with 304 after one aggregate query (``validators``), before the page is
built. ``schema.documented`` describes each operation in the OpenAPI document.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Greatest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

from catalog.models import Category, Genre, Organization, Theme
from config.web import pagecache
from disclosure.library import catalog_items
from disclosure.library import counts as library_counts
from disclosure.library.filters import ConcernFilter, DocumentFilter, InterpretationFilter
from disclosure.library.models import (
    Attachment,
    Concern,
    Document,
    DocumentRelation,
    Interpretation,
)
from disclosure.library.openness import Openness
from disclosure.library.views.interpretation import public_documents
from disclosure.opendata.api import report_serializers, serializers
from disclosure.opendata.api.base import (
    ApiMixin,
    ApiView,
    DetailView,
    ListView,
    StampedListView,
    gone_or_not_found,
    invalid_parameter,
    latest,
    make_etag,
    query_key,
)
from disclosure.opendata.api.pagination import (
    CountedKeysetPagination,
    DocumentPagination,
    KeysetPagination,
)
from disclosure.opendata.api.schema import documented
from disclosure.reports import services as reports
from disclosure.reports.filters import AnnualReportFilter
from disclosure.reports.models import AnnualReport

# -- index and the OpenAPI document -------------------------------------------------------

ENDPOINTS = {
    "documents": "document-list",
    "interpretations": "interpretation-list",
    "agencies": "agency-list",
    "catalog_nodes": "catalog-node-list",
    "themes": "theme-list",
    "genres": "genre-list",
    "annual_reports": "annual-report-list",
    "consultations": "consultation-list",
    "decision_catalogs": "decision-catalog-list",
    "meetings": "meeting-list",
    "concerns": "concern-list",
    "interviews": "interview-list",
    "activities": "activity-list",
    "commitment_lists": "commitment-list-list",
    "letters": "letter-list",
    "letter_figures": "letter-figures-list",
}


@documented(
    serializers.IndexSerializer,
    "接口入口",
    "各数据集和 OpenAPI 文档的地址。",
    tag="入口",
    operation_id="index",
)
class IndexView(ApiView):
    serializer_class = serializers.IndexSerializer

    def answer(self, request, *args, **kwargs):
        links = self.get_serializer_context()["links"]
        data = {
            "name": f"{settings.PORTAL_NAME}政府信息公开平台开放接口",
            "version": "1",
            "openapi": links.api("openapi"),
            "endpoints": {key: links.api(name) for key, name in ENDPOINTS.items()},
        }
        return Response(self.get_serializer(data).data)


@extend_schema(
    summary="OpenAPI 文档",
    description="本接口的 OpenAPI 3.1 文档（由 drf-spectacular 生成）。",
    tags=["入口"],
    operation_id="openapi",
    responses={200: {"type": "object"}},
)
class OpenApiView(ApiMixin, SpectacularAPIView):
    """The generated document, built once per host (it changes only with the code)."""

    _built: dict = {}

    def answer(self, request, *args, **kwargs):
        key = request.build_absolute_uri(reverse("api:index"))
        if key not in self._built:
            self._built[key] = SpectacularAPIView.get(self, request, *args, **kwargs).data
        return Response(self._built[key])


# -- documents ----------------------------------------------------------------------------


def documents_stamp(today) -> tuple:
    """What every document list depends on, from indexes: the newest change among public
    documents (any edit, publication or withdrawal sets ``updated_at``), their number
    (a deletion; the summary table of ``library_cache``), the public version
    (``config.web.pagecache``: bumped by every publishing step — repeals and amendments
    included — and by changes of agencies, themes and genres), the newest repeal or
    amendment record and the day (validity is as of today). Coarse — any public change
    renews every list's ETag — but cheap indexed queries at a million documents,
    whatever the filters.

    Known limit: ``updated_at`` is taken at save, not at commit, so a long transaction
    committing an older timestamp after a poll can go unseen in ``Last-Modified`` until
    the next change (the ETag sees it: the version is bumped again at commit)."""
    last = Document.objects.public().aggregate(last=Max("updated_at"))["last"]
    relations = DocumentRelation.objects.aggregate(last=Max("created_at"))["last"]
    return last, library_counts.public_total(), pagecache.version(), relations, today


class ApiDocumentFilter(DocumentFilter):
    """The library's filters; the API's order is fixed (newest first), so no ``sort``."""

    sort = None


# Filters whose total the summary table gives exactly (library_counts.SUMMARY_FACETS).
COUNTED_FILTERS = {"organization", "theme", "genre", "year", "validity"}


@documented(
    serializers.DocumentItemSerializer,
    "政策文件列表",
    "已发布且主动公开的政策文件，按发布日期从新到旧；筛选参数与政策文件库相同。",
    tag="政策文件",
    many=True,
)
class DocumentList(ListView):
    serializer_class = serializers.DocumentItemSerializer
    pagination_class = DocumentPagination
    filterset_class = ApiDocumentFilter
    ordering = ["-published_on", "-pk"]

    def get_queryset(self):
        return Document.objects.public()

    def validators(self):
        self.today = timezone.localdate()
        self.stamp = documents_stamp(self.today)
        etag = make_etag("documents", query_key(self.request), self.stamp)
        return etag, latest(self.stamp[0], self.stamp[3])

    def list_queryset(self, queryset):
        return (
            queryset.select_related("organization", "theme", "genre", "category")
            .prefetch_related("issuing_organizations")
            .defer("body", "search_vector")
        )

    def paginate_queryset(self, queryset):
        """The page, with each row's validity derived for this page's rows only (one
        query): annotated on the whole list, PostgreSQL plans the repeal and amendment
        lookups for every public document (a hashed scan of every relation, 8 ms at
        1,000,000) though only a page of rows is read."""
        page = super().paginate_queryset(queryset)
        if page:
            derived = dict(
                Document.objects.filter(pk__in=[d.pk for d in page])
                .with_validity(self.today)
                .values_list("pk", "current_validity")
            )
            for document in page:
                document.current_validity = derived[document.pk]
        return page

    def count(self) -> int | None:
        """The number of matches, when the summary table knows it (the five facets); else
        None: counting every match of a full-text search is what the API avoids."""
        chosen = {k: v for k, v in self.filterset.form.cleaned_data.items() if v not in (None, "")}
        if not chosen:
            return self.stamp[1]
        if not set(chosen) <= COUNTED_FILTERS:
            return None
        keys = {
            k: v.pk if hasattr(v, "pk") else (int(v) if k == "year" else v)
            for k, v in chosen.items()
        }
        return int(library_counts.summary_counts(keys, self.today)[1])


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


@documented(
    serializers.DocumentSerializer,
    "政策文件",
    "一件政策文件：正文、附件、效力变化（废止、修改）和已发布的解读。撤回的文件返回 410。",
    tag="政策文件",
    gone=True,
)
class DocumentDetail(DetailView):
    serializer_class = serializers.DocumentSerializer

    def validators(self):
        pk = self.kwargs["pk"]
        self.today = timezone.localdate()
        stamp = _document_stamp(pk)
        if stamp is None:
            raise gone_or_not_found(Document, pk, "政策文件", disclosure=Openness.PROACTIVE)
        return make_etag("document", pk, sorted(stamp.items()), self.today), latest(*stamp.values())

    def get_queryset(self):
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
        return (
            Document.objects.public()
            .with_validity(self.today)
            .select_related("organization", "theme", "genre", "category")
            .prefetch_related(
                "issuing_organizations", "attachments", incoming, outgoing, interpretations
            )
            .defer("search_vector")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": self.today}


# -- interpretations ----------------------------------------------------------------------


@documented(
    serializers.InterpretationItemSerializer,
    "政策解读列表",
    "已发布的政策解读，按发布日期从新到旧；筛选参数与政策解读栏目相同。",
    tag="政策解读",
    many=True,
)
class InterpretationList(ListView):
    serializer_class = serializers.InterpretationItemSerializer
    pagination_class = CountedKeysetPagination
    filterset_class = InterpretationFilter
    ordering = ["-published_on", "-pk"]

    def get_queryset(self):
        return Interpretation.objects.public()

    def validators(self):
        # The list names each interpretation's public documents: their changes count too.
        self.stamp = self.filtered.order_by().aggregate(
            count=Count("pk", distinct=True),
            last=Max("updated_at"),
            docs=Max("documents__updated_at"),
        )
        etag = make_etag("interpretations", query_key(self.request), sorted(self.stamp.items()))
        return etag, latest(self.stamp["last"], self.stamp["docs"])

    def list_queryset(self, queryset):
        return (
            queryset.select_related("organization", "category")
            .prefetch_related(public_documents())
            .defer("body", "search_vector")
        )

    def count(self):
        return self.stamp["count"]


@documented(
    serializers.InterpretationSerializer,
    "政策解读",
    "一篇政策解读：正文、所解读的公开文件和解读材料（均有文字替代）。撤回的解读返回 410。",
    tag="政策解读",
    gone=True,
)
class InterpretationDetail(DetailView):
    serializer_class = serializers.InterpretationSerializer

    def validators(self):
        pk = self.kwargs["pk"]
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
        return make_etag("interpretation", pk, sorted(stamp.items())), latest(*stamp.values())

    def get_queryset(self):
        return (
            Interpretation.objects.public()
            .select_related("organization", "category")
            .prefetch_related(public_documents(), "media")
            .defer("search_vector")
        )


# -- 回应关切 ------------------------------------------------------------------------------


@documented(
    serializers.ConcernSerializer,
    "回应关切列表",
    "已发布的回应关切（公众关注热点、政务舆情及机关的公开回应），按获知时间从新到旧；"
    "可按回应机关（organization）和获知年份（year）筛选。",
    tag="政策解读",
    many=True,
)
class ConcernList(StampedListView):
    serializer_class = serializers.ConcernSerializer
    pagination_class = CountedKeysetPagination
    filterset_class = ConcernFilter
    etag_name = "concerns"
    ordering = ["-learned_at", "-pk"]

    def get_queryset(self):
        return Concern.objects.public()

    def list_queryset(self, queryset):
        return queryset.select_related("organization")


# -- agencies, the catalog, themes and genres ---------------------------------------------

KIND = OpenApiParameter("kind", str, enum=list(Organization.Kind.values), description="机关类型。")


@documented(
    serializers.AgencySerializer,
    "机关列表",
    "在本平台公开信息的机关及其公开指南所列联系方式（条例第十二条）。",
    tag="机关和目录",
    many=True,
    parameters=[KIND],
)
class AgencyList(ListView):
    serializer_class = serializers.AgencySerializer
    pagination_class = KeysetPagination
    ordering = ["position", "name", "pk"]

    def get_queryset(self):
        agencies = Organization.objects.active().select_related("parent")
        kind = self.request.query_params.get("kind", "")
        if kind:
            if kind not in Organization.Kind.values:
                allowed = "、".join(Organization.Kind.values)
                raise invalid_parameter("kind", f"kind 应为 {allowed} 之一。")
            agencies = agencies.filter(kind=kind)
        return agencies


@documented(
    serializers.AgencySerializer, "机关", "一个机关及其联系方式。", tag="机关和目录", slug=True
)
class AgencyDetail(DetailView):
    serializer_class = serializers.AgencySerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Organization.objects.active().select_related("parent")


ORGANIZATION = OpenApiParameter(
    "organization", str, description="机关的网址标识（slug）；不指定时为法定目录节点。"
)


@documented(
    serializers.CatalogNodeSerializer,
    "主动公开目录",
    "不指定机关时为法定目录节点（条例第二十条、第二十一条）；指定机关时为该机关的目录树，"
    "含各节点在其专栏中的页面和直接归入的公开信息数。",
    tag="机关和目录",
    many=True,
    parameters=[ORGANIZATION],
)
class CatalogNodeList(ListView):
    serializer_class = serializers.CatalogNodeSerializer
    pagination_class = KeysetPagination
    ordering = ["position", "pk"]
    org = None

    def get_queryset(self):
        slug = self.request.query_params.get("organization", "")
        if not slug:
            return Category.objects.statutory()
        self.org = Organization.objects.active().filter(slug=slug).first()
        if self.org is None:
            raise invalid_parameter("organization", f"没有网址标识为「{slug}」的机关。")
        return Category.objects.for_organization(self.org)

    def get_serializer_context(self):
        context = {**super().get_serializer_context(), "org": self.org}
        if self.org is not None:
            context["counts"] = catalog_items.counts_by_category(self.org)
        return context


@documented(
    serializers.CatalogNodeSerializer, "目录节点", "主动公开目录的一个节点。", tag="机关和目录"
)
class CatalogNodeDetail(DetailView):
    serializer_class = serializers.CatalogNodeSerializer

    def get_queryset(self):
        return Category.objects.select_related("organization").filter(
            Q(organization__isnull=True) | Q(organization__is_active=True)
        )

    def answer(self, request, *args, **kwargs):
        node = self.get_object()
        org = node.organization
        context = {**self.get_serializer_context(), "org": org}
        if org is not None:
            context["counts"] = catalog_items.counts_by_category(org)
        return Response(self.get_serializer_class()(node, context=context).data)


@documented(serializers.ThemeSerializer, "主题分类", "政策文件的主题分类。", tag="分类", many=True)
class ThemeList(ListView):
    serializer_class = serializers.ThemeSerializer
    pagination_class = KeysetPagination
    ordering = ["position", "pk"]
    queryset = Theme.objects.all()


@documented(serializers.GenreSerializer, "体裁", "政策文件的体裁。", tag="分类", many=True)
class GenreList(ListView):
    serializer_class = serializers.GenreSerializer
    pagination_class = KeysetPagination
    ordering = ["position", "pk"]
    queryset = Genre.objects.all()


# -- 年度报告 -------------------------------------------------------------------------------


def public_reports():
    """Published reports of active agencies (whose /xxgk/<org>/nb/ pages exist); never a
    draft."""
    return AnnualReport.objects.published().filter(organization__is_active=True)


@documented(
    report_serializers.AnnualReportItemSerializer,
    "年度报告列表",
    "已公布的政府信息公开工作年度报告，按年度从新到旧。",
    tag="年度报告",
    many=True,
)
class AnnualReportList(StampedListView):
    serializer_class = report_serializers.AnnualReportItemSerializer
    pagination_class = CountedKeysetPagination
    filterset_class = AnnualReportFilter
    etag_name = "annual-reports"
    ordering = ["-year", "-pk"]

    def get_queryset(self):
        return public_reports()

    def list_queryset(self, queryset):
        return queryset.select_related("organization").defer(
            "snapshot", "overview", "improvements", "problems", "other_matters"
        )


@documented(
    report_serializers.AnnualReportSerializer,
    "年度报告",
    "一份已公布的年度报告：公布时固定的数据、表格、修正及理由和依申请公开办理绩效；"
    "草稿与不存在的报告一样返回 404。",
    tag="年度报告",
)
class AnnualReportDetail(DetailView):
    serializer_class = report_serializers.AnnualReportSerializer

    def validators(self):
        stamp = public_reports().filter(pk=self.kwargs["pk"]).values("updated_at").first()
        if stamp is None:
            raise Http404
        return make_etag("annual-report", self.kwargs["pk"], stamp["updated_at"]), stamp[
            "updated_at"
        ]

    def get_queryset(self):
        return public_reports().select_related("organization")

    def get_object(self):
        report = super().get_object()
        report.frozen = reports.frozen_tables(report)
        return report
