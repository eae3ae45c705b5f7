"""The reply (Art. 35-39), its delivery (送达) and the archive.

:func:`reply` checks that the reply type, the outcome row of the annual report and the
facts the letter must state agree (Art. 36-38 each name what a reply must say), then
issues the 答复告知书 with the applicant's remedies.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from requests_app import notices, notifications
from requests_app.letters import LetterKind
from requests_app.models import InformationRequest, Status
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
) -> InformationRequest:
    """Answer the request (Art. 35-39); ``outcome`` is the annual-report row it counts under.

    Issues the 答复告知书 of the reply type, with the applicant's remedies; ``details``
    also carries the letter's facts (keys of ``letters.FIELDS``), ``letter_body`` staff's
    edited text.
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
        data={"outcome": outcome, "reply_type": reply_type or "", "details": details},
    )
    req = finish(req, Status.REPLIED, outcome=outcome, reply_type=reply_type or "", closed_on=on)
    if reply_type is not None:
        context = notices.reply_context(req, reply_type, details)
        issue_letter(req, event, LetterKind.REPLY, context, letter_body)
    notifications.notify_applicant(req, event)
    return req


@transaction.atomic
def deliver(
    req: InformationRequest, *, by, method: str, on: datetime.date | None = None, note: str = ""
) -> InformationRequest:
    """送达: how and when the reply reached the applicant."""
    req = begin(req, by, {Status.REPLIED}, "登记送达")
    method = InformationRequest.Delivery(method)
    on = on_or_today(on)
    if req.closed_on and on < req.closed_on:
        raise WorkflowError("送达日期不能早于答复日期。")
    record_event(req, K.DELIVERED, by=by, on=on, note=note, data={"method": method})
    return finish(req, Status.DELIVERED)


@transaction.atomic
def archive(req: InformationRequest, *, by, on: datetime.date | None = None) -> InformationRequest:
    """归档: the request is closed and read-only afterwards."""
    req = begin(req, by, {Status.DELIVERED, Status.TERMINATED}, "归档")
    record_event(req, K.ARCHIVED, by=by, on=on_or_today(on), visible=False)
    return finish(req, Status.ARCHIVED)


def applicant_letters(req: InformationRequest) -> list:
    """Letters and reply material the applicant may download, oldest first."""
    return list(req.attachments.filter(visible_to_applicant=True).order_by("uploaded_at", "pk"))
