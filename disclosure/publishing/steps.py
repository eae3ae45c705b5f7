"""The only code that changes a published item's status: one set of steps for every kind.

草稿 → 待审核 (the 保密审查 before publication: 先审查、后公开) → 已发布, and 已撤回 with a
reason; an item once published is withdrawn, never deleted. Each step opens a
transaction, locks the item's row, checks the actor's permission and the transition,
writes the item's event (and the audit log), and returns the item. Views, admin actions,
management commands and tests all call these functions.

What differs between kinds — the words of the messages, what must hold before
publication, what publication writes besides status and date, what the personal-data
check reads — is the kind's ``PublishingKind``, registered by the app that owns the model
(``register(Document, DOCUMENT)`` in ``disclosure.library.kinds``). This module imports
no app above it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from catalog import audit
from catalog.permissions import can_act_for, can_review_for
from config.web import pagecache, pii
from disclosure.publishing import checks, files
from disclosure.publishing.models import IndexSequence, PublicationStatus, WithdrawalReason

Status = PublicationStatus

# Which status each step may start from (a kind may publish straight from its draft).
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    "submit_for_review": (Status.DRAFT,),
    "return_to_draft": (Status.REVIEW,),
    "publish": (Status.REVIEW,),
    "withdraw": (Status.PUBLISHED,),
    "publish_received": (Status.DRAFT, Status.REVIEW),
}


def _no_problems(item, published_on: datetime.date) -> list[str]:
    return []


def _no_fields(item, published_on: datetime.date) -> dict[str, Any]:
    return {}


def _nothing(item) -> None:
    return None


def _no_given_number(item) -> str:
    return ""


def _no_files(item) -> Iterable[files.PublicFile]:
    return ()


def _one_reviewer(item) -> int:
    return 1


def _index_number_note(item, published_on: datetime.date) -> str:
    return f"索引号 {item.index_number}"


def _title_label(item) -> str:
    return " ".join(filter(None, [getattr(item, "index_number", ""), f"《{item.title}》"]))


@dataclass(frozen=True)
class PublishingKind:
    """What differs between the things this workflow publishes."""

    noun: str  # 您没有管理{noun}的权限; the audit log's 「{noun}：{step}」
    own: str  # 您不能代{机关}操作其{own}
    #: Replace the two permission messages (``{organization}`` is filled in).
    denied: str = ""
    not_own: str = ""
    #: Another rule on who may act (beyond the permission and the agency).
    extra_actor_check: Callable[[Any, Any], None] | None = None
    #: Publication starts from these statuses.
    publish_from: tuple[str, ...] = (Status.REVIEW,)
    #: One message for every refused transition instead of the generic one.
    transition_refusal: str = ""
    #: Four-eyes review: publication is approved by a reviewer of the agency who did not
    #: submit the item (False for kinds with their own publication rules, e.g. reports).
    four_eyes: bool = True
    #: How many different reviewers approve the item before it is published.
    reviewers_required: Callable[[Any], int] = _one_reviewer
    #: Publication takes the agency's next 索引号.
    index_number: bool = False
    #: A 索引号 the item brings with it (e.g. the original one of an imported document),
    #: kept at publication instead of the next one; empty: the next one is taken. Called
    #: inside the publication's transaction, so it may reserve the number it returns.
    given_index_number: Callable[[Any], str] = _no_given_number
    #: Fields not validated when the item is submitted for review.
    clean_exclude: tuple[str, ...] = ("organization",)
    #: Why the item cannot be published on the given date (empty: it can).
    publication_problems: Callable[[Any, datetime.date], Iterable[str]] = _no_problems
    #: The personal-data scan that blocks publication (None: the kind is not scanned).
    publication_scan: Callable[[Any], pii.ScanResult] | None = None
    #: What staff confirm as checked (default: the publication scan).
    confirmation_scan: Callable[[Any], pii.ScanResult] | None = None
    #: What is public now, for the weekly check; ``read_files`` False skips file contents.
    public_scan: Callable[[Any, bool], pii.ScanResult] | None = None
    #: The public items for the weekly check, with what the scan reads prefetched.
    public_items: Callable[[], models.QuerySet] | None = None
    #: Fields publication writes besides status, date and 索引号.
    publication_fields: Callable[[Any, datetime.date], dict[str, Any]] = _no_fields
    #: Derived columns to refresh once published (search vectors, validity).
    after_publication: Callable[[Any], None] = _nothing
    #: What else withdrawal changes (caches, derived columns).
    after_withdrawal: Callable[[Any], None] = _nothing
    #: The item's uploads (rows of ``files.PublicFile`` models): public only while it is.
    files: Callable[[Any], Iterable[files.PublicFile]] = _no_files
    #: The item's field naming what replaces it after a withdrawal ("" : none can).
    replacement_field: str = ""
    #: The publication event's default note.
    publication_note: Callable[[Any, datetime.date], str] = _index_number_note
    #: How the audit log names the item.
    audit_label: Callable[[Any], str] = _title_label
    #: Called with every event (e.g. renewing cached counts).
    on_event: Callable[[Any], None] = _nothing

    def scan_for_confirmation(self, item) -> pii.ScanResult:
        scan = self.confirmation_scan or self.publication_scan
        if scan is None:
            raise ValidationError("该类信息不做个人信息检查。")
        return scan(item)


_KINDS: dict[type, PublishingKind] = {}


def register(model: type, kind: PublishingKind) -> None:
    """Make ``model`` publishable through these steps (called by the owning app)."""
    _KINDS[model] = kind


def kind_of(item) -> PublishingKind:
    try:
        return _KINDS[type(item)]
    except KeyError:
        raise TypeError(f"{type(item).__name__} is not a registered publishable kind") from None


def kinds() -> list[tuple[type, PublishingKind]]:
    """The registered kinds in the order their apps registered them."""
    return list(_KINDS.items())


def lock(item):
    """The item's row, locked until the transaction ends, with its agency."""
    return (
        type(item)
        .objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=item.pk)
    )


