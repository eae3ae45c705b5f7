"""The letters the workflow issues: context from the request, number, PDF, attachment.

``requests_app.steps`` calls :func:`issue` inside a step's transaction, after the
step's event is written and the due date recomputed, so the letter states the dates the
step produced. The number is taken from :class:`~requests_app.models.LetterCounter` in
that transaction; the text is the template's unless staff edited it (``body``), and what
is stored (``RequestAttachment.text`` and the PDF) is exactly what was sent.

:func:`drafting` lets the admin show the letter a step would issue before it is issued:
the step runs, :func:`issue` records the letter instead of storing it, and the caller
rolls everything back (see ``steps.draft_letter``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from catalog.models import Organization
from requests_app.letters import (
    FIELDS,
    Letter,
    LetterKind,
    build_letter,
    letter_number,
)
from requests_app.models import (
    InformationRequest,
    LetterCounter,
    RequestAttachment,
    RequestEvent,
)
from requests_app.outcomes import ApplicantType, ReplyType

logger = logging.getLogger(__name__)

Channel = InformationRequest.Channel
Delivery = InformationRequest.Delivery

#: Art. 31: where the applicant did not hand the application in, the agency confirms
#: receipt in writing (登记回执).
RECEIPT_CHANNELS = frozenset({Channel.ONLINE, Channel.LETTER, Channel.REGISTERED_MAIL})

#: How disclosed information reaches the applicant, completing "本机关予以公开，……".
PROVISION_METHODS: dict[str, str] = {
    Delivery.POST: "相关政府信息随本告知书一并邮寄提供",
    Delivery.EMAIL: "相关政府信息通过申请时填写的电子邮箱提供",
    Delivery.PICKUP: "请携带有效身份证件到本机关政府信息公开工作机构领取相关政府信息",
    Delivery.DOWNLOAD: "相关政府信息可凭申请编号在本平台“依申请公开”查询页面下载",
}

#: Art. 10: who discloses a piece of information; the default reason of a 36(5) reply.
NOT_RESPONSIBLE_REASON = (
    "该政府信息不是本机关制作的，也不是本机关从公民、法人和其他组织获取的"
    "（《中华人民共和国政府信息公开条例》第十条）"
)
DEFAULT_COURT = "有管辖权的人民法院"

_SHORT_NAME = re.compile(r"[\u4e00-\u9fff]{1,12}")
_CJK = re.compile(r"[\u4e00-\u9fff]")

_draft: ContextVar[list[Letter] | None] = ContextVar("requests_app_letter_draft", default=None)


@contextlib.contextmanager
def drafting() -> Iterator[list[Letter]]:
    """Within the block :func:`issue` records letters in the yielded list, storing nothing."""
    letters: list[Letter] = []
    token = _draft.set(letters)
    try:
        yield letters
    finally:
        _draft.reset(token)


def is_drafting() -> bool:
    """Whether a step runs only to show its letter (:func:`drafting`): store no files."""
    return _draft.get() is not None


def agency_code(org: Organization) -> str:
    """The agency's 代字 in letter numbers: its short name, else the Chinese of its name."""
    short = (org.short_name or "").strip()
    if _SHORT_NAME.fullmatch(short):
        return short
    return "".join(_CJK.findall(org.name))[:12] or "本机关"


def review_body(org: Organization) -> str:
    """The 行政复议机关 a reply names: see ``Organization.administrative_review_body``."""
    return org.administrative_review_body()


def request_context(req: InformationRequest) -> dict[str, Any]:
    """What every letter to the applicant says about the request."""
    org = req.organization
    return {
        "applicant_name": req.name,
        "applicant_is_organization": req.applicant_type == ApplicantType.ORGANIZATION,
        "tracking_number": req.tracking_number,
        "received_on": req.received_on,
        "request_description": req.description,
        "contact_phone": org.phone,
        "contact_address": org.postal_address or org.office_address,
    }


