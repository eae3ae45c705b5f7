"""The 政策文件库: the searchable list (/zcwjk/) and one document (/zcwjk/<pk>/)."""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from catalog.models import Genre, Organization, Theme
from config.web.breadcrumbs import crumbs
from config.web.pagecache import public_page
from config.web.ratelimit import search_ratelimit
from disclosure.library import cache as library_cache
from disclosure.library import counts as library_counts
from disclosure.library import search, timeline
from disclosure.library.filters import FACETS, SORT_CHOICES, DocumentFilter
from disclosure.library.models import Document, DocumentRelation
from disclosure.library.openness import Openness
from disclosure.library.validity import (
    SCHEMA_ORG_LEGAL_FORCE,
    RelationKind,
    Validity,
    validity_expression,
)
from disclosure.publishing.pages import PUBLIC_CACHE, withdrawn_or_404

PAGE_SIZE = 20

# The escapes of django.utils.html.json_script: JSON inside <script> cannot end the element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _filtered(filterset: DocumentFilter, exclude: str | set | None = None):
    """The filterset's queryset without one facet (for that facet's counts), or without a set."""
    exclude = exclude if isinstance(exclude, set) else {exclude}
    qs = filterset.queryset
    if filterset.is_bound:
        filterset.is_valid()
        for name, value in filterset.form.cleaned_data.items():
            if name not in exclude and value not in (None, ""):
                qs = filterset.filters[name].filter(qs, value)
    return qs


# Counts come from the summary table when only the five facets are chosen; otherwise from
# the matching rows themselves when there are at most ROWS_CAP of them (one query); a
# search matching more shows its total as "more than ROWS_CAP" and its options uncounted.
ROWS_CAP = 1000


def _facet_key(name: str, value):
    if value in (None, ""):
        return None
    if name in ("organization", "theme", "genre"):
        return value.pk
    return int(value) if name == "year" else value


def _facets(filterset: DocumentFilter, qs, today) -> dict:
    """The facets with their counts and the total, cached until the library changes."""
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    chosen = sorted(
        (name, str(getattr(value, "pk", value)))
        for name, value in data.items()
        if value not in (None, "") and name not in ("sort",)
    )
    digest = hashlib.sha256(repr(chosen).encode()).hexdigest()[:32]
    key = f"zcwjk-facets:{library_cache.version()}:{today.isoformat()}:{digest}"
    result = cache.get(key)
    if result is None:
        result = _count_facets(filterset, data, qs, today)
        # The <option>s are rendered here once per filter state (and cached with the
        # counts), not by the template on every request.
        for facet in result["facets"]:
            facet["options_html"] = _options_html(facet["options"])
        cache.set(key, result, library_cache.COUNTS_SECONDS)
    return result


def _count_facets(filterset: DocumentFilter, data: dict, qs, today) -> dict:
    chosen = {name for name, value in data.items() if value not in (None, "") and name != "sort"}
    filters = {name: _facet_key(name, data.get(name)) for name in FACETS}
    filters = {name: value for name, value in filters.items() if value is not None}
    capped = False
    counted = True
    if chosen <= set(FACETS):
        counts, total = library_counts.summary_counts(filters, today)
    else:
        # The matches before the five facets' filters, with the stored validity.
        base = _filtered(filterset, exclude=set(FACETS)).order_by()
        rows = list(
            base.values_list(
                "pk", "organization_id", "theme_id", "genre_id", "written_on", "validity"
            )[: ROWS_CAP + 1]
        )
        if len(rows) <= ROWS_CAP:
            stale = library_counts.stale(today)
            keys = (
                (o, t or 0, g or 0, w.year, stale[pk][5] if pk in stale else v)
                for pk, o, t, g, w, v in rows
            )
            counts = {}
            total = library_counts.tally(keys, filters, counts)
        elif data.get("q"):
            # Too many matches to count each option now: list the options uncounted.
            counts = library_counts.summary_counts({}, today, correct=False)[0]
            counts["validity"] = dict.fromkeys(Validity.values, 1)
            counted = False
            total = qs.order_by()[: ROWS_CAP + 1].count() if filters else ROWS_CAP + 1
            capped = total > ROWS_CAP
            total = min(total, ROWS_CAP)
        else:
            return {"facets": _group_facets(filterset, data, today), "total": qs.count()}
    return {
        "facets": _options(filterset, data, counts, counted=counted),
        "total": total,
        "capped": capped,
        "counted": counted,
    }


def _options(filterset: DocumentFilter, data: dict, counts: dict, counted: bool) -> list[dict]:
    """Each facet's options, labelled and ordered as on the page, from ``counts``."""
    labels = _labels(counts)
    facets = []
    for name in FACETS:
        found = counts.get(name, {})
        if name in ("organization", "theme", "genre"):
            options = [(value, label, found[pk]) for pk, value, label in labels[name]]
        elif name == "validity":
            options = [(v, label, found[v]) for v, label in Validity.choices if v in found]
        else:
            options = [(str(y), f"{y}年", found[y]) for y in sorted(found, reverse=True)]
        value = data.get(name)
        selected = str(getattr(value, "slug" if name == "organization" else "pk", value) or "")
        selected = "" if value in (None, "") else selected
        if selected and selected not in {o[0] for o in options}:
            label = dict(Validity.choices).get(selected, selected) if name == "validity" else ""
            options.append((selected, label or selected, 0))
        facets.append(
            {
                "name": name,
                "label": filterset.filters[name].label,
                "options": [
                    {
                        "value": v,
                        "label": label,
                        "count": n if counted else None,
                        "selected": v == selected,
                    }
                    for v, label, n in options
                ],
            }
        )
    return facets


