"""The 政策文件库 list filters: every choice lives in the URL, so a search can be shared."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.db.models import Q
from django.utils import timezone

from catalog.models import Category, Genre, Organization, Theme
from disclosure.library import search
from disclosure.library.models.interpretation import InterpretationForm
from disclosure.library.validity import IN_FORCE, Validity, validity_q
from disclosure.publishing.filters import agency_filter, year_filter

SORT_CHOICES = [("published", "按发布日期"), ("relevance", "按相关度")]
# The facets shown with counts, in page order.
FACETS = ["organization", "theme", "genre", "validity", "year"]


class DocumentFilter(django_filters.FilterSet):
    # Long queries are cut to search.MAX_QUERY_LENGTH rather than refused.
    q = django_filters.CharFilter(label="关键词", method="filter_q")
    organization = django_filters.ModelChoiceFilter(
        label="发布机关",
        field_name="organization",
        to_field_name="slug",
        queryset=Organization.objects.active(),
    )
    theme = django_filters.ModelChoiceFilter(label="主题分类", queryset=Theme.objects.all())
    genre = django_filters.ModelChoiceFilter(label="体裁", queryset=Genre.objects.all())
    category = django_filters.ModelChoiceFilter(
        label="主动公开目录", queryset=Category.objects.all(), method="filter_category"
    )
    validity = django_filters.ChoiceFilter(
        label="有效性", choices=Validity.choices, method="filter_validity"
    )
    year = django_filters.NumberFilter(
        label="成文年份", method="filter_year", min_value=1949, max_value=2100
    )
    on = django_filters.DateFilter(
        label="某日有效",
        method="filter_in_force_on",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.ChoiceFilter(label="排序", choices=SORT_CHOICES, method="keep")

    def filter_q(self, queryset, name, value):
        return search.filter_documents(queryset, search.parse_query(value))

    def filter_year(self, queryset, name, value):
        return queryset.written_in(int(value))

    def filter_category(self, queryset, name, value):
        # A node shows its own documents and those filed under its sub-nodes.
        return queryset.filter(
            Q(category=value) | Q(category__parent=value) | Q(category__parent__parent=value)
        )

    def filter_validity(self, queryset, name, value):
        # As of today, by the derived rule (never the stored column).
        return queryset.filter(validity_q(value, timezone.localdate()))

    def filter_in_force_on(self, queryset, name, value):
        return queryset.filter(validity_q(IN_FORCE, value))

    def keep(self, queryset, name, value):
        return queryset


class InterpretationFilter(django_filters.FilterSet):
    """The 政策解读 list (/zcjd/): by agency, form and year of publication, and by words."""

    q = django_filters.CharFilter(label="关键词", method="filter_q")
    organization = django_filters.ModelChoiceFilter(
        label="发布机关",
        field_name="organization",
        to_field_name="slug",
        queryset=Organization.objects.active(),
    )
    form = django_filters.ChoiceFilter(label="解读形式", choices=InterpretationForm.choices)
    year = django_filters.NumberFilter(
        label="发布年份",
        field_name="published_on",
        lookup_expr="year",
        min_value=1949,
        max_value=2100,
    )

    def filter_q(self, queryset, name, value):
        parsed = search.parse_query(value)
        if not parsed.tsquery and not parsed.index_number:
            return queryset.none()
        condition = Q(pk__in=[])
        if parsed.index_number:
            condition |= Q(index_number=parsed.index_number)
        if parsed.tsquery:
            query = SearchQuery(parsed.tsquery, search_type="raw", config="simple")
            condition |= Q(search_vector=query)
        return queryset.filter(condition)


class ConcernFilter(django_filters.FilterSet):
    """Published 回应关切 (the API): by agency and by the year the concern arose."""

    organization = agency_filter("回应机关")
    year = year_filter("年份", "learned_at__year")
