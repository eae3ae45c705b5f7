"""The steps only documents have, on top of the publishing core: publication of a
document received in an exchange file (keeping its 索引号), repeal (废止), amendment
(修改), a changed validity period, and the daily refresh of the stored validity.

Each locks the document, checks the actor through the core, writes a ``DocumentEvent``
(and a ``ValidityChange`` where validity moves) and returns. Validity itself is derived by
``disclosure.library.validity``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from disclosure.library import cache as library_cache
from disclosure.library.kinds import refresh_derived_columns, scan_document
from disclosure.library.models import Document, DocumentEvent, DocumentRelation, ValidityChange
from disclosure.library.openness import Openness
from disclosure.library.validity import RelationKind, Validity, validity_expression
from disclosure.publishing import files
from disclosure.publishing.steps import (
    INDEX_NUMBER_PATTERN,
    Status,
    audit_event,
    begin,
    record_event,
    refuse_personal_data,
    reserve_index_number,
    set_status,
)

Action = DocumentEvent.Action


def _refresh_stored_validity(document: Document) -> None:
    Document.objects.filter(pk=document.pk).update(
        validity=validity_expression(timezone.localdate())
    )


_INDEX_NUMBER = INDEX_NUMBER_PATTERN


def _reserve_index_number(document: Document, index_number: str) -> None:
    """Move the agency's sequence past a 索引号 given from outside (never reused)."""
    match = _INDEX_NUMBER.match(index_number)
    if not match or match["code"] != document.organization.credit_code:
        return
    reserve_index_number(document.organization, int(match["year"]), int(match["seq"]))


@transaction.atomic
def publish_received(
    document: Document,
    *,
    by,
    index_number: str,
    published_on: datetime.date,
    note: str = "",
) -> Document:
    """草稿 → 已发布 for a document received in an exchange file (``disclosure.opendata.exchange``).

    The originating platform reviewed and published it (先审查、后公开 happened there), so
    it keeps that platform's 索引号 and 发布日期 — one record, one number, wherever it is
    shown (信息同源). Only 主动公开 documents are exchanged.
    """
    index_number = (index_number or "").strip()
    if not index_number:
        raise ValidationError("交换文件中的文件必须有索引号。")
    document = begin(document, by, "publish_received")
    if document.disclosure != Openness.PROACTIVE:
        raise ValidationError("只有主动公开的文件可以按交换文件发布。")
    if Document.objects.filter(index_number=index_number).exclude(pk=document.pk).exists():
        raise ValidationError(f"索引号「{index_number}」已被本平台的其他文件使用。")
    # The source platform checked it too; this portal publishes it, so it checks again.
    refuse_personal_data(document, scan_document(document))
    _reserve_index_number(document, index_number)
    set_status(document, Status.PUBLISHED, index_number=index_number, published_on=published_on)
    refresh_derived_columns(document)
    files.publish_files(document.attachments.all())
    record_event(document, Action.PUBLISHED, by, note or f"依交换文件发布，索引号 {index_number}")
    return document


def _relate(
    kind: str,
    document: Document,
    *,
    by_document: Document,
    on: datetime.date | None,
    by,
    reason: str,
) -> DocumentRelation:
    if not (reason or "").strip():
        raise ValidationError("必须说明废止或修改的依据。")
    document = begin(document, by)
    by_document = Document.objects.get(pk=by_document.pk)
    if document.pk == by_document.pk:
        raise ValidationError("文件不能废止或修改自身。")
    if document.status != Status.PUBLISHED:
        raise ValidationError("只能对已发布的文件记录废止或修改。")
    if by_document.status != Status.PUBLISHED:
        raise ValidationError("作出废止或修改的文件须先发布。")
    effective_on = on or by_document.effective_on or by_document.published_on
    effective_on = effective_on or timezone.localdate()
    if DocumentRelation.objects.filter(
        from_document=by_document, to_document=document, kind=kind
    ).exists():
        raise ValidationError("该废止或修改记录已存在。")
    relation = DocumentRelation.objects.create(
        from_document=by_document,
        to_document=document,
        kind=kind,
        effective_on=effective_on,
        reason=reason.strip(),
        created_by=by,
    )
    new_validity = Validity.REPEALED if kind == RelationKind.REPEALS else Validity.AMENDED
    ValidityChange.objects.create(
        document=document,
        validity=new_validity,
        changed_on=effective_on,
        relation=relation,
        actor=by,
        reason=reason.strip(),
    )
    action = Action.REPEALED if kind == RelationKind.REPEALS else Action.AMENDED
    record_event(document, action, by, f"{relation}，自{effective_on:%Y-%m-%d}起。{reason.strip()}")
    _refresh_stored_validity(document)
    return relation


