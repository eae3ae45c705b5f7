"""补正 (Art. 30): asked once, in writing, within 7 working days of receipt.

Staff send the 补正告知书 and record the corrected application, or close the request as
withdrawn when the deadline passes; the applicant may answer online. After a 补正 the
reply limit counts anew from the corrected application (``deadlines``).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from catalog.workdays import WorkCalendar
from requests_app import notifications
from requests_app.letters import LetterKind
from requests_app.limits import CLARIFICATION_NOTICE_WORKING_DAYS
from requests_app.models import InformationRequest, RequestEvent, Status
from requests_app.outcomes import Outcome
from requests_app.steps.base import (
    RUNNING,
    K,
    WorkflowError,
    begin,
    check_not_before_receipt,
    check_status,
    finish,
    issue_letter,
    lock,
    on_or_today,
    open_event,
    record_event,
)


@transaction.atomic
def request_clarification(
    req: InformationRequest,
    *,
    by,
    items: list[str],
    reply_by: datetime.date,
    on: datetime.date | None = None,
    guidance: str = "",
    letter_body: str | None = None,
) -> InformationRequest:
    """Ask once, in writing, within 7 working days of receipt, what to add and by when.

    Issues the 补正告知书 (``letter_body``: staff's edited text).
    """
    req = begin(req, by, RUNNING, "发出补正通知")
    on = on_or_today(on)
    check_not_before_receipt(req, on, "补正通知")
    if req.events.filter(kind=K.CLARIFICATION_REQUESTED).exists():
        raise WorkflowError("补正只能一次性告知，本申请已发出过补正通知（第三十条）。")
    last_day = WorkCalendar().add_working_days(req.received_on, CLARIFICATION_NOTICE_WORKING_DAYS)
    if on > last_day:
        raise WorkflowError(
            f"补正通知应在收到申请之日起{CLARIFICATION_NOTICE_WORKING_DAYS}个工作日内发出"
            f"（第三十条），本申请最迟为{last_day:%Y-%m-%d}。"
        )
    items = [item.strip() for item in items if item and item.strip()]
    if not items:
        raise WorkflowError("请逐项写明需要补正的事项。")
    if reply_by is None or reply_by <= on:
        raise WorkflowError("补正期限应晚于补正通知日期。")
    event = record_event(
        req,
        K.CLARIFICATION_REQUESTED,
        by=by,
        on=on,
        deadline=reply_by,
        data={"items": items, "guidance": guidance},
    )
    req = finish(req, Status.CLARIFICATION)
    context = {"clarification_items": items, "clarification_due_on": reply_by, "guidance": guidance}
    issue_letter(req, event, LetterKind.CLARIFICATION, context, letter_body)
    notifications.notify_applicant(req, event)
    return req


@transaction.atomic
def receive_clarification(
    req: InformationRequest,
    *,
    by,
    on: datetime.date | None = None,
    text: str = "",
    late_reason: str = "",
) -> InformationRequest:
    """The corrected application arrives: the 20 working days count anew from ``on``."""
    req = begin(req, by, {Status.CLARIFICATION}, "登记补正")
    notice = open_event(req, K.CLARIFICATION_REQUESTED)
    on = on_or_today(on)
    if on < notice.on:
        raise WorkflowError("收到补正日期不能早于补正通知日期。")
    if on > notice.deadline and not late_reason:
        raise WorkflowError(
            f"补正期限{notice.deadline:%Y-%m-%d}已过；确有正当理由的，请写明逾期理由。"
        )
    record_event(
        req,
        K.CLARIFICATION_RECEIVED,
        by=by,
        on=on,
        related=notice,
        note=late_reason,
        data={"text": text},
    )
    return finish(req, Status.PROCESSING if req.handler_id else Status.REGISTERED)


@transaction.atomic
def close_for_no_clarification(
    req: InformationRequest, *, by, on: datetime.date | None = None
) -> InformationRequest:
    """No 补正 by the deadline: the application is treated as withdrawn (Art. 30)."""
    req = begin(req, by, {Status.CLARIFICATION}, "按逾期未补正终止")
    notice = open_event(req, K.CLARIFICATION_REQUESTED)
    on = on_or_today(on)
    if on <= notice.deadline:
        raise WorkflowError(f"补正期限{notice.deadline:%Y-%m-%d}尚未届满。")
    record_event(req, K.CLOSED_NO_CLARIFICATION, by=by, on=on, related=notice)
    return finish(req, Status.TERMINATED, outcome=Outcome.NO_CLARIFICATION, closed_on=on)


def open_clarification(req: InformationRequest) -> RequestEvent | None:
    """The 补正 notice the applicant still has to answer, if any."""
    if req.status != Status.CLARIFICATION:
        return None
    return open_event(req, K.CLARIFICATION_REQUESTED)


@transaction.atomic
def applicant_clarifies(req: InformationRequest, *, text: str) -> InformationRequest:
    """The applicant answers the 补正 online: the corrected application is received today
    and the reply limit counts anew from it (Art. 30)."""
    req = lock(req)
    check_status(req, {Status.CLARIFICATION}, "提交补正")
    notice = open_event(req, K.CLARIFICATION_REQUESTED)
    on = timezone.localdate()
    if notice is None or on > notice.deadline:
        raise WorkflowError("补正期限已过，请与受理机关联系。")
    record_event(req, K.CLARIFICATION_RECEIVED, by=None, on=on, related=notice, data={"text": text})
    return finish(req, Status.PROCESSING if req.handler_id else Status.REGISTERED)
