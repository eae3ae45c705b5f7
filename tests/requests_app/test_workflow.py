"""Every step of the staff workflow, its refusals and its permissions."""

import datetime
from decimal import Decimal

import pytest

from requests_app import steps
from requests_app.models import FeeNotice, InformationRequest, RequestEvent, ReviewCase, Status
from requests_app.outcomes import Outcome
from requests_app.steps import WorkflowError
from tests.requests_app.builders import applicant_fields, make_request

D = datetime.date
pytestmark = pytest.mark.django_db


# -- receipt ------------------------------------------------------------------------------


def test_submitting_online_twice_with_the_same_key_creates_one_pending_request(agency):
    fields = applicant_fields(channel="online")
    first = steps.submit_online(agency, idempotency_key="k-123", **fields)
    second = steps.submit_online(agency, idempotency_key="k-123", **fields)
    assert first.pk == second.pk
    assert first.status == Status.PENDING
    assert first.due_on is None
    assert InformationRequest.objects.count() == 1


def test_a_tracking_number_is_ysq_year_and_eight_unambiguous_characters(agency):
    req = steps.submit_online(agency, idempotency_key="k-1", **applicant_fields())
    prefix, year, random_part = req.tracking_number.split("-")
    assert prefix == "YSQ" and len(year) == 4 and len(random_part) == 8
    assert not set(random_part) & set("01OIL")


def test_registering_an_online_request_sets_the_receipt_date_and_the_due_date(agency, staff):
    req = steps.submit_online(
        agency, idempotency_key="k-2", on=D(2025, 9, 25), **applicant_fields()
    )
    req = steps.register(req, by=staff, received_on=D(2025, 9, 26))
    assert req.status == Status.REGISTERED
    assert req.received_on == D(2025, 9, 26)
    assert req.due_on == D(2025, 10, 30)
    assert list(req.events.order_by("at").values_list("kind", flat=True)) == [
        "submitted",
        "registered",
    ]


def test_an_online_application_cannot_be_received_before_it_was_submitted(agency, staff):
    req = steps.submit_online(
        agency, idempotency_key="k-5", on=D(2026, 12, 4), **applicant_fields()
    )
    with pytest.raises(WorkflowError, match="不能早于网上提交日期2026-12-04"):
        steps.register(req, by=staff, received_on=D(2026, 12, 1))
    req.refresh_from_db()
    assert req.status == Status.PENDING


def test_the_applicants_page_lists_the_submission_before_the_registration(client, agency, staff):
    req = steps.submit_online(
        agency, idempotency_key="k-6", on=D(2026, 12, 1), **applicant_fields()
    )
    steps.register(req, by=staff, received_on=D(2026, 12, 1))
    kinds = [e.get_kind_display() for e in req.events.filter(visible_to_applicant=True)]
    assert kinds.index("网上提交") < kinds.index("登记")


def test_registering_twice_is_refused(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="已登记"):
        steps.register(req, by=staff)


def test_staff_of_another_agency_cannot_register_a_request(agency, outsider):
    req = steps.submit_online(agency, idempotency_key="k-3", **applicant_fields())
    with pytest.raises(WorkflowError, match="无权"):
        steps.register(req, by=outsider, received_on=D(2025, 9, 26))
    req.refresh_from_db()
    assert req.status == Status.PENDING


def test_the_supervisor_may_act_for_every_agency(agency, supervisor):
    req = steps.submit_online(
        agency, idempotency_key="k-4", on=D(2025, 9, 25), **applicant_fields()
    )
    req = steps.register(req, by=supervisor, received_on=D(2025, 9, 26))
    assert req.status == Status.REGISTERED


def test_assigning_a_handler_starts_the_processing(agency, staff, head):
    req = make_request(agency, staff, D(2025, 9, 26))
    req = steps.assign(req, by=head, handler=staff, backup=head)
    assert req.status == Status.PROCESSING
    assert (req.handler, req.backup_handler) == (staff, head)


