"""网上留言 in the JSON API: the published letters and the monthly (or yearly) figures per
agency, with the conventions of ``disclosure.opendata.api.views``.

Only what the public pages show: ``Letter.objects.public()`` and, of a letter, the texts
staff published (title, letter, reply), its type, agency and dates — never the writer's
name, phone or e-mail, nor the 查询码. The figures are computed from the records
(``disclosure.mailbox.figures``); their ETag is a hash of the body.
"""

from __future__ import annotations

import django_filters
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from catalog.models import Organization
from disclosure.mailbox import figures
from disclosure.mailbox.models import Letter, LetterKind
from disclosure.opendata.api.base import DetailView, ListView, invalid_parameter
from disclosure.opendata.api.pagination import CountedKeysetPagination, KeysetPagination
from disclosure.opendata.api.schema import documented
from disclosure.opendata.api.serializers import AgencyRefSerializer, Link, choice
from disclosure.publishing.filters import agency_filter, year_filter

LetterKindChoice = choice(LetterKind, "LetterKind")


class LetterSerializer(serializers.Serializer):
    """已公开的网上留言及答复（不含留言人的任何信息）。"""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField(source="public_title", help_text="标题")
    kind = LetterKindChoice(help_text="留言类型")
    body = serializers.CharField(source="public_body", help_text="留言内容（已删除个人信息）")
    organization = AgencyRefSerializer(help_text="答复机关")
    received_on = serializers.DateField(help_text="留言日期")
    reply = serializers.CharField(source="public_reply", help_text="答复内容")
    replied_on = serializers.DateField(help_text="答复日期")
    published_on = serializers.DateField(help_text="公开日期")
    url = Link("disclosure:mailbox-detail", "pk", help_text="网页地址")
    api_url = Link("letter-detail", "pk", api=True, help_text="接口地址")


class LetterFilter(django_filters.FilterSet):
    organization = agency_filter("答复机关")
    kind = django_filters.ChoiceFilter(label="留言类型", choices=LetterKind.choices)
    year = year_filter("答复年份", "replied_on__year")

    class Meta:
        model = Letter
        fields = ["organization", "kind", "year"]


def public_letters():
    return (
        Letter.objects.public()
        .select_related("organization")
        .only(
            "pk",
            "public_title",
            "kind",
            "public_body",
            "public_reply",
            "received_on",
            "replied_on",
            "published_on",
            "organization__slug",
            "organization__name",
        )
    )


@documented(
    LetterSerializer,
    "网上留言列表",
    "已公开的网上留言及答复，按公开日期从新到旧；可按答复机关、留言类型和答复年份筛选。"
    "不含留言人的姓名、电话、电子邮箱和查询码。",
    tag="互动交流",
    many=True,
)
class LetterList(ListView):
    serializer_class = LetterSerializer
    pagination_class = CountedKeysetPagination
    filterset_class = LetterFilter
    ordering = ["-published_on", "-pk"]

    def get_queryset(self):
        return public_letters()


@documented(LetterSerializer, "网上留言", "一件已公开的网上留言及答复。", tag="互动交流")
class LetterDetail(DetailView):
    serializer_class = LetterSerializer

    def get_queryset(self):
        return public_letters()


class LetterFiguresSerializer(serializers.Serializer):
    """一个机关一个统计期的网上留言办理情况（由办理记录计算）。"""

    organization = AgencyRefSerializer(help_text="机关")
    period = serializers.CharField(help_text="统计期：YYYY 或 YYYY-MM")
    received = serializers.IntegerField(help_text="收到留言数（有效留言）")
    closed = serializers.IntegerField(help_text="办结留言数（答复或告知其他渠道）")
    answer_rate = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="答复率（%）"
    )
    average_working_days = serializers.DecimalField(
        max_digits=7, decimal_places=1, allow_null=True, help_text="平均办理时间（工作日）"
    )
    average_calendar_days = serializers.DecimalField(
        max_digits=7, decimal_places=1, allow_null=True, help_text="平均办理时间（自然日）"
    )
    published = serializers.IntegerField(help_text="公开答复数")
    rated = serializers.IntegerField(help_text="评价数")
    satisfaction = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="满意率（%，满意和基本满意）"
    )


YEAR = OpenApiParameter("year", int, description="年份，默认今年。")
MONTH = OpenApiParameter("month", int, description="月份（1–12）；不填为全年。")


def _number(request, name: str, low: int, high: int, default: int | None) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise invalid_parameter(name, f"{name} 应为 {low}–{high} 之间的整数。")
    return value


@documented(
    LetterFiguresSerializer,
    "网上留言办理情况",
    "每个机关一个月或一年的网上留言办理情况：收到、办结、答复率、平均办理时间（工作日和"
    "自然日）、公开答复数、满意率，由办理记录计算。",
    tag="互动交流",
    many=True,
    parameters=[YEAR, MONTH],
)
class LetterFiguresList(ListView):
    serializer_class = LetterFiguresSerializer
    pagination_class = KeysetPagination
    ordering = ["position", "name", "pk"]

    def get(self, request, *args, **kwargs):
        self.year = _number(request, "year", 2000, 2100, timezone.localdate().year)
        self.month = _number(request, "month", 1, 12, None)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Organization.objects.active()

    def answer(self, request, *args, **kwargs):
        agencies = self.paginate_queryset(self.filtered)
        rows = figures.figures(agencies, *figures.period_of(self.year, self.month))[:-1]
        period = f"{self.year}" + (f"-{self.month:02d}" if self.month else "")
        data = [{**row.__dict__, "period": period} | _derived(row) for row in rows]
        return self.get_paginated_response(self.get_serializer(data, many=True).data)


def _derived(row: figures.Figures) -> dict:
    return {
        "answer_rate": row.answer_rate,
        "average_working_days": row.average_working_days,
        "average_calendar_days": row.average_calendar_days,
        "satisfaction": row.satisfaction,
    }
