"""The 政策文件库: the searchable list (/zcwjk/) and one document (/zcwjk/<pk>/)."""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from catalog.models import Organization
from disclosure import library_cache, search
from disclosure.filters import FACETS, SORT_CHOICES, DocumentFilter
from disclosure.models import Document, DocumentRelation
from disclosure.openness import Openness
from disclosure.validity import SCHEMA_ORG_LEGAL_FORCE, RelationKind, Validity, validity_expression
from disclosure.views.column import PUBLIC_CACHE, crumbs

PAGE_SIZE = 20

# The escapes of django.utils.html.json_script: JSON inside <script> cannot end the element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _filtered(filterset: DocumentFilter, exclude: str | None = None):
    """The filterset's queryset without one facet (for that facet's counts)."""
    qs = filterset.queryset
    if filterset.is_bound:
        filterset.is_valid()
        for name, value in filterset.form.cleaned_data.items():
            if name != exclude and value not in (None, ""):
                qs = filterset.filters[name].filter(qs, value)
    return qs


def _facets(filterset: DocumentFilter, today) -> list[dict]:
    """Each facet's options with their counts, cached until the library changes."""
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    chosen = sorted(
        (name, str(getattr(value, "pk", value)))
        for name, value in data.items()
        if value not in (None, "") and name not in ("sort",)
    )
    digest = hashlib.sha256(repr(chosen).encode()).hexdigest()[:32]
    key = f"zcwjk-facets:{library_cache.version()}:{today.isoformat()}:{digest}"
    facets = cache.get(key)
    if facets is None:
        facets = _count_facets(filterset, data, today)
        cache.set(key, facets, library_cache.COUNTS_SECONDS)
    return facets


def _count_facets(filterset: DocumentFilter, data: dict, today) -> list[dict]:
    """Each facet's options with how many documents each would show (one query per facet)."""
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
        elif name in ("theme", "genre"):
            rows = (
                qs.exclude(**{f"{name}__isnull": True})
                .values(f"{name}_id", f"{name}__name", f"{name}__position")
                .annotate(n=Count("pk"))
                .order_by(f"{name}__position", f"{name}_id")
            )
            options = [(str(r[f"{name}_id"]), r[f"{name}__name"], r["n"]) for r in rows]
            selected = data.get(name)
            selected = str(selected.pk) if selected else ""
        elif name == "validity":
            rows = (
                qs.annotate(v=validity_expression(today)).values("v").annotate(n=Count("pk"))
            ).order_by()
            counts = {r["v"]: r["n"] for r in rows}
            options = [(v, label, counts[v]) for v, label in Validity.choices if v in counts]
            selected = data.get("validity") or ""
        else:  # year of 成文日期
            rows = (
                qs.annotate(y=ExtractYear("written_on"))
                .values("y")
                .annotate(n=Count("pk"))
                .order_by("-y")
            )
            options = [(str(r["y"]), f"{r['y']}年", r["n"]) for r in rows]
            selected = str(data["year"]) if data.get("year") else ""
        if selected and selected not in {o[0] for o in options}:
            label = dict(Validity.choices).get(selected, selected) if name == "validity" else ""
            options.append((selected, label or selected, 0))
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


