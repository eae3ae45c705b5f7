"""The 信息处理费 (Art. 42; 国办函〔2020〕109号): notice, payment, or closure when unpaid.

The tiers are :mod:`requests_app.fees`; a fee notice stops the reply clock until payment,
and a fee unpaid within 20 working days closes the request as withdrawn.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from catalog.workdays import WorkCalendar
from requests_app import fees, notifications
from requests_app.fees import FeeMethod
from requests_app.letters import LetterKind
from requests_app.limits import FEE_PAYMENT_WORKING_DAYS
from requests_app.models import FeeNotice, InformationRequest, Status
from requests_app.outcomes import Outcome
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
    resume_status,
)


@transaction.atomic
def issue_fee_notice(
    req: InformationRequest,
    *,
    by,
    method: str,
    pages: int | None = None,
    nth_in_month: int | None = None,
    reduction: Decimal | int = 0,
    reduction_reason: str = "",
    on: datetime.date | None = None,
    payment_instructions: str = "",
    letter_body: str | None = None,
) -> FeeNotice:
    """Charge the 信息处理费 by one method; the clock stops until payment.

    Issues the 收费通知书 unless the whole fee is waived.
    """
    req = begin(req, by, RUNNING, "发出收费通知")
    method = FeeMethod(method)
    on = on_or_today(on)
    check_not_before_receipt(req, on, "收费通知")
    if req.fees.exclude(state=FeeNotice.State.WAIVED).exists():
        raise WorkflowError("一件申请只按一种方式收费一次，本申请已发出收费通知。")
    if method == FeeMethod.PER_PAGE:
        if not pages:
            raise WorkflowError("按量计收的，请填写页数。")
        wants_copies = req.form == InformationRequest.Form.PAPER or req.delivery in (
            InformationRequest.Delivery.EMAIL,
            InformationRequest.Delivery.POST,
        )
        if not wants_copies:
            raise WorkflowError("按量计收仅适用于申请人要求纸质、电子邮件或复制电子数据的情形。")
        quote = fees.quote(method, pages)
    else:
        quote = fees.quote(method, nth_in_month or req.requests_this_month())
    if quote.amount <= 0:
        raise WorkflowError(f"按规定不收费（{quote.calculation}）。")
    reduction = Decimal(reduction or 0)
    if reduction < 0 or reduction > quote.amount:
        raise WorkflowError("减免金额应在0与应收金额之间。")
    if reduction and not reduction_reason.strip():
        raise WorkflowError("减免费用的，请写明理由。")
    amount_due = quote.amount - reduction
    fee = FeeNotice(
        request=req,
        method=method,
        quantity=quote.quantity,
        calculation=quote.calculation,
        amount=quote.amount,
        reduction=reduction,
        reduction_reason=reduction_reason.strip(),
        amount_due=amount_due,
        issued_on=on,
    )
    data = {"method": method, "amount": quote.amount, "amount_due": amount_due}
    if amount_due == 0:
        fee.state = FeeNotice.State.WAIVED
        fee.save()
        record_event(req, K.FEE_WAIVED, by=by, on=on, note=fee.reduction_reason, data=data)
        finish(req)
        return fee
    fee.pay_by = WorkCalendar().add_working_days(on, FEE_PAYMENT_WORKING_DAYS)
    fee.save()
    event = record_event(
        req, K.FEE_NOTICE, by=by, on=on, deadline=fee.pay_by, data={**data, "fee": fee.pk}
    )
    req = finish(req, Status.FEE)
    org = req.organization
    context = {
        "fee_method": method,
        "fee_quantity": quote.quantity,
        "fee_amount": amount_due,
        "fee_calculation": quote.calculation + (f"，减免{reduction}元" if reduction else ""),
        "payment_instructions": payment_instructions.strip()
        or f"请到{org.office_name}（{org.office_address}）缴纳，或者联系本机关办理",
        "payment_due_on": fee.pay_by,
    }
    issue_letter(req, event, LetterKind.FEE, context, letter_body)
    notifications.notify_applicant(req, event)
    return fee


@transaction.atomic
def record_payment(
    req: InformationRequest, *, by, on: datetime.date | None = None
) -> InformationRequest:
    """The fee is paid: the clock runs again from the next day."""
    req = begin(req, by, {Status.FEE}, "登记缴费")
    notice = open_event(req, K.FEE_NOTICE)
    fee = FeeNotice.objects.select_for_update().get(pk=notice.data["fee"])
    on = on_or_today(on)
    if on < fee.issued_on:
        raise WorkflowError("缴费日期不能早于收费通知日期。")
    if on > fee.pay_by:
        raise WorkflowError(f"缴费期限{fee.pay_by:%Y-%m-%d}已过。")
    fee.state, fee.paid_on = FeeNotice.State.PAID, on
    fee.save(update_fields=["state", "paid_on"])
    record_event(req, K.FEE_PAID, by=by, on=on, related=notice, data={"amount": fee.amount_due})
    return finish(req, resume_status(req))


@transaction.atomic
def close_for_unpaid_fee(
    req: InformationRequest, *, by, on: datetime.date | None = None
) -> InformationRequest:
    """Unpaid in 20 working days: treated as withdrawn (国办函〔2020〕109号)."""
    req = begin(req, by, {Status.FEE}, "按逾期未缴费终止")
    notice = open_event(req, K.FEE_NOTICE)
    fee = FeeNotice.objects.select_for_update().get(pk=notice.data["fee"])
    on = on_or_today(on)
    if on <= fee.pay_by:
        raise WorkflowError(f"缴费期限{fee.pay_by:%Y-%m-%d}尚未届满。")
    fee.state = FeeNotice.State.LAPSED
    fee.save(update_fields=["state"])
    record_event(req, K.CLOSED_UNPAID, by=by, on=on, related=notice)
    return finish(req, Status.TERMINATED, outcome=Outcome.FEE_UNPAID, closed_on=on)
