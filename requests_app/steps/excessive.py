"""Art. 35: requests clearly beyond a reasonable range in number or frequency.

Staff ask the applicant for reasons (the clock keeps running) and record them; then
either reply 不予处理 (``replies.reply`` with ``Outcome.EXCESSIVE``) or set a reasonable
later reply date, which replaces the computed one.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from requests_app import notifications
from requests_app.letters import LetterKind
from requests_app.models import InformationRequest, Status
from requests_app.steps.base import (
    RUNNING,
    K,
    WorkflowError,
    begin,
    check_not_before_receipt,
    finish,
    issue_letter,
    on_or_today,
    open_event,
    record_event,
)


@transaction.atomic
def ask_for_reasons(
    req: InformationRequest,
    *,
    by,
    situation: str,
    reasons_due_on: datetime.date | None = None,
    on: datetime.date | None = None,
    letter_body: str | None = None,
) -> InformationRequest:
    """Art. 35: ask the applicant to explain a request clearly beyond a reasonable range.

    The clock keeps running (the law stops it only for consultations and fees); the
    说明理由通知书 tells the applicant what follows.
    """
    req = begin(req, by, RUNNING, "要求说明理由")
    on = on_or_today(on)
    check_not_before_receipt(req, on, "要求说明理由")
    if not situation or not situation.strip():
        raise WorkflowError("请写明申请数量、频次明显超过合理范围的具体情况（第三十五条）。")
    if reasons_due_on is not None and reasons_due_on <= on:
        raise WorkflowError("说明理由的期限应晚于通知日期。")
    event = record_event(
        req,
        K.REASONS_REQUESTED,
        by=by,
        on=on,
        deadline=reasons_due_on,
        note=situation.strip(),
    )
    req = finish(req)
    context = {"excessive_reason": situation.strip(), "reasons_due_on": reasons_due_on}
    issue_letter(req, event, LetterKind.REASONS_REQUEST, context, letter_body)
    notifications.notify_applicant(req, event)
    return req


@transaction.atomic
def record_reasons(
    req: InformationRequest, *, by, reasons: str, on: datetime.date | None = None
) -> InformationRequest:
    """Art. 35: the applicant's explanation, however it arrived, recorded by staff."""
    req = begin(req, by, RUNNING, "登记申请人说明的理由")
    asked = open_event(req, K.REASONS_REQUESTED)
    if asked is None:
        raise WorkflowError("本申请没有待说明理由的通知。")
    on = on_or_today(on)
    if on < asked.on:
        raise WorkflowError("说明理由的日期不能早于通知日期。")
    if not reasons or not reasons.strip():
        raise WorkflowError("请填写申请人说明的理由。")
    record_event(req, K.REASONS_RECEIVED, by=by, on=on, related=asked, note=reasons.strip())
    return finish(req)


@transaction.atomic
def set_reasonable_date(
    req: InformationRequest,
    *,
    by,
    date: datetime.date,
    reason: str,
    on: datetime.date | None = None,
    letter_body: str | None = None,
) -> InformationRequest:
    """Art. 35: a reasonable but impossible request gets a later reply date set by staff.

    The date replaces the computed one; the 延迟答复告知书 tells the applicant.
    """
    req = begin(req, by, {*RUNNING, Status.CONSULTATION}, "确定合理答复期限")
    on = on_or_today(on)
    if not reason or not reason.strip():
        raise WorkflowError("请写明申请数量、频次明显超过合理范围的情况和理由（第三十五条）。")
    if date <= on or (req.due_on and date <= req.due_on):
        raise WorkflowError("合理期限应晚于目前的答复期限。")
    original_due_on = req.due_on
    event = record_event(req, K.REASONABLE_DATE, by=by, on=on, deadline=date, note=reason.strip())
    req = finish(req)
    context = {
        "reasonable_date_reason": reason.strip(),
        "reasonable_due_on": date,
        "due_on": original_due_on,
    }
    issue_letter(req, event, LetterKind.REASONABLE_DATE, context, letter_body)
    notifications.notify_applicant(req, event)
    return req
