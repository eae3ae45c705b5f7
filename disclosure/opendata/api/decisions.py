"""决策公开 in the JSON API: consultations (意见征集), decision catalogs (重大行政决策事项目录)
and executive meetings (政府常务会议), as DRF generic views with the conventions of
``disclosure.opendata.api.views``.

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
from disclosure.opendata.api import decision_serializers as serializers
from disclosure.opendata.api.base import (
    DetailView,
    ListView,
    StampedListView,
    gone_or_not_found,
    latest,
    make_etag,
    query_key,
)
from disclosure.opendata.api.pagination import CountedKeysetPagination
from disclosure.opendata.api.schema import documented

# Long texts the lists do not show.
CONSULTATION_LIST_DEFERRED = ("draft", "explanation", "contact", "feedback_summary")


def _start_of(day: datetime.date) -> datetime.datetime:
    """00:00 of ``day`` in Beijing, when a consultation's phase and days left change."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=consultations.BEIJING)


# -- 意见征集 -------------------------------------------------------------------------------


class TodayMixin:
    """Phases and days left are counted on the Beijing date."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": self.today}


@documented(
    serializers.ConsultationItemSerializer,
    "意见征集列表",
    "已发布的意见征集，按开始日期从新到旧；筛选参数与意见征集栏目相同。",
    tag="意见征集",
    many=True,
)
class ConsultationList(TodayMixin, StampedListView):
    serializer_class = serializers.ConsultationItemSerializer
    pagination_class = CountedKeysetPagination
    filterset_class = ConsultationFilter
    ordering = ["-starts_on", "-pk"]  # as /yjzj/ (index consultation_public_idx)

    def get_queryset(self):
        return Consultation.objects.public()

    def validators(self):
        self.today = consultations.beijing_date()
        self.stamp_filtered()
        etag = make_etag(
            "consultations", query_key(self.request), sorted(self.stamp.items()), self.today
        )
        return etag, latest(self.stamp["last"], _start_of(self.today))

    def list_queryset(self, queryset):
        return queryset.select_related("organization").defer(*CONSULTATION_LIST_DEFERRED)


@documented(
    serializers.ConsultationSerializer,
    "意见征集",
    "一项意见征集：征求意见稿、起草说明、文件、正式印发的公开文件和已公布的意见采纳情况反馈"
    "（只含统计、主要观点和工作人员公开的摘要，不含提意见人的任何信息）。撤回的返回 410。",
    tag="意见征集",
    gone=True,
)
class ConsultationDetail(TodayMixin, DetailView):
    serializer_class = serializers.ConsultationSerializer

    def validators(self):
        """What one consultation's answer depends on, in one query: the row (its feedback
        is published by setting ``updated_at``; 主要观点 and tags are frozen from then on),
        its files, and its final document (a withdrawal hides the link)."""
        pk = self.kwargs["pk"]
        self.today = consultations.beijing_date()
        stamp = (
            Consultation.objects.public()
            .filter(pk=pk)
            .annotate(files=Count("attachments"), last_file=Max("attachments__pk"))
            .values("updated_at", "final_document__updated_at", "files", "last_file")
            .first()
        )
        if stamp is None:
            raise gone_or_not_found(Consultation, pk, "意见征集")
        last_modified = latest(
            stamp["updated_at"], stamp["final_document__updated_at"], _start_of(self.today)
        )
        return make_etag("consultation", pk, sorted(stamp.items()), self.today), last_modified

    def get_queryset(self):
        return (
            Consultation.objects.public()
            .select_related("organization", "final_document")
            .defer("final_document__body", "final_document__search_vector")
            .prefetch_related("attachments")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "public_feedback": self.public_feedback}

    def get_object(self):
        consultation = super().get_object()
        self.public_feedback = consultations.public_feedback(consultation)
        return consultation


# -- 重大行政决策事项目录 ------------------------------------------------------------------------


def public_catalogs():
    """Published catalogs of active agencies (their /xxgk/<org>/jcml/ pages exist)."""
    return DecisionCatalog.objects.public().filter(organization__is_active=True)


@documented(
    serializers.DecisionCatalogItemSerializer,
    "重大行政决策事项目录列表",
    "每个机关每年一份已公布的目录，按年度从新到旧。",
    tag="决策公开",
    many=True,
)
class DecisionCatalogList(ListView):
    serializer_class = serializers.DecisionCatalogItemSerializer
    pagination_class = CountedKeysetPagination
    filterset_class = DecisionCatalogFilter
    ordering = ["-year", "-pk"]

    def get_queryset(self):
        return public_catalogs()

    def list_queryset(self, queryset):
        return queryset.select_related("organization").annotate(item_count=Count("items"))


@documented(
    serializers.DecisionCatalogSerializer,
    "重大行政决策事项目录",
    "一份目录及其全部事项，每项只链接公开的意见征集、决策文件和执行效果评估报告。",
    tag="决策公开",
)
class DecisionCatalogDetail(DetailView):
    serializer_class = serializers.DecisionCatalogSerializer

    def get_queryset(self):
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
        return (
            public_catalogs()
            .select_related("organization")
            .annotate(item_count=Count("items"))
            .prefetch_related(Prefetch("items", queryset=items.order_by("position", "pk")))
        )


# -- 政府常务会议 ---------------------------------------------------------------------------


def public_meetings():
    """Published meetings of active governments (as /xxgk/<org>/cwhy/ shows them)."""
    return Meeting.objects.public().filter(
        organization__is_active=True, organization__kind=Organization.Kind.GOVERNMENT
    )


@documented(
    serializers.MeetingItemSerializer,
    "政府常务会议列表",
    "已公布的政府常务会议，按召开日期从新到旧；筛选参数 organization（人民政府）和 year。",
    tag="决策公开",
    many=True,
)
class MeetingList(ListView):
    serializer_class = serializers.MeetingItemSerializer
    pagination_class = CountedKeysetPagination
    filterset_class = MeetingFilter
    ordering = ["-held_on", "-pk"]  # as /xxgk/<org>/cwhy/

    def get_queryset(self):
        return public_meetings()

    def list_queryset(self, queryset):
        topics = MeetingTopic.objects.only("pk", "meeting_id", "title").order_by("position", "pk")
        return (
            queryset.select_related("organization")
            .only("pk", "title", "held_on", "organization")
            .prefetch_related(Prefetch("topics", queryset=topics))
        )


@documented(
    serializers.MeetingSerializer,
    "政府常务会议",
    "一次会议：议题和议定事项、公开的文件和解读，以及列席情况（按类别和人数，不列姓名）。",
    tag="决策公开",
)
class MeetingDetail(DetailView):
    serializer_class = serializers.MeetingSerializer

    def get_queryset(self):
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
        return (
            public_meetings()
            .select_related("organization")
            .prefetch_related(Prefetch("topics", queryset=topics), "attendances")
        )
