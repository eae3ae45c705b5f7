"""sitemap.xml (an index of sections, each paged) and robots.txt.

Sections: the portal's fixed pages, each agency's column pages (公开指南, 公开制度,
法定主动公开内容 …), each agency's catalog nodes, the 公开制度 pages, documents,
interpretations, published annual reports, consultations, the 重大行政决策事项目录 of each
agency and year, and the 政府常务会议. The large sections (documents, interpretations,
consultations) page by id range rather than by OFFSET, so page 100 of a million documents
costs what page 1 does: page n holds the public items with ids in ((n-1)·PAGE_ROWS,
n·PAGE_ROWS] (at most PAGE_ROWS, fewer where ids were used by drafts), and the index
counts pages from the largest id.
"""

from __future__ import annotations

import math

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.cache import cache_control

from catalog.models import Category, Organization
from disclosure.column.models import Regulation
from disclosure.decisions.models import Consultation, DecisionCatalog, Meeting
from disclosure.library.models import Document, Interpretation
from disclosure.reports.models import AnnualReport

# URLs per sitemap file (the protocol allows 50,000; smaller files render faster).
PAGE_ROWS = 10_000

# Pages a crawler has no business in: the admin, staff pages, a request's tracking pages
# (they belong to the applicant), and the JSON API (machines use it through its docs).
ROBOTS_DISALLOW_URL_NAMES = [
    "admin:index",
    "requests_app:staff-dashboard",
    "requests_app:track",
    "disclosure:interpretation-timeliness",
    "disclosure:catalog-updates",
    "disclosure:consultation-feedback-due",
    "disclosure:report-staff-list",
    "disclosure:site-check",
    "api:index",
]


class IdRangePaginator:
    """Pages of a queryset by primary-key range (see the module docstring)."""

    def __init__(self, queryset, per_page: int):
        self.queryset, self.per_page = queryset.order_by("pk"), per_page

    @property
    def num_pages(self) -> int:
        top = self.queryset.aggregate(top=Max("pk"))["top"] or 0
        return max(1, math.ceil(top / self.per_page))

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("页码应为整数。") from exc
        if number < 1 or (number > 1 and number > self.num_pages):
            raise EmptyPage("没有该页。")
        low = (number - 1) * self.per_page
        return _Page(self.queryset.filter(pk__gt=low, pk__lte=low + self.per_page))


class _Page:
    def __init__(self, object_list):
        self.object_list = object_list


class StaticSitemap(Sitemap):
    """The portal's own pages (not of one agency)."""

    def items(self) -> list[str]:
        return [
            "disclosure:home",
            "disclosure:xxgk-index",
            "disclosure:document-list",
            "disclosure:interpretation-list",
            "disclosure:consultation-list",
            "requests_app:guide",
            "requests_app:apply",
            "disclosure:site-map",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


# Each agency's column pages (the 政府常务会议 column, only a government's, is in
# MeetingSitemap).
AGENCY_PAGES = [
    "disclosure:org-column",
    "disclosure:guide",
    "disclosure:regulation-list",
    "disclosure:statutory-content",
    "disclosure:standard-catalog",
    "disclosure:annual-report-list",
    "disclosure:decision-catalog",
]


class AgencySitemap(Sitemap):
    limit = PAGE_ROWS

    def items(self) -> list[str]:
        urls = []
        for slug in Organization.objects.active().values_list("slug", flat=True):
            for name in AGENCY_PAGES:
                try:
                    urls.append(reverse(name, args=[slug]))
                except NoReverseMatch:
                    continue
        return urls

    def location(self, item: str) -> str:
        return item


class CatalogSitemap(Sitemap):
    """Every node page of every agency's 法定主动公开内容 (two queries)."""

    limit = PAGE_ROWS

    def items(self) -> list[str]:
        nodes = list(Category.objects.values_list("pk", "organization_id", "scope"))
        urls = []
        for org in Organization.objects.active().only("pk", "slug", "level"):
            scopes = set(org.catalog_scopes())
            urls += [
                reverse("disclosure:category-items", args=[org.slug, pk])
                for pk, owner, scope in nodes
                if owner == org.pk or (owner is None and scope in scopes)
            ]
        return urls

    def location(self, item: str) -> str:
        return item


class RegulationSitemap(Sitemap):
    limit = PAGE_ROWS

    def items(self):
        return (
            Regulation.objects.published()
            .filter(organization__is_active=True)
            .select_related("organization")
            .order_by("pk")
        )

    def lastmod(self, item: Regulation):
        return item.published_on


class _RowsByIdSitemap(Sitemap):
    """A large section: (pk, updated_at) rows paged by id range."""

    limit = PAGE_ROWS
    url_name = ""

    def queryset(self):
        raise NotImplementedError

    @property
    def paginator(self) -> IdRangePaginator:
        return IdRangePaginator(self.queryset().values_list("pk", "updated_at"), self.limit)

    def items(self):
        return self.queryset().values_list("pk", "updated_at").order_by("pk")

    def location(self, item) -> str:
        return reverse(self.url_name, args=[item[0]])

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        # Django would read every row for this; the index does without.
        return None

    def response(self, request) -> HttpResponse:
        """One page written directly: Django's template takes seconds for 10,000 URLs."""
        try:
            page = self.paginator.page(request.GET.get("p", 1))
        except (EmptyPage, PageNotAnInteger) as exc:
            raise Http404(str(exc)) from exc
        prefix = escape(request.build_absolute_uri(reverse(self.url_name, args=[0]))[:-2])
        rows = list(page.object_list)
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
            *(
                f"<url><loc>{prefix}{pk}/</loc>"
                f"<lastmod>{timezone.localtime(updated):%Y-%m-%d}</lastmod></url>"
                for pk, updated in rows
            ),
            "</urlset>",
        ]
        response = HttpResponse("\n".join(lines) + "\n", content_type="application/xml")
        response["X-Robots-Tag"] = "noindex, noodp, noarchive"
        if rows:
            response["Last-Modified"] = http_date(max(u for _, u in rows).timestamp())
        return response


