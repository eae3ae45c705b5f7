"""Filters of the published annual reports (the API)."""

from __future__ import annotations

import django_filters

from disclosure.publishing.filters import agency_filter, year_filter


class AnnualReportFilter(django_filters.FilterSet):
    """Published 年度报告 (the API; the pages list one agency's, /xxgk/<org>/nb/)."""

    organization = agency_filter("机关")
    year = year_filter("年度", "year")