def check_actor(by, item) -> None:
    """Staff of the item's agency (or the supervisor) holding the change permission."""
    kind = kind_of(item)
    if by is None or not by.is_authenticated:
        raise PermissionDenied("请先登录。")
    opts = type(item)._meta
    if not by.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise PermissionDenied(kind.denied or f"您没有管理{kind.noun}的权限。")
    if not can_act_for(by, item.organization):
        message = kind.not_own or "您不能代{organization}操作其" + kind.own + "。"
        raise PermissionDenied(message.format(organization=item.organization))
    if kind.extra_actor_check is not None:
        kind.extra_actor_check(by, item)


def check_transition(step: str, item) -> None:
    kind = kind_of(item)
    allowed = kind.publish_from if step == "publish" else ALLOWED_FROM[step]
    if item.status in allowed:
        return
    if kind.transition_refusal:
        raise ValidationError(kind.transition_refusal)
    labels = "、".join(type(item).Status(s).label for s in allowed)
    raise ValidationError(
        f"「{item.title}」当前为{item.get_status_display()}，只有{labels}的文件可以执行此操作。"
    )


def begin(item, by, step: str | None = None):
    """Lock the item and check the actor (and the transition, when ``step`` is given)."""
    item = lock(item)
    check_actor(by, item)
    if step is not None:
        check_transition(step, item)
    return item


def set_status(item, status: str, **fields) -> None:
    item.status = status
    for name, value in fields.items():
        setattr(item, name, value)
    type(item).objects.filter(pk=item.pk).update(status=status, updated_at=timezone.now(), **fields)


def record_event(item, action: str, by, note: str = ""):
    """Append the step to the item's event log and to the audit log."""
    kind = kind_of(item)
    kind.on_event(item)
    # Every step may change what the public pages show (a publication, a withdrawal, a
    # validity change …): the stored pages are renewed now and at commit.
    pagecache.bump_now_and_at_commit()
    event = item.events.create(action=action, actor=by, note=note)
    audit_event(item, event, by)
    return event


# The audit log's category of each step; every other step is 其他公开操作.
_AUDIT_ACTIONS = {
    "published": audit.Action.PUBLISHED,
    "withdrawn": audit.Action.WITHDRAWN,
    "repealed": audit.Action.VALIDITY,
    "amended": audit.Action.VALIDITY,
    "validity_period": audit.Action.VALIDITY,
    "expired": audit.Action.VALIDITY,
}


