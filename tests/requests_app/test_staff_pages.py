"""The staff dashboard, the 「期限计算说明」 page and the requests admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app import steps
from requests_app.models import StaffAccessLog, Status
from requests_app.outcomes import Outcome
from tests.requests_app.builders import applicant_fields, make_request

D = datetime.date
pytestmark = pytest.mark.django_db


def test_the_explanation_page_lists_the_days_the_holiday_and_the_result(client, agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    client.force_login(staff)
    page = client.get(reverse("requests_app:due-explanation", args=[req.tracking_number]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "2025年9月26日" in text
    assert "调休上班（国庆节）" in text
    assert "法定节假日（国庆节）" in text
    assert "第20个工作日" in text
    assert "2025年10月30日" in text


def test_the_explanation_page_shows_the_restart_after_clarification(client, agency, staff):
    req = make_request(agency, staff, D(2025, 9, 25))
    req = steps.request_clarification(
        req, by=staff, items=["文号"], reply_by=D(2025, 10, 20), on=D(2025, 9, 29)
    )
    req = steps.receive_clarification(req, by=staff, on=D(2025, 10, 10))
    client.force_login(staff)
    text = client.get(
        reverse("requests_app:due-explanation", args=[req.tracking_number])
    ).content.decode()
    assert "答复期限自该日重新起算" in text
    assert "3个工作日不再计入" in text
    assert "2025年11月6日" in text


def test_staff_of_another_agency_cannot_see_the_explanation(client, agency, staff, outsider):
    req = make_request(agency, staff, D(2025, 9, 26))
    client.force_login(outsider)
    page = client.get(reverse("requests_app:due-explanation", args=[req.tracking_number]))
    assert page.status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    page = client.get(reverse("requests_app:due-explanation", args=[req.tracking_number]))
    assert page.status_code == 302
    assert "/admin/login/" in page["Location"]


def test_the_dashboard_sorts_requests_into_new_due_soon_overdue_stopped_and_closed(
    client, agency, staff
):
    today = timezone.localdate()
    new = steps.submit_online(agency, idempotency_key="dash-1", **applicant_fields())
    overdue = make_request(agency, staff, today - datetime.timedelta(days=60))
    overdue = steps.assign(overdue, by=staff, handler=staff)
    closed = make_request(agency, staff, today)
    closed = steps.reply(closed, by=staff, outcome=Outcome.NOT_HELD, on=today)
    stopped = make_request(agency, staff, today)
    stopped = steps.consult_third_party(stopped, by=staff, party="某某公司", on=today)
    client.force_login(staff)
    page = client.get(reverse("requests_app:staff-dashboard"))
    sections = {key: [row.req for row in rows] for key, _, rows in page.context["sections"]}
    assert sections["new"] == [new]
    assert sections["overdue"] == [overdue]
    assert sections["closed"] == [closed]
    assert sections["stopped"] == [stopped]
    text = page.content.decode()
    assert "征求第三方意见（某某公司），期限至" in text
    assert "张*丰" in text and "张三丰" not in text


def test_the_dashboard_shows_only_the_staff_members_agency(client, agency, staff, outsider):
    make_request(agency, staff, timezone.localdate())
    client.force_login(outsider)
    page = client.get(reverse("requests_app:staff-dashboard"))
    assert all(not rows for _, _, rows in page.context["sections"])


def test_the_supervisor_sees_every_agency_on_the_dashboard(client, agency, staff, supervisor):
    make_request(agency, staff, timezone.localdate())
    client.force_login(supervisor)
    page = client.get(reverse("requests_app:staff-dashboard"))
    counts = {c["organization"]: c["open"] for c in page.context["counts"]}
    assert counts[agency] == 1


def test_the_admin_list_masks_the_applicant_and_shows_working_days_left(client, agency, staff):
    make_request(agency, staff, timezone.localdate())
    client.force_login(staff)
    page = client.get(reverse("admin:requests_app_informationrequest_changelist"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "张*丰" in text and "138****5678" in text
    assert "张三丰" not in text and "13812345678" not in text
    assert "剩余工作日" in text


def test_opening_a_full_record_in_the_admin_is_logged(client, agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    client.force_login(staff)
    page = client.get(reverse("admin:requests_app_informationrequest_change", args=[req.pk]))
    assert page.status_code == 200
    assert "13812345678" in page.content.decode()
    log = StaffAccessLog.objects.get()
    assert (log.request, log.user) == (req, staff)


def test_the_admin_hides_other_agencies_requests(client, agency, staff, outsider):
    req = make_request(agency, staff, D(2025, 9, 26))
    client.force_login(outsider)
    page = client.get(reverse("admin:requests_app_informationrequest_change", args=[req.pk]))
    assert page.status_code in (302, 403, 404)
    assert not StaffAccessLog.objects.exists()


def test_the_admin_register_action_calls_the_workflow(client, agency, staff):
    req = steps.submit_online(agency, idempotency_key="adm-1", **applicant_fields())
    client.force_login(staff)
    client.post(
        reverse("admin:requests_app_informationrequest_changelist"),
        {"action": "register_selected", "_selected_action": [req.pk]},
    )
    req.refresh_from_db()
    assert req.status == Status.REGISTERED
    assert req.received_on == timezone.localdate()
    assert req.events.filter(kind="registered", actor=staff).exists()


def test_status_and_due_date_cannot_be_typed_in_the_admin(client, agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    client.force_login(staff)
    page = client.get(reverse("admin:requests_app_informationrequest_change", args=[req.pk]))
    form = page.context["adminform"].form
    assert "status" not in form.fields and "due_on" not in form.fields
    assert "received_on" not in form.fields


def _step_url(req, step):
    return reverse("admin:requests_app_informationrequest_step", args=[req.pk, step])


def test_the_change_page_offers_the_steps_allowed_in_the_current_status(client, agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    client.force_login(staff)
    text = client.get(
        reverse("admin:requests_app_informationrequest_change", args=[req.pk])
    ).content.decode()
    assert _step_url(req, "reply") in text
    assert _step_url(req, "clarify") in text
    assert _step_url(req, "deliver") not in text
    assert reverse("requests_app:due-explanation", args=[req.tracking_number]) in text


def test_a_reply_from_the_admin_step_page_goes_through_the_workflow(client, agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    client.force_login(staff)
    fields = {
        "on": "2025-10-09",
        "outcome": Outcome.NOT_HELD,
        "reply_type": "not_responsible",
        "responsible_agency": "测试市自然资源局",
        "responsible_agency_contact": "0635-1111111",
        "review_body": "测试市人民政府",
        "court": "测试市东昌府区人民法院",
    }
    # First the reply letter is shown for editing, then it is sent.
    draft = client.post(_step_url(req, "reply"), fields)
    text = draft.context["form"]["letter_text"].value()
    assert "负责公开该政府信息的行政机关为测试市自然资源局" in text
    response = client.post(
        _step_url(req, "reply"), {**fields, "stage": "issue", "letter_text": text}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert (req.status, req.outcome, req.closed_on) == (
        Status.REPLIED,
        Outcome.NOT_HELD,
        D(2025, 10, 9),
    )


def test_a_refused_step_shows_the_reason_on_the_form(client, agency, staff, head):
    req = make_request(agency, staff, D(2025, 9, 26))
    client.force_login(staff)
    response = client.post(
        _step_url(req, "extend"),
        {"on": "2025-10-31", "approver": head.pk, "days": "10", "reason": "协调"},
    )
    assert response.status_code == 200
    assert "不能再延期" in response.content.decode()
    req.refresh_from_db()
    assert req.due_on == D(2025, 10, 30)


def test_staff_of_another_agency_cannot_open_a_step_page(client, agency, staff, outsider):
    req = make_request(agency, staff, D(2025, 9, 26))
    client.force_login(outsider)
    assert client.get(_step_url(req, "reply")).status_code == 404


def test_the_change_page_shows_the_applicants_count_of_requests_this_month(client, agency, staff):
    fields = applicant_fields()
    make_request(agency, staff, D(2025, 11, 3), **fields)
    req = make_request(agency, staff, D(2025, 11, 4), **fields)
    client.force_login(staff)
    text = client.get(
        reverse("admin:requests_app_informationrequest_change", args=[req.pk])
    ).content.decode()
    assert "本月第2件" in text
