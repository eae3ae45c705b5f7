"""Filters of the engagement API lists: by agency and year."""

from __future__ import annotations

import django_filters

from disclosure.engagement.models import Activity, CommitmentList, Interview
from disclosure.publishing.filters import agency_filter, year_filter


class InterviewFilter(django_filters.FilterSet):
    organization = agency_filter("主办机关")
    year = year_filter("年份", "starts_at", "year")

    class Meta:
        model = Interview
        fields = ["organization", "year"]


class ActivityFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(
        label="开放计划的机关（网址标识）", field_name="plan__organization__slug"
    )
    year = year_filter("开放计划年度", "plan__year")

    class Meta:
        model = Activity
        fields = ["organization", "year"]


class CommitmentListFilter(django_filters.FilterSet):
    organization = agency_filter("机关")
    year = year_filter("年度", "year")

    class Meta:
        model = CommitmentList
        fields = ["organization", "year"]
