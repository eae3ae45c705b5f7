"""E-mail to applicants at each step they should know of, and to handlers before the due date."""

from __future__ import annotations

from datetime import date as D

import pytest
from django.core import mail
from django.core.management import call_command

from requests_app import steps
from requests_app.models import InformationRequest
from requests_app.outcomes import Outcome
from tests.requests_app.builders import make_request


def _assert_no_personal_data(message, req):
    text = message.subject + message.body
    for private in (req.name, req.phone, req.id_number, req.description, req.postal_address):
        assert private not in text


def test_the_applicant_is_emailed_at_registration_with_number_and_tracking_url(
    agency, staff, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_BASE_URL = "https://xxgk.example.gov.cn"
    with django_capture_on_commit_callbacks(execute=True):
        req = make_request(agency, staff, D(2025, 9, 26))
    (message,) = mail.outbox
    assert message.to == ["zhang@example.com"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert req.tracking_number in message.subject and "已登记" in message.subject
    assert "https://xxgk.example.gov.cn/ysqgk/track/" in message.body
    assert "收到申请日期为2025年9月26日" in message.body
    _assert_no_personal_data(message, req)


def test_an_applicant_without_email_gets_none(agency, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_request(agency, staff, D(2025, 9, 26), email="", delivery="pickup")
    assert mail.outbox == []


def test_clarification_extension_fee_and_reply_are_emailed(
    agency, staff, head, django_capture_on_commit_callbacks
):
    req = make_request(agency, staff, D(2025, 9, 26), form=InformationRequest.Form.PAPER)
    with django_capture_on_commit_callbacks(execute=True):
        req = steps.request_clarification(
            req, by=staff, items=["请写明年份"], reply_by=D(2025, 10, 20), on=D(2025, 9, 29)
        )
        req = steps.receive_clarification(req, by=staff, on=D(2025, 10, 13))
        req = steps.extend(req, by=staff, approver=head, days=5, reason="协调", on=D(2025, 10, 14))
        steps.issue_fee_notice(req, by=staff, method="per_page", pages=40, on=D(2025, 10, 15))
        req = steps.record_payment(req, by=staff, on=D(2025, 10, 16))
        req = steps.reply(req, by=staff, outcome=Outcome.DISCLOSED, on=D(2025, 10, 20))
    subjects = [m.subject for m in mail.outbox]
    assert [s.split("（")[0] for s in subjects] == [
        "您的政府信息公开申请需要补正",
        "您的政府信息公开申请答复期限延长",
        "您的政府信息公开申请收费通知",
        "您的政府信息公开申请已答复",
    ]
    assert "2025年10月20日前" in mail.outbox[0].body
    for message in mail.outbox:
        assert req.tracking_number in message.subject
        _assert_no_personal_data(message, req)


def test_a_draft_or_refused_step_sends_nothing(agency, staff, django_capture_on_commit_callbacks):
    req = make_request(agency, staff, D(2025, 9, 26))
    with django_capture_on_commit_callbacks(execute=True):
        steps.draft_letter(
            lambda: steps.reply(req, by=staff, outcome=Outcome.DISCLOSED, on=D(2025, 10, 9))
        )
        with pytest.raises(steps.WorkflowError):
            steps.reply(req, by=staff, outcome=Outcome.NEEDS_CREATION, on=D(2025, 10, 9))
    assert mail.outbox == []


# -- reminders to handlers --------------------------------------------------------------


def test_handlers_are_reminded_of_requests_due_within_three_working_days_or_overdue(
    agency, staff, head
):
    staff.email, head.email = "handler@example.gov.cn", "head@example.gov.cn"
    staff.save()
    head.save()
    # Received 2025-09-26: due 2025-10-30 (National Day holiday counted out).
    due_soon = steps.assign(make_request(agency, staff, D(2025, 9, 26)), by=staff, handler=staff)
    overdue = steps.assign(make_request(agency, staff, D(2025, 9, 1)), by=staff, handler=staff)
    later = steps.assign(make_request(agency, staff, D(2025, 10, 27)), by=staff, handler=staff)
    stopped = steps.assign(make_request(agency, staff, D(2025, 9, 1)), by=staff, handler=head)
    steps.consult_other_agency(stopped, by=staff, agency="测试市财政局", on=D(2025, 9, 2))
    unassigned = make_request(agency, staff, D(2025, 9, 1))
    mail.outbox.clear()

    call_command("remind_due_requests", "--date", "2025-10-28")

    (message,) = mail.outbox
    assert message.to == ["handler@example.gov.cn"]
    assert due_soon.tracking_number in message.body and "剩余2个工作日" in message.body
    assert overdue.tracking_number in message.body and "已超期" in message.body
    assert "其中超期1件" in message.subject
    for absent in (later, stopped, unassigned):
        assert absent.tracking_number not in message.body
    _assert_no_personal_data(message, due_soon)
