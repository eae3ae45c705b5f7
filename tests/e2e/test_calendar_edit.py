"""The supervisor corrects a year of the working-day calendar in the admin: the page shows
which open request's due date the edit moves, and saves only once that is confirmed."""

from __future__ import annotations

import datetime

import pytest

from catalog.models import AuditEntry, CalendarDay, HolidaySchedule
from tests.conftest import make_org, make_staff
from tests.e2e.journeys import log_in
from tests.requests_app.builders import make_request

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

D = datetime.date
NEW_HOLIDAY = D(2025, 10, 20)  # a Monday, a working day in the seeded 2025 calendar


def test_the_supervisor_sees_the_moved_due_date_and_confirms_the_edit(live_server, page):
    agency = make_org(name="测试市发展和改革委员会")
    clerk = make_staff(agency)
    supervisor = make_staff(None, supervisor=True)
    req = make_request(agency, clerk, D(2025, 9, 26))
    assert req.due_on == D(2025, 10, 30)
    schedule = HolidaySchedule.objects.get(year=2025)

    log_in(
        page, f"{live_server.url}/admin/catalog/holidayschedule/{schedule.pk}/change/", supervisor
    )
    blank = page.locator("tr.form-row:not(.has_original):not(.empty-form)").first
    blank.locator('input[name$="-date"]').fill(NEW_HOLIDAY.isoformat())
    blank.locator('select[name$="-kind"]').select_option(CalendarDay.Kind.HOLIDAY)
    blank.locator('input[name$="-name"]').fill("临时调整")
    page.locator('input[name="_save"]').click()

    # The preview: the request, its old and new due date; nothing saved yet.
    row = page.locator("tr", has_text=req.tracking_number)
    assert "2025-10-30" in row.inner_text() and "2025-10-31" in row.inner_text()
    assert not CalendarDay.objects.filter(date=NEW_HOLIDAY).exists()

    page.get_by_label("我已核对上述1件申请的答复期限变化，确认保存").check()
    page.locator('input[name="_save"]').click()
    page.get_by_text("成功修改了").wait_for()
    req.refresh_from_db()
    assert req.due_on == D(2025, 10, 31)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CALENDAR_CHANGED).exists()