def _options_html(options: list[dict]) -> str:
    html = "".join(
        f'<option value="{escape(o["value"])}"{" selected" if o["selected"] else ""}>'
        f"{escape(o['label'])}" + ("" if o["count"] is None else f"（{o['count']}）") + "</option>"
        for o in options
    )
    return mark_safe(html)  # every value and label escaped above


def _labels(counts: dict) -> dict[str, list[tuple]]:
    """(pk, option value, label) of the agencies, themes and genres counted, in page order
    (one query)."""
    orgs = Organization.objects.filter(pk__in=counts.get("organization", {})).values_list(
        Value("organization"), "pk", "slug", "name", "position"
    )
    themes = Theme.objects.filter(pk__in=counts.get("theme", {})).values_list(
        Value("theme"), "pk", Value(""), "name", "position"
    )
    genres = Genre.objects.filter(pk__in=counts.get("genre", {})).values_list(
        Value("genre"), "pk", Value(""), "name", "position"
    )
    rows = sorted(
        orgs.union(themes, genres, all=True),
        key=lambda r: (r[0], r[4], r[3] if r[0] == "organization" else "", r[1]),
    )
    labels: dict[str, list[tuple]] = {"organization": [], "theme": [], "genre": []}
    for name, pk, slug, label, _position in rows:
        labels[name].append((pk, slug or str(pk), label))
    return labels


def _group_facets(filterset: DocumentFilter, data: dict, today) -> list[dict]:
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


@search_ratelimit
@PUBLIC_CACHE
@public_page
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
    counted = _facets(filterset, qs, today)
    total = counted["total"]
    ranked = parsed and not parsed.is_empty and sort == "relevance" and total
    fields = ("search_vector", "summary") if parsed else ("search_vector", "body")
    if ranked:
        # The known items, the best title matches and RANK_LIMIT further matches, ranked.
        others = {n for n, v in cleaned.items() if v not in (None, "") and n not in ("q", "sort")}
        scope = _filtered(filterset, exclude={"q", "sort"}) if others else None
        qs = search.rank_documents(qs, parsed, scope=scope)
        paginator = Paginator(
            qs.select_related("organization", "theme", "genre").defer(*fields), PAGE_SIZE
        )
        paginator.count = qs.candidates  # known: no COUNT query
        page = paginator.get_page(request.GET.get("page"))
    else:
        # Page over the ids alone (an index-only scan however deep), then load 20 rows.
        ids = qs.order_by("-published_on", "-pk").values_list("pk", flat=True)
        paginator = Paginator(ids, PAGE_SIZE)
        paginator.count = total  # counted with the facets
        page = paginator.get_page(request.GET.get("page"))
        loaded = (
            Document.objects.filter(pk__in=list(page.object_list))
            .select_related("organization", "theme", "genre")
            .defer(*fields)
            .in_bulk()
        )
        page.object_list = [loaded[pk] for pk in page.object_list if pk in loaded]
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
    detail_url = reverse("disclosure:document-detail", kwargs={"pk": 0})[:-2]  # "…/0/"
    labels = dict(Validity.choices)
    rows = []
    for document in page.object_list:
        rows.append(
            {
                "document": document,
                "url": f"{detail_url}{document.pk}/",
                "title": search.highlight(document.title, terms) if terms else document.title,
                "snippet": search.snippet(document.body, terms) if terms else "",
                "validity_label": labels[document.current_validity],
                "written": document.written_on.isoformat(),
                "published": document.published_on.isoformat() if document.published_on else "",
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    published = query.copy()
    published["sort"] = "published"
    organization = cleaned.get("organization")
    return render(
        request,
        "disclosure/document_list.html",
        {
            "filterset": filterset,
            "facets": counted["facets"],
            "total": total,
            "total_capped": counted.get("capped", False),
            "facets_counted": counted.get("counted", True),
            "ranked_only": ranked and total > page.paginator.count,
            "rank_limit": search.RANK_LIMIT,
            "rows": rows,
            "page_obj": page,
            "query": query.urlencode(),
            "query_published": published.urlencode(),
            "q": raw_q,
            "parsed": parsed,
            "sort": sort,
            "sort_choices": SORT_CHOICES,
            "on": cleaned.get("on"),
            "category": cleaned.get("category"),
            "organization": organization,
            "theme": cleaned.get("theme"),
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
@public_page
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
    # 征求意见稿 → 正式文件: the public consultation this document came out of, if any,
    # in the same query. Consultations sit above the library (decisions imports library),
    # so the page reaches them through the reverse relation they declare.
    consultations = Document._meta.get_field("consultations").related_model.objects
    consultation = (
        consultations.public()
        .filter(final_document=OuterRef("pk"))
        .order_by("-published_on", "-pk")
    )
    found = (
        Document.objects.public()
        .with_validity(today)
        .annotate(
            consultation_pk=Subquery(consultation.values("pk")[:1]),
            consultation_title=Subquery(consultation.values("title")[:1]),
            consultation_published_on=Subquery(consultation.values("published_on")[:1]),
        )
        .select_related("organization", "theme", "genre", "category")
        .prefetch_related("issuing_organizations", "attachments", incoming, outgoing)
        .defer("search_vector")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        return withdrawn_or_404(
            request,
            Document,
            pk,
            noun="政策文件",
            list_url=reverse("disclosure:document-list"),
            disclosure=Openness.PROACTIVE,
        )
    document = found
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
    interpretations = list(timeline.interpretations_of(document.pk))
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
            "interpretations": interpretations,
            "timeline": timeline.policy_timeline(document, interpretations, changed_by),
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
