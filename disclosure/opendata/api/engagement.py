"""政民互动 (2) in the JSON API: interviews (在线访谈), open-day activities (政府开放活动) and
公开承诺事项 lists, as DRF generic views with the conventions of ``views``.

Only what the public pages show: published interviews with the answered questions' texts
(never the asker), activities of published plans with their places left (never a
sign-up), published commitment lists. Their ETag is a hash of the body (interviews and
activities change with the clock: a transcript appears, places are taken).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from disclosure.engagement import interviews
from disclosure.engagement.filters import ActivityFilter, CommitmentListFilter, InterviewFilter
from disclosure.engagement.models import (
    Activity,
    Commitment,
    CommitmentList,
    Interview,
    InterviewPicture,
    ProgressEntry,
)
from disclosure.opendata.api import engagement_serializers as serializers
from disclosure.opendata.api.base import DetailView, ListView, gone_or_not_found
from disclosure.opendata.api.pagination import CountedKeysetPagination
from disclosure.opendata.api.schema import documented


def _public_pictures():
    return Prefetch(
        "pictures",
        queryset=InterviewPicture.objects.exclude(public_name="").order_by("position", "pk"),
    )


@documented(
    serializers.InterviewItemSerializer,
    "在线访谈列表",
    "已发布的在线访谈，按访谈时间从新到旧；筛选参数 organization 和 year。",
    tag="政民互动",
    many=True,
)
class InterviewList(ListView):
    serializer_class = serializers.InterviewItemSerializer
    pagination_class = CountedKeysetPagination
    filterset_class = InterviewFilter
    ordering = ["-starts_at", "-pk"]

    def get_queryset(self):
        return Interview.objects.public()

    def list_queryset(self, queryset):
        return queryset.select_related("organization").prefetch_related("guests")


@documented(
    serializers.InterviewSerializer,
    "在线访谈",
    "一期在线访谈：嘉宾、已结束访谈的文字实录（只含审核通过并答复的提问文字和答复嘉宾，"
    "不含提问人的任何信息）、图片和相关文件、解读。撤回的返回 410。",
    tag="政民互动",
    gone=True,
)
class InterviewDetail(DetailView):
    serializer_class = serializers.InterviewSerializer

    def get_object(self):
        pk = self.kwargs["pk"]
        interview = (
            Interview.objects.public()
            .select_related("organization")
            .prefetch_related("guests", _public_pictures())
            .filter(pk=pk)
            .first()
        )
        if interview is None:
            raise gone_or_not_found(Interview, pk, "在线访谈")
        interview.transcript = (
            interviews.transcript(interview) if interview.has_ended(timezone.now()) else []
        )
        interview.documents_public = list(interview.documents.public())
        interview.interpretations_public = list(interview.interpretations.public())
        return interview


@documented(
    serializers.ActivitySerializer,
    "政府开放活动列表",
    "已公布的政府开放计划中的活动，按活动时间从新到旧，含剩余名额；筛选参数 organization 和 year。",
    tag="政民互动",
    many=True,
)
class ActivityList(ListView):
    serializer_class = serializers.ActivitySerializer
    pagination_class = CountedKeysetPagination
    filterset_class = ActivityFilter
    ordering = ["-starts_at", "-pk"]

    def get_queryset(self):
        return Activity.objects.public()

    def list_queryset(self, queryset):
        return queryset.with_places().select_related("plan__organization", "host")


@documented(
    serializers.ActivitySerializer,
    "政府开放活动",
    "一项开放活动及其剩余名额（不含报名人的任何信息）。",
    tag="政民互动",
)
class ActivityDetail(DetailView):
    serializer_class = serializers.ActivitySerializer

    def get_queryset(self):
        return Activity.objects.public().with_places().select_related("plan__organization", "host")


@documented(
    serializers.CommitmentListItemSerializer,
    "公开承诺事项清单列表",
    "已发布的公开承诺事项清单，按年度从新到旧；筛选参数 organization 和 year。",
    tag="政民互动",
    many=True,
)
class CommitmentListList(ListView):
    serializer_class = serializers.CommitmentListItemSerializer
    pagination_class = CountedKeysetPagination
    filterset_class = CommitmentListFilter
    ordering = ["-year", "-pk"]

    def get_queryset(self):
        return CommitmentList.objects.public()

    def list_queryset(self, queryset):
        return queryset.select_related("organization")


@documented(
    serializers.CommitmentListSerializer,
    "公开承诺事项清单",
    "一份清单的每项任务：工作任务、完成时限、责任单位、责任人、进展情况和按今日计算的状态。"
    "撤回的返回 410。",
    tag="政民互动",
    gone=True,
)
class CommitmentListDetail(DetailView):
    serializer_class = serializers.CommitmentListSerializer

    def get_object(self):
        pk = self.kwargs["pk"]
        clist = CommitmentList.objects.public().select_related("organization").filter(pk=pk).first()
        if clist is None:
            raise gone_or_not_found(CommitmentList, pk, "公开承诺事项清单")
        clist.tasks = list(
            Commitment.objects.filter(commitment_list=clist)
            .with_status()
            .prefetch_related(
                Prefetch("progress", queryset=ProgressEntry.objects.order_by("on", "pk"))
            )
            .order_by("position", "pk")
        )
        return clist
