"""The application as received is read-only; corrections are events with before and after."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from config.web.validators import id_check_char
from requests_app import steps
from requests_app.forms.correction import CorrectionForm
from requests_app.models import InformationRequest, RequestEvent
from requests_app.steps import WorkflowError
from tests.requests_app.builders import applicant_fields, make_request

D = datetime.date
K = RequestEvent.Kind
pytestmark = pytest.mark.django_db

ID17 = "37150219800101123"
VALID_ID = ID17 + id_check_char(ID17)
WRONG_CHECK = ID17 + ("0" if VALID_ID[-1] != "0" else "1")
OTHER17 = "37150219800101456"
OTHER_ID = OTHER17 + id_check_char(OTHER17)


def _admin_post_data(page, **overrides) -> dict:
    """What the browser would post back from an admin change or add page, with overrides."""
    data = {}
    form = page.context["adminform"].form
    for bound in form:
        value = bound.value()
        if value not in (None, ""):
            data[bound.html_name] = value
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = bound.value()
        for sub in formset.forms:
            for bound in sub:
                if bound.value() not in (None, ""):
                    data[bound.html_name] = bound.value()
    data.update(overrides)
    return data


# -- the admin -----------------------------------------------------------------------------


def test_a_post_to_the_admin_change_form_does_not_change_the_description(client, agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    url = reverse("admin:requests_app_informationrequest_change", args=[req.pk])
    client.force_login(staff)
    page = client.get(url)
    data = _admin_post_data(page, description="改过的申请内容", phone="13900000000")
    assert client.post(url, data).status_code == 302  # saved: the form had nothing to change
    req.refresh_from_db()
    assert req.description == "2024年度本机关行政事业性收费项目清单"
    assert req.phone == "13812345678"


def test_every_field_of_the_application_is_read_only_in_the_admin(client, agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    client.force_login(staff)
    page = client.get(reverse("admin:requests_app_informationrequest_change", args=[req.pk]))
    editable = set(page.context["adminform"].form.fields)
    for name in ("name", "id_number", "phone", "email", "postal_address", "description"):
        assert name not in editable
    assert "delivery" not in editable and "applicant_type" not in editable


def _add_page_data(client, agency, **overrides):
    page = client.get(reverse("admin:requests_app_informationrequest_add"))
    fields = applicant_fields(id_number=VALID_ID, channel="letter", postal_code="252000")
    fields.update(organization=agency.pk, received_on="2025-09-26", **overrides)
    return _admin_post_data(page, **fields)


def test_the_admin_refuses_a_resident_id_number_with_a_wrong_check_digit(client, agency, staff):
    client.force_login(staff)
    data = _add_page_data(client, agency, id_number=WRONG_CHECK)
    response = client.post(reverse("admin:requests_app_informationrequest_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["id_number"]
    assert errors == ["居民身份证号码校验位不正确，请核对后重新填写。"]
    assert not InformationRequest.objects.exists()


def test_the_admin_registers_a_paper_application_with_a_valid_id_number(client, agency, staff):
    client.force_login(staff)
    data = _add_page_data(client, agency)
    response = client.post(reverse("admin:requests_app_informationrequest_add"), data)
    assert response.status_code == 302
    req = InformationRequest.objects.get()
    assert req.id_number == VALID_ID and req.received_on == D(2025, 9, 26)


# -- the step ------------------------------------------------------------------------------


def test_a_correction_writes_an_event_with_before_and_after(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    req = steps.correct_application(
        req,
        by=staff,
        changes={"phone": "13900001111", "description": "2024年度本机关行政事业性收费项目目录"},
        reason="申请人来电告知新号码；录入笔误",
        on=D(2025, 9, 29),
    )
    assert req.phone == "13900001111"
    assert req.description == "2024年度本机关行政事业性收费项目目录"
    event = req.events.get(kind=K.CORRECTED)
    assert (event.actor, event.on) == (staff, D(2025, 9, 29))
    assert event.data["reason"] == "申请人来电告知新号码；录入笔误"
    assert event.data["changes"] == [
        {"field": "phone", "label": "联系电话", "before": "13812345678", "after": "13900001111"},
        {
            "field": "description",
            "label": "申请公开的政府信息",
            "before": "2024年度本机关行政事业性收费项目清单",
            "after": "2024年度本机关行政事业性收费项目目录",
        },
    ]
    assert not event.visible_to_applicant  # a phone number is personal data


def test_a_corrected_description_alone_is_shown_to_the_applicant(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    steps.correct_application(
        req, by=staff, changes={"description": "2024年度收费项目目录"}, reason="笔误"
    )
    assert req.events.get(kind=K.CORRECTED).visible_to_applicant


def test_a_corrected_id_number_is_kept_only_masked_in_the_event(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26), id_number=VALID_ID)
    req = steps.correct_application(
        req, by=staff, changes={"id_number": OTHER_ID}, reason="录入时错位"
    )
    assert req.id_number == OTHER_ID
    assert list(InformationRequest.objects.with_id_number(OTHER_ID)) == [req]
    event = req.events.get(kind=K.CORRECTED)
    change = event.data["changes"][0]
    assert change["before"] == "371***********" + VALID_ID[-4:]
    assert change["after"] == "371***********" + OTHER_ID[-4:]
    stored = str(RequestEvent.objects.filter(pk=event.pk).values_list("data", "note").get())
    assert VALID_ID not in stored and OTHER_ID not in stored


def test_a_corrected_id_number_must_have_the_right_check_digit(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26), id_number=VALID_ID)
    with pytest.raises(WorkflowError, match="校验位不正确"):
        steps.correct_application(req, by=staff, changes={"id_number": WRONG_CHECK}, reason="笔误")


def test_a_correction_needs_a_reason(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="请填写更正理由"):
        steps.correct_application(req, by=staff, changes={"phone": "13900001111"}, reason=" ")
    assert not req.events.filter(kind=K.CORRECTED).exists()


def test_a_field_that_is_not_correctable_is_refused(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="获取信息的方式不能更正"):
        steps.correct_application(req, by=staff, changes={"delivery": "post"}, reason="申请人要求")
    req.refresh_from_db()
    assert req.delivery == InformationRequest.Delivery.EMAIL


def test_a_correction_that_changes_nothing_is_refused(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="没有需要更正的信息"):
        steps.correct_application(req, by=staff, changes={"phone": "138 1234 5678"}, reason="核对")
    assert not req.events.filter(kind=K.CORRECTED).exists()


def test_staff_of_another_agency_cannot_correct_an_application(agency, staff, outsider):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="无权办理"):
        steps.correct_application(req, by=outsider, changes={"phone": "13900001111"}, reason="x")
    req.refresh_from_db()
    assert req.phone == "13812345678"


def test_a_correction_cannot_leave_the_application_incomplete(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))  # delivery by e-mail
    with pytest.raises(WorkflowError, match="请填写电子邮箱"):
        steps.correct_application(req, by=staff, changes={"email": ""}, reason="申请人要求")


# -- the form and the log ------------------------------------------------------------------


def test_the_correction_form_starts_from_the_request_and_hides_the_id_number(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26), id_number=VALID_ID)
    form = CorrectionForm(req=req)
    assert form.fields["phone"].initial == "13812345678"
    assert form.fields["id_number"].initial in (None, "")
    assert VALID_ID not in form.as_div()
    assert "credit_code" not in form.fields  # a person has no credit code


def test_the_correction_form_runs_the_step_with_the_changed_fields_only(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    initial = {name: field.initial for name, field in CorrectionForm(req=req).fields.items()}
    data = {k: v for k, v in initial.items() if v is not None}
    data.update(on="2025-09-29", postal_address="测试市人民路2号", reason="申请人搬家")
    form = CorrectionForm(data, req=req)
    assert form.is_valid(), form.errors
    form.run(req, staff, form.cleaned_data)
    event = req.events.get(kind=K.CORRECTED)
    assert [c["field"] for c in event.data["changes"]] == ["postal_address"]


def test_the_correction_form_requires_a_reason(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    form = CorrectionForm({"on": "2025-09-29", "phone": "13900001111"}, req=req)
    assert not form.is_valid()
    assert form.errors["reason"] == ["请填写更正理由。"]


def test_the_log_shows_each_correction_as_field_old_and_new(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    steps.correct_application(req, by=staff, changes={"phone": "13900001111"}, reason="换号")
    event = req.events.get(kind=K.CORRECTED)
    html = render_to_string(
        "requests_app/staff/_correction.html", {"changes": event.data["changes"]}
    )
    assert "更正：联系电话 13812345678 → 13900001111" in html


def test_the_form_works_on_the_staff_page_once_listed_in_steps(client, agency, staff, monkeypatch):
    """What the lead's registration in ``forms.staff.STEPS`` gives: the desk runs the step."""
    from requests_app.forms import staff as staff_forms
    from requests_app.steps.correction import CORRECTABLE_STATUSES

    monkeypatch.setitem(
        staff_forms.STEPS, "correct", ("更正申请信息", CorrectionForm, sorted(CORRECTABLE_STATUSES))
    )
    req = make_request(agency, staff, D(2025, 9, 26))
    client.force_login(staff)
    page = client.get(reverse("requests_app:staff-request", args=[req.tracking_number]))
    assert "更正理由" in page.content.decode()
    initial = {name: field.initial for name, field in CorrectionForm(req=req).fields.items()}
    data = {k: v for k, v in initial.items() if v is not None}
    data.update(on="2025-09-29", phone="13900001111", reason="申请人来电告知新号码")
    url = reverse("requests_app:staff-step", args=[req.tracking_number, "correct"])
    assert client.post(url, data).status_code == 302
    req.refresh_from_db()
    assert req.phone == "13900001111"