def test_a_handler_from_another_agency_is_refused(agency, staff, outsider):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="不是"):
        steps.assign(req, by=staff, handler=outsider)


def test_an_internal_subtask_has_its_own_answer_and_does_not_stop_the_clock(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    task = steps.create_subtask(req, by=staff, unit="办公室", question="是否存档？")
    task = steps.answer_subtask(task, by=staff, answer="已存档，共12页")
    req.refresh_from_db()
    assert task.state == task.State.ANSWERED
    assert req.status == Status.REGISTERED
    assert req.due_on == D(2025, 10, 30)


# -- 补正 ----------------------------------------------------------------------------------


def test_a_clarification_notice_after_seven_working_days_is_refused(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 25))
    # 7 working days from 2025-09-25 end on Saturday 2025-10-11 (调休上班).
    with pytest.raises(WorkflowError, match="2025-10-11"):
        steps.request_clarification(
            req, by=staff, items=["文号"], reply_by=D(2025, 10, 30), on=D(2025, 10, 13)
        )


def test_a_clarification_notice_on_the_seventh_working_day_is_accepted(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 25))
    req = steps.request_clarification(
        req, by=staff, items=["文号"], reply_by=D(2025, 10, 30), on=D(2025, 10, 11)
    )
    assert req.status == Status.CLARIFICATION


def test_a_second_clarification_notice_is_refused(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 25))
    req = steps.request_clarification(
        req, by=staff, items=["文号"], reply_by=D(2025, 10, 20), on=D(2025, 9, 26)
    )
    req = steps.receive_clarification(req, by=staff, on=D(2025, 9, 29))
    with pytest.raises(WorkflowError, match="一次性"):
        steps.request_clarification(
            req, by=staff, items=["名称"], reply_by=D(2025, 10, 20), on=D(2025, 9, 30)
        )


def test_a_clarification_notice_needs_the_items_to_add(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 25))
    with pytest.raises(WorkflowError, match="逐项"):
        steps.request_clarification(
            req, by=staff, items=[" "], reply_by=D(2025, 10, 20), on=D(2025, 9, 26)
        )


def test_a_request_without_clarification_by_the_deadline_is_closed_as_withdrawn(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 25))
    req = steps.request_clarification(
        req, by=staff, items=["文号"], reply_by=D(2025, 10, 20), on=D(2025, 9, 26)
    )
    with pytest.raises(WorkflowError, match="尚未届满"):
        steps.close_for_no_clarification(req, by=staff, on=D(2025, 10, 20))
    req = steps.close_for_no_clarification(req, by=staff, on=D(2025, 10, 21))
    assert req.status == Status.TERMINATED
    assert req.outcome == Outcome.NO_CLARIFICATION
    assert req.closed_on == D(2025, 10, 21)


def test_a_late_clarification_needs_a_reason(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 25))
    req = steps.request_clarification(
        req, by=staff, items=["文号"], reply_by=D(2025, 10, 20), on=D(2025, 9, 26)
    )
    with pytest.raises(WorkflowError, match="逾期理由"):
        steps.receive_clarification(req, by=staff, on=D(2025, 10, 22))
    req = steps.receive_clarification(req, by=staff, on=D(2025, 10, 22), late_reason="住院")
    assert req.status == Status.REGISTERED


# -- consultations, extension, Art. 35 ------------------------------------------------------


def test_replying_while_a_third_party_is_consulted_is_refused(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 22))
    req = steps.consult_third_party(req, by=staff, party="某公司", on=D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="征求意见中"):
        steps.reply(req, by=staff, outcome=Outcome.DISCLOSED, on=D(2025, 10, 9))


def test_two_third_parties_keep_the_request_in_consultation_until_both_answer(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 22))
    req = steps.consult_third_party(req, by=staff, party="甲公司", on=D(2025, 9, 24))
    req = steps.consult_third_party(req, by=staff, party="乙公司", on=D(2025, 9, 25))
    first = req.events.get(kind=RequestEvent.Kind.THIRD_PARTY_CONSULTED, data__party="甲公司")
    req = steps.receive_third_party_opinion(req, by=staff, on=D(2025, 9, 29), consultation=first)
    assert req.status == Status.CONSULTATION
    req = steps.receive_third_party_opinion(req, by=staff, on=D(2025, 9, 30))
    assert req.status == Status.REGISTERED


