"""政策解读: the searchable list (/zcjd/) and one interpretation (/zcjd/<pk>/)."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.urls import reverse

from config.web.breadcrumbs import crumbs
from config.web.pagecache import public_page
from config.web.ratelimit import search_ratelimit
from disclosure.library import search
from disclosure.library.filters import InterpretationFilter
from disclosure.library.models import Document, Interpretation, InterpretationForm
from disclosure.publishing.pages import PUBLIC_CACHE, withdrawn_or_404

PAGE_SIZE = 20
# The facets shown with counts, in page order.
FACETS = ["organization", "form", "year"]


def public_documents() -> Prefetch:
    """The interpreted documents the public may open (as ``public_documents``), with what
    the pages and the API show of each (the API names the 索引号 too)."""
    return Prefetch(
        "documents",
        queryset=Document.objects.public()
        .only("pk", "title", "doc_number", "index_number", "published_on")
        .order_by("-published_on", "pk"),
        to_attr="public_documents",
    )


def _filtered(filterset: InterpretationFilter, exclude: str | None = None):
    qs = filterset.queryset
    if filterset.is_bound:
        filterset.is_valid()
        for name, value in filterset.form.cleaned_data.items():
            if name != exclude and value not in (None, ""):
                qs = filterset.filters[name].filter(qs, value)
    return qs


def _facets(filterset: InterpretationFilter) -> list[dict]:
    """Each facet's options with how many interpretations each would show (one query each)."""
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    facets = []
    for name in FACETS:
        qs = _filtered(filterset, exclude=name).order_by()
        if name == "organization":
            rows = (
                qs.values("organization__slug", "organization__name", "organization__position")
                .annotate(n=Count("pk"))
                .order_by("organization__position", "organization__name")
            )
            options = [(r["organization__slug"], r["organization__name"], r["n"]) for r in rows]
            selected = data.get("organization")
            selected = selected.slug if selected else ""
        elif name == "form":
            counts = dict(qs.values_list("form").annotate(n=Count("pk")).order_by())
            options = [
                (v, label, counts[v]) for v, label in InterpretationForm.choices if v in counts
            ]
            selected = data.get("form") or ""
        else:
            rows = (
                qs.annotate(y=ExtractYear("published_on"))
                .values("y")
                .annotate(n=Count("pk"))
                .order_by("-y")
            )
            options = [(str(r["y"]), f"{r['y']}年", r["n"]) for r in rows]
            selected = str(data["year"]) if data.get("year") else ""
        if selected and selected not in {o[0] for o in options}:
            label = dict(InterpretationForm.choices).get(selected, selected)
            options.append((selected, label, 0))
        facets.append(
            {
                "name": name,
                "label": filterset.filters[name].label,
                "options": [
                    {"value": v, "label": label, "count": n, "selected": v == selected}
                    for v, label, n in options
                ],
            }
        )
    return facets


@search_ratelimit
@PUBLIC_CACHE
@public_page
def interpretation_list(request):
    filterset = InterpretationFilter(request.GET or None, queryset=Interpretation.objects.public())
    cleaned = {}
    if filterset.is_bound:
        filterset.is_valid()  # invalid values are ignored and shown as form errors
        cleaned = filterset.form.cleaned_data
    raw_q = (cleaned.get("q") or "").strip()
    parsed = search.parse_query(raw_q) if raw_q else None

    qs = _filtered(filterset)
    if parsed and parsed.tsquery:
        query = SearchQuery(parsed.tsquery, search_type="raw", config="simple")
        qs = qs.annotate(rank=SearchRank(F("search_vector"), query)).order_by(
            "-rank", "-published_on", "-pk"
        )
    else:
        qs = qs.order_by("-published_on", "-pk")
    qs = (
        qs.select_related("organization")
        .prefetch_related(public_documents())
        .defer("search_vector", "body" if not parsed else "summary")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    terms = parsed.terms if parsed else []
    rows = [
        {
            "item": item,
            "title": search.highlight(item.title, terms) if terms else item.title,
            "snippet": search.snippet(item.body, terms) if terms else "",
        }
        for item in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosure/interpretation_list.html",
        {
            "filterset": filterset,
            "facets": _facets(filterset),
            "rows": rows,
            "page_obj": page,
            "query": query.urlencode(),
            "q": raw_q,
            "parsed": parsed,
            "breadcrumbs": [
                {"label": "首页", "url": reverse("disclosure:home")},
                {"label": "政策解读", "url": None},
            ],
        },
    )


@PUBLIC_CACHE
@public_page
def interpretation_detail(request, pk):
    interpretation = (
        Interpretation.objects.public()
        .select_related("organization", "category")
        .prefetch_related(public_documents(), "media")
        .defer("search_vector")
        .filter(pk=pk)
        .first()
    )
    if interpretation is None:
        return withdrawn_or_404(
            request,
            Interpretation,
            pk,
            noun="政策解读",
            list_url=reverse("disclosure:interpretation-list"),
        )
    media = list(interpretation.media.all())
    return render(
        request,
        "disclosure/interpretation_detail.html",
        {
            "org": interpretation.organization,
            "item": interpretation,
            "documents": interpretation.public_documents,
            "images": [m for m in media if m.kind == m.Kind.IMAGE],
            "players": [m for m in media if m.kind != m.Kind.IMAGE],
            "breadcrumbs": crumbs(
                ("政策解读", reverse("disclosure:interpretation-list")),
                (interpretation.title, None),
            ),
        },
    )