def reply_context(
    req: InformationRequest, reply_type: ReplyType, details: Mapping[str, Any]
) -> dict[str, Any]:
    """The 答复告知书's facts: defaults from the request, then what staff gave."""
    K = RequestEvent.Kind
    context: dict[str, Any] = {
        "reply_type": reply_type,
        "review_body": review_body(req.organization),
        "court": DEFAULT_COURT,
    }
    if reply_type in (ReplyType.DISCLOSED, ReplyType.PARTIAL):
        context["provision_method"] = PROVISION_METHODS.get(req.delivery, "")
    elif reply_type == ReplyType.NOT_RESPONSIBLE:
        context["not_responsible_reason"] = NOT_RESPONSIBLE_REASON
    elif reply_type == ReplyType.REPEATED and req.possible_repeat_of_id:
        earlier = req.possible_repeat_of
        context["previous_reply_on"] = earlier.closed_on
        previous = earlier.attachments.filter(letter_kind=LetterKind.REPLY).first()
        if previous is not None:
            context["previous_letter_number"] = previous.number
    elif reply_type == ReplyType.EXCESSIVE:
        asked = req.events.filter(kind=K.REASONS_REQUESTED).first()
        if asked is not None:
            context["explanation_requested_on"] = asked.on
            context["excessive_reason"] = asked.note
    elif reply_type == ReplyType.STILL_UNCLEAR:
        sent = req.events.filter(kind=K.CLARIFICATION_REQUESTED).first()
        received = req.events.filter(kind=K.CLARIFICATION_RECEIVED).last()
        if sent is not None:
            context["clarification_sent_on"] = sent.on
        if received is not None:
            context["clarification_received_on"] = received.on
    for key, value in details.items():
        if key in FIELDS and value not in (None, "", []):
            context[key] = value
    return context


def clean_body(body: str | None) -> str:
    """Staff's text as the PDF lays it out: one paragraph per line, no blank lines."""
    lines = (line.strip() for line in (body or "").splitlines())
    return "\n".join(line for line in lines if line)


def issue(
    req: InformationRequest,
    event: RequestEvent,
    kind: str,
    context: Mapping[str, Any],
    *,
    body: str | None = None,
    visible: bool = True,
) -> RequestAttachment | None:
    """Number, render and store the letter of ``event``; call inside the step's transaction.

    Raises ``letters.LetterContextError`` when a fact the letter needs is missing.
    """
    org = req.organization
    year = event.on.year
    full = {**request_context(req), **context}
    seq = LetterCounter.take(org, kind, year)
    number = letter_number(agency_code(org), year, seq, kind)
    letter = build_letter(
        kind, {**full, "agency_name": org.name, "letter_number": number, "issued_on": event.on}
    )
    text = clean_body(body) or letter.body
    drafts = _draft.get()
    if drafts is not None:
        drafts.append(letter)
        return None
    attachment = RequestAttachment(
        request=req,
        event=event,
        kind=RequestAttachment.Kind.LETTER,
        title=letter.title,
        visible_to_applicant=visible,
        letter_kind=kind,
        number=number,
        text=text,
    )
    attachment.save()
    # The PDF (~0.3 s of font subsetting) is made after commit, outside the row lock, and
    # again on demand if that ever failed: the text above is the letter of record.
    transaction.on_commit(lambda: _render_quietly(attachment.pk))
    return attachment


def signed_on(attachment: RequestAttachment) -> dt.date:
    """The date a letter is signed with: its step's date (成文日期)."""
    return attachment.event.on if attachment.event_id else attachment.uploaded_at.date()


def ensure_pdf(attachment: RequestAttachment) -> RequestAttachment:
    """Give a letter its PDF file if it has none yet (idempotent)."""
    if attachment.file or attachment.kind != RequestAttachment.Kind.LETTER:
        return attachment
    # fpdf2 takes ~0.25 s to import: loaded when a PDF is made, not in every process.
    from config.web.pdf import letter_pdf

    content = letter_pdf(
        attachment.title,
        attachment.text,
        agency=attachment.request.organization.name,
        number=attachment.number,
        date=signed_on(attachment),
    )
    attachment.file.save(f"{attachment.letter_kind}.pdf", ContentFile(content), save=False)
    # Two renderers at once: the first file wins, the other's is removed.
    won = RequestAttachment.objects.filter(pk=attachment.pk, file="").update(
        file=attachment.file.name
    )
    if not won:
        attachment.file.storage.delete(attachment.file.name)
        attachment.refresh_from_db(fields=["file"])
    return attachment


def _render_quietly(pk: int) -> None:
    attachment = (
        RequestAttachment.objects.select_related("event", "request__organization")
        .filter(pk=pk)
        .first()
    )
    if attachment is None:
        return
    try:
        ensure_pdf(attachment)
    except Exception:  # the download renders it again; the step is committed
        logger.exception("rendering the PDF of letter %s failed", pk)