def test_an_extension_is_granted_only_once(agency, staff, head):
    req = make_request(agency, staff, D(2025, 9, 26))
    req = steps.extend(req, by=staff, approver=head, days=10, reason="协调", on=D(2025, 10, 20))
    with pytest.raises(WorkflowError, match="一次"):
        steps.extend(req, by=staff, approver=head, days=5, reason="协调", on=D(2025, 10, 21))


def test_an_extension_over_twenty_working_days_is_refused(agency, staff, head):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="20个工作日"):
        steps.extend(req, by=staff, approver=head, days=21, reason="协调", on=D(2025, 10, 20))


def test_an_extension_needs_an_approver_of_the_agency(agency, staff, outsider):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="负责人同意"):
        steps.extend(req, by=staff, approver=outsider, days=5, reason="协调", on=D(2025, 10, 20))


def test_an_extension_after_the_due_date_is_refused(agency, staff, head):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="届满"):
        steps.extend(req, by=staff, approver=head, days=5, reason="协调", on=D(2025, 10, 31))


def test_an_extension_records_the_approver(agency, staff, head):
    req = make_request(agency, staff, D(2025, 9, 26))
    req = steps.extend(req, by=staff, approver=head, days=5, reason="协调", on=D(2025, 10, 20))
    event = req.events.get(kind=RequestEvent.Kind.EXTENDED)
    assert event.data["approver"] == head.pk
    assert event.data["original_due_on"] == "2025-10-30"
    assert req.due_on == D(2025, 11, 6)


def test_a_reasonable_date_earlier_than_the_due_date_is_refused(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="晚于"):
        steps.set_reasonable_date(
            req, by=staff, date=D(2025, 10, 20), reason="数量大", on=D(2025, 10, 9)
        )


# -- fees -------------------------------------------------------------------------------


def test_the_35th_request_of_the_applicant_in_a_month_costs_200_yuan(agency, staff):
    fields = applicant_fields()
    id_number = fields["id_number"]
    for _ in range(34):
        make_request(agency, staff, D(2025, 11, 3), **applicant_fields(id_number=id_number))
    req = make_request(agency, staff, D(2025, 11, 4), **applicant_fields(id_number=id_number))
    assert req.requests_this_month() == 35
    fee = steps.issue_fee_notice(req, by=staff, method="per_request", on=D(2025, 11, 5))
    assert fee.amount_due == Decimal(200)
    assert fee.calculation == "本月第35件，200元/件"


def test_a_free_request_gets_no_fee_notice(agency, staff):
    req = make_request(agency, staff, D(2025, 11, 3))
    with pytest.raises(WorkflowError, match="不收费"):
        steps.issue_fee_notice(req, by=staff, method="per_request", on=D(2025, 11, 5))


def test_a_request_is_charged_by_one_method_only(agency, staff):
    req = make_request(agency, staff, D(2025, 11, 3), form="paper", delivery="post")
    steps.issue_fee_notice(req, by=staff, method="per_page", pages=50, on=D(2025, 11, 5))
    req = steps.record_payment(req, by=staff, on=D(2025, 11, 6))
    with pytest.raises(WorkflowError, match="一种方式"):
        steps.issue_fee_notice(
            req, by=staff, method="per_request", nth_in_month=12, on=D(2025, 11, 7)
        )


def test_per_page_charging_is_refused_for_an_online_download(agency, staff):
    req = make_request(agency, staff, D(2025, 11, 3), form="electronic", delivery="download")
    with pytest.raises(WorkflowError, match="按量计收仅适用"):
        steps.issue_fee_notice(req, by=staff, method="per_page", pages=300, on=D(2025, 11, 5))


