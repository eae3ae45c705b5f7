"""Filters of the 决策公开 lists and their API: 意见征集, 决策事项目录, 常务会议."""

from __future__ import annotations

import django_filters

from catalog.models import Organization
from disclosure.decisions.consultations import beijing_date
from disclosure.decisions.models.consultation import Phase
from disclosure.publishing.filters import agency_filter, year_filter


class ConsultationFilter(django_filters.FilterSet):
    """The 意见征集 list (/yjzj/): by agency, phase (征集中 / 已结束 / 已反馈) and year."""

    organization = django_filters.ModelChoiceFilter(
        label="征集机关",
        field_name="organization",
        to_field_name="slug",
        queryset=Organization.objects.active(),
    )
    phase = django_filters.ChoiceFilter(label="状态", choices=Phase.choices, method="filter_phase")
    year = django_filters.NumberFilter(
        label="年份",
        field_name="starts_on",
        lookup_expr="year",
        min_value=1949,
        max_value=2100,
    )

    def filter_phase(self, queryset, name, value):
        return queryset.in_phase(value, beijing_date())


class DecisionCatalogFilter(django_filters.FilterSet):
    """重大行政决策事项目录 per agency and year (the page: /xxgk/<org>/jcml/?year=)."""

    organization = agency_filter("决策机关")
    year = year_filter("年度", "year")


class MeetingFilter(django_filters.FilterSet):
    """政府常务会议 by government and year (the page: /xxgk/<org>/cwhy/?year=)."""

    organization = agency_filter("人民政府")
    year = year_filter("年份", "held_on", "year")
