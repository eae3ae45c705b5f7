"""An edit of the working-day calendar shows the due dates it moves and is confirmed first."""

import datetime

import pytest
from django.urls import reverse

from catalog import calendar_impact
from catalog.models import AuditEntry, CalendarDay, HolidaySchedule
from catalog.workdays import WorkCalendar
from tests.requests_app.builders import make_request

D = datetime.date
pytestmark = pytest.mark.django_db

NEW_HOLIDAY = D(2025, 10, 20)  # a Monday; the seeded 2025 calendar has it as a working day


@pytest.fixture
def moved_and_unmoved(agency, staff):
    """One request counted over 20 October 2025 (due 30 October), one received after it."""
    moved = make_request(agency, staff, D(2025, 9, 26))
    unmoved = make_request(agency, staff, D(2025, 11, 3))
    assert moved.due_on == D(2025, 10, 30)
    return moved, unmoved


def _change_url():
    return reverse("admin:catalog_holidayschedule_change", args=[_schedule().pk])


def _schedule():
    return HolidaySchedule.objects.get(year=2025)


def _post_data(page, **overrides) -> dict:
    """The change page as the browser posts it back, with a new holiday in the first blank row."""
    data = {}
    for bound in page.context["adminform"].form:
        if bound.value() not in (None, ""):
            data[bound.html_name] = bound.value()
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = bound.value()
        for form in formset.forms:
            for bound in form:
                if bound.value() not in (None, ""):
                    data[bound.html_name] = bound.value()
        blank = formset.initial_form_count()
        data.update(
            {
                f"{formset.prefix}-{blank}-date": NEW_HOLIDAY.isoformat(),
                f"{formset.prefix}-{blank}-kind": CalendarDay.Kind.HOLIDAY,
                f"{formset.prefix}-{blank}-name": "测试补休",
            }
        )
    data.update(overrides)
    return data


def test_the_preview_lists_a_request_whose_due_date_moves_and_not_one_that_does_not(
    client, admin_user, moved_and_unmoved
):
    moved, unmoved = moved_and_unmoved
    client.force_login(admin_user)
    response = client.post(_change_url(), _post_data(client.get(_change_url())))
    assert response.status_code == 200
    rows = response.context["calendar_moved"]
    assert [(m.label, m.before, m.after) for m in rows] == [
        (moved.tracking_number, D(2025, 10, 30), D(2025, 10, 31))
    ]
    text = response.content.decode()
    assert moved.tracking_number in text and "2025-10-31" in text
    assert unmoved.tracking_number not in text
    assert "2025-10-20 按周一至周五→法定节假日（测试补休）" in text


def test_saving_without_confirmation_does_not_change_the_calendar(
    client, admin_user, moved_and_unmoved, django_capture_on_commit_callbacks
):
    moved, _ = moved_and_unmoved
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_change_url(), _post_data(client.get(_change_url())))
    assert "请核对后勾选确认" in response.content.decode()
    assert not CalendarDay.objects.filter(date=NEW_HOLIDAY).exists()
    moved.refresh_from_db()
    assert moved.due_on == D(2025, 10, 30)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CALENDAR_CHANGED).exists()


def test_a_confirmed_save_changes_the_calendar_and_writes_the_audit_record(
    client, admin_user, moved_and_unmoved, django_capture_on_commit_callbacks
):
    moved, _ = moved_and_unmoved
    client.force_login(admin_user)
    data = _post_data(client.get(_change_url()))
    preview = client.post(_change_url(), data)
    data[preview.context["calendar_confirm_field"]] = preview.context["calendar_digest"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_change_url(), data)
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=NEW_HOLIDAY).kind == CalendarDay.Kind.HOLIDAY
    moved.refresh_from_db()
    assert moved.due_on == D(2025, 10, 31)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CALENDAR_CHANGED)
    assert entry.object_label == "2025年节假日安排"
    assert entry.summary.startswith("答复期限改变1件；调整1天：2025-10-20")
    assert entry.actor_id == admin_user.pk


def test_a_confirmation_of_another_preview_does_not_save(client, admin_user, moved_and_unmoved):
    client.force_login(admin_user)
    data = _post_data(client.get(_change_url()), confirm_calendar="0123456789abcdef")
    assert client.post(_change_url(), data).status_code == 200
    assert not CalendarDay.objects.filter(date=NEW_HOLIDAY).exists()


def test_an_edit_that_moves_no_due_date_is_saved_at_once_and_audited(client, admin_user, agency):
    client.force_login(admin_user)
    response = client.post(_change_url(), _post_data(client.get(_change_url())))
    assert response.status_code == 302
    assert CalendarDay.objects.filter(date=NEW_HOLIDAY).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CALENDAR_CHANGED)
    assert entry.summary.startswith("答复期限改变0件")


def test_the_registered_source_reports_moves_for_a_proposed_calendar(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    days = {
        d.date: (d.kind == CalendarDay.Kind.HOLIDAY, d.name)
        for d in CalendarDay.objects.filter(date__year=2025)
    }
    days[NEW_HOLIDAY] = (True, "测试补休")
    calendar = WorkCalendar.proposed(2025, days)
    moved = calendar_impact.moved_due_dates(calendar, NEW_HOLIDAY, NEW_HOLIDAY)
    assert [(m.label, m.organization) for m in moved] == [(req.tracking_number, str(agency))]
    unchanged = WorkCalendar.proposed(2025, {d: v for d, v in days.items() if d != NEW_HOLIDAY})
    assert calendar_impact.moved_due_dates(unchanged, NEW_HOLIDAY, NEW_HOLIDAY) == []