@transaction.atomic
def repeal(
    document: Document,
    *,
    by_document: Document,
    by,
    reason: str,
    on: datetime.date | None = None,
) -> DocumentRelation:
    """Record that ``by_document`` repeals (废止) ``document`` from ``on``.

    The repealed document stays public with a notice linking to ``by_document``.
    """
    return _relate(
        RelationKind.REPEALS, document, by_document=by_document, on=on, by=by, reason=reason
    )


@transaction.atomic
def amend(
    document: Document,
    *,
    by_document: Document,
    by,
    reason: str,
    on: datetime.date | None = None,
) -> DocumentRelation:
    """Record that ``by_document`` amends (修改) ``document`` from ``on``."""
    return _relate(
        RelationKind.AMENDS, document, by_document=by_document, on=on, by=by, reason=reason
    )


@transaction.atomic
def change_validity_period(
    document: Document,
    *,
    by,
    reason: str,
    effective_on: datetime.date | None,
    expires_on: datetime.date | None,
) -> Document:
    """Change a document's 施行日期 or 有效期至 (e.g. a 规范性文件 extended on review)."""
    if not (reason or "").strip():
        raise ValidationError("调整施行日期或有效期必须说明原因。")
    document = begin(document, by)
    if expires_on and effective_on and expires_on < effective_on:
        raise ValidationError("有效期至不能早于施行日期。")
    before = document.validity_on()
    document.effective_on, document.expires_on = effective_on, expires_on
    Document.objects.filter(pk=document.pk).update(
        effective_on=effective_on, expires_on=expires_on, updated_at=timezone.now()
    )
    after = document.validity_on()
    period = f"施行日期 {effective_on or '（发布之日）'}，有效期至 {expires_on or '（长期）'}。"
    record_event(document, Action.VALIDITY_PERIOD, by, f"{period}{reason.strip()}")
    ValidityChange.objects.create(
        document=document,
        validity=after,
        changed_on=timezone.localdate(),
        actor=by,
        reason=f"{period}{reason.strip()}"
        + ("" if before == after else f"（原为{Validity(before).label}）"),
    )
    _refresh_stored_validity(document)
    return document


def refresh_stored_validity(today: datetime.date | None = None) -> list[tuple[Document, str]]:
    """Bring the stored validity column up to the derived rule; log each change.

    Run daily by ``manage.py expire_documents``. Pages never depend on it: they derive
    validity themselves. Returns (document, new validity) for each change.
    """
    today = today or timezone.localdate()
    changed = []
    stale = (
        Document.objects.annotate(derived=validity_expression(today))
        .exclude(validity=F("derived"))
        .only(
            "pk",
            "organization",
            "index_number",
            "title",
            "validity",
            "expires_on",
            "effective_on",
        )
    )
    with transaction.atomic():
        for document in stale.select_for_update(of=("self",)):
            new = document.derived
            if new == Validity.EXPIRED:
                why = f"有效期至 {document.expires_on:%Y-%m-%d} 已届满，自动失效。"
            elif document.validity == Validity.PENDING:
                why = "施行日期已到，开始施行。"
            else:
                why = "按施行日期、有效期和废止、修改记录每日自动更新。"
            Document.objects.filter(pk=document.pk).update(validity=new)
            ValidityChange.objects.create(
                document=document, validity=new, changed_on=today, actor=None, reason=why
            )
            event = DocumentEvent.objects.create(
                document=document, action=Action.EXPIRED, actor=None, note=why
            )
            audit_event(document, event, None)
            changed.append((document, new))
    if changed:
        library_cache.bump()
    return changed
