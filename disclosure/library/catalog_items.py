"""What an agency has published under each node of its 主动公开目录 (法定主动公开内容).

Every item type that carries a catalog node is one entry of ``SOURCES``; the node pages,
their counts and the staff page of nodes behind their update rule all read the union of
those sources, so a new item type is added here once. Only what the public may see is
counted (已发布, and for documents 主动公开).

Art. 12 of the 条例: the 公开目录 shows for each item its 索引, 名称, 内容概述 and 生成日期.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, Max, QuerySet, Value
from django.urls import reverse

from catalog.models import Category, Organization
from disclosure.library.models import Document, Interpretation


@dataclass(frozen=True)
class Source:
    kind: str  # the value of the union's "kind" column
    label: str
    url_name: str
    formed_field: str  # the item's 生成日期

    def queryset(self) -> QuerySet:
        if self.kind == "document":
            return Document.objects.public()
        return Interpretation.objects.public()


SOURCES = [
    # A document is formed on its 成文日期.
    Source("document", "政策文件", "disclosure:document-detail", "written_on"),
    # An interpretation has no separate date of writing: it is formed when published.
    Source("interpretation", "政策解读", "disclosure:interpretation-detail", "published_on"),
]
_BY_KIND = {s.kind: s for s in SOURCES}


def _scoped(source: Source, organizations: Iterable[Organization] | Organization) -> QuerySet:
    qs = source.queryset().filter(category__isnull=False).order_by()
    if isinstance(organizations, Organization):
        return qs.filter(organization=organizations)
    return qs.filter(organization__in=list(organizations))


def _union(parts: list[QuerySet]) -> QuerySet:
    first, *rest = parts
    return first.union(*rest, all=True) if rest else first


def counts_by_category(organization: Organization) -> dict[int, int]:
    """{category id: number of the agency's public items filed directly under it} (one query)."""
    rows = _union(
        [_scoped(s, organization).values("category_id").annotate(n=Count("pk")) for s in SOURCES]
    )
    counts: dict[int, int] = {}
    for row in rows:
        counts[row["category_id"]] = counts.get(row["category_id"], 0) + row["n"]
    return counts


def latest_by_category(
    organizations: Iterable[Organization],
) -> dict[tuple[int, int], datetime.date]:
    """{(agency id, category id): newest 发布日期 of a public item filed directly under it}.

    One query."""
    rows = _union(
        [
            _scoped(s, organizations)
            .values("organization_id", "category_id")
            .annotate(last=Max("published_on"))
            for s in SOURCES
        ]
    )
    latest: dict[tuple[int, int], datetime.date] = {}
    for row in rows:
        key = (row["organization_id"], row["category_id"])
        if row["last"] and (key not in latest or row["last"] > latest[key]):
            latest[key] = row["last"]
    return latest


def items(organization: Organization, category_ids: Iterable[int]) -> QuerySet:
    """The agency's public items under these nodes, newest first, as Art. 12 rows.

    Each row: kind, id, index_number (索引号), title (名称), summary (内容概述),
    formed_on (生成日期), published_on.
    """
    ids = list(category_ids)
    parts = [
        _scoped(s, organization)
        .filter(category_id__in=ids)
        .annotate(kind=Value(s.kind, output_field=CharField()), formed_on=F(s.formed_field))
        .values("kind", "id", "index_number", "title", "summary", "formed_on", "published_on")
        for s in SOURCES
    ]
    return _union(parts).order_by("-published_on", "-formed_on", "-id")


def item_url(row: dict) -> str:
    return reverse(_BY_KIND[row["kind"]].url_name, args=[row["id"]])


def item_label(row: dict) -> str:
    return _BY_KIND[row["kind"]].label


# -- the tree ---------------------------------------------------------------------------


@dataclass
class Node:
    node: Category
    own: int = 0  # items filed directly under the node
    total: int = 0  # including every descendant
    children: list[Node] = field(default_factory=list)


def tree(nodes: list[Category], counts: dict[int, int] | None = None) -> list[Node]:
    """The nodes as a tree (in their order), each with its own and its total item count."""
    counts = counts or {}
    wrapped = {n.pk: Node(n, own=counts.get(n.pk, 0)) for n in nodes}
    roots: list[Node] = []
    for n in nodes:
        parent = wrapped.get(n.parent_id)
        (parent.children if parent else roots).append(wrapped[n.pk])

    def total(item: Node) -> int:
        item.total = item.own + sum(total(child) for child in item.children)
        return item.total

    for root in roots:
        total(root)
    return roots


def descendant_ids(nodes: list[Category], root_id: int) -> set[int]:
    """The node and every node below it, within the given nodes."""
    children: dict[int | None, list[int]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n.pk)
    found, stack = set(), [root_id]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return found


def ancestors(nodes: list[Category], node: Category) -> list[Category]:
    """The nodes above ``node``, top first."""
    by_pk = {n.pk: n for n in nodes}
    chain, current = [], by_pk.get(node.parent_id)
    while current is not None and current not in chain:
        chain.append(current)
        current = by_pk.get(current.parent_id)
    return chain[::-1]
