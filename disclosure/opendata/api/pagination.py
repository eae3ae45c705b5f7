"""Keyset (cursor) pagination as a DRF pagination class: a stable walk through lists that
keep growing.

A page ends with an opaque cursor naming its last row's sort key (e.g. 发布日期 and id);
the next page is the rows strictly after that key in the view's ``ordering``, which ends
with the primary key. Documents published while a client walks the list sort before its
cursor, so the rest of the walk shows no row twice and skips none. DRF's own
``CursorPagination`` keys on the first field only and counts ties by OFFSET, so a
document published with the same date as the cursor's row would shift the walk by one;
here each page is one indexed range scan, however deep.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import functools
import json
import operator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from disclosure.opendata.api.base import invalid_parameter

INVALID_CURSOR = "cursor 参数无效：请使用上一页返回的 next 链接。"


def _encode(values: list) -> str:
    plain = [v.isoformat() if isinstance(v, datetime.date) else v for v in values]
    raw = json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, model, ordering: list[str]) -> list:
    """The sort key a cursor names, as Python values of the ordering's fields."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list) or len(values) != len(ordering):
            raise ValueError
        out = []
        for name, value in zip(ordering, values, strict=True):
            name = name.lstrip("-")
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
            if value is None or isinstance(value, list | dict):
                raise ValueError
            out.append(field.to_python(value))
        return out
    except (binascii.Error, ValueError, ValidationError) as exc:
        raise invalid_parameter("cursor", INVALID_CURSOR) from exc


def _after(ordering: list[str], values: list) -> Q:
    """Rows strictly after the row whose sort key is ``values``:
    (a < x) OR (a = x AND b < y) …, plus the plain bound a <= x on the first field so that
    PostgreSQL starts the index scan at the cursor instead of filtering from the top."""
    alternatives, equal = [], []
    for name, value in zip(ordering, values, strict=True):
        field, lookup = name.lstrip("-"), "lt" if name.startswith("-") else "gt"
        alternatives.append(
            functools.reduce(operator.and_, [*equal, Q(**{f"{field}__{lookup}": value})])
        )
        equal.append(Q(**{field: value}))
    first = ordering[0]
    bound = Q(**{f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": values[0]})
    return bound & functools.reduce(operator.or_, alternatives)


class KeysetPagination(BasePagination):
    """``{"next": …, "results": […]}``; ``view.ordering`` must end with "pk" or "-pk"."""

    def page_size_for(self, request) -> int:
        raw = request.query_params.get("page_size", "")
        most = settings.API_MAX_PAGE_SIZE
        if raw == "":
            return settings.API_PAGE_SIZE
        if not raw.isdigit() or not 1 <= int(raw) <= most:
            raise invalid_parameter("page_size", f"page_size 应为 1 到 {most} 之间的整数。")
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        ordering = list(view.ordering)
        assert ordering[-1].lstrip("-") == "pk", "the last sort key must be the primary key"
        size = self.page_size_for(request)
        queryset = queryset.order_by(*ordering)
        if cursor := request.query_params.get("cursor"):
            queryset = queryset.filter(_after(ordering, _decode(cursor, queryset.model, ordering)))
        rows = list(queryset[: size + 1])
        self.next_url = None
        if len(rows) > size:
            rows = rows[:size]
            query = request.query_params.copy()
            query["cursor"] = _encode([getattr(rows[-1], f.lstrip("-")) for f in ordering])
            self.next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        self.view = view
        return rows

    def get_paginated_response(self, data):
        return Response({"next": self.next_url, "results": data})

    next_schema = {
        "type": ["string", "null"],
        "format": "uri",
        "description": "下一页的地址；最后一页为 null。",
    }

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {"next": self.next_schema, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        most = settings.API_MAX_PAGE_SIZE
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "上一页 next 链接中的游标；不要自行构造。",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"每页条数，默认 {settings.API_PAGE_SIZE}，最大 {most}。",
                "schema": {"type": "integer", "minimum": 1, "maximum": most},
            },
        ]


class CountedKeysetPagination(KeysetPagination):
    """Also ``count``: the number of matches (``view.count()``)."""

    count_schema = {"type": "integer", "description": "符合筛选条件的总数。"}

    def get_paginated_response(self, data):
        return Response({"count": self.view.count(), "next": self.next_url, "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "results"],
            "properties": {"count": self.count_schema, "next": self.next_schema, "results": schema},
        }


class DocumentPagination(CountedKeysetPagination):
    count_schema = {
        "type": ["integer", "null"],
        "description": "符合筛选条件的总数；含关键词等无法快速计数的筛选时为 null。",
    }
