"""The only code that changes a document's (interpretation's, consultation's) status or
records a validity event.

草稿 → 待审核 (the 保密审查 before publication: 先审查、后公开) → 已发布, and 已撤回 with a
reason. Each function opens a transaction, locks the document row, checks the actor's
permission and the transition, writes a DocumentEvent, and returns the document.
Views, admin actions, management commands and tests all call these functions.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalog import audit
from catalog.permissions import can_act_for
from disclosure import library_cache, pii, search
from disclosure.models import (
    Consultation,
    ConsultationEvent,
    Document,
    DocumentEvent,
    DocumentRelation,
    IndexSequence,
    Interpretation,
    InterpretationEvent,
    ValidityChange,
)
from disclosure.models.interpretation import interpretation_vector
from disclosure.openness import Openness
from disclosure.validity import RelationKind, Validity, validity_expression

Status = Document.Status
Action = DocumentEvent.Action

# Which status each step may start from.
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    "submit_for_review": (Status.DRAFT,),
    "return_to_draft": (Status.REVIEW,),
    "publish": (Status.REVIEW,),
    "withdraw": (Status.PUBLISHED,),
    "publish_received": (Status.DRAFT, Status.REVIEW),
}


@dataclass(frozen=True)
class _Kind:
    """What differs between the three things this workflow publishes."""

    permission: str  # the model permission a staff member needs
    noun: str  # 您没有管理{noun}的权限
    own: str  # 您不能代{机关}操作其{own}
    event_model: type
    event_field: str  # the event's foreign key to the item


_KINDS: dict[type, _Kind] = {
    Document: _Kind("disclosure.change_document", "政策文件", "文件", DocumentEvent, "document"),
    Interpretation: _Kind(
        "disclosure.change_interpretation",
        "政策解读",
        "政策解读",
        InterpretationEvent,
        "interpretation",
    ),
    Consultation: _Kind(
        "disclosure.change_consultation",
        "意见征集",
        "意见征集",
        ConsultationEvent,
        "consultation",
    ),
}


def _lock(item):
    return type(item).objects.select_for_update().select_related("organization").get(pk=item.pk)


def check_actor(by, item) -> None:
    """Staff of the item's agency (or the supervisor) holding the change permission."""
    kind = _KINDS[type(item)]
    if by is None or not by.is_authenticated:
        raise PermissionDenied("请先登录。")
    if not by.has_perm(kind.permission):
        raise PermissionDenied(f"您没有管理{kind.noun}的权限。")
    if not can_act_for(by, item.organization):
        raise PermissionDenied(f"您不能代{item.organization}操作其{kind.own}。")


def _set_status(item, status: str, **fields) -> None:
    item.status = status
    for name, value in fields.items():
        setattr(item, name, value)
    type(item).objects.filter(pk=item.pk).update(status=status, updated_at=timezone.now(), **fields)


def record_event(item, action: str, by, note: str = ""):
    """Append the step to the item's event log and to the audit log."""
    kind = _KINDS[type(item)]
    if isinstance(item, Document):
        # Every document step changes what the library shows: cached counts are renewed
        # now and again at commit, so a page rendered in between cannot keep old counts.
        library_cache.bump()
        transaction.on_commit(library_cache.bump)
    event = kind.event_model.objects.create(
        **{kind.event_field: item}, action=action, actor=by, note=note
    )
    _audit(item, event, by)
    return event


# The audit log's category of each step; every other step is 其他公开操作.
_AUDIT_ACTIONS = {
    Action.PUBLISHED: audit.Action.PUBLISHED,
    Action.WITHDRAWN: audit.Action.WITHDRAWN,
    Action.REPEALED: audit.Action.VALIDITY,
    Action.AMENDED: audit.Action.VALIDITY,
    Action.VALIDITY_PERIOD: audit.Action.VALIDITY,
    Action.EXPIRED: audit.Action.VALIDITY,
}