@PUBLIC_CACHE
def document_list(request):
    today = timezone.localdate()
    filterset = DocumentFilter(request.GET or None, queryset=Document.objects.public())
    cleaned = {}
    if filterset.is_bound:
        filterset.is_valid()  # invalid values are ignored and shown as form errors
        cleaned = filterset.form.cleaned_data
    raw_q = (cleaned.get("q") or "").strip()
    parsed = search.parse_query(raw_q) if raw_q else None
    sort = cleaned.get("sort") or ("relevance" if parsed else "published")

    qs = _filtered(filterset)
    if parsed and not parsed.is_empty and sort == "relevance":
        qs = search.rank_documents(qs, parsed)
    else:
        qs = qs.order_by("-published_on", "-pk")
    qs = qs.select_related("organization", "theme", "genre")
    qs = qs.defer("search_vector", "summary") if parsed else qs.defer("search_vector", "body")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # Validity of the rows shown only: derived in SQL for this page's ids (one query),
    # not for every row an OFFSET skips.
    validity = dict(
        Document.objects.filter(pk__in=[d.pk for d in page.object_list])
        .with_validity(today)
        .values_list("pk", "current_validity")
    )
    for document in page.object_list:
        document.current_validity = validity[document.pk]

    terms = parsed.terms if parsed else []
    rows = []
    for document in page.object_list:
        rows.append(
            {
                "document": document,
                "title": search.highlight(document.title, terms) if terms else document.title,
                "snippet": search.snippet(document.body, terms) if terms else "",
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    organization = cleaned.get("organization")
    return render(
        request,
        "disclosure/document_list.html",
        {
            "filterset": filterset,
            "facets": _facets(filterset, today),
            "rows": rows,
            "page_obj": page,
            "query": query.urlencode(),
            "q": raw_q,
            "parsed": parsed,
            "sort": sort,
            "sort_choices": SORT_CHOICES,
            "on": cleaned.get("on"),
            "category": cleaned.get("category"),
            "organization": organization,
            "today": today,
            "breadcrumbs": [
                {"label": "首页", "url": reverse("disclosure:home")},
                {"label": "政策文件库", "url": None},
            ],
        },
    )


def _json_ld(request, document: Document, validity: str, incoming, outgoing) -> str:
    def url(doc):
        return request.build_absolute_uri(doc.get_absolute_url())

    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": document.title,
        "url": url(document),
        "inLanguage": "zh-CN",
        "identifier": document.index_number,
        "legislationIdentifier": document.doc_number or document.index_number,
        "legislationDate": document.written_on.isoformat(),
        "datePublished": document.published_on.isoformat() if document.published_on else None,
        "legislationLegalForce": SCHEMA_ORG_LEGAL_FORCE[validity],
        "legislationPassedBy": [
            {"@type": "GovernmentOrganization", "name": org.name} for org in document.issuers()
        ],
        "publisher": {"@type": "GovernmentOrganization", "name": document.organization.name},
        "legislationType": document.genre.name if document.genre else None,
        "about": document.theme.name if document.theme else None,
        "keywords": document.keywords or None,
        "expires": document.expires_on.isoformat() if document.expires_on else None,
        "legislationChanges": [url(r.to_document) for r in outgoing] or None,
        "legislationAmends": [url(r.to_document) for r in outgoing if r.kind == RelationKind.AMENDS]
        or None,
    }
    if incoming:
        # No inverse property in schema.org: name the changing acts as related works.
        data["citation"] = [url(r.from_document) for r in incoming]
    data = {k: v for k, v in data.items() if v is not None}
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # JSON data with the script-closing characters escaped


@PUBLIC_CACHE
def document_detail(request, pk):
    today = timezone.localdate()
    public = {"status": Document.Status.PUBLISHED, "disclosure": Openness.PROACTIVE}
    incoming = Prefetch(
        "incoming_relations",
        queryset=DocumentRelation.objects.select_related("from_document").order_by(
            "effective_on", "pk"
        ),
    )
    outgoing = Prefetch(
        "outgoing_relations",
        queryset=DocumentRelation.objects.filter(
            **{f"to_document__{k}": v for k, v in public.items()}
        )
        .select_related("to_document")
        .order_by("effective_on", "pk"),
    )
    document = get_object_or_404(
        Document.objects.public()
        .with_validity(today)
        .select_related("organization", "theme", "genre", "category")
        .prefetch_related("issuing_organizations", "attachments", incoming, outgoing)
        .defer("search_vector"),
        pk=pk,
    )
    validity = document.current_validity
    # The acts that changed this one; link only those the public may open.
    changed_by = [
        {
            "relation": r,
            "public": r.from_document.status == public["status"]
            and r.from_document.disclosure == public["disclosure"],
            "in_effect": r.effective_on <= today,
        }
        for r in document.incoming_relations.all()
    ]
    outgoing_list = list(document.outgoing_relations.all())
    organization: Organization = document.organization
    return render(
        request,
        "disclosure/document_detail.html",
        {
            "org": organization,
            "document": document,
            "validity": validity,
            "validity_label": Validity(validity).label,
            "Validity": Validity,
            "changed_by": changed_by,
            "changes": outgoing_list,
            "issuers": document.issuers(),
            "attachments": list(document.attachments.all()),
            "json_ld": _json_ld(
                request,
                document,
                validity,
                [c["relation"] for c in changed_by if c["public"]],
                outgoing_list,
            ),
            "today": today,
            "breadcrumbs": crumbs(
                ("政策文件库", reverse("disclosure:document-list")), (document.title, None)
            ),
        },
    )
