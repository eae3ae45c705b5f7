"""Script typed into any public input is shown as text, never run, wherever it is echoed:
the page that took it, and the staff and admin pages that show the stored value. Rich
text loses script and event handlers when saved."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from disclosure.decisions.filters import ConsultationFilter, DecisionCatalogFilter
from disclosure.decisions.forms import CommentForm
from disclosure.library.filters import DocumentFilter, InterpretationFilter
from requests_app.forms.public import ApplicationForm, TrackForm
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document
from tests.disclosure.decisions.builders import (
    add_comment,
    make_consultation,
    make_meeting,
    open_consultation,
)
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation
from tests.security.builders import AS_ORGANIZATION, application_post, comment_post, file_online
from tests.security.payloads import RICH, XSS, assert_escaped, assert_no_script

pytestmark = pytest.mark.django_db


def _text_fields(form_class) -> list[str]:
    """The form's fields a person types into (not choices, files, checkboxes or hidden)."""
    form = form_class()
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field.widget, forms.HiddenInput)
        and name != "website"  # the honeypot: filled only by bots, never echoed
    ]


APPLICATION_FIELDS = _text_fields(ApplicationForm)
COMMENT_FIELDS = _text_fields(CommentForm)
TRACK_FIELDS = _text_fields(TrackForm)
# Free-text fields of an application that are stored as typed (others are validated).
STORED_APPLICATION_FIELDS = ["name", "contact_name", "postal_address", "description", "purpose"]


@pytest.fixture
def agency(db):
    return make_org(name="测试市发展和改革委员会")


def test_the_field_lists_are_discovered_from_the_forms():
    assert {"name", "description", "postal_address", "phone"} <= set(APPLICATION_FIELDS)
    assert {"text", "name", "phone", "email"} <= set(COMMENT_FIELDS)
    assert set(TRACK_FIELDS) == {"tracking_number", "verifier"}


# -- the public forms echo what was typed ------------------------------------------------


@pytest.mark.parametrize("payload", XSS)
@pytest.mark.parametrize("field", APPLICATION_FIELDS)
def test_the_application_form_shows_script_typed_into_any_field_escaped(
    client, agency, field, payload
):
    # Without the consent box the form comes back with everything typed in it.
    data = application_post(agency, consent="", **{field: payload})
    response = client.post(reverse("requests_app:apply"), data)
    assert response.status_code == 200
    assert_escaped(response.content.decode(), payload)


@pytest.mark.parametrize("payload", XSS)
@pytest.mark.parametrize("field", COMMENT_FIELDS)
def test_the_comment_form_shows_script_typed_into_any_field_escaped(client, field, payload):
    consultation = open_consultation()
    data = comment_post(consent="", **{field: payload})
    response = client.post(consultation.get_absolute_url(), data)
    assert response.status_code == 200
    assert_escaped(response.content.decode(), payload)


@pytest.mark.parametrize("payload", XSS)
@pytest.mark.parametrize("field", TRACK_FIELDS)
def test_the_tracking_form_shows_script_typed_into_any_field_escaped(client, field, payload):
    data = {"tracking_number": "YSQ-2026-AAAAAAAA", "verifier": "13912345678", field: payload}
    response = client.post(reverse("requests_app:track"), data)
    assert response.status_code == 200
    # The tracking number is shown upper-cased (as it is normalised), the rest as typed.
    page = response.content.decode()
    if field == "tracking_number" and payload != XSS[2]:
        assert payload not in page and payload.upper() not in page
    else:
        assert_escaped(page, payload, echoed=field != "tracking_number")


# -- searches and filters ----------------------------------------------------------------

SEARCH_PAGES = [
    ("disclosure:document-list", DocumentFilter),
    ("disclosure:interpretation-list", InterpretationFilter),
]
FILTERED_PAGES = [
    *SEARCH_PAGES,
    ("disclosure:consultation-list", ConsultationFilter),
]
FILTER_PARAMS = [
    (name, param)
    for name, filterset in FILTERED_PAGES
    for param in filterset.base_filters
    if param != "q"
]


@pytest.mark.parametrize("payload", XSS)
@pytest.mark.parametrize("name", [name for name, _ in SEARCH_PAGES] + ["disclosure:xxgk-index"])
def test_a_search_for_script_shows_the_query_escaped(client, name, payload):
    publish_document(title="关于加强安全生产的通知")
    response = client.get(reverse(name), {"q": payload})
    assert response.status_code == 200
    assert_escaped(response.content.decode(), payload)


@pytest.mark.parametrize("payload", XSS)
@pytest.mark.parametrize(("name", "param"), FILTER_PARAMS)
def test_script_in_any_filter_parameter_never_reaches_the_page_raw(client, name, param, payload):
    publish_document()
    response = client.get(reverse(name), {param: payload})
    assert response.status_code == 200
    assert_escaped(response.content.decode(), payload, echoed=False)