def _audit(item, event, by) -> None:
    """The audit entry of a step: the item by 索引号 and title, the step's name."""
    kind = _KINDS[type(item)]
    label = " ".join(filter(None, [getattr(item, "index_number", ""), f"《{item.title}》"]))
    audit.record(
        _AUDIT_ACTIONS.get(event.action, audit.Action.PUBLISHING),
        actor=by,
        obj=item,
        label=label,
        summary=f"{kind.noun}：{event.get_action_display()}",
    )


def _check_transition(step: str, document: Document) -> None:
    if document.status not in ALLOWED_FROM[step]:
        allowed = "、".join(Status(s).label for s in ALLOWED_FROM[step])
        raise ValidationError(
            f"「{document.title}」当前为{document.get_status_display()}，只有{allowed}的文件可以执行此操作。"
        )


def _refresh_stored_validity(document: Document) -> None:
    Document.objects.filter(pk=document.pk).update(
        validity=validity_expression(timezone.localdate())
    )


def next_index_number(document: Document, year: int) -> str:
    """Take the next 索引号 of the document's agency for ``year``.

    The sequence row is locked (SELECT … FOR UPDATE), so two publications at the same moment
    wait for each other and get different numbers; the number only ever goes up, so a
    number is never given twice, even after a withdrawal. Call inside a transaction.
    """
    organization = document.organization
    # Create the row if this is the agency's first publication of the year; a concurrent
    # creator makes ON CONFLICT DO NOTHING a no-op, and both then lock the same row.
    IndexSequence.objects.bulk_create(
        [IndexSequence(organization=organization, year=year, last_value=0)],
        ignore_conflicts=True,
    )
    sequence = IndexSequence.objects.select_for_update().get(organization=organization, year=year)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return f"{organization.credit_code}/{year}-{sequence.last_value:05d}"


@transaction.atomic
def submit_for_review(document: Document, *, by, note: str = "") -> Document:
    """草稿 → 待审核: hand the draft to the 保密审查 before publication."""
    document = _lock(document)
    check_actor(by, document)
    _check_transition("submit_for_review", document)
    document.full_clean(exclude=["organization"])
    _set_status(document, Status.REVIEW)
    record_event(document, Action.SUBMITTED, by, note)
    return document


@transaction.atomic
def return_to_draft(document: Document, *, by, note: str) -> Document:
    """待审核 → 草稿: the review sends the draft back, saying what to change."""
    if not (note or "").strip():
        raise ValidationError("退回修改必须说明原因。")
    document = _lock(document)
    check_actor(by, document)
    _check_transition("return_to_draft", document)
    _set_status(document, Status.DRAFT)
    record_event(document, Action.RETURNED, by, note.strip())
    return document


@transaction.atomic
def publish(document: Document, *, by, on: datetime.date | None = None, note: str = "") -> Document:
    """待审核 → 已发布; on first publication assign the 索引号 and the 发布日期.

    ``on`` sets the 发布日期 (default today), e.g. for documents published before the
    library existed. A document keeps its 索引号 for good.
    """
    document = _lock(document)
    check_actor(by, document)
    _check_transition("publish", document)
    if document.disclosure != Openness.PROACTIVE and not document.disclosure_reason.strip():
        raise ValidationError("依申请公开或不予公开的文件必须写明理由。")
    refuse_personal_data(document, pii.scan_document(document))
    fields = {}
    published_on = document.published_on or on or timezone.localdate()
    if document.published_on is None:
        fields["published_on"] = published_on
    if not document.index_number:
        fields["index_number"] = next_index_number(document, published_on.year)
    _set_status(document, Status.PUBLISHED, **fields)
    # The index number is part of the search vector; refresh it with the stored validity.
    Document.objects.filter(pk=document.pk).update(
        search_vector=search.document_vector(document),
        validity=validity_expression(timezone.localdate()),
    )
    record_event(document, Action.PUBLISHED, by, note or f"索引号 {document.index_number}")
    return document


# 索引号 as this library numbers them: credit code / year - sequence.
_INDEX_NUMBER = re.compile(r"^(?P<code>[0-9A-Z]{18})/(?P<year>\d{4})-(?P<seq>\d+)$")


