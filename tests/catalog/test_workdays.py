"""The working-day calendar on the real 2024-2026 schedules, and the fallback for 2027."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from catalog.models import CalendarDay, HolidaySchedule
from catalog.workdays import (
    WorkCalendar,
    add_working_days,
    is_working_day,
    missing_schedule_years,
    working_days_between,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def test_twenty_working_days_from_the_friday_before_national_day_2025():
    # Sun 9-28 and Sat 10-11 are make-up workdays; 10-01..10-08 are holidays.
    assert add_working_days(D(2025, 9, 26), 20) == D(2025, 10, 30)


def test_counting_starts_on_the_next_working_day_day_by_day_around_national_day_2025():
    expected = [
        D(2025, 9, 28),  # Sunday, 调休上班
        D(2025, 9, 29),
        D(2025, 9, 30),
        D(2025, 10, 9),  # after 国庆节 and 中秋节
        D(2025, 10, 10),
        D(2025, 10, 11),  # Saturday, 调休上班
        D(2025, 10, 13),
    ]
    assert [add_working_days(D(2025, 9, 26), n) for n in range(1, 8)] == expected


def test_a_make_up_sunday_before_national_day_2024_is_a_working_day():
    assert add_working_days(D(2024, 9, 27), 1) == D(2024, 9, 29)


def test_national_day_2024_is_skipped():
    assert add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 8)
    assert add_working_days(D(2024, 10, 8), 4) == D(2024, 10, 12)  # Saturday 调休


def test_spring_festival_2025_and_its_make_up_sunday():
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 1, 26)
    assert add_working_days(D(2025, 1, 24), 2) == D(2025, 1, 27)
    assert add_working_days(D(2025, 1, 24), 3) == D(2025, 2, 5)


def test_spring_festival_2026_and_its_make_up_saturday():
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)


def test_zero_working_days_is_the_start_date_itself():
    assert add_working_days(D(2025, 10, 1), 0) == D(2025, 10, 1)


def test_working_days_between_counts_dates_after_start_up_to_and_including_end():
    assert working_days_between(D(2025, 9, 30), D(2025, 10, 11)) == 3
    assert working_days_between(D(2025, 10, 11), D(2025, 9, 30)) == 0


def test_working_days_between_is_the_inverse_of_adding():
    start = D(2026, 9, 18)
    for n in (1, 5, 15, 20):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_holidays_and_make_up_days_are_told_apart():
    calendar = WorkCalendar()
    assert not calendar.day(D(2025, 10, 3)).working
    assert calendar.day(D(2025, 10, 3)).reason == "法定节假日（国庆节）"
    assert calendar.day(D(2025, 10, 6)).reason == "法定节假日（中秋节）"
    assert calendar.day(D(2025, 10, 11)).reason == "调休上班（国庆节）"
    assert calendar.day(D(2025, 10, 12)).reason == "周末"
    assert is_working_day(D(2025, 10, 13))


def test_a_year_without_a_schedule_falls_back_to_monday_to_friday():
    # 2027's notice is not in the calendar yet: 1 October 2027 is a Friday.
    calendar = WorkCalendar()
    assert calendar.add_working_days(D(2027, 9, 30), 1) == D(2027, 10, 1)
    assert calendar.day(D(2027, 10, 1)).assumed
    assert calendar.missing_years(D(2026, 12, 1), D(2027, 1, 31)) == [2027]


def test_staff_are_told_next_years_schedule_is_missing_from_october():
    assert missing_schedule_years(today=D(2026, 11, 25)) == [2027]
    assert missing_schedule_years(today=D(2026, 5, 1)) == []


def test_a_schedule_entered_for_2027_is_used_at_once():
    schedule = HolidaySchedule.objects.create(year=2027, notice="国办发明电〔2026〕X号")
    CalendarDay.objects.create(
        schedule=schedule, date=D(2027, 10, 1), kind="holiday", name="国庆节"
    )
    assert add_working_days(D(2027, 9, 30), 1) == D(2027, 10, 4)
    assert missing_schedule_years(today=D(2026, 11, 25)) == []


def test_a_weekend_cannot_be_entered_as_a_holiday():
    schedule = HolidaySchedule.objects.create(year=2027)
    day = CalendarDay(schedule=schedule, date=D(2027, 10, 2), kind="holiday", name="国庆节")
    with pytest.raises(ValidationError, match="周末本就休息"):
        day.full_clean()


def test_a_weekday_cannot_be_entered_as_a_make_up_workday():
    schedule = HolidaySchedule.objects.create(year=2027)
    day = CalendarDay(schedule=schedule, date=D(2027, 9, 30), kind="workday", name="国庆节")
    with pytest.raises(ValidationError, match="调休上班日应为周六或周日"):
        day.full_clean()


def test_the_seeded_calendar_covers_2004_to_2026():
    years = set(HolidaySchedule.objects.values_list("year", flat=True))
    assert set(range(2004, 2027)) <= years
