"""Due dates day by day on the real 2025 calendar (国庆节 and 中秋节 2025-10-01..08,
make-up workdays Sunday 2025-09-28 and Saturday 2025-10-11)."""

import datetime

import pytest

from catalog.models import CalendarDay, HolidaySchedule
from requests_app import deadlines, steps
from tests.requests_app.builders import make_request

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_request_received_before_national_day_is_due_twenty_working_days_later(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    assert req.due_on == D(2025, 10, 30)


def test_the_count_uses_the_make_up_workdays_and_skips_the_holiday_day_by_day(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    explanation = deadlines.explain(req)
    assert [line.date for line in explanation.counted_days] == [
        D(2025, 9, 28),  # Sunday, 调休上班
        D(2025, 9, 29),
        D(2025, 9, 30),
        D(2025, 10, 9),
        D(2025, 10, 10),
        D(2025, 10, 11),  # Saturday, 调休上班
        *[D(2025, 10, d) for d in (13, 14, 15, 16, 17)],
        *[D(2025, 10, d) for d in (20, 21, 22, 23, 24)],
        *[D(2025, 10, d) for d in (27, 28, 29, 30)],
    ]
    skipped = {line.date: line.info.reason for line in explanation.skipped_days}
    assert skipped[D(2025, 9, 27)] == "周末"
    assert skipped[D(2025, 10, 1)] == "法定节假日（国庆节）"
    assert all(D(2025, 10, d) in skipped for d in range(1, 9))
    assert explanation.missing_years == []


def test_clarification_restarts_the_limit_from_the_corrected_application(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 25))
    req = steps.request_clarification(
        req, by=staff, items=["请写明文件名称或文号"], reply_by=D(2025, 10, 20), on=D(2025, 9, 29)
    )
    assert req.due_on is None  # unknown until the corrected application arrives
    req = steps.receive_clarification(req, by=staff, on=D(2025, 10, 10))
    # 20 working days from Friday 2025-10-10: the days before the notice are not kept.
    assert req.due_on == D(2025, 11, 6)
    explanation = deadlines.explain(req)
    assert explanation.restart == {
        "notice_on": D(2025, 9, 29),
        "received_on": D(2025, 10, 10),
        "days_dropped": 3,  # 9-26, 9-28 (调休), 9-29
    }
    assert explanation.counted_days[0].date == D(2025, 10, 11)
    assert explanation.counted_days[-1].date == D(2025, 11, 6)


def test_a_third_party_consultation_spanning_the_holiday_stops_the_clock(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 22))
    assert req.due_on == D(2025, 10, 24)
    req = steps.consult_third_party(req, by=staff, party="某某有限公司", on=D(2025, 9, 26))
    # Until the opinion arrives the stop is assumed to last the full 15 working days
    # (to 2025-10-23), so the 15 days are added back: 2025-10-24 + 15 = 2025-11-14.
    assert req.due_on == D(2025, 11, 14)
    req = steps.receive_third_party_opinion(
        req, by=staff, on=D(2025, 10, 15), opinion="不同意公开", agrees=False
    )
    # Stopped: 9-28, 9-29, 9-30, 10-9, 10-10, 10-11, 10-13, 10-14, 10-15 (9 working days).
    assert req.due_on == D(2025, 11, 6)
    explanation = deadlines.explain(req)
    assert [s.working_days for s in explanation.stops] == [9]
    assert [line.date for line in explanation.counted_days][3:6] == [
        D(2025, 9, 26),
        D(2025, 10, 16),
        D(2025, 10, 17),
    ]
    assert D(2025, 10, 1) in [line.date for line in explanation.stopped_days]


def test_a_late_third_party_opinion_stops_the_clock_only_to_its_fifteen_day_deadline(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 22))
    req = steps.consult_third_party(req, by=staff, party="某某有限公司", on=D(2025, 9, 26))
    req = steps.receive_third_party_opinion(req, by=staff, on=D(2025, 10, 28))
    assert req.due_on == D(2025, 11, 14)
    assert deadlines.explain(req).stops[0].end == D(2025, 10, 23)