def _reserve_index_number(document: Document, index_number: str) -> None:
    """Move the agency's sequence past a 索引号 given from outside, so that a later
    publication here never takes the same number (numbers are never reused)."""
    match = _INDEX_NUMBER.match(index_number)
    if not match or match["code"] != document.organization.credit_code:
        return
    year, seq = int(match["year"]), int(match["seq"])
    IndexSequence.objects.bulk_create(
        [IndexSequence(organization=document.organization, year=year, last_value=0)],
        ignore_conflicts=True,
    )
    sequence = IndexSequence.objects.select_for_update().get(
        organization=document.organization, year=year
    )
    if sequence.last_value < seq:
        sequence.last_value = seq
        sequence.save(update_fields=["last_value"])


@transaction.atomic
def publish_received(
    document: Document,
    *,
    by,
    index_number: str,
    published_on: datetime.date,
    note: str = "",
) -> Document:
    """草稿 → 已发布 for a document received in an exchange file (``disclosure.exchange``).

    The originating platform reviewed and published it (先审查、后公开 happened there), so
    it keeps that platform's 索引号 and 发布日期 — one record, one number, wherever it is
    shown (信息同源). Only 主动公开 documents are exchanged.
    """
    index_number = (index_number or "").strip()
    if not index_number:
        raise ValidationError("交换文件中的文件必须有索引号。")
    document = _lock(document)
    check_actor(by, document)
    _check_transition("publish_received", document)
    if document.disclosure != Openness.PROACTIVE:
        raise ValidationError("只有主动公开的文件可以按交换文件发布。")
    if Document.objects.filter(index_number=index_number).exclude(pk=document.pk).exists():
        raise ValidationError(f"索引号「{index_number}」已被本平台的其他文件使用。")
    # The source platform checked it too; this portal publishes it, so it checks again.
    refuse_personal_data(document, pii.scan_document(document))
    _reserve_index_number(document, index_number)
    _set_status(document, Status.PUBLISHED, index_number=index_number, published_on=published_on)
    Document.objects.filter(pk=document.pk).update(
        search_vector=search.document_vector(document),
        validity=validity_expression(timezone.localdate()),
    )
    record_event(document, Action.PUBLISHED, by, note or f"依交换文件发布，索引号 {index_number}")
    return document


@transaction.atomic
def withdraw(document: Document, *, by, reason: str) -> Document:
    """已发布 → 已撤回, with the reason; the 索引号 stays with the document."""
    if not (reason or "").strip():
        raise ValidationError("撤回必须说明原因。")
    document = _lock(document)
    check_actor(by, document)
    _check_transition("withdraw", document)
    _set_status(document, Status.WITHDRAWN)
    record_event(document, Action.WITHDRAWN, by, reason.strip())
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
    document = _lock(document)
    check_actor(by, document)
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
    document = _lock(document)
    check_actor(by, document)
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
            _audit(document, event, None)
            changed.append((document, new))
    if changed:
        library_cache.bump()
    return changed


# -- 政策解读: the same workflow, for interpretations ----------------------------------------
#
# 草稿 → 待审核 → 已发布 → 已撤回, with ALLOWED_FROM, _check_transition and next_index_number
# shared with documents (an interpretation takes its 索引号 from its agency's sequence).


@transaction.atomic
def submit_interpretation_for_review(
    interpretation: Interpretation, *, by, note: str = ""
) -> Interpretation:
    """草稿 → 待审核: hand the interpretation to the review before publication."""
    interpretation = _lock(interpretation)
    check_actor(by, interpretation)
    _check_transition("submit_for_review", interpretation)
    interpretation.full_clean(exclude=["organization", "documents"])
    _set_status(interpretation, Status.REVIEW)
    record_event(interpretation, InterpretationEvent.Action.SUBMITTED, by, note)
    return interpretation


