"""Art. 35 (requests clearly beyond a reasonable range) and consulting another agency."""

from __future__ import annotations

from datetime import date as D

import pytest
from django.core import mail

from requests_app import steps
from requests_app.letters import LetterKind
from requests_app.models import RequestAttachment, RequestEvent
from requests_app.outcomes import Outcome
from requests_app.steps import WorkflowError
from tests.requests_app.builders import make_request


def letter(req, kind) -> RequestAttachment:
    return req.attachments.get(kind=RequestAttachment.Kind.LETTER, letter_kind=kind)


def test_asking_for_reasons_sends_the_applicant_a_notice_and_keeps_the_clock_running(
    agency, staff, django_capture_on_commit_callbacks
):
    req = make_request(agency, staff, D(2025, 9, 26))
    due = req.due_on
    with django_capture_on_commit_callbacks(execute=True):
        req = steps.ask_for_reasons(
            req,
            by=staff,
            situation="您自2025年9月以来已提交申请58件",
            reasons_due_on=D(2025, 10, 17),
            on=D(2025, 10, 9),
        )
    notice = letter(req, LetterKind.REASONS_REQUEST)
    assert notice.visible_to_applicant
    assert "58件" in notice.text and "2025年10月17日" in notice.text
    assert "第三十五条" in notice.text
    assert req.due_on == due
    (message,) = mail.outbox
    assert "请说明申请理由" in message.subject and "2025年10月17日前" in message.body


def test_asking_for_reasons_needs_the_situation(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="具体情况"):
        steps.ask_for_reasons(req, by=staff, situation=" ", on=D(2025, 10, 9))


def test_reasons_can_be_recorded_only_after_they_were_asked_for(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="待说明理由"):
        steps.record_reasons(req, by=staff, reasons="用于课题研究", on=D(2025, 10, 9))
    steps.ask_for_reasons(req, by=staff, situation="申请58件", on=D(2025, 10, 9))
    steps.record_reasons(req, by=staff, reasons="用于课题研究", on=D(2025, 10, 13))
    assert req.events.filter(kind=RequestEvent.Kind.REASONS_RECEIVED).count() == 1


def test_an_unreasonable_request_is_not_processed_citing_the_day_reasons_were_asked(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    steps.ask_for_reasons(req, by=staff, situation="您本月已提交申请58件", on=D(2025, 10, 9))
    req = steps.reply(req, by=staff, outcome=Outcome.EXCESSIVE, on=D(2025, 10, 20))
    text = letter(req, LetterKind.REPLY).text
    assert "已于2025年10月9日要求您说明申请理由" in text
    assert "您本月已提交申请58件" in text and "不予处理" in text
    assert req.outcome == Outcome.EXCESSIVE


def test_a_reasonable_later_date_is_told_to_the_applicant_with_both_dates(
    agency, staff, django_capture_on_commit_callbacks
):
    req = make_request(agency, staff, D(2025, 9, 26))
    with django_capture_on_commit_callbacks(execute=True):
        req = steps.set_reasonable_date(
            req,
            by=staff,
            date=D(2025, 12, 31),
            reason="申请涉及近十年的全部审批档案",
            on=D(2025, 10, 9),
        )
    notice = letter(req, LetterKind.REASONABLE_DATE)
    assert notice.visible_to_applicant
    assert "2025年10月30日" in notice.text  # the computed limit it replaces
    assert "2025年12月31日" in notice.text
    (message,) = mail.outbox
    assert "延迟答复" in message.subject and "2025年12月31日" in message.body


def test_consulting_another_agency_sends_it_a_letter_the_applicant_does_not_see(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    req = steps.consult_other_agency(
        req,
        by=staff,
        agency="测试市财政局",
        question="该项目资金安排情况可否公开",
        reply_by=D(2025, 10, 20),
        on=D(2025, 10, 9),
    )
    consultation = letter(req, LetterKind.AGENCY_CONSULTATION)
    assert not consultation.visible_to_applicant
    assert consultation.text.startswith("测试市财政局：")
    assert "该项目资金安排情况可否公开" in consultation.text
    assert "张三丰" not in consultation.text and req.tracking_number not in consultation.text
    assert consultation not in steps.applicant_letters(req)


def test_an_extension_approved_by_a_staff_member_who_is_not_the_head_is_refused(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="负责人"):
        steps.extend(req, by=staff, approver=staff, days=5, reason="协调", on=D(2025, 10, 20))
