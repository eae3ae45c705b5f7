"""重大行政决策事项目录 (/xxgk/<org>/jcml/): one agency's catalog, one page per year."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from config.web.breadcrumbs import crumbs
from disclosure.decisions.models import DecisionCatalog
from disclosure.publishing.pages import PUBLIC_CACHE, get_org

PAGE_SIZE = 50


@PUBLIC_CACHE
def decision_catalog(request, org):
    """``?year=`` picks the year (default the newest published); each item links to its
    consultation, decision document and evaluation report when they are public."""
    organization = get_org(org)
    catalogs = list(
        DecisionCatalog.objects.public()
        .filter(organization=organization)
        .only("pk", "year", "published_on", "adjusted_on", "note", "organization_id")
        .order_by("-year")
    )
    year = (request.GET.get("year") or "").strip()
    catalog = catalogs[0] if catalogs else None
    if year:
        catalog = next((c for c in catalogs if str(c.year) == year), None)
        if catalog is None:
            raise Http404("本机关没有公开该年度的重大行政决策事项目录。")
    page = None
    rows = []
    if catalog is not None:
        items = catalog.items.select_related(
            "consultation", "decision_document", "evaluation_report", "evaluation"
        ).order_by("position", "pk")
        page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [
            {
                "item": item,
                "status": item.status_label(),
                "consultation": item.consultation
                if item.consultation and item.consultation.is_public
                else None,
                "decision_document": item.decision_document
                if item.decision_document and item.decision_document.is_public
                else None,
                "evaluation_report": item.evaluation_report
                if item.evaluation_report and item.evaluation_report.is_public
                else None,
                "evaluation": item.evaluation
                if item.evaluation and item.evaluation.is_public
                else None,
            }
            for item in page.object_list
        ]
    return render(
        request,
        "disclosure/decision_catalog.html",
        {
            "org": organization,
            "catalogs": catalogs,
            "catalog": catalog,
            "rows": rows,
            "page_obj": page,
            "query": f"year={catalog.year}" if catalog else "",
            "breadcrumbs": crumbs(
                (organization.name, organization.get_absolute_url()),
                ("重大行政决策事项目录", None),
            ),
            "jcml_url": reverse("disclosure:decision-catalog", args=[organization.slug]),
        },
    )
