"""Export (``export_documents``): an agency's 已发布、主动公开 documents, oldest first, one
record a line, each with its metadata, its validity as of the export day, its
repeal/amend relations by 索引号, and its attachments' absolute URLs
(``settings.PORTAL_BASE_URL``) with SHA-256 checksums.
"""

from __future__ import annotations

import datetime
import json
from typing import IO

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from catalog.models import Category, Organization
from disclosure.library.models import Document, DocumentRelation, Interpretation
from disclosure.library.validity import Validity
from disclosure.opendata.exchange.files import file_sha256
from disclosure.opendata.exchange.records import FORMAT


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _category_paths(organization: Organization) -> dict[int, list[str]]:
    """{node id: [names from the top node down]} of the agency's catalog (one query)."""
    nodes = {
        pk: (name, parent)
        for pk, name, parent in Category.objects.for_organization(organization).values_list(
            "pk", "name", "parent_id"
        )
    }
    paths = {}
    for pk in nodes:
        path, node, seen = [], pk, set()
        while node in nodes and node not in seen:
            seen.add(node)
            name, parent = nodes[node]
            path.insert(0, name)
            node = parent
        paths[pk] = path
    return paths


def _relation(kind: str, other: Document, effective_on: datetime.date) -> dict:
    return {
        "kind": kind,
        "index_number": other.index_number,
        "title": other.title,
        "effective_on": effective_on.isoformat(),
    }


def document_record(
    doc: Document, *, base_url: str, today: datetime.date, categories: dict[int, list[str]]
) -> dict:
    """One line of the export (the document loaded as ``export_queryset`` loads it)."""
    return {
        "format": FORMAT,
        "index_number": doc.index_number,
        "title": doc.title,
        "doc_number": doc.doc_number,
        "summary": doc.summary,
        "keywords": doc.keywords,
        "registration_number": doc.registration_number,
        "organization": {
            "name": doc.organization.name,
            "credit_code": doc.organization.credit_code,
            "slug": doc.organization.slug,
        },
        "issuers": [{"name": o.name, "credit_code": o.credit_code} for o in doc.issuers()],
        "written_on": _date(doc.written_on),
        "published_on": _date(doc.published_on),
        "effective_on": _date(doc.effective_on),
        "expires_on": _date(doc.expires_on),
        "theme": doc.theme.name if doc.theme else None,
        "genre": doc.genre.name if doc.genre else None,
        "category": categories.get(doc.category_id) if doc.category_id else None,
        "disclosure": doc.disclosure,
        "validity": {
            "code": doc.current_validity,
            "label": Validity(doc.current_validity).label,
            "as_of": today.isoformat(),
        },
        "changes": [
            _relation(r.kind, r.to_document, r.effective_on) for r in doc.outgoing_relations.all()
        ],
        "changed_by": [
            _relation(r.kind, r.from_document, r.effective_on) for r in doc.incoming_relations.all()
        ],
        "interpretations": [
            {
                "index_number": i.index_number,
                "title": i.title,
                "url": base_url + i.get_absolute_url(),
            }
            for i in doc.public_interpretations
        ],
        "body_html": doc.body,
        "url": base_url + doc.get_absolute_url(),
        "attachments": [
            {
                "title": a.title,
                "file_name": a.download_name,
                "url": base_url + a.public_url,
                "sha256": file_sha256(a.file),
                "size": a.size,
                "content_type": a.content_type,
                "kind": a.kind,
            }
            for a in doc.attachments.all()
        ],
        "updated_at": doc.updated_at.isoformat(),
    }


def export_queryset(organization: Organization, today: datetime.date):
    public = Document.objects.public()
    return (
        public.filter(organization=organization)
        .with_validity(today)
        .select_related("organization", "theme", "genre")
        .prefetch_related(
            "issuing_organizations",
            "attachments",
            Prefetch(
                "outgoing_relations",
                queryset=DocumentRelation.objects.filter(to_document__in=public)
                .select_related("to_document")
                .order_by("effective_on", "pk"),
            ),
            Prefetch(
                "incoming_relations",
                queryset=DocumentRelation.objects.filter(from_document__in=public)
                .select_related("from_document")
                .order_by("effective_on", "pk"),
            ),
            Prefetch(
                "interpretations",
                queryset=Interpretation.objects.public().order_by("published_on", "pk"),
                to_attr="public_interpretations",
            ),
        )
        .defer("search_vector")
        .order_by("published_on", "pk")
    )


def export_documents(
    organization: Organization,
    out: IO[str],
    *,
    base_url: str | None = None,
    today: datetime.date | None = None,
) -> int:
    """Write the agency's public documents to ``out``, one JSON object a line; the count."""
    base_url = (base_url or settings.PORTAL_BASE_URL).rstrip("/")
    today = today or timezone.localdate()
    categories = _category_paths(organization)
    n = 0
    for doc in export_queryset(organization, today).iterator(chunk_size=200):
        record = document_record(doc, base_url=base_url, today=today, categories=categories)
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        n += 1
    return n