def test_a_fee_reduction_needs_a_reason_and_a_full_waiver_does_not_stop_the_clock(agency, staff):
    req = make_request(agency, staff, D(2025, 11, 3), form="paper", delivery="post")
    with pytest.raises(WorkflowError, match="理由"):
        steps.issue_fee_notice(
            req, by=staff, method="per_page", pages=200, reduction=2700, on=D(2025, 11, 5)
        )
    fee = steps.issue_fee_notice(
        req,
        by=staff,
        method="per_page",
        pages=200,
        reduction=2700,
        reduction_reason="申请人享受最低生活保障",
        on=D(2025, 11, 5),
    )
    req.refresh_from_db()
    assert fee.state == FeeNotice.State.WAIVED
    assert req.status == Status.REGISTERED
    assert req.due_on == D(2025, 12, 1)


def test_an_unpaid_fee_closes_the_request_after_twenty_working_days(agency, staff):
    req = make_request(agency, staff, D(2025, 11, 3), form="paper", delivery="post")
    steps.issue_fee_notice(req, by=staff, method="per_page", pages=200, on=D(2025, 11, 10))
    with pytest.raises(WorkflowError, match="尚未届满"):
        steps.close_for_unpaid_fee(req, by=staff, on=D(2025, 12, 8))
    req = steps.close_for_unpaid_fee(req, by=staff, on=D(2025, 12, 9))
    assert req.status == Status.TERMINATED
    assert req.outcome == Outcome.FEE_UNPAID
    assert req.fees.get().state == FeeNotice.State.LAPSED


def test_a_payment_after_the_deadline_is_refused(agency, staff):
    req = make_request(agency, staff, D(2025, 11, 3), form="paper", delivery="post")
    steps.issue_fee_notice(req, by=staff, method="per_page", pages=200, on=D(2025, 11, 10))
    with pytest.raises(WorkflowError, match="已过"):
        steps.record_payment(req, by=staff, on=D(2025, 12, 9))


# -- reply ------------------------------------------------------------------------------


def test_an_already_published_reply_must_say_where(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="方式和途径"):
        steps.reply(
            req, by=staff, outcome=Outcome.DISCLOSED, reply_type="already_public", on=D(2025, 10, 9)
        )
    req = steps.reply(
        req,
        by=staff,
        outcome=Outcome.DISCLOSED,
        reply_type="already_public",
        details={"publication_location": "本机关门户网站“政府信息公开”栏目"},
        on=D(2025, 10, 9),
    )
    assert (req.status, req.outcome, req.closed_on) == (
        Status.REPLIED,
        Outcome.DISCLOSED,
        D(2025, 10, 9),
    )


def test_a_not_responsible_reply_must_name_the_agency_and_its_contact(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="联系方式"):
        steps.reply(
            req,
            by=staff,
            outcome=Outcome.NOT_HELD,
            reply_type="not_responsible",
            details={"responsible_agency": "测试市自然资源局"},
            on=D(2025, 10, 9),
        )


def test_a_withholding_reply_must_give_the_legal_ground(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="不予公开的理由"):
        steps.reply(req, by=staff, outcome=Outcome.PROCESS_INFORMATION, on=D(2025, 10, 9))
    req = steps.reply(
        req,
        by=staff,
        outcome=Outcome.PROCESS_INFORMATION,
        details={"withhold_reason": "该材料为会议讨论稿，属于第十六条第二款规定的过程性信息"},
        on=D(2025, 10, 9),
    )
    assert req.reply_type == "withheld"
    event = req.events.get(kind=RequestEvent.Kind.REPLIED)
    assert event.data["details"]["withhold_ground"] == "process_information"


def test_a_partial_disclosure_must_explain_each_withheld_part(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="第三十七条"):
        steps.reply(req, by=staff, outcome=Outcome.PARTIAL, on=D(2025, 10, 9))
    with pytest.raises(WorkflowError, match="内容、依据和理由"):
        steps.reply(
            req,
            by=staff,
            outcome=Outcome.PARTIAL,
            details={"withheld_parts": [{"part": "附件2", "ground": "third_party"}]},
            on=D(2025, 10, 9),
        )


