"""What the API says about each published item: plain dicts built from loaded objects.

No queries here: the views load what these functions read (select_related /
prefetch_related) so every page costs the same number of queries. Only public data: the
callers pass published, 主动公开 items, and relations to items the public may not open are
named without their title. ``disclosure.api.openapi`` describes every dict built here.
"""

from __future__ import annotations

import datetime

from django.db.models import TextChoices
from django.urls import reverse

from catalog.models import Category, Genre, Organization, Theme
from disclosure.models import Document, Interpretation
from disclosure.openness import Openness
from disclosure.validity import RelationKind, Validity

# Stand-ins reversed once per URL name; a page of 100 items then needs no reverse() each.
_INT_MARK, _SLUG_MARK = 918273645, "zq-slug-mark-zq"


class Links:
    """Absolute URLs of pages and API resources, on the host the request came to."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self._templates: dict[tuple, str] = {}

    @classmethod
    def for_request(cls, request) -> Links:
        return cls(request.build_absolute_uri("/"))

    def absolute(self, path: str) -> str:
        return f"{self.base}{path}"

    def _reverse(self, name: str, args: tuple) -> str:
        """reverse() for ids and slugs, from a template made once per name."""
        key = (name, *(isinstance(a, int) for a in args))
        template = self._templates.get(key)
        if template is None:
            marks = [_INT_MARK if isinstance(a, int) else _SLUG_MARK for a in args]
            template = reverse(name, args=marks)
            self._templates[key] = template
        path = template
        for arg in args:
            path = path.replace(str(_INT_MARK if isinstance(arg, int) else _SLUG_MARK), str(arg), 1)
        return path

    def page(self, name: str, *args) -> str:
        return self.absolute(self._reverse(name, args))

    def api(self, name: str, *args) -> str:
        return self.absolute(self._reverse(f"api:{name}", args))


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _choice(choices: type[TextChoices], value: str) -> dict:
    return {"code": value, "label": choices(value).label}


def _named(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def agency_ref(org: Organization, links: Links) -> dict:
    return {"slug": org.slug, "name": org.name, "api_url": links.api("agency-detail", org.slug)}


def document_ref(doc: Document, links: Links) -> dict:
    return {
        "id": doc.pk,
        "index_number": doc.index_number,
        "title": doc.title,
        "doc_number": doc.doc_number or None,
        "url": links.page("disclosure:document-detail", doc.pk),
        "api_url": links.api("document-detail", doc.pk),
    }


def document_item(doc: Document, links: Links) -> dict:
    """A document as the lists show it (needs organization, theme, genre, category,
    issuing_organizations prefetched and the ``current_validity`` annotation)."""
    return {
        "id": doc.pk,
        "index_number": doc.index_number,
        "title": doc.title,
        "doc_number": doc.doc_number or None,
        "organization": agency_ref(doc.organization, links),
        "issuers": [agency_ref(org, links) for org in doc.issuers()],
        "written_on": _date(doc.written_on),
        "published_on": _date(doc.published_on),
        "effective_on": _date(doc.effective_on),
        "expires_on": _date(doc.expires_on),
        "validity": _choice(Validity, doc.current_validity),
        "theme": _named(doc.theme),
        "genre": _named(doc.genre),
        "category": _named(doc.category),
        "summary": doc.summary,
        "keywords": doc.keywords,
        "url": links.page("disclosure:document-detail", doc.pk),
        "api_url": links.api("document-detail", doc.pk),
        "updated_at": doc.updated_at.isoformat(),
    }


def document_detail(doc: Document, links: Links, *, today: datetime.date) -> dict:
    """One document with its body, attachments, validity events and interpretations.

    Needs, besides ``document_item``'s: attachments, ``incoming_relations`` (with
    from_document), ``outgoing_relations`` to public documents (with to_document) and
    ``public_interpretations``.
    """
    changed_by = []
    for relation in doc.incoming_relations.all():
        source = relation.from_document
        changed_by.append(
            {
                "kind": _choice(RelationKind, relation.kind),
                "effective_on": _date(relation.effective_on),
                "in_effect": relation.effective_on <= today,
                # Only a document the public may open is named (as on the page).
                "document": document_ref(source, links) if source.is_public else None,
            }
        )
    return {
        **document_item(doc, links),
        "registration_number": doc.registration_number or None,
        "disclosure": _choice(Openness, doc.disclosure),
        "body_html": doc.body,
        "attachments": [
            {
                "title": str(a),
                "url": links.absolute(a.file.url),
                "kind": a.kind or None,
                "content_type": a.content_type or None,
                "size": a.size,
            }
            for a in doc.attachments.all()
        ],
        "changed_by": changed_by,
        "changes": [
            {
                "kind": _choice(RelationKind, r.kind),
                "effective_on": _date(r.effective_on),
                "in_effect": r.effective_on <= today,
                "document": document_ref(r.to_document, links),
            }
            for r in doc.outgoing_relations.all()
        ],
        "interpretations": [
            {
                "id": i.pk,
                "title": i.title,
                "form": _choice(Interpretation.Form, i.form),
                "published_on": _date(i.published_on),
                "url": links.page("disclosure:interpretation-detail", i.pk),
                "api_url": links.api("interpretation-detail", i.pk),
            }
            for i in doc.public_interpretations
        ],
    }


def interpretation_item(item: Interpretation, links: Links) -> dict:
    """An interpretation as the list shows it (organization, category and
    ``public_documents`` loaded)."""
    return {
        "id": item.pk,
        "index_number": item.index_number,
        "title": item.title,
        "summary": item.summary,
        "form": _choice(Interpretation.Form, item.form),
        "interpreter": {
            "name": item.interpreter_name or None,
            "role": item.interpreter_role or None,
            "is_first_interpreter": item.is_first_interpreter,
        },
        "organization": agency_ref(item.organization, links),
        "category": _named(item.category),
        "published_on": _date(item.published_on),
        "documents": [document_ref(d, links) for d in item.public_documents],
        "url": links.page("disclosure:interpretation-detail", item.pk),
        "api_url": links.api("interpretation-detail", item.pk),
        "updated_at": item.updated_at.isoformat(),
    }


def interpretation_detail(item: Interpretation, links: Links) -> dict:
    """One interpretation with its body and media, each with its text alternative."""
    return {
        **interpretation_item(item, links),
        "body_html": item.body,
        "media": [
            {
                "kind": _choice(type(m).Kind, m.kind),
                "title": m.title or None,
                "url": links.absolute(m.file.url) if m.file else m.embed_url,
                "embedded": not m.file,
                "content_type": m.content_type or None,
                "text_alternative": m.text_alternative,
            }
            for m in item.media.all()
        ],
    }


def agency(org: Organization, links: Links) -> dict:
    """An agency with the contact data its 公开指南 shows (Art. 12)."""
    return {
        "slug": org.slug,
        "name": org.name,
        "short_name": org.short_name or None,
        "credit_code": org.credit_code,
        "kind": _choice(Organization.Kind, org.kind),
        "level": _choice(Organization.Level, org.level),
        "parent": agency_ref(org.parent, links) if org.parent_id else None,
        "is_portal_main": org.is_portal_main,
        "office": {
            "name": org.office_name,
            "address": org.office_address,
            "hours": org.office_hours,
            "phone": org.phone,
            "fax": org.fax or None,
            "email": org.email or None,
            "website": org.website or None,
            "postal_address": org.postal_address,
            "postal_code": org.postal_code,
        },
        "url": links.page("disclosure:org-column", org.slug),
        "api_url": links.api("agency-detail", org.slug),
        "documents_api_url": links.api("document-list") + f"?organization={org.slug}",
        "catalog_api_url": links.api("catalog-node-list") + f"?organization={org.slug}",
    }


def catalog_node(
    node: Category, links: Links, *, org: Organization | None = None, count: int | None = None
) -> dict:
    """A node of the 主动公开目录; with ``org``, its page in that agency's column and the
    number of the agency's public items filed directly under it."""
    return {
        "id": node.pk,
        "name": node.name,
        "parent_id": node.parent_id,
        "statutory": node.is_statutory,
        "scope": _choice(Category.Scope, node.scope),
        "article_item": node.article_item or None,
        "position": node.position,
        "update_rule": node.update_rule_label or None,
        "url": links.page("disclosure:category-items", org.slug, node.pk) if org else None,
        "item_count": count,
        "api_url": links.api("catalog-node-detail", node.pk),
    }


def theme(obj: Theme) -> dict:
    return {"id": obj.pk, "name": obj.name, "position": obj.position}


def genre(obj: Genre) -> dict:
    return {
        "id": obj.pk,
        "name": obj.name,
        "position": obj.position,
        "needs_interpretation": obj.needs_interpretation,
    }