def audit_event(item, event, by) -> None:
    """The audit entry of a step: the item by its label, the step's name."""
    kind = kind_of(item)
    audit.record(
        _AUDIT_ACTIONS.get(event.action, audit.Action.PUBLISHING),
        actor=by,
        obj=item,
        label=kind.audit_label(item),
        summary=f"{kind.noun}：{event.get_action_display()}",
    )


# 索引号 as this portal numbers them (``next_index_number``): credit code / year - sequence.
INDEX_NUMBER_PATTERN = re.compile(r"^(?P<code>[0-9A-Z]{18})/(?P<year>\d{4})-(?P<seq>\d+)$")


def next_index_number(organization, year: int) -> str:
    """Take the next 索引号 of ``organization`` for ``year``.

    The sequence row is locked (SELECT … FOR UPDATE), so two publications at the same moment
    wait for each other and get different numbers; the number only ever goes up, so a
    number is never given twice, even after a withdrawal. Call inside a transaction.
    """
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


def reserve_index_number(organization, year: int, seq: int) -> None:
    """Move the agency's sequence past a 索引号 given from outside, so that a later
    publication here never takes the same number (numbers are never reused)."""
    IndexSequence.objects.bulk_create(
        [IndexSequence(organization=organization, year=year, last_value=0)],
        ignore_conflicts=True,
    )
    sequence = IndexSequence.objects.select_for_update().get(organization=organization, year=year)
    if sequence.last_value < seq:
        sequence.last_value = seq
        sequence.save(update_fields=["last_value"])


def _require(text: str, message: str) -> str:
    if not (text or "").strip():
        raise ValidationError(message)
    return text.strip()


# -- four-eyes review (拟公开信息保密审查: 先审查、后公开) ---------------------------------------


def last_submitter(item):
    """Who submitted ``item`` for its current review (the last 提交审核 event's actor)."""
    event = item.events.filter(action="submitted").select_related("actor").first()
    return event.actor if event is not None else None


def reviewers_so_far(item) -> list:
    """The reviewers who approved ``item`` since it was last submitted (两人审核)."""
    submitted = item.events.filter(action="submitted").first()
    events = item.events.filter(action="reviewed").select_related("actor")
    if submitted is not None:
        events = events.filter(pk__gt=submitted.pk)
    return [event.actor for event in events if event.actor is not None]


def check_reviewer(by, item, *, noun: str = "") -> None:
    """Refuse the approval (or a personal-data clearance) to anyone without the reviewer
    role for the item's agency, and to the person who submitted the item."""
    what = noun or "审核通过"
    if not can_review_for(by, item.organization):
        raise PermissionDenied(
            f"只有{item.organization}的审核人（或政府信息公开工作主管部门）可以{what}。"
        )
    submitter = last_submitter(item) if item.status == Status.REVIEW else None
    if submitter is not None and submitter.pk == by.pk:
        raise PermissionDenied(
            f"「{item.title}」由您提交审核，不能由您本人{what}；请由另一位审核人审核。"
        )


# -- the steps ---------------------------------------------------------------------------


@transaction.atomic
def submit_for_review(item, *, by, note: str = ""):
    """草稿 → 待审核: hand the draft to the review before publication."""
    item = begin(item, by, "submit_for_review")
    item.full_clean(exclude=list(kind_of(item).clean_exclude))
    checks.refuse_problems(item)
    set_status(item, Status.REVIEW)
    record_event(item, "submitted", by, note)
    return item


@transaction.atomic
def return_to_draft(item, *, by, note: str):
    """待审核 → 草稿: the review sends the draft back, saying what to change."""
    note = _require(note, "退回修改必须说明原因。")
    item = begin(item, by, "return_to_draft")
    set_status(item, Status.DRAFT)
    record_event(item, "returned", by, note)
    return item


