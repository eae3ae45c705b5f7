"""Consultations: a third party (Art. 32) and other agencies (Art. 33(3)), and 协查.

A consultation stops the reply clock until the opinion arrives (for a third party at
most its 15 working days); its letter goes to the party consulted, not the applicant.
协查 asks a unit for help finding the information and does not stop the clock.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from catalog.permissions import can_act_for
from catalog.workdays import WorkCalendar
from requests_app.letters import LetterKind
from requests_app.limits import THIRD_PARTY_WORKING_DAYS
from requests_app.models import OPEN_STATUSES, InformationRequest, RequestEvent, Status, SubTask
from requests_app.steps.base import (
    RUNNING,
    K,
    WorkflowError,
    begin,
    check_not_before_receipt,
    finish,
    issue_letter,
    lock,
    on_or_today,
    open_event,
    record_event,
    resume_status,
)

# -- consultations (Art. 32-33: the clock stops) ---------------------------------------


@transaction.atomic
def consult_third_party(
    req: InformationRequest,
    *,
    by,
    party: str,
    on: datetime.date | None = None,
    concern: str = "",
    letter_body: str | None = None,
) -> InformationRequest:
    """Ask a third party's opinion in writing; it has 15 working days (Art. 32).

    Issues the 征求第三方意见书, which the applicant does not see.
    """
    req = begin(req, by, {*RUNNING, Status.CONSULTATION}, "征求第三方意见")
    on = on_or_today(on)
    check_not_before_receipt(req, on, "征求意见")
    if not party:
        raise WorkflowError("请填写第三方的姓名或名称。")
    deadline = WorkCalendar().add_working_days(on, THIRD_PARTY_WORKING_DAYS)
    event = record_event(
        req,
        K.THIRD_PARTY_CONSULTED,
        by=by,
        on=on,
        deadline=deadline,
        data={"party": party, "concern": concern},
    )
    req = finish(req, Status.CONSULTATION)
    context = {
        "third_party_name": party,
        "third_party_concern": concern or "涉及第三方的合法权益",
    }
    issue_letter(req, event, LetterKind.THIRD_PARTY, context, letter_body, visible=False)
    return req


def _receive_opinion(req, *, by, consulted_kind, opinion_kind, on, opinion, data, consultation):
    req = begin(req, by, {Status.CONSULTATION}, "登记意见")
    if consultation is not None:
        notice = req.events.filter(pk=consultation.pk, kind=consulted_kind).first()
        if notice is None or notice.followups.exists():
            raise WorkflowError("该征求意见事项不存在或已收到意见。")
    else:
        notice = open_event(req, consulted_kind)
        if notice is None:
            raise WorkflowError("本申请没有尚未答复的征求意见事项。")
    on = on_or_today(on)
    if on < notice.on:
        raise WorkflowError("收到意见日期不能早于征求意见日期。")
    record_event(req, opinion_kind, by=by, on=on, related=notice, note=opinion, data=data)
    return finish(req, resume_status(req))


@transaction.atomic
def receive_third_party_opinion(
    req: InformationRequest,
    *,
    by,
    on: datetime.date | None = None,
    opinion: str = "",
    agrees: bool | None = None,
    consultation: RequestEvent | None = None,
) -> InformationRequest:
    """Record the third party's opinion, or (``opinion`` empty, after the deadline) none.

    With no opinion in 15 working days the agency decides itself (Art. 32).
    """
    return _receive_opinion(
        req,
        by=by,
        consulted_kind=K.THIRD_PARTY_CONSULTED,
        opinion_kind=K.THIRD_PARTY_OPINION,
        on=on,
        opinion=opinion or "第三方逾期未提出意见",
        data={"agrees": agrees},
        consultation=consultation,
    )


@transaction.atomic
def consult_other_agency(
    req: InformationRequest,
    *,
    by,
    agency: str,
    on: datetime.date | None = None,
    reply_by: datetime.date | None = None,
    question: str = "",
    letter_body: str | None = None,
) -> InformationRequest:
    """征求其他机关意见: the time is not counted (Art. 33(3)).

    Issues the 征求意见函 to that agency, which the applicant does not see.
    """
    req = begin(req, by, {*RUNNING, Status.CONSULTATION}, "征求其他机关意见")
    on = on_or_today(on)
    check_not_before_receipt(req, on, "征求意见")
    if not agency:
        raise WorkflowError("请填写被征求意见的机关。")
    if reply_by is not None and reply_by <= on:
        raise WorkflowError("要求答复日期应晚于征求意见日期。")
    event = record_event(
        req,
        K.AGENCY_CONSULTED,
        by=by,
        on=on,
        deadline=reply_by,
        data={"agency": agency, "question": question},
    )
    req = finish(req, Status.CONSULTATION)
    context = {
        "consulted_agency": agency,
        "consultation_question": question.strip() or "该政府信息是否可以公开",
        "opinion_due_on": reply_by,
    }
    issue_letter(req, event, LetterKind.AGENCY_CONSULTATION, context, letter_body, visible=False)
    return req


@transaction.atomic
def receive_agency_opinion(
    req: InformationRequest,
    *,
    by,
    on: datetime.date | None = None,
    opinion: str = "",
    consultation: RequestEvent | None = None,
) -> InformationRequest:
    return _receive_opinion(
        req,
        by=by,
        consulted_kind=K.AGENCY_CONSULTED,
        opinion_kind=K.AGENCY_OPINION,
        on=on,
        opinion=opinion,
        data={},
        consultation=consultation,
    )


# -- 协查 (internal; does not stop the clock) --------------------------------------------


@transaction.atomic
def create_subtask(
    req: InformationRequest,
    *,
    by,
    unit: str,
    question: str,
    answer_by: datetime.date | None = None,
    unit_organization=None,
    on: datetime.date | None = None,
) -> SubTask:
    """Ask a unit or department to help find the information (协查).

    A unit that is an agency of the portal (``unit_organization``) answers on its own
    协查 queue; for any other unit the clerk records the answer.
    """
    req = begin(req, by, OPEN_STATUSES, "发起协查")
    if unit_organization is not None and unit_organization.pk == req.organization_id:
        raise WorkflowError("协查机关不能是受理申请的机关本身，内设科室请填写协查单位名称。")
    if not unit or not question:
        raise WorkflowError("请填写协查单位和协查事项。")
    on = on_or_today(on)
    task = SubTask.objects.create(
        request=req,
        unit=unit,
        unit_organization=unit_organization,
        question=question,
        asked_on=on,
        answer_by=answer_by,
        created_by=by,
    )
    record_event(
        req, K.SUBTASK_CREATED, by=by, on=on, data={"subtask": task.pk, "unit": unit}, visible=False
    )
    finish(req)
    return task


@transaction.atomic
def answer_subtask(task: SubTask, *, by, answer: str, on: datetime.date | None = None) -> SubTask:
    req = lock(task.request_id)
    task = SubTask.objects.select_for_update().get(pk=task.pk)
    allowed_unit = task.unit_organization and can_act_for(by, task.unit_organization)
    if not (allowed_unit or can_act_for(by, req.organization)):
        raise WorkflowError("您无权答复该协查。")
    if task.state != SubTask.State.OPEN:
        raise WorkflowError("该协查已办结。")
    if not answer:
        raise WorkflowError("请填写协查答复。")
    on = on_or_today(on, "协查答复日期")
    if on < task.asked_on:
        raise WorkflowError("协查答复日期不能早于发起协查日期。")
    task.state, task.answer, task.answered_on = SubTask.State.ANSWERED, answer, on
    task.answered_by = by
    task.save(update_fields=["state", "answer", "answered_on", "answered_by"])
    record_event(
        req,
        K.SUBTASK_ANSWERED,
        by=by,
        on=on,
        note=f"{task.unit}答复",
        data={"subtask": task.pk, "unit": task.unit},
        visible=False,
    )
    return task
