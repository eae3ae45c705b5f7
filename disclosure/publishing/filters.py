"""Filter fields the disclosure apps' lists share: an agency by its URL slug and a year."""

from __future__ import annotations

import django_filters

from catalog.models import Organization


def agency_filter(label: str):
    return django_filters.ModelChoiceFilter(
        label=label,
        field_name="organization",
        to_field_name="slug",
        queryset=Organization.objects.active(),
    )


def year_filter(label: str, field_name: str, lookup_expr: str = "exact"):
    return django_filters.NumberFilter(
        label=label,
        field_name=field_name,
        lookup_expr=lookup_expr,
        min_value=1949,
        max_value=2100,
    )