class DocumentSitemap(_RowsByIdSitemap):
    url_name = "disclosure:document-detail"

    def queryset(self):
        return Document.objects.public()


class InterpretationSitemap(_RowsByIdSitemap):
    url_name = "disclosure:interpretation-detail"

    def queryset(self):
        return Interpretation.objects.public()


class ConsultationSitemap(_RowsByIdSitemap):
    url_name = "disclosure:consultation-detail"

    def queryset(self):
        return Consultation.objects.public()


class AnnualReportSitemap(Sitemap):
    """Each published report (never a draft) and its 办理绩效 page (one query)."""

    limit = PAGE_ROWS

    def items(self) -> list[tuple[str, object]]:
        reports = (
            AnnualReport.objects.published()
            .filter(organization__is_active=True)
            .values_list("organization__slug", "year", "published_on")
            .order_by("pk")
        )
        return [
            (reverse(name, args=[slug, year]), published_on)
            for slug, year, published_on in reports
            for name in ("disclosure:annual-report-detail", "disclosure:annual-report-performance")
        ]

    def location(self, item) -> str:
        return item[0]

    def lastmod(self, item):
        return item[1]


class DecisionCatalogSitemap(Sitemap):
    """The 重大行政决策事项目录 page of each agency and published year (one query)."""

    limit = PAGE_ROWS

    def items(self) -> list[tuple[str, object]]:
        catalogs = (
            DecisionCatalog.objects.public()
            .filter(organization__is_active=True)
            .values_list("organization__slug", "year", "published_on", "adjusted_on")
            .order_by("pk")
        )
        return [
            (f"{reverse('disclosure:decision-catalog', args=[slug])}?year={year}", adjusted or on)
            for slug, year, on, adjusted in catalogs
        ]

    def location(self, item) -> str:
        return item[0]

    def lastmod(self, item):
        return item[1]


class MeetingSitemap(Sitemap):
    """Each government's 政府常务会议 column and every published meeting (two queries)."""

    limit = PAGE_ROWS

    def items(self) -> list[str]:
        governments = Organization.objects.active().filter(kind=Organization.Kind.GOVERNMENT)
        urls = [
            reverse("disclosure:meeting-list", args=[slug])
            for slug in governments.values_list("slug", flat=True).order_by("pk")
        ]
        meetings = (
            Meeting.objects.public()
            .filter(organization__in=governments)
            .values_list("organization__slug", "pk")
            .order_by("pk")
        )
        urls += [reverse("disclosure:meeting-detail", args=[slug, pk]) for slug, pk in meetings]
        return urls

    def location(self, item: str) -> str:
        return item


SITEMAPS = {
    "pages": StaticSitemap,
    "agencies": AgencySitemap,
    "catalog": CatalogSitemap,
    "regulations": RegulationSitemap,
    "documents": DocumentSitemap,
    "interpretations": InterpretationSitemap,
    "annual-reports": AnnualReportSitemap,
    "consultations": ConsultationSitemap,
    "decision-catalogs": DecisionCatalogSitemap,
    "meetings": MeetingSitemap,
}

SITEMAP_CACHE = cache_control(public=True, max_age=3600)


@SITEMAP_CACHE
def sitemap_section(request, section: str) -> HttpResponse:
    """One section of the sitemap (the index names each, with its pages as ``?p=``)."""
    site = SITEMAPS.get(section)
    if site is None:
        raise Http404("没有该部分。")
    if issubclass(site, _RowsByIdSitemap):
        return site().response(request)
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


@SITEMAP_CACHE
def robots_txt(request) -> HttpResponse:
    lines = ["User-agent: *"]
    for name in ROBOTS_DISALLOW_URL_NAMES:
        try:
            lines.append(f"Disallow: {reverse(name)}")
        except NoReverseMatch:
            continue
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
