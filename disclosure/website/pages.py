"""What the home page, the 网站地图 and the site search show, as queries.

The home page's lists are cached under the library's version (bumped by every change the
library's pages show) and the day, for a minute at most (consultations and reports do not
bump the version): a reader sees a new item within a minute, and the page costs a constant
number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.urls import reverse

from catalog.models import Category, Organization
from catalog.statutory import OFFICIAL_GENRES
from disclosure.decisions.models import Consultation
from disclosure.library import cache as library_cache
from disclosure.library.models import Document, Interpretation
from disclosure.website.models import WebsiteReport

# The 通知公告 column: documents of these genres (公文种类 of the 党政机关公文处理工作条例).
NOTICE_GENRES = [g for g in OFFICIAL_GENRES if g in ("通知", "公告", "通告")]
HOME_SECONDS = 60
HOME_ROWS = 8


@dataclass(frozen=True)
class Entry:
    title: str
    url: str
    day: datetime.date | None
    organization: str = ""


def _documents(qs, rows=HOME_ROWS) -> list[Entry]:
    qs = qs.select_related("organization").only(
        "pk", "title", "published_on", "organization__name", "organization__short_name"
    )
    return [
        Entry(
            d.title,
            reverse("disclosure:document-detail", args=[d.pk]),
            d.published_on,
            d.organization.short_name or d.organization.name,
        )
        for d in qs.order_by("-published_on", "-pk")[:rows]
    ]


def newest(today: datetime.date) -> dict:
    """The home page's lists: documents, notices, interpretations, consultations (4 queries
    when not cached), and the website annual report of last year once published."""
    key = f"website:home:{library_cache.version()}:{today.isoformat()}"
    found = cache.get(key)
    if found is not None:
        return found
    documents = _documents(Document.objects.public())
    notices = _documents(Document.objects.public().filter(genre__name__in=NOTICE_GENRES))
    interpretations = [
        Entry(i.title, reverse("disclosure:interpretation-detail", args=[i.pk]), i.published_on)
        for i in Interpretation.objects.public()
        .only("pk", "title", "published_on")
        .order_by("-published_on", "-pk")[:HOME_ROWS]
    ]
    consultations = [
        Entry(c.title, reverse("disclosure:consultation-detail", args=[c.pk]), c.published_on)
        for c in Consultation.objects.public()
        .only("pk", "title", "published_on")
        .order_by("-published_on", "-pk")[:HOME_ROWS]
    ]
    report = WebsiteReport.objects.published().filter(year=today.year - 1).first()
    found = {
        "documents": documents,
        "notices": notices,
        "interpretations": interpretations,
        "consultations": consultations,
        "website_report": (
            {"year": report.year, "url": report.get_absolute_url()} if report else None
        ),
    }
    cache.set(key, found, HOME_SECONDS)
    return found


def newest_day(found: dict) -> datetime.date | None:
    """The date of the newest item on the home page (the 首页不更新 veto reads it)."""
    days = [
        e.day
        for name in ("documents", "notices", "interpretations", "consultations")
        for e in found[name]
        if e.day
    ]
    return max(days) if days else None


# -- 网站地图 ---------------------------------------------------------------------------


@dataclass
class MapNode:
    name: str
    url: str
    children: list[MapNode] = field(default_factory=list)


# Every agency's column pages, in the order of its column's menu.
COLUMN_PAGES = [
    ("政府信息公开指南", "disclosure:guide"),
    ("政府信息公开制度", "disclosure:regulation-list"),
    ("法定主动公开内容", "disclosure:statutory-content"),
    ("政务公开事项标准目录", "disclosure:standard-catalog"),
    ("政府信息公开工作年度报告", "disclosure:annual-report-list"),
    ("重大行政决策事项目录", "disclosure:decision-catalog"),
    ("回应关切", "disclosure:concern-list"),
]


def site_map() -> list[MapNode]:
    """Every agency with its column pages and every node of its 主动公开目录 (two queries)."""
    organizations = list(Organization.objects.active())
    nodes = list(Category.objects.order_by("position", "pk"))
    result = []
    for organization in organizations:
        scopes = organization.catalog_scopes()
        own = [
            n
            for n in nodes
            if n.organization_id == organization.pk
            or (n.organization_id is None and n.scope in scopes)
        ]
        wrapped = {
            n.pk: MapNode(
                n.name, reverse("disclosure:category-items", args=[organization.slug, n.pk])
            )
            for n in own
        }
        roots = []
        for n in own:
            parent = wrapped.get(n.parent_id)
            (parent.children if parent else roots).append(wrapped[n.pk])
        pages = [
            MapNode(label, reverse(name, args=[organization.slug])) for label, name in COLUMN_PAGES
        ]
        statutory = next(p for p in pages if p.name == "法定主动公开内容")
        statutory.children = roots
        result.append(MapNode(organization.name, organization.get_absolute_url(), pages))
    return result
