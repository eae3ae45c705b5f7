"""Approvals (Art. 33(2)): the clerk requests an extension, the office's head decides it on
the head's own queue; the extension and its letter exist only after approval."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from requests_app import steps
from requests_app.models import RequestEvent
from requests_app.steps import WorkflowError
from tests.requests_app.builders import make_request

D = datetime.date
K = RequestEvent.Kind
QUEUE = "/ysqgk/staff/approvals/"


@pytest.fixture
def requested(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    return steps.request_extension(
        req, by=staff, days=10, reason="需要调取档案", on=D(2025, 10, 20)
    )


def test_a_requested_extension_does_not_move_the_due_date_before_approval(requested):
    req = requested.request
    req.refresh_from_db()
    assert req.due_on == D(2025, 10, 30)
    assert not req.events.filter(kind=K.EXTENDED).exists()


def test_a_requested_extension_issues_no_letter_before_approval(requested):
    assert not requested.request.attachments.filter(letter_kind="extension").exists()


def test_the_request_for_an_extension_is_logged_as_延期申请_by_the_clerk(requested, staff):
    event = requested.request.events.get(kind=K.EXTENSION_REQUESTED)
    assert event.get_kind_display() == "延期申请"
    assert event.actor == staff
    assert not event.visible_to_applicant


def test_the_heads_approval_extends_the_limit_and_issues_the_letter(requested, head):
    steps.approve(requested, by=head, on=D(2025, 10, 21))
    req = requested.request
    req.refresh_from_db()
    assert req.due_on == D(2025, 11, 13)
    letter = req.attachments.get(letter_kind="extension")
    assert "政府信息公开工作机构负责人同意" in letter.text


def test_the_log_names_both_the_requester_and_the_approver_with_their_times(requested, staff, head):
    approval = steps.approve(requested, by=head, on=D(2025, 10, 21))
    event = requested.request.events.get(kind=K.EXTENDED)
    assert event.actor == head
    assert event.data["requested_by"] == staff.pk
    assert event.data["requested_at"]
    assert approval.decided_by == head and approval.decided_at is not None
    assert approval.requested_by == staff and approval.requested_at is not None


def test_a_clerk_cannot_approve_their_own_request(requested, staff):
    with pytest.raises(WorkflowError, match="负责人"):
        steps.approve(requested, by=staff)


def test_the_head_of_another_agency_cannot_approve(requested):
    from tests.conftest import make_org, make_staff  # builders of another agency's head

    other_head = make_staff(make_org(), approver=True)
    with pytest.raises(WorkflowError, match="负责人"):
        steps.approve(requested, by=other_head)


def test_a_refusal_needs_a_reason(requested, head):
    with pytest.raises(WorkflowError, match="理由"):
        steps.refuse(requested, by=head, reason=" ")


def test_a_refused_extension_leaves_the_limit_and_logs_the_reason(requested, head):
    steps.refuse(requested, by=head, reason="可在原期限内答复", on=D(2025, 10, 21))
    req = requested.request
    req.refresh_from_db()
    assert req.due_on == D(2025, 10, 30)
    event = req.events.get(kind=K.EXTENSION_REFUSED)
    assert (event.actor, event.note) == (head, "可在原期限内答复")


def test_a_decided_approval_cannot_be_decided_again(requested, head):
    steps.approve(requested, by=head, on=D(2025, 10, 21))
    with pytest.raises(WorkflowError, match="已审批"):
        steps.refuse(requested, by=head, reason="改变主意")


def test_only_one_extension_request_may_wait_at_a_time(requested, staff):
    with pytest.raises(WorkflowError, match="待审批"):
        steps.request_extension(
            requested.request, by=staff, days=5, reason="再延", on=D(2025, 10, 21)
        )


def test_an_approval_after_the_due_date_is_refused(requested, head):
    with pytest.raises(WorkflowError, match="届满"):
        steps.approve(requested, by=head, on=D(2025, 10, 31))


def test_the_letter_states_what_is_not_counted_instead_of_a_date_a_consultation_would_move(
    agency, staff, head
):
    req = make_request(agency, staff, D(2025, 9, 26))
    req = steps.consult_third_party(req, by=staff, party="甲公司", on=D(2025, 10, 9))
    approval = steps.request_extension(req, by=staff, days=10, reason="协调", on=D(2025, 10, 10))
    steps.approve(approval, by=head, on=D(2025, 10, 10))
    text = req.attachments.get(letter_kind="extension").text
    assert "自收到申请之日（2025年9月26日）起30个工作日内作出答复" in text
    assert "征求第三方和其他机关意见所需时间" in text
    assert "最后一日" not in text


def test_the_letter_gives_the_last_day_when_no_pause_is_open(requested, head):
    steps.approve(requested, by=head, on=D(2025, 10, 21))
    text = requested.request.attachments.get(letter_kind="extension").text
    assert "答复期限的最后一日为2025年11月13日" in text
    assert "相应顺延" in text


def test_the_head_sees_the_pending_extension_on_the_queue(client, requested, head):
    client.force_login(head)
    page = client.get(QUEUE).content.decode()
    assert requested.request.tracking_number in page
    assert "需要调取档案" in page and "延长工作日数" in page


def test_a_clerk_cannot_open_the_approval_queue(client, requested, staff):
    client.force_login(staff)
    response = client.get(QUEUE)
    assert response.status_code == 403


def test_the_head_approves_on_the_queue(client, agency, staff, head):
    today = timezone.localdate()
    req = make_request(agency, staff, today)
    approval = steps.request_extension(req, by=staff, days=5, reason="协调", on=today)
    client.force_login(head)
    response = client.post(f"{QUEUE}{approval.pk}/approve/", follow=True)
    assert "已同意延期答复，告知书已发出。" in response.content.decode()
    assert req.attachments.filter(letter_kind="extension").exists()


def test_refusing_on_the_queue_without_a_reason_shows_the_error(client, requested, head):
    client.force_login(head)
    response = client.post(f"{QUEUE}{requested.pk}/refuse/", {f"a{requested.pk}-reason": ""})
    assert "不同意的，请写明理由。" in response.content.decode()
    requested.refresh_from_db()
    assert requested.is_pending


def test_the_head_of_another_agency_does_not_find_the_approval(client, requested):
    from tests.conftest import make_org, make_staff  # builders of another agency's head

    client.force_login(make_staff(make_org(), approver=True))
    assert client.post(f"{QUEUE}{requested.pk}/approve/").status_code == 404


def test_an_approval_record_cannot_be_deleted(requested):
    from django.core.exceptions import ValidationError  # only this test needs it

    with pytest.raises(ValidationError):
        requested.delete()