def test_consulting_another_agency_stops_the_clock_until_its_opinion(agency, staff):
    req = make_request(agency, staff, D(2025, 11, 3))
    assert req.due_on == D(2025, 12, 1)
    req = steps.consult_other_agency(req, by=staff, agency="测试市财政局", on=D(2025, 11, 5))
    assert req.due_on is None  # no end known: the clock waits for the opinion
    req = steps.receive_agency_opinion(req, by=staff, on=D(2025, 11, 12), opinion="可以公开")
    # 11-06, 07, 10, 11, 12 not counted: 2025-12-01 + 5 working days.
    assert req.due_on == D(2025, 12, 8)


def test_an_approved_extension_adds_twenty_working_days(agency, staff, head):
    req = make_request(agency, staff, D(2025, 9, 26))
    req = steps.extend(
        req, by=staff, approver=head, days=20, reason="需要调取档案", on=D(2025, 10, 27)
    )
    assert req.due_on == D(2025, 11, 27)
    assert deadlines.explain(req).extension["days"] == 20


def test_a_fee_notice_stops_the_clock_until_payment(agency, staff):
    req = make_request(agency, staff, D(2025, 11, 3), form="paper", delivery="post")
    assert req.due_on == D(2025, 12, 1)
    fee = steps.issue_fee_notice(req, by=staff, method="per_page", pages=200, on=D(2025, 11, 10))
    assert fee.amount_due == 2700
    assert fee.pay_by == D(2025, 12, 8)
    req = steps.record_payment(req, by=staff, on=D(2025, 11, 14))
    # 11-11..11-14 (4 working days) not counted.
    assert req.due_on == D(2025, 12, 5)


def test_a_reasonable_later_date_under_article_35_replaces_the_computed_date(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    req = steps.set_reasonable_date(
        req,
        by=staff,
        date=D(2025, 12, 31),
        reason="申请涉及近十年的全部审批档案",
        on=D(2025, 10, 9),
    )
    assert req.due_on == D(2025, 12, 31)
    assert deadlines.explain(req).computed_on == D(2025, 10, 30)


def test_a_year_without_a_holiday_schedule_is_reported_in_the_explanation(agency, staff, head):
    req = make_request(agency, staff, D(2026, 11, 20))
    req = steps.extend(req, by=staff, approver=head, days=20, reason="需要协调", on=D(2026, 11, 25))
    # 2027 has no schedule yet: Monday-Friday is assumed, so 2027-01-01 (Friday) counts.
    assert req.due_on == D(2027, 1, 15)
    explanation = deadlines.explain(req)
    assert explanation.missing_years == [2027]
    new_year = next(line for line in explanation.days if line.date == D(2027, 1, 1))
    assert new_year.counted and new_year.info.assumed


def test_due_dates_follow_a_correction_of_the_holiday_calendar(
    agency, staff, django_capture_on_commit_callbacks
):
    req = make_request(agency, staff, D(2025, 9, 26))
    assert req.due_on == D(2025, 10, 30)
    with django_capture_on_commit_callbacks(execute=True):
        day = CalendarDay.objects.create(
            schedule=HolidaySchedule.objects.get(year=2025),
            date=D(2025, 10, 20),
            kind=CalendarDay.Kind.HOLIDAY,
            name="测试补休",
        )
    req.refresh_from_db()
    assert req.due_on == D(2025, 10, 31)
    with django_capture_on_commit_callbacks(execute=True):
        day.delete()
    req.refresh_from_db()
    assert req.due_on == D(2025, 10, 30)


def test_recomputing_open_due_dates_leaves_closed_requests_alone(agency, staff):
    open_req = make_request(agency, staff, D(2025, 9, 26))
    closed = make_request(agency, staff, D(2025, 9, 26))
    closed = steps.reply(closed, by=staff, outcome="1", on=D(2025, 10, 9), details={})
    CalendarDay.objects.filter(date=D(2025, 10, 11)).delete()  # outside on_commit: no signal run
    assert deadlines.recompute_open_due_dates() == 1
    open_req.refresh_from_db()
    closed.refresh_from_db()
    assert open_req.due_on == D(2025, 10, 31)
    assert closed.due_on == D(2025, 10, 30)


def test_closing_for_no_clarification_is_not_taken_for_a_corrected_application(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 25))
    req = steps.request_clarification(
        req, by=staff, items=["文号"], reply_by=D(2025, 10, 20), on=D(2025, 9, 26)
    )
    req = steps.close_for_no_clarification(req, by=staff, on=D(2025, 10, 21))
    explanation = deadlines.explain(req)
    assert explanation.restart is None
    assert explanation.clarification_pending["reply_by"] == D(2025, 10, 20)
    assert req.due_on is None
