"""The website's pages: home, 网站地图, site search, favicon, the visit beacon; the staff
站点体检 page and the 政府网站工作年度报表 (``report_views``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache

from catalog.models import Organization
from config.web.breadcrumbs import crumbs
from config.web.pagecache import public_page
from disclosure.decisions.models import Consultation
from disclosure.library import search
from disclosure.library.models import Document, Interpretation
from disclosure.publishing.pages import PUBLIC_CACHE
from disclosure.website import pages, visits

SEARCH_ROWS = 10


@PUBLIC_CACHE
@public_page
def home(request):
    today = timezone.localdate()
    found = pages.newest(today)
    main = Organization.objects.main()
    departments = Organization.objects.active().filter(is_portal_main=False)[:12]
    return render(
        request,
        "website/home.html",
        {
            **found,
            "main": main,
            "departments": departments,
            # 政府网站工作年度报表: prominently on the home page in January (国办 2018).
            "january": today.month == 1,
        },
    )


@PUBLIC_CACHE
@public_page
def site_map(request):
    return render(
        request,
        "website/site_map.html",
        {"agencies": pages.site_map(), "breadcrumbs": crumbs(("网站地图", None))},
    )


@PUBLIC_CACHE
@public_page
def site_search(request):
    """One search box over the whole site: the newest matches of each kind, each with the
    link to its own (paginated) list for the rest."""
    q = (request.GET.get("q") or "").strip()[:100]
    sections = []
    if q:
        parsed = search.parse_query(q)
        documents = search.filter_documents(Document.objects.public(), parsed).order_by(
            "-published_on", "-pk"
        )
        interpretations = Interpretation.objects.public().filter(title__icontains=q)
        consultations = Consultation.objects.public().filter(title__icontains=q)
        query = urlencode({"q": q})
        for label, qs, list_name, detail_name in (
            ("政策文件", documents, "document-list", "document-detail"),
            (
                "政策解读",
                interpretations.order_by("-published_on", "-pk"),
                "interpretation-list",
                "interpretation-detail",
            ),
            (
                "意见征集",
                consultations.order_by("-published_on", "-pk"),
                "consultation-list",
                "consultation-detail",
            ),
        ):
            rows = list(qs.only("pk", "title", "published_on")[: SEARCH_ROWS + 1])
            sections.append(
                {
                    "label": label,
                    "rows": rows[:SEARCH_ROWS],
                    "more": len(rows) > SEARCH_ROWS,
                    "list_url": f"disclosure:{list_name}",
                    "detail_url": f"disclosure:{detail_name}",
                    "query": query,
                }
            )
    return render(
        request,
        "website/search.html",
        {
            "q": q,
            "sections": sections,
            "found": any(s["rows"] for s in sections),
            "breadcrumbs": crumbs(("全站搜索", None)),
        },
    )


@cache_control(public=True, max_age=86400)
def favicon(request):
    path = finders.find("favicon.ico")
    if path is None:  # pragma: no cover - the file is in static/
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/vnd.microsoft.icon")


# A transparent 1×1 GIF: the page's own counter image (no third-party script, no cookie).
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@never_cache
def visit(request):
    """Count one page view (and the day's visitor, by a salted hash: no address stored)."""
    visits.count(request)
    return HttpResponse(PIXEL, content_type="image/gif")