@pytest.mark.parametrize("payload", XSS)
@pytest.mark.parametrize("param", [*DecisionCatalogFilter.base_filters, "page"])
def test_script_in_the_decision_catalog_query_never_reaches_the_page_raw(client, param, payload):
    org = make_org()
    response = client.get(reverse("disclosure:decision-catalog", args=[org.slug]), {param: payload})
    assert response.status_code in (200, 404)
    assert_escaped(response.content.decode(), payload, echoed=False)


# -- stored values on the staff's pages --------------------------------------------------


@pytest.mark.parametrize("payload", XSS)
@pytest.mark.parametrize("field", STORED_APPLICATION_FIELDS)
def test_script_in_an_application_is_shown_escaped_to_the_staff(client, agency, field, payload):
    # 联系人 is asked of a 法人 only; a person's is not stored.
    applicant = AS_ORGANIZATION if field == "contact_name" else {}
    req = file_online(client, agency, **applicant, **{field: payload})
    staff = make_staff(agency)
    client.force_login(staff)
    pages = [
        reverse("admin:requests_app_informationrequest_change", args=[req.pk]),
        reverse("admin:requests_app_informationrequest_changelist"),
        reverse("admin:requests_app_informationrequest_step", args=[req.pk, "register"]),
        reverse("requests_app:staff-dashboard"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), payload, echoed=False)
    # The full record shows the value itself, escaped.
    assert_escaped(client.get(pages[0]).content.decode(), payload)


@pytest.mark.parametrize("payload", XSS)
def test_script_in_an_application_is_shown_escaped_on_the_receipt_and_tracking_page(
    client, agency, payload
):
    req = file_online(client, agency, description=payload)
    for url in (
        reverse("requests_app:done", args=[req.tracking_number]),
        reverse("requests_app:track-detail", args=[req.tracking_number]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_escaped(response.content.decode(), payload, echoed=False)


@pytest.mark.parametrize("payload", XSS)
@pytest.mark.parametrize("field", ["text", "name"])
def test_script_in_a_comment_is_shown_escaped_in_the_admin(client, field, payload):
    consultation = open_consultation()
    comment = add_comment(consultation, **{field: payload})
    client.force_login(make_staff(consultation.organization))
    for url in (
        reverse("admin:decisions_comment_change", args=[comment.pk]),
        reverse("admin:decisions_comment_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), payload, echoed=False)
    change = client.get(reverse("admin:decisions_comment_change", args=[comment.pk]))
    assert_escaped(change.content.decode(), payload)


# -- rich text is sanitized on save ------------------------------------------------------


def test_a_document_body_loses_script_and_event_handlers_on_save():
    document = make_document(body=RICH)
    document.refresh_from_db()
    assert_no_script(document.body)
    assert "正文第一段" in document.body and "第二段" in document.body


def test_an_interpretation_body_loses_script_and_event_handlers_on_save():
    interpretation = make_interpretation(body=RICH)
    interpretation.refresh_from_db()
    assert_no_script(interpretation.body)
    assert "正文第一段" in interpretation.body


@pytest.mark.parametrize("field", ["draft", "explanation"])
def test_a_consultation_draft_loses_script_and_event_handlers_on_save(field):
    consultation = make_consultation(**{field: RICH})
    consultation.refresh_from_db()
    assert_no_script(getattr(consultation, field))
    assert "正文第一段" in getattr(consultation, field)


def test_a_meeting_reading_loses_script_and_event_handlers_on_save():
    meeting = make_meeting(reading=RICH)
    meeting.refresh_from_db()
    assert_no_script(meeting.reading)


def test_the_public_pages_of_rich_text_carry_no_script_from_the_body(client):
    document = publish_document(body=RICH)
    interpretation = publish_interpretation(make_interpretation(document, body=RICH))
    consultation = open_consultation(draft=RICH, explanation=RICH)
    for url in (
        document.get_absolute_url(),
        interpretation.get_absolute_url(),
        consultation.get_absolute_url(),
    ):
        page = client.get(url).content.decode()
        assert "正文第一段" in page
        assert "alert(1)" not in page, url


@pytest.mark.parametrize("payload", XSS)
def test_script_in_a_clarification_answer_is_shown_escaped_to_the_applicant_and_staff(
    client, agency, payload
):
    import datetime

    from requests_app import steps

    staff = make_staff(agency)
    req = file_online(client, agency)
    today = datetime.date.today()
    req = steps.register(req, by=staff, received_on=today)
    steps.request_clarification(
        req, by=staff, items=["请写明项目所在街道"], reply_by=today + datetime.timedelta(days=15)
    )
    track = reverse("requests_app:track-detail", args=[req.tracking_number])
    assert client.post(track, {"text": payload}).status_code == 302
    assert_escaped(client.get(track).content.decode(), payload, echoed=False)
    client.force_login(staff)
    page = client.get(reverse("admin:requests_app_informationrequest_change", args=[req.pk]))
    assert_escaped(page.content.decode(), payload, echoed=False)