@transaction.atomic
def return_interpretation_to_draft(
    interpretation: Interpretation, *, by, note: str
) -> Interpretation:
    """待审核 → 草稿: the review sends the interpretation back, saying what to change."""
    if not (note or "").strip():
        raise ValidationError("退回修改必须说明原因。")
    interpretation = _lock(interpretation)
    check_actor(by, interpretation)
    _check_transition("return_to_draft", interpretation)
    _set_status(interpretation, Status.DRAFT)
    record_event(interpretation, InterpretationEvent.Action.RETURNED, by, note.strip())
    return interpretation


@transaction.atomic
def publish_interpretation(
    interpretation: Interpretation,
    *,
    by,
    on: datetime.date | None = None,
    note: str = "",
) -> Interpretation:
    """待审核 → 已发布; on first publication assign the 索引号 and the 发布日期.

    The interpreted documents must be published first (the interpretation links to them);
    a 图解 needs its images and an audio or video interpretation its media, each with its
    text alternative. Without a catalog node of its own the interpretation is filed under
    its first document's node.
    """
    interpretation = _lock(interpretation)
    check_actor(by, interpretation)
    _check_transition("publish", interpretation)
    problems = interpretation.publication_problems()
    if problems:
        raise ValidationError(problems)
    refuse_personal_data(interpretation, pii.scan_interpretation(interpretation))
    fields = {}
    published_on = interpretation.published_on or on or timezone.localdate()
    if interpretation.published_on is None:
        fields["published_on"] = published_on
    if not interpretation.index_number:
        fields["index_number"] = next_index_number(interpretation, published_on.year)
    if interpretation.category_id is None:
        first = interpretation.documents.filter(category__isnull=False).order_by("pk").first()
        if first is not None:
            fields["category_id"] = first.category_id
    _set_status(interpretation, Status.PUBLISHED, **fields)
    Interpretation.objects.filter(pk=interpretation.pk).update(
        search_vector=interpretation_vector(interpretation)
    )
    record_event(
        interpretation,
        InterpretationEvent.Action.PUBLISHED,
        by,
        note or f"索引号 {interpretation.index_number}",
    )
    return interpretation


@transaction.atomic
def withdraw_interpretation(interpretation: Interpretation, *, by, reason: str) -> Interpretation:
    """已发布 → 已撤回, with the reason; the 索引号 stays with the interpretation."""
    if not (reason or "").strip():
        raise ValidationError("撤回必须说明原因。")
    interpretation = _lock(interpretation)
    check_actor(by, interpretation)
    _check_transition("withdraw", interpretation)
    _set_status(interpretation, Status.WITHDRAWN)
    record_event(interpretation, InterpretationEvent.Action.WITHDRAWN, by, reason.strip())
    return interpretation


# -- personal data before publication (「已公开信息安全检查」) ---------------------------------
#
# What counts as personal data and how it is found: disclosure.pii. Staff either redact
# (edit the text) or confirm that the numbers found may be published; a confirmation names
# the findings it covers, so a number added later blocks again.


def refuse_personal_data(item, scan: pii.ScanResult) -> None:
    """Refuse a publication while ``scan`` found numbers staff have not confirmed."""
    unconfirmed = scan.unconfirmed(item.pii_confirmed_digests)
    if unconfirmed:
        raise ValidationError(
            [
                f"发现{len(unconfirmed)}处可能不应公开的个人信息，请删除后再发布，"
                "或核实后执行「确认无需删除（已核实可以公开）」：",
                *pii.describe(unconfirmed),
            ]
        )


def pii_scan(item) -> pii.ScanResult:
    """Everything of ``item`` that is or will be public, as staff confirm it."""
    if isinstance(item, Interpretation):
        return pii.scan_interpretation(item)
    if isinstance(item, Consultation):
        return pii.scan_consultation_with_feedback(item)
    return pii.scan_document(item)