def test_a_reply_type_that_does_not_match_the_outcome_is_refused(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="不一致"):
        steps.reply(
            req, by=staff, outcome=Outcome.DISCLOSED, reply_type="not_exist", on=D(2025, 10, 9)
        )


def test_still_unclear_after_clarification_needs_a_clarification(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="补正后"):
        steps.reply(req, by=staff, outcome=Outcome.STILL_UNCLEAR, on=D(2025, 10, 9))


def test_a_termination_outcome_cannot_be_given_as_a_reply(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="终止"):
        steps.reply(req, by=staff, outcome=Outcome.FEE_UNPAID, on=D(2025, 10, 9))


# -- delivery, archive, review --------------------------------------------------------


def _replied(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    return steps.reply(req, by=staff, outcome=Outcome.DISCLOSED, on=D(2025, 10, 9))


def test_a_reply_is_delivered_then_archived_and_read_only(agency, staff):
    req = _replied(agency, staff)
    req = steps.deliver(req, by=staff, method="email", on=D(2025, 10, 9))
    req = steps.archive(req, by=staff, on=D(2025, 10, 10))
    assert req.status == Status.ARCHIVED
    req.description = "改过"
    with pytest.raises(Exception, match="已归档"):
        req.save()
    with pytest.raises(WorkflowError, match="已归档"):
        steps.assign(req, by=staff, handler=staff)


def test_archiving_an_undelivered_reply_is_refused(agency, staff):
    req = _replied(agency, staff)
    with pytest.raises(WorkflowError, match="不能归档"):
        steps.archive(req, by=staff)


def test_a_review_case_is_recorded_with_its_result(agency, staff):
    req = _replied(agency, staff)
    case = steps.record_review(
        req, by=staff, kind=ReviewCase.Kind.REVIEW, filed_on=D(2025, 11, 20), body="测试市人民政府"
    )
    assert case.result == ReviewCase.Result.PENDING
    case = steps.record_review_result(
        case, by=staff, result=ReviewCase.Result.UPHELD, on=D(2026, 1, 10)
    )
    assert (case.result, case.concluded_on) == (ReviewCase.Result.UPHELD, D(2026, 1, 10))


def test_a_review_of_an_open_request_is_refused(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="不能登记行政复议"):
        steps.record_review(req, by=staff, kind="review", filed_on=D(2025, 10, 9))


def test_events_are_append_only(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    event = req.events.first()
    event.note = "改过"
    with pytest.raises(Exception, match="只能追加"):
        event.save()
    with pytest.raises(Exception, match="只能追加"):
        event.delete()


def test_every_step_writes_an_event_with_its_actor(agency, staff):
    req = _replied(agency, staff)
    assert [(e.kind, e.actor) for e in req.events.all()] == [
        ("registered", staff),
        ("replied", staff),
    ]


def test_the_handler_sees_the_applicants_requests_this_month(agency, staff):
    fields = applicant_fields()
    make_request(agency, staff, D(2025, 10, 31), **fields)  # previous month
    make_request(agency, staff, D(2025, 11, 3), **fields)
    make_request(agency, staff, D(2025, 11, 3), **applicant_fields())  # someone else
    req = make_request(agency, staff, D(2025, 11, 4), **fields)
    assert req.requests_this_month() == 2


def test_letter_numbers_run_per_agency_year_and_kind(agency, outsider):
    from requests_app.models import LetterCounter

    other = outsider.staff_profile.organization
    assert [LetterCounter.take(agency, "reply", 2025) for _ in range(3)] == [1, 2, 3]
    assert LetterCounter.take(agency, "reply", 2026) == 1
    assert LetterCounter.take(agency, "fee", 2025) == 1
    assert LetterCounter.take(other, "reply", 2025) == 1