@transaction.atomic
def publish(item, *, by, on: datetime.date | None = None, note: str = ""):
    """待审核 → 已发布 on ``on`` (default today); on first publication the 发布日期 and, for
    the kinds that take one, the agency's next 索引号. An item keeps both for good.

    Four-eyes: ``by`` must be a reviewer of the item's agency (``can_review_for``) and not
    the person who submitted it. Where the kind requires two reviewers, the first approval
    records a ``reviewed`` event and the item stays 待审核 until a different reviewer
    approves it.

    ``on`` sets the 发布日期, e.g. for documents published before the library existed.
    """
    item = begin(item, by, "publish")
    kind = kind_of(item)
    if kind.four_eyes:
        check_reviewer(by, item)
    published_on = item.published_on or on or timezone.localdate()
    problems = list(kind.publication_problems(item, published_on))
    if problems:
        raise ValidationError(problems)
    checks.refuse_problems(item)
    if kind.publication_scan is not None:
        refuse_personal_data(item, kind.publication_scan(item))
    if kind.four_eyes:
        earlier = reviewers_so_far(item)
        if any(reviewer.pk == by.pk for reviewer in earlier):
            raise PermissionDenied(f"您已审核过「{item.title}」，须由另一位审核人审核通过后发布。")
        if len(earlier) + 1 < kind.reviewers_required(item):
            # Two reviewers (settings.PUBLISHING_TWO_REVIEWERS_GENRES): the first approval is
            # recorded and the item stays in review for the second.
            record_event(item, "reviewed", by, note or "第一审核人审核通过，待第二审核人审核")
            return item
    fields: dict[str, Any] = {}
    if item.published_on is None:
        fields["published_on"] = published_on
    if kind.index_number and not item.index_number:
        fields["index_number"] = kind.given_index_number(item) or next_index_number(
            item.organization, published_on.year
        )
    fields.update(kind.publication_fields(item, published_on))
    set_status(item, Status.PUBLISHED, **fields)
    kind.after_publication(item)
    files.publish_files(kind.files(item))
    record_event(item, "published", by, note or kind.publication_note(item, published_on))
    return item


@transaction.atomic
def withdraw(
    item,
    *,
    by,
    reason: str,
    category: str = WithdrawalReason.OTHER,
    replacement=None,
):
    """已发布 → 已撤回, with the written reason (kept for staff), the reason category the
    public notice shows and, where the kind has one, what replaces the item. An 索引号
    stays with the item; its files leave public storage at once (the private copies stay)."""
    reason = _require(reason, "撤回必须说明原因。")
    if category not in WithdrawalReason.values:
        raise ValidationError("请选择撤回原因类别。")
    item = begin(item, by, "withdraw")
    kind = kind_of(item)
    fields: dict[str, Any] = {"withdrawn_at": timezone.now(), "withdrawal_reason": category}
    if replacement is not None:
        if not kind.replacement_field:
            raise ValidationError(f"该类{kind.noun}不能指定替代内容。")
        if replacement.pk == item.pk or not replacement.is_public:
            raise ValidationError("替代的内容必须是另一件已发布的内容。")
        fields[kind.replacement_field] = replacement
    set_status(item, Status.WITHDRAWN, **fields)
    kind.after_withdrawal(item)
    record_event(item, "withdrawn", by, reason)
    files.withdraw_files(kind.files(item))
    return item


# -- personal data before publication (「已公开信息安全检查」) ---------------------------------
#
# What counts as personal data and how it is found: config.web.pii. Staff either
# redact (edit the text) or confirm that the numbers found may be published; a confirmation
# names the findings it covers, so a number added later blocks again.


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


def confirmation_scan(item) -> pii.ScanResult:
    """Everything of ``item`` that is or will be public, as staff confirm it."""
    return kind_of(item).scan_for_confirmation(item)


@transaction.atomic
def confirm_personal_data(item, *, by, note: str):
    """Record that the personal numbers now found in ``item`` were checked and may be
    published (e.g. a public service hotline on a mobile number), with the reason. Only a
    reviewer of the item's agency clears a finding, never the person who submitted it."""
    note = _require(note, "确认个人信息可以公开必须说明理由。")
    item = begin(item, by)
    if kind_of(item).four_eyes:
        check_reviewer(by, item, noun="确认个人信息可以公开")
    scan = confirmation_scan(item)
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
    record_event(item, "pii_confirmed", by, f"{note}（已核实：{listed}）")
    return item
