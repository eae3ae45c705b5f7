"""Keyset (cursor) pagination: a stable walk through lists that keep growing.

A page ends with an opaque cursor naming its last row's sort key (e.g. 发布日期 and id);
the next page is the rows strictly after that key in the same deterministic order, with
the primary key as the last tie-break. Documents published while a client walks the
list sort before its cursor, so the rest of the walk shows no row twice and skips none,
which page numbers (OFFSET) cannot promise. Each page is one indexed range scan,
however deep.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import functools
import json
import operator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet


class InvalidCursor(ValueError):
    """The cursor parameter is not one this API handed out."""


def _plain(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def encode(values: list) -> str:
    raw = json.dumps([_plain(v) for v in values], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, queryset: QuerySet, ordering: list[str]) -> list:
    """The sort key a cursor names, as Python values of the ordering's fields."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise InvalidCursor from exc
    if not isinstance(values, list) or len(values) != len(ordering):
        raise InvalidCursor
    meta = queryset.model._meta
    out = []
    for name, value in zip(ordering, values, strict=True):
        field = meta.pk if name.lstrip("-") == "pk" else meta.get_field(name.lstrip("-"))
        if value is None or isinstance(value, list | dict):
            raise InvalidCursor
        try:
            out.append(field.to_python(value))
        except ValidationError as exc:
            raise InvalidCursor from exc
    return out


def after(ordering: list[str], values: list) -> Q:
    """Rows strictly after the row whose sort key is ``values``.

    (a < x) OR (a = x AND b < y) …, plus the plain bound a <= x on the first field so that
    PostgreSQL starts the index scan at the cursor instead of filtering from the top.
    """
    alternatives = []
    equal: list[Q] = []
    for name, value in zip(ordering, values, strict=True):
        field = name.lstrip("-")
        lookup = "lt" if name.startswith("-") else "gt"
        alternatives.append(
            functools.reduce(operator.and_, [*equal, Q(**{f"{field}__{lookup}": value})])
        )
        equal.append(Q(**{field: value}))
    first = ordering[0]
    bound = Q(**{f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": values[0]})
    return bound & functools.reduce(operator.or_, alternatives)


@dataclass
class Page:
    items: list
    next_cursor: str | None


def paginate(queryset: QuerySet, ordering: list[str], *, cursor: str | None, size: int) -> Page:
    """One page of ``queryset`` in ``ordering`` (which must end with "pk" or "-pk")."""
    assert ordering[-1].lstrip("-") == "pk", "the last sort key must be the primary key"
    queryset = queryset.order_by(*ordering)
    if cursor:
        queryset = queryset.filter(after(ordering, decode(cursor, queryset, ordering)))
    rows = list(queryset[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if more:
        last = rows[-1]
        next_cursor = encode([getattr(last, name.lstrip("-")) for name in ordering])
    return Page(rows, next_cursor)
