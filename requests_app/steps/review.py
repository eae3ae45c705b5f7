"""行政复议 and 行政诉讼 (Art. 51) against the handling of a closed request."""

from __future__ import annotations

import datetime

from django.db import transaction

from requests_app.models import CLOSED_STATUSES, InformationRequest, ReviewCase
from requests_app.steps.base import (
    K,
    WorkflowError,
    begin,
    check_actor,
    lock,
    not_in_future,
    on_or_today,
    record_event,
)


@transaction.atomic
def record_review(
    req: InformationRequest,
    *,
    by,
    kind: str,
    filed_on: datetime.date,
    body: str = "",
    case_number: str = "",
) -> ReviewCase:
    """Record a 行政复议 or 行政诉讼 against the handling of a closed request."""
    req = begin(req, by, CLOSED_STATUSES, "登记行政复议或行政诉讼")
    not_in_future(filed_on, "申请复议或起诉日期")
    if req.closed_on and filed_on < req.closed_on:
        raise WorkflowError("申请复议或起诉日期不能早于答复或终止日期。")
    kind = ReviewCase.Kind(kind)
    case = ReviewCase.objects.create(
        request=req, kind=kind, filed_on=filed_on, body=body, case_number=case_number
    )
    record_event(
        req,
        K.REVIEW_FILED,
        by=by,
        on=filed_on,
        data={"case": case.pk, "kind": kind, "body": body, "case_number": case_number},
    )
    return case


@transaction.atomic
def record_review_result(
    case: ReviewCase, *, by, result: str, on: datetime.date | None = None, note: str = ""
) -> ReviewCase:
    req = lock(case.request_id)
    check_actor(req, by)
    case = ReviewCase.objects.select_for_update().get(pk=case.pk)
    result = ReviewCase.Result(result)
    if case.result != ReviewCase.Result.PENDING:
        raise WorkflowError("该案件已审结。")
    if result == ReviewCase.Result.PENDING:
        raise WorkflowError("请选择审结结果。")
    on = on_or_today(on, "审结日期")
    if on < case.filed_on:
        raise WorkflowError("审结日期不能早于申请或起诉日期。")
    case.result, case.concluded_on, case.note = result, on, note
    case.save(update_fields=["result", "concluded_on", "note"])
    record_event(req, K.REVIEW_CONCLUDED, by=by, on=on, data={"case": case.pk, "result": result})
    return case
