"""Documents and interpretations as kinds of the publishing core
(``disclosure.publishing.steps``): what their publication checks, writes and scans.

Registered when the app is ready (``LibraryConfig.ready``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from config.web import pii
from disclosure.library import cache as library_cache
from disclosure.library import search
from disclosure.library.models import (
    Attachment,
    Concern,
    Document,
    Interpretation,
    InterpretationMedia,
)
from disclosure.library.models.interpretation import interpretation_vector
from disclosure.library.openness import Openness
from disclosure.library.validity import validity_expression
from disclosure.publishing.steps import (
    INDEX_NUMBER_PATTERN,
    PublishingKind,
    register,
    reserve_index_number,
)

# -- what each publishes (「已公开信息安全检查」) -----------------------------------------


def scan_document(document: Document, *, read_files: bool = True) -> pii.ScanResult:
    """Scan what a document publishes: title, 内容概述, 正文 and its attachments."""
    findings = pii.scan_text(document.title, "标题") + pii.scan_text(document.summary, "内容概述")
    findings += pii.scan_text(pii.html_text(document.body), "正文")
    files = pii.scan_attachments(
        document.attachments.all(), kind_of=lambda a: a.kind, read_files=read_files
    )
    return pii.ScanResult(findings + files.findings, files.notes)


def scan_interpretation(interpretation: Interpretation) -> pii.ScanResult:
    """Scan what an interpretation publishes: title, 内容概述, 正文, media text alternatives."""
    findings = pii.scan_text(interpretation.title, "标题")
    findings += pii.scan_text(interpretation.summary, "内容概述")
    findings += pii.scan_text(pii.html_text(interpretation.body), "正文")
    for media in interpretation.media.all():
        findings += pii.scan_text(
            media.text_alternative, f"多媒体「{media.title or media.pk}」文字说明"
        )
    return pii.ScanResult(findings, [])


def _public_documents():
    return (
        Document.objects.public()
        .select_related("organization")
        .only(
            "pk",
            "title",
            "summary",
            "body",
            "index_number",
            "pii_confirmed_digests",
            "organization__name",
        )
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.only("pk", "document_id", "title", "file", "kind"),
            )
        )
        .order_by("pk")
    )


def _public_interpretations():
    return (
        Interpretation.objects.public()
        .select_related("organization")
        .only(
            "pk",
            "title",
            "summary",
            "body",
            "index_number",
            "pii_confirmed_digests",
            "organization__name",
        )
        .prefetch_related(
            Prefetch(
                "media",
                queryset=InterpretationMedia.objects.only(
                    "pk", "interpretation_id", "title", "text_alternative"
                ),
            )
        )
        .order_by("pk")
    )


# -- documents ---------------------------------------------------------------------------


def _document_problems(document: Document, published_on: datetime.date) -> list[str]:
    # Art. 14–16: 依申请公开 and 不予公开 carry their legal reason.
    if document.disclosure != Openness.PROACTIVE and not document.disclosure_reason.strip():
        return ["依申请公开或不予公开的文件必须写明理由。"]
    return []


def refresh_derived_columns(document: Document) -> None:
    """The 索引号 is part of the search vector; refresh it with the stored validity."""
    Document.objects.filter(pk=document.pk).update(
        search_vector=search.document_vector(document),
        validity=validity_expression(timezone.localdate()),
    )


def _renew_library_counts(document: Document) -> None:
    # Every document step changes what the library shows: cached counts are renewed now
    # and again at commit, so a page rendered in between cannot keep old counts.
    library_cache.bump()
    transaction.on_commit(library_cache.bump)


def _original_index_number(document: Document) -> str:
    """The imported document's original 索引号, kept as its 索引号 at publication.

    When it follows this portal's own pattern for the agency, the agency's sequence is
    moved past it, so a later publication never takes the same number. A number already
    used as another document's 索引号 on this portal (another agency's document: within
    one agency the model refuses it) is not taken over; the document then gets the next
    number and stays findable by its original one.
    """
    number = (document.original_index_number or "").strip()
    if not number:
        return ""
    if Document.objects.filter(index_number=number).exclude(pk=document.pk).exists():
        return ""
    match = INDEX_NUMBER_PATTERN.match(number)
    if match and match["code"] == document.organization.credit_code:
        reserve_index_number(document.organization, int(match["year"]), int(match["seq"]))
    return number


def _document_reviewers(document: Document) -> int:
    """Two reviewers for the genres a local rule names (``PUBLISHING_TWO_REVIEWERS_GENRES``)."""
    genre = document.genre.name if document.genre_id else ""
    return 2 if genre and genre in settings.PUBLISHING_TWO_REVIEWERS_GENRES else 1


DOCUMENT = PublishingKind(
    noun="政策文件",
    own="文件",
    reviewers_required=_document_reviewers,
    index_number=True,
    given_index_number=_original_index_number,
    publication_problems=_document_problems,
    publication_scan=scan_document,
    public_scan=lambda document, read_files: scan_document(document, read_files=read_files),
    public_items=_public_documents,
    after_publication=refresh_derived_columns,
    on_event=_renew_library_counts,
    files=lambda document: document.attachments.all(),
    replacement_field="replaced_by",
)


# -- interpretations ---------------------------------------------------------------------


def _interpretation_problems(item: Interpretation, published_on: datetime.date) -> list[str]:
    # The interpreted documents are published first; a 图解 needs its images and an audio
    # or video interpretation its media, each with its text alternative.
    return item.publication_problems()


def _interpretation_fields(item: Interpretation, published_on: datetime.date) -> dict:
    # Without a catalog node of its own it is filed under its first document's node.
    if item.category_id is not None:
        return {}
    first = item.documents.filter(category__isnull=False).order_by("pk").first()
    return {"category_id": first.category_id} if first is not None else {}


def _refresh_interpretation_vector(item: Interpretation) -> None:
    Interpretation.objects.filter(pk=item.pk).update(search_vector=interpretation_vector(item))


INTERPRETATION = PublishingKind(
    noun="政策解读",
    own="政策解读",
    index_number=True,
    clean_exclude=("organization", "documents"),
    publication_problems=_interpretation_problems,
    publication_scan=scan_interpretation,
    public_scan=lambda item, read_files: scan_interpretation(item),
    public_items=_public_interpretations,
    publication_fields=_interpretation_fields,
    after_publication=_refresh_interpretation_vector,
    files=lambda item: item.media.exclude(file=""),
)


# -- 回应关切 -----------------------------------------------------------------------------


def scan_concern(concern: Concern) -> pii.ScanResult:
    """Scan what a response publishes: the concern's topic and the response."""
    findings = pii.scan_text(concern.topic, "关切事项") + pii.scan_text(
        concern.response, "回应内容"
    )
    return pii.ScanResult(findings, [])


CONCERN = PublishingKind(
    noun="回应关切",
    own="回应关切",
    publication_problems=lambda item, published_on: item.publication_problems(),
    publication_scan=scan_concern,
    public_scan=lambda item, read_files: scan_concern(item),
    public_items=lambda: (
        Concern.objects.public()
        .select_related("organization")
        .only("pk", "topic", "response", "pii_confirmed_digests", "organization__name")
        .order_by("pk")
    ),
    publication_note=lambda item, published_on: "",
)


def register_kinds() -> None:
    register(Document, DOCUMENT)
    register(Interpretation, INTERPRETATION)
    register(Concern, CONCERN)
