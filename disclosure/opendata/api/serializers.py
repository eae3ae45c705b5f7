"""What the API says about each published item: plain dicts built from loaded objects.

No queries here: the views load what these functions read (select_related /
prefetch_related) so every page costs the same number of queries. Only public data: the
callers pass published, 主动公开 items, and relations to items the public may not open are
named without their title (or not at all). ``disclosure.opendata.api.openapi`` describes every dict
built here. Of a consultation's comments only ``consultations.public_feedback`` is read:
no commenter's name, phone, e-mail or attachment, and no comment text but staff's
anonymised excerpts, can reach these dicts.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import TextChoices
from django.urls import reverse

from catalog.models import Category, Genre, Organization, Theme
from disclosure.decisions.models import (
    Adoption,
    AttendeeCategory,
    Consultation,
    ConsultationAttachment,
    DecisionCatalog,
    DecisionItem,
    Meeting,
    MeetingAttendance,
)
from disclosure.decisions.models.consultation import Phase
from disclosure.library.models import Document, Interpretation
from disclosure.library.openness import Openness
from disclosure.library.validity import RelationKind, Validity
from disclosure.reports.models import AnnualReport

if TYPE_CHECKING:
    from disclosure.decisions.consultations import PublicFeedback

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
                "url": links.absolute(a.public_url),
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
                "stage": _choice(Interpretation.Stage, i.stage),
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
        "stage": _choice(Interpretation.Stage, item.stage),
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
                "url": links.absolute(m.public_url) if m.file else m.embed_url,
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


# -- 年度报告 -------------------------------------------------------------------------------


def annual_report_item(report: AnnualReport, links: Links) -> dict:
    """A published report as the list shows it (organization loaded)."""
    slug, year = report.organization.slug, report.year
    return {
        "id": report.pk,
        "title": report.title,
        "organization": agency_ref(report.organization, links),
        "year": year,
        "includes_departments": report.includes_departments,
        "published_on": _date(report.published_on),
        "url": links.page("disclosure:annual-report-detail", slug, year),
        "xlsx_url": links.page("disclosure:annual-report-xlsx", slug, year),
        "pdf_url": links.page("disclosure:annual-report-pdf", slug, year),
        "performance_url": links.page("disclosure:annual-report-performance", slug, year),
        "api_url": links.api("annual-report-detail", report.pk),
        "updated_at": report.updated_at.isoformat(),
    }


def annual_report_detail(report: AnnualReport, links: Links, frozen: dict) -> dict:
    """One published report: its written parts and, from ``frozen``
    (``reports.frozen_tables``), the figures, tables, checks and overrides exactly as
    frozen on publication, plus the frozen performance figures."""
    return {
        **annual_report_item(report, links),
        "organizations": frozen["organizations"],
        "written_parts": {
            "overview": report.overview,
            "improvements": report.improvements,
            "problems": report.problems,
            "other_matters": report.other_matters,
        },
        "values": frozen["values"],
        "tables": frozen["tables"],
        # As the report page shows them: the cell, both figures and the reason; not the
        # staff member who made the correction.
        "overrides": [
            {
                "cell": o["cell"],
                "label": o["label"],
                "computed": o["computed"],
                "value": o["value"],
                "reason": o["reason"],
                "at": o["at"],
            }
            for o in frozen["overrides"]
        ],
        "performance": report.snapshot.get("performance"),
    }


# -- 意见征集 -------------------------------------------------------------------------------


def consultation_ref(consultation: Consultation, links: Links) -> dict:
    return {
        "id": consultation.pk,
        "title": consultation.title,
        "url": links.page("disclosure:consultation-detail", consultation.pk),
        "api_url": links.api("consultation-detail", consultation.pk),
    }


def consultation_item(consultation: Consultation, links: Links, *, today: datetime.date) -> dict:
    """A published consultation as the list shows it (organization loaded); ``today`` is
    the Beijing date the phase and the days left are counted on."""
    phase = consultation.phase(today)
    return {
        **consultation_ref(consultation, links),
        "kind": _choice(Consultation.Kind, consultation.kind),
        "summary": consultation.summary,
        "organization": agency_ref(consultation.organization, links),
        "published_on": _date(consultation.published_on),
        "starts_on": _date(consultation.starts_on),
        "ends_on": _date(consultation.ends_on),
        "period_days": consultation.period_days,
        "minimum_days": consultation.minimum_days,
        # Shown, as on the page, only where the period is shorter than the minimum.
        "short_period_reason": (
            consultation.short_period_reason or None if consultation.is_short_period else None
        ),
        "phase": _choice(Phase, phase),
        "days_left": consultation.days_left(today) if phase == Phase.OPEN else None,
        "accepts_comments": phase == Phase.OPEN,
        "feedback_published_on": _date(consultation.feedback_published_on),
        "updated_at": consultation.updated_at.isoformat(),
    }


def _consultation_attachment(a: ConsultationAttachment, links: Links) -> dict:
    return {
        "kind": _choice(ConsultationAttachment.Kind, a.kind),
        "title": str(a),
        "url": links.absolute(a.public_url),
        "format": a.file_kind or None,
        "size": a.size,
    }


_ADOPTION_CODES = {label: value for value, label in Adoption.choices}


def feedback(data: PublicFeedback, links: Links) -> dict:
    """The published 意见采纳情况反馈, from ``consultations.public_feedback`` only."""
    counts = data.counts
    return {
        "published_on": _date(data.published_on),
        "summary": data.summary,
        "counts": {
            "received": counts.received,
            "recorded": counts.recorded,
            "letters": counts.letters,
            "meetings": counts.meetings,
            "adopted": counts.adopted,
            "by_adoption": [
                {"code": value, "label": label, "count": counts.by_adoption[value]}
                for value, label in Adoption.choices
            ],
        },
        "viewpoints": [
            {"summary": v.summary, "response": v.response or None, "comment_count": n}
            for v, n in data.viewpoints
        ],
        "not_adopted": [
            {
                "adoption": _choice(Adoption, _ADOPTION_CODES[c.adoption]),
                "excerpt": c.text or None,
                "reason": c.reason,
            }
            for c in data.not_adopted
        ],
    }


def consultation_detail(
    consultation: Consultation,
    links: Links,
    *,
    today: datetime.date,
    public_feedback: PublicFeedback | None,
) -> dict:
    """One consultation: the draft, its 起草说明, files, the final document when it is
    public, and the published feedback (needs attachments and final_document loaded)."""
    final = consultation.final_document
    return {
        **consultation_item(consultation, links, today=today),
        "draft_html": consultation.draft,
        "explanation_html": consultation.explanation or None,
        "contact": consultation.contact,
        "attachments": [_consultation_attachment(a, links) for a in consultation.attachments.all()],
        "final_document": document_ref(final, links) if final and final.is_public else None,
        "feedback": feedback(public_feedback, links) if public_feedback else None,
    }


# -- 重大行政决策事项目录 ------------------------------------------------------------------------


def _catalog_url(catalog: DecisionCatalog, links: Links) -> str:
    page = links.page("disclosure:decision-catalog", catalog.organization.slug)
    return f"{page}?year={catalog.year}"


def decision_catalog_item(catalog: DecisionCatalog, links: Links) -> dict:
    """A published catalog (organization loaded, ``item_count`` annotated)."""
    return {
        "id": catalog.pk,
        "title": str(catalog),
        "organization": agency_ref(catalog.organization, links),
        "year": catalog.year,
        "published_on": _date(catalog.published_on),
        "adjusted_on": _date(catalog.adjusted_on),
        "note": catalog.note,
        "item_count": catalog.item_count,
        "url": _catalog_url(catalog, links),
        "api_url": links.api("decision-catalog-detail", catalog.pk),
    }


def _public_document(doc: Document | None, links: Links) -> dict | None:
    return document_ref(doc, links) if doc is not None and doc.is_public else None


def decision_item(item: DecisionItem, links: Links) -> dict:
    consultation = item.consultation
    return {
        "position": item.position,
        "title": item.title,
        "lead_unit": item.lead_unit,
        "basis": item.basis,
        "planned_completion": item.planned_completion or None,
        "hearing_planned": item.hearing_planned,
        "status": _choice(DecisionItem.Status, item.status),
        "note": item.note,
        "consultation": (
            consultation_ref(consultation, links)
            if consultation is not None and consultation.is_public
            else None
        ),
        "decision_document": _public_document(item.decision_document, links),
        "evaluation_report": _public_document(item.evaluation_report, links),
    }


def decision_catalog_detail(catalog: DecisionCatalog, links: Links) -> dict:
    """A catalog with every item (items with consultation, decision_document and
    evaluation_report loaded)."""
    return {
        **decision_catalog_item(catalog, links),
        "items": [decision_item(i, links) for i in catalog.items.all()],
    }


# -- 政府常务会议 ---------------------------------------------------------------------------


def _meeting_base(meeting: Meeting, links: Links) -> dict:
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "held_on": _date(meeting.held_on),
        "organization": agency_ref(meeting.organization, links),
        "url": links.page("disclosure:meeting-detail", meeting.organization.slug, meeting.pk),
        "api_url": links.api("meeting-detail", meeting.pk),
    }


def meeting_item(meeting: Meeting, links: Links) -> dict:
    """A meeting as the list shows it (organization and topics loaded)."""
    return {
        **_meeting_base(meeting, links),
        "topic_titles": [t.title for t in meeting.topics.all()],
    }


def _attendance(a: MeetingAttendance) -> dict:
    return {
        "category": _choice(AttendeeCategory, a.category),
        "count": a.count,
        "description": a.description or None,
        "opinions": a.opinions or None,
    }


def meeting_detail(meeting: Meeting, links: Links) -> dict:
    """A meeting with its 议题 and 议定事项, their public documents and interpretations, and
    who attended (列席) by category and number — never by name. Needs topics with
    ``public_documents`` and ``public_interpretations``, and attendances, loaded."""
    attendances = list(meeting.attendances.all())
    return {
        **_meeting_base(meeting, links),
        "summary": meeting.summary,
        "reading_html": meeting.reading or None,
        "topics": [
            {
                "title": t.title,
                "decision": t.decision,
                "documents": [document_ref(d, links) for d in t.public_documents],
                "interpretations": [
                    {
                        "id": i.pk,
                        "title": i.title,
                        "url": links.page("disclosure:interpretation-detail", i.pk),
                        "api_url": links.api("interpretation-detail", i.pk),
                    }
                    for i in t.public_interpretations
                ],
            }
            for t in meeting.topics.all()
        ],
        "attendance": [_attendance(a) for a in attendances],
        "attendance_total": sum(a.count for a in attendances),
    }
