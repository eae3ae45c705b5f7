"""The standardized 「政府信息公开」 column: home, agency list, agency column, guide, rules."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from catalog.models import Category, Organization, StandardCatalogItem
from catalog.workdays import WorkCalendar
from config.web.breadcrumbs import crumbs
from config.web.pagecache import public_page
from disclosure.column.models import Guide, Regulation
from disclosure.library import catalog_items, timeliness
from disclosure.publishing.pages import PAGE_SIZE, PUBLIC_CACHE, get_org, staff_context, staff_scope
from disclosure.reports.models import AnnualReport


@PUBLIC_CACHE
@public_page
def xxgk_index(request):
    q = (request.GET.get("q") or "").strip()[:50]
    kind = request.GET.get("kind") or ""
    orgs = Organization.objects.active().select_related("parent")
    if q:
        orgs = orgs.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    if kind in Organization.Kind.values:
        orgs = orgs.filter(kind=kind)
    page = Paginator(orgs, 60).get_page(request.GET.get("page"))
    main = Organization.objects.main()
    return render(
        request,
        "disclosure/xxgk_index.html",
        {
            "main": main,
            "page_obj": page,
            "q": q,
            "kind": kind,
            "kinds": Organization.Kind.choices,
            "breadcrumbs": [*crumbs()[:-1], {"label": "政府信息公开", "url": None}],
        },
    )


@PUBLIC_CACHE
@public_page
def org_column(request, org):
    organization = get_org(org)
    guide = Guide.objects.current_for(organization)
    regulations = Regulation.objects.published().filter(organization=organization)
    regulations = regulations.select_related("organization")[:5]
    top_nodes = list(
        Category.objects.for_organization(organization).filter(parent__isnull=True)[:30]
    )
    annual_reports = list(
        AnnualReport.objects.published()
        .filter(organization=organization)
        .select_related("organization")
        .order_by("-year")[:3]
    )
    return render(
        request,
        "disclosure/org_column.html",
        {
            "org": organization,
            "guide": guide,
            "regulations": regulations,
            "top_nodes": top_nodes,
            "annual_reports": annual_reports,
            "breadcrumbs": crumbs((organization.name, None)),
            "active": "home",
        },
    )


def _guide_context(organization, guide):
    versions = Guide.objects.filter(organization=organization).only(
        "pk", "updated_on", "title", "organization_id"
    )[:20]
    return {
        "org": organization,
        "guide": guide,
        "versions": versions,
        "active": "zn",
        "breadcrumbs": crumbs(
            (organization.name, organization.get_absolute_url()), ("政府信息公开指南", None)
        ),
    }


@PUBLIC_CACHE
@public_page
def guide(request, org):
    organization = get_org(org)
    return render(
        request,
        "disclosure/guide.html",
        _guide_context(organization, Guide.objects.current_for(organization)),
    )


@PUBLIC_CACHE
@public_page
def guide_version(request, org, pk):
    organization = get_org(org)
    version = get_object_or_404(Guide, organization=organization, pk=pk)
    context = _guide_context(organization, version)
    context["is_old_version"] = version != Guide.objects.current_for(organization)
    return render(request, "disclosure/guide.html", context)


@PUBLIC_CACHE
@public_page
def regulation_list(request, org):
    organization = get_org(org)
    items = (
        Regulation.objects.published()
        .filter(organization=organization)
        .select_related("organization")
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/regulation_list.html",
        {
            "org": organization,
            "page_obj": page,
            "active": "zd",
            "breadcrumbs": crumbs(
                (organization.name, organization.get_absolute_url()), ("政府信息公开制度", None)
            ),
        },
    )


@PUBLIC_CACHE
@public_page
def regulation_detail(request, org, pk):
    organization = get_org(org)
    item = get_object_or_404(Regulation.objects.published(), organization=organization, pk=pk)
    return render(
        request,
        "disclosure/regulation_detail.html",
        {
            "org": organization,
            "item": item,
            "active": "zd",
            "breadcrumbs": crumbs(
                (organization.name, organization.get_absolute_url()),
                ("政府信息公开制度", f"{organization.get_absolute_url()}zd/"),
                (item.title, None),
            ),
        },
    )


@PUBLIC_CACHE
@public_page
def statutory_content(request, org):
    """法定主动公开内容: the agency's catalog tree (statutory Art. 20/21 nodes and its own),
    each node with the number of published items under it and its sub-nodes."""
    organization = get_org(org)
    nodes = list(Category.objects.for_organization(organization))
    return render(
        request,
        "disclosure/statutory_content.html",
        {
            "org": organization,
            "tree": catalog_items.tree(nodes, catalog_items.counts_by_category(organization)),
            "active": "fdzdgknr",
            "breadcrumbs": crumbs(
                (organization.name, organization.get_absolute_url()), ("法定主动公开内容", None)
            ),
        },
    )


@PUBLIC_CACHE
@public_page
def category_items(request, org, node_pk):
    """One node of the agency's catalog: its published items (and its sub-nodes'), newest
    first, in the 公开目录 form of Art. 12 (索引号, 名称, 内容概述, 生成日期)."""
    organization = get_org(org)
    nodes = list(Category.objects.for_organization(organization))
    node = next((n for n in nodes if n.pk == node_pk), None)
    if node is None:
        raise Http404("本机关的主动公开目录中没有该目录。")
    counts = catalog_items.counts_by_category(organization)
    subtree = catalog_items.tree(
        [n for n in nodes if n.pk in catalog_items.descendant_ids(nodes, node.pk)], counts
    )[0]
    page = Paginator(
        catalog_items.items(organization, catalog_items.descendant_ids(nodes, node.pk)),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    rows = [
        {
            **row,
            "url": catalog_items.item_url(row),
            "type": catalog_items.item_label(row),
        }
        for row in page.object_list
    ]
    column_url = reverse("disclosure:statutory-content", args=[organization.slug])
    return render(
        request,
        "disclosure/category_items.html",
        {
            "org": organization,
            "node": node,
            "subtree": subtree,
            "rows": rows,
            "page_obj": page,
            "active": "fdzdgknr",
            "breadcrumbs": crumbs(
                (organization.name, organization.get_absolute_url()),
                ("法定主动公开内容", column_url),
                *[
                    (a.name, reverse("disclosure:category-items", args=[organization.slug, a.pk]))
                    for a in catalog_items.ancestors(nodes, node)
                ],
                (node.name, None),
            ),
        },
    )


@PUBLIC_CACHE
@public_page
def standard_catalog(request, org):
    """The agency's 政务公开事项标准目录, grouped by domain, each item linked to its node."""
    organization = get_org(org)
    items = StandardCatalogItem.objects.for_organization(organization)
    domains = list(
        items.order_by("domain").values_list("domain").annotate(n=Count("pk")).order_by("domain")
    )
    domain = (request.GET.get("domain") or "").strip()
    if domain:
        items = items.filter(domain=domain)
    page = Paginator(items.order_by("domain", "position", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "disclosure/standard_catalog.html",
        {
            "org": organization,
            "page_obj": page,
            "domains": domains,
            "domain": domain,
            "query": urlencode({"domain": domain}) if domain else "",
            "active": "fdzdgknr",
            "breadcrumbs": crumbs(
                (organization.name, organization.get_absolute_url()),
                ("政务公开事项标准目录", None),
            ),
        },
    )


@never_cache
@login_required
def catalog_updates(request):
    """Catalog nodes whose newest item is older than their update rule allows."""
    scope, chosen, supervisor = staff_scope(request)
    today = timezone.localdate()
    return render(
        request,
        "disclosure/staff/catalog_updates.html",
        {
            **staff_context(scope, chosen, supervisor, today),
            "rows": timeliness.stale_nodes(scope, today, WorkCalendar()),
        },
    )
