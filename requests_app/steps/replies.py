"""The reply (Art. 35-39), its delivery (送达) and the archive.

:func:`reply` checks that the reply type, the outcome row of the annual report and the
facts the letter must state agree (Art. 36-38 each name what a reply must say), then
issues the 答复告知书 with the applicant's remedies.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from config.web import pii
from config.web.filetypes import accept_public_upload, safe_upload_name
from requests_app import notices, notifications
from requests_app.letters import LetterKind
from requests_app.models import InformationRequest, RequestAttachment, RequestEvent, Status
from requests_app.outcomes import (
    GROUND_OUTCOMES,
    REPLY_TYPE_OUTCOMES,
    TERMINATION_OUTCOMES,
    WITHHOLDING_OUTCOMES,
    Outcome,
    ReplyType,
    default_reply_type,
)
from requests_app.steps.base import (
    RUNNING,
    K,
    WorkflowError,
    begin,
    check_not_before_receipt,
    finish,
    issue_letter,
    on_or_today,
    record_event,
)

#: Reply material: the most files and links one reply carries.
MAX_REPLY_FILES = 10
MAX_REPLY_LINKS = 10

#: Where the letter says the information is (Art. 36(2), 37) when files go with it.
PROVISION_WITH_FILES = "现随本告知书一并提供（见附件）"


@dataclass(frozen=True)
class ReplyFile:
    """One file of reply material: the title the applicant and the letter see, the upload."""

    title: str
    upload: Any


@dataclass(frozen=True)
class PublishedLink:
    """A published document the applicant is pointed to (Art. 36(1)): 索引号, title, URL.

    A plain reference: requests_app does not import the publishing apps.
    """

    title: str
    url: str = ""
    index_number: str = ""

    def as_text(self) -> str:
        facts = [f"索引号：{self.index_number}" if self.index_number else "", self.url]
        facts = [fact for fact in facts if fact]
        return f"《{self.title}》" + (f"（{'，'.join(facts)}）" if facts else "")


def _accept_files(
    files: Sequence[ReplyFile], *, personal_data_checked: bool = False
) -> tuple[list[tuple[str, Any]], list[str]]:
    """Each file checked like a public upload (type by content, size), cleaned of hidden
    metadata (author, unit, GPS) and scanned for personal numbers (``config.web.pii``):
    what the applicant receives is as clean as what is published.

    Personal numbers found refuse the reply until staff confirm they checked them (the
    applicant's own data, or a third party's handled under Art. 37); the masked findings
    are returned for the log. Returns the accepted files and those findings.
    """
    if len(files) > MAX_REPLY_FILES:
        raise WorkflowError(f"一次答复最多附{MAX_REPLY_FILES}个文件。")
    accepted, findings = [], []
    for item in files:
        title = (item.title or "").strip()
        if not title:
            raise WorkflowError("请为每个答复材料填写名称。")
        try:
            cleaned = accept_public_upload(item.upload, max_bytes=settings.REQUEST_UPLOAD_MAX_BYTES)
        except ValidationError as exc:
            raise WorkflowError(f"答复材料「{title}」：{'；'.join(exc.messages)}") from None
        name = safe_upload_name(getattr(item.upload, "name", "") or "file")
        findings += pii.describe(
            pii.scan_file_content(cleaned.content, cleaned.kind, title).findings
        )
        accepted.append((title, ContentFile(cleaned.content, name=name)))
    if findings and not personal_data_checked:
        raise WorkflowError(
            "答复材料含有个人信息："
            + "；".join(findings)
            + "。请核对：属于申请人本人的信息，或第三方的信息已依第三十七条作区分处理的，"
            "勾选“已核对答复材料中的个人信息”后再发出。"
        )
    return accepted, findings


def _clean_links(links: Sequence[PublishedLink]) -> list[PublishedLink]:
    if len(links) > MAX_REPLY_LINKS:
        raise WorkflowError(f"一次答复最多列{MAX_REPLY_LINKS}个已公开文件。")
    cleaned = []
    for link in links:
        title = (link.title or "").strip()
        url = (link.url or "").strip()
        if not title:
            raise WorkflowError("请填写已公开文件的标题。")
        if url and not url.startswith(("https://", "http://", "/")):
            raise WorkflowError(f"已公开文件「{title}」的网址应以 https:// 或 / 开头。")
        cleaned.append(PublishedLink(title, url, (link.index_number or "").strip()))
    return cleaned


def _repeat_facts(req: InformationRequest, earlier: InformationRequest) -> dict[str, Any]:
    """Art. 36(6): the earlier request of the same applicant and the reply it got."""
    if (
        earlier.pk == req.pk
        or not InformationRequest.objects.same_applicant(req).filter(pk=earlier.pk).exists()
    ):
        raise WorkflowError("所选的原申请不是同一申请人的申请。")
    if earlier.closed_on is None or earlier.outcome == "":
        raise WorkflowError("所选的原申请尚未答复。")
    facts: dict[str, Any] = {
        "previous_reply_on": earlier.closed_on,
        "previous_request": earlier.tracking_number,
    }
    letter = earlier.attachments.filter(letter_kind=LetterKind.REPLY).first()
    if letter is not None and letter.number:
        facts["previous_letter_number"] = letter.number
    return facts


def _require(details: Mapping[str, Any], keys: Mapping[str, str]) -> None:
    missing = [label for key, label in keys.items() if not str(details.get(key) or "").strip()]
    if missing:
        raise WorkflowError("答复缺少：" + "、".join(missing) + "。")


def _check_reply_details(
    req: InformationRequest, outcome: Outcome, reply_type: ReplyType | None, details: dict
) -> None:
    if reply_type == ReplyType.ALREADY_PUBLIC:  # Art. 36(1)
        _require(details, {"publication_location": "获取该政府信息的方式和途径"})
    elif reply_type == ReplyType.NOT_RESPONSIBLE:  # Art. 36(5)
        _require(
            details,
            {
                "responsible_agency": "负责公开该政府信息的行政机关",
                "responsible_agency_contact": "该行政机关的联系方式",
            },
        )
    elif reply_type == ReplyType.WITHHELD:  # Art. 36(3)
        _require(details, {"withhold_reason": "不予公开的理由"})
        ground = details.get("withhold_ground")
        if ground and GROUND_OUTCOMES.get(ground) != outcome:
            raise WorkflowError("不予公开的依据与办理结果不一致。")
    elif reply_type == ReplyType.OTHER_LAW:  # Art. 36(7)
        _require(details, {"special_law": "规定办理途径的法律、行政法规"})
    elif reply_type == ReplyType.PARTIAL:  # Art. 37
        parts = details.get("withheld_parts") or []
        if not parts:
            raise WorkflowError("部分公开的，应逐项说明不予公开的内容及理由（第三十七条）。")
        for part in parts:
            if not all(str(part.get(key) or "").strip() for key in ("part", "ground", "reason")):
                raise WorkflowError("每项不予公开的内容都应写明内容、依据和理由。")
    elif reply_type == ReplyType.STILL_UNCLEAR:  # Art. 30
        if not req.events.filter(kind=K.CLARIFICATION_RECEIVED).exists():
            raise WorkflowError("只有补正后申请内容仍不明确的，才能按此答复。")
    if outcome in WITHHOLDING_OUTCOMES and reply_type != ReplyType.WITHHELD:
        raise WorkflowError("不予公开的办理结果应使用不予公开答复。")


@transaction.atomic
def reply(
    req: InformationRequest,
    *,
    by,
    outcome: str,
    reply_type: str | None = None,
    details: Mapping[str, Any] | None = None,
    note: str = "",
    on: datetime.date | None = None,
    letter_body: str | None = None,
    files: Sequence[ReplyFile] = (),
    links: Sequence[PublishedLink] = (),
    previous_request: InformationRequest | None = None,
    personal_data_checked: bool = False,
) -> InformationRequest:
    """Answer the request (Art. 35-39); ``outcome`` is the annual-report row it counts under.

    Issues the 答复告知书 of the reply type, with the applicant's remedies; ``details``
    also carries the letter's facts (keys of ``letters.FIELDS``), ``letter_body`` staff's
    edited text. ``files`` (the information itself) are stored privately for the
    applicant to download from the tracking page and listed in the letter as its
    attachments; ``links`` point to documents already published (Art. 36(1)).
    ``previous_request``, for a 重复申请 (Art. 36(6)), gives the earlier reply's date.
    ``personal_data_checked``: staff checked the personal numbers found in the files.
    """
    req = begin(req, by, RUNNING, "答复")
    on = on_or_today(on)
    check_not_before_receipt(req, on, "答复")
    outcome = Outcome(outcome)
    if outcome in TERMINATION_OUTCOMES:
        raise WorkflowError("逾期未补正、逾期未缴费的申请请使用相应的终止操作。")
    reply_type = ReplyType(reply_type) if reply_type else default_reply_type(outcome)
    if reply_type is not None and outcome not in REPLY_TYPE_OUTCOMES[reply_type]:
        raise WorkflowError(f"答复类型「{reply_type.label}」与办理结果「{outcome.label}」不一致。")
    details = dict(details or {})
    if reply_type == ReplyType.REPEATED and previous_request is not None:
        details.update(_repeat_facts(req, previous_request))
    accepted, findings = _accept_files(files, personal_data_checked=personal_data_checked)
    links = _clean_links(links)
    if accepted and reply_type in (ReplyType.DISCLOSED, ReplyType.PARTIAL):
        details.setdefault("provision_method", PROVISION_WITH_FILES)
    if links and reply_type == ReplyType.ALREADY_PUBLIC:
        details.setdefault("publication_location", "、".join(link.as_text() for link in links))
    if reply_type == ReplyType.WITHHELD:
        details.setdefault(
            "withhold_ground",
            next((g for g, o in GROUND_OUTCOMES.items() if o == outcome), ""),
        )
    _check_reply_details(req, outcome, reply_type, details)
    event = record_event(
        req,
        K.REPLIED,
        by=by,
        on=on,
        note=note,
        data={
            "outcome": outcome,
            "reply_type": reply_type or "",
            "details": details,
            "files": [title for title, _ in accepted],
            "personal_data_checked": findings,  # masked, as shown to staff
            "links": [link.__dict__ for link in links],
        },
    )
    req = finish(req, Status.REPLIED, outcome=outcome, reply_type=reply_type or "", closed_on=on)
    if reply_type is not None:
        context = notices.reply_context(req, reply_type, details)
        listed = [title for title, _ in accepted] + [link.as_text() for link in links]
        if listed:
            context["attachments"] = listed
        issue_letter(req, event, LetterKind.REPLY, context, letter_body)
    _store_material(req, event, accepted)
    notifications.notify_applicant(req, event)
    return req


def _store_material(req: InformationRequest, event: RequestEvent, accepted) -> None:
    """The reply's files, private, each downloadable by the applicant (none while drafting:
    a draft is rolled back, and a stored file would outlive it)."""
    if notices.is_drafting():
        return
    for title, content in accepted:
        attachment = RequestAttachment(
            request=req,
            event=event,
            kind=RequestAttachment.Kind.MATERIAL,
            title=title,
            visible_to_applicant=True,
        )
        attachment.file.save(content.name, content, save=False)
        attachment.save()


def reply_material(req: InformationRequest) -> list[RequestAttachment]:
    """The files sent with the reply, oldest first."""
    return list(
        req.attachments.filter(kind=RequestAttachment.Kind.MATERIAL).order_by("uploaded_at", "pk")
    )


def reply_links(req: InformationRequest) -> list[PublishedLink]:
    """The published documents the reply points to."""
    event = req.events.filter(kind=K.REPLIED).order_by("-pk").first()
    links = (event.data or {}).get("links", []) if event is not None else []
    return [PublishedLink(**link) for link in links]


@transaction.atomic
def deliver(
    req: InformationRequest, *, by, method: str, on: datetime.date | None = None, note: str = ""
) -> InformationRequest:
    """送达: how and when the reply reached the applicant, and what was sent (the letters
    and the reply material, by title)."""
    req = begin(req, by, {Status.REPLIED}, "登记送达")
    method = InformationRequest.Delivery(method)
    on = on_or_today(on)
    if req.closed_on and on < req.closed_on:
        raise WorkflowError("送达日期不能早于答复日期。")
    sent = [
        f"{a.title}（{a.number}）" if a.number else a.title
        for a in req.attachments.filter(visible_to_applicant=True)
        .exclude(kind=RequestAttachment.Kind.SUPPORTING)
        .order_by("uploaded_at", "pk")
    ]
    record_event(req, K.DELIVERED, by=by, on=on, note=note, data={"method": method, "sent": sent})
    return finish(req, Status.DELIVERED)


def record_download(req: InformationRequest, attachment: RequestAttachment) -> RequestEvent:
    """The applicant downloaded a letter or a file from the tracking page: a staff-only
    entry in the log (kind 备注, so the reply deadline never reads it)."""
    return RequestEvent.objects.create(
        request=req,
        kind=K.NOTE,
        on=timezone.localdate(),
        note=f"申请人在查询页面下载：{attachment.title}",
        data={"downloaded": attachment.pk},
        visible_to_applicant=False,
    )


@transaction.atomic
def archive(req: InformationRequest, *, by, on: datetime.date | None = None) -> InformationRequest:
    """归档: the request is closed and read-only afterwards."""
    req = begin(req, by, {Status.DELIVERED, Status.TERMINATED}, "归档")
    record_event(req, K.ARCHIVED, by=by, on=on_or_today(on), visible=False)
    return finish(req, Status.ARCHIVED)


def applicant_letters(req: InformationRequest) -> list:
    """Letters and reply material the applicant may download, oldest first."""
    return list(req.attachments.filter(visible_to_applicant=True).order_by("uploaded_at", "pk"))