@transaction.atomic
def confirm_personal_data(item: Document | Interpretation | Consultation, *, by, note: str):
    """Record that the personal numbers now found in ``item`` were checked and may be
    published (e.g. a public service hotline on a mobile number), with the reason."""
    if not (note or "").strip():
        raise ValidationError("确认个人信息可以公开必须说明理由。")
    item = _lock(item)
    check_actor(by, item)
    scan = pii_scan(item)
    if not scan.findings:
        raise ValidationError("未发现需要确认的个人信息。")
    fields = {
        "pii_confirmed_by": by,
        "pii_confirmed_at": timezone.now(),
        "pii_confirmed_digests": " ".join(sorted(scan.digests())),
    }
    type(item).objects.filter(pk=item.pk).update(**fields)
    for name, value in fields.items():
        setattr(item, name, value)
    listed = "；".join(pii.describe(scan.findings))
    text = f"{note.strip()}（已核实：{listed}）"
    record_event(item, _KINDS[type(item)].event_model.Action.PII_CONFIRMED, by, text)
    return item


# -- 意见征集: the same workflow, for consultations ---------------------------------------
#
# 草稿 → 待审核 → 已发布 → 已撤回, with ALLOWED_FROM and _check_transition shared with
# documents. A consultation takes no 索引号; its feedback and final document are recorded
# by disclosure.consultations, which writes to the same event log.


@transaction.atomic
def submit_consultation_for_review(
    consultation: Consultation, *, by, note: str = ""
) -> Consultation:
    """草稿 → 待审核: hand the draft consultation to the review before publication."""
    consultation = _lock(consultation)
    check_actor(by, consultation)
    _check_transition("submit_for_review", consultation)
    consultation.full_clean(exclude=["organization", "final_document"])
    _set_status(consultation, Status.REVIEW)
    record_event(consultation, ConsultationEvent.Action.SUBMITTED, by, note)
    return consultation


@transaction.atomic
def return_consultation_to_draft(consultation: Consultation, *, by, note: str) -> Consultation:
    """待审核 → 草稿: the review sends the consultation back, saying what to change."""
    if not (note or "").strip():
        raise ValidationError("退回修改必须说明原因。")
    consultation = _lock(consultation)
    check_actor(by, consultation)
    _check_transition("return_to_draft", consultation)
    _set_status(consultation, Status.DRAFT)
    record_event(consultation, ConsultationEvent.Action.RETURNED, by, note.strip())
    return consultation


@transaction.atomic
def publish_consultation(
    consultation: Consultation,
    *,
    by,
    on: datetime.date | None = None,
    note: str = "",
) -> Consultation:
    """待审核 → 已发布 on ``on`` (default today).

    The period the public actually has runs from the later of the publication and the
    start date: published late, it must still reach the kind's minimum or carry the
    reason for a shorter one (Art. 15 of 《重大行政决策程序暂行条例》).
    """
    from disclosure.models.consultation import period_problem

    consultation = _lock(consultation)
    check_actor(by, consultation)
    _check_transition("publish", consultation)
    published_on = consultation.published_on or on or timezone.localdate()
    if published_on > consultation.ends_on:
        raise ValidationError("征求意见截止日期已过，不能发布；请调整征求意见期限。")
    problem = period_problem(
        consultation.kind,
        max(consultation.starts_on, published_on),
        consultation.ends_on,
        consultation.short_period_reason,
    )
    if problem:
        raise ValidationError(f"按发布日期{published_on:%Y-%m-%d}起算，{problem}")
    refuse_personal_data(consultation, pii.scan_consultation(consultation))
    _set_status(consultation, Status.PUBLISHED, published_on=published_on)
    record_event(
        consultation,
        ConsultationEvent.Action.PUBLISHED,
        by,
        note
        or f"征求意见期限 {consultation.starts_on:%Y-%m-%d} 至 {consultation.ends_on:%Y-%m-%d}",
    )
    return consultation


@transaction.atomic
def withdraw_consultation(consultation: Consultation, *, by, reason: str) -> Consultation:
    """已发布 → 已撤回, with the reason; the comment form closes with it."""
    if not (reason or "").strip():
        raise ValidationError("撤回必须说明原因。")
    consultation = _lock(consultation)
    check_actor(by, consultation)
    _check_transition("withdraw", consultation)
    _set_status(consultation, Status.WITHDRAWN)
    record_event(consultation, ConsultationEvent.Action.WITHDRAWN, by, reason.strip())
    return consultation
