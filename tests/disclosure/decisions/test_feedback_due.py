"""The staff page of finished consultations without feedback after N working days."""

import pytest

from disclosure.decisions import consultations
from disclosure.decisions.models import Consultation
from tests.conftest import make_org, make_staff
from tests.disclosure.decisions.builders import (
    D,
    add_comment,
    beijing,
    now_at,
    publish_consultation,
    staff_supervisor,
)

pytestmark = pytest.mark.django_db

PAGE = "/yjzj/staff/"
# Ends on Friday 26 September 2025, before the National Day holiday (1–8 October, with
# 28 September and 11 October worked): the 20th working day after it is 30 October.
ENDS = D(2025, 9, 26)
DUE = D(2025, 10, 30)


def ending_before_national_day(org, **fields):
    return publish_consultation(organization=org, starts_on=D(2025, 8, 27), ends_on=ENDS, **fields)


def test_the_feedback_is_due_20_working_days_after_the_end_across_the_holiday():
    assert consultations.feedback_due_on(ENDS) == DUE


def test_the_number_of_working_days_is_a_setting(settings):
    settings.CONSULTATION_FEEDBACK_WORKING_DAYS = 2
    assert consultations.feedback_due_on(ENDS) == D(2025, 9, 29)  # Sunday 28th is worked


def test_overdue_consultations_come_first_and_pending_ones_show_their_due_date(org):
    overdue = ending_before_national_day(org, title="超期的征集")
    pending = publish_consultation(
        organization=org, title="待反馈的征集", starts_on=D(2025, 10, 1), ends_on=D(2025, 10, 31)
    )
    add_comment(pending, at=beijing(D(2025, 10, 5)))
    publish_consultation(
        organization=org, title="仍在征集", starts_on=D(2025, 10, 20), ends_on=D(2025, 11, 30)
    )
    rows = consultations.feedback_due_rows([org], today=D(2025, 11, 3))
    assert [(r.consultation.pk, r.is_overdue) for r in rows] == [
        (overdue.pk, True),
        (pending.pk, False),
    ]
    assert rows[1].comments == 1 and rows[1].untagged == 1
    assert not consultations.feedback_due_rows([org], today=DUE)[0].is_overdue


def test_answered_consultations_are_not_listed(org):
    consultation = ending_before_national_day(org)
    Consultation.objects.filter(pk=consultation.pk).update(feedback_published_on=D(2025, 10, 10))
    assert consultations.feedback_due_rows([org], today=D(2025, 11, 3)) == []


def test_the_page_lists_the_overdue_for_the_staffs_own_agency_only(client, org, monkeypatch):
    other = make_org()
    ending_before_national_day(org, title="本机关超期的征集")
    ending_before_national_day(other, title="别的机关的征集")
    now_at(monkeypatch, beijing(D(2025, 11, 3)))
    client.force_login(make_staff(org))
    html = client.get(PAGE).content.decode()
    overdue = html.split('id="pending-title"')[0]
    assert "本机关超期的征集" in overdue and "2025-10-30" in overdue
    assert "别的机关的征集" not in html
    assert client.get(PAGE, {"org": other.slug}).status_code == 403


def test_the_supervisor_sees_every_agency(client, org, monkeypatch):
    ending_before_national_day(org, title="甲机关的征集")
    ending_before_national_day(make_org(), title="乙机关的征集")
    now_at(monkeypatch, beijing(D(2025, 11, 3)))
    client.force_login(staff_supervisor())
    html = client.get(PAGE).content.decode()
    assert "甲机关的征集" in html and "乙机关的征集" in html


def test_the_page_is_for_staff_only(client, org, django_user_model):
    assert client.get(PAGE).status_code == 302  # to the login page
    citizen = django_user_model.objects.create_user("citizen", password="pw-for-tests-123")
    client.force_login(citizen)
    assert client.get(PAGE).status_code == 403
