"""Every monthly figure against hand-counted records, the yearly rows the website annual
report reads, the site check's unanswered items and the 60-day alarm."""

import datetime
from decimal import Decimal

import pytest

from disclosure.mailbox import figures
from disclosure.mailbox.models import Letter, Rating
from disclosure.publishing import site_figures
from tests.disclosure.mailbox.builders import make_error_report, make_letter

D = datetime.date
S = Letter.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def march(org, other_org):
    """March 2025 of one agency, counted by hand:

    1. received 3-03, answered 3-05 (2 working days, 2 calendar), published, 满意
    2. received 3-07 (Fri), answered 3-12 (3 working days, 5 calendar), 不满意
    3. received 3-10, referred to 信访 3-10 (0 days), 基本满意
    4. received 3-20, still 待办理
    5. received 3-21, invalid: not counted
    6. received 2-27, answered 3-04 (3 working days, 5 calendar), not rated
    7. received 3-28, answered 4-01: received in March, closed in April
    And one letter of the other agency in March (not in this agency's row).
    """
    make_letter(
        org,
        received_on=D(2025, 3, 3),
        status=S.ANSWERED,
        replied_on=D(2025, 3, 5),
        may_publish=True,
        published=True,
        published_on=D(2025, 3, 6),
        rating=Rating.SATISFIED,
    )
    make_letter(
        org,
        received_on=D(2025, 3, 7),
        status=S.ANSWERED,
        replied_on=D(2025, 3, 12),
        rating=Rating.UNSATISFIED,
    )
    make_letter(
        org,
        received_on=D(2025, 3, 10),
        status=S.REFERRED,
        replied_on=D(2025, 3, 10),
        rating=Rating.FAIRLY,
    )
    make_letter(org, received_on=D(2025, 3, 20), status=S.ACCEPTED)
    make_letter(org, received_on=D(2025, 3, 21), status=S.INVALID)
    make_letter(org, received_on=D(2025, 2, 27), status=S.ANSWERED, replied_on=D(2025, 3, 4))
    make_letter(org, received_on=D(2025, 3, 28), status=S.ANSWERED, replied_on=D(2025, 4, 1))
    make_letter(other_org, received_on=D(2025, 3, 5), status=S.PENDING)
    return figures.figures([org, other_org], *figures.period_of(2025, 3))


def test_received_counts_the_valid_letters_received_in_the_month(march):
    assert march[0].received == 5  # 1, 2, 3, 4, 7
    assert march[1].received == 1
    assert march[2].received == 6  # the total


def test_closed_counts_replies_and_referrals_in_the_month(march):
    assert march[0].closed == 4  # 1, 2, 3, 6


def test_the_answer_rate_is_the_share_of_the_month_s_letters_closed_by_now(march):
    assert march[0].answer_rate == Decimal("80.0")  # 4 of 5 (1, 2, 3, 7)
    assert march[1].answer_rate == Decimal("0.0")


def test_the_average_handling_time_in_working_and_calendar_days(march):
    assert march[0].average_working_days == Decimal("2.0")  # (2 + 3 + 0 + 3) / 4
    assert march[0].average_calendar_days == Decimal("3.0")  # (2 + 5 + 0 + 5) / 4


def test_published_replies_of_the_month(march):
    assert march[0].published == 1


def test_satisfaction_among_rated_letters(march):
    assert march[0].rated == 3
    assert march[0].satisfaction == Decimal("66.7")  # 满意 + 基本满意 of 3 rated


def test_a_month_without_letters_has_no_rates(org):
    row = figures.figures([org], *figures.period_of(2025, 1))[0]
    assert (row.received, row.answer_rate, row.average_working_days, row.satisfaction) == (
        0,
        None,
        None,
        None,
    )


def test_the_website_annual_report_reads_the_yearly_figures(march, org):
    assert site_figures.figure(site_figures.MESSAGES_RECEIVED, 2025, [org]) == 6  # + 2-27
    assert site_figures.figure(site_figures.MESSAGES_CLOSED, 2025, [org]) == 5
    assert site_figures.figure(site_figures.MESSAGES_PUBLISHED, 2025, [org]) == 1
    # Working days: (2 + 3 + 0 + 3 + 2) / 5; 3-28 (Fri) to 4-01 is 2 working days.
    assert site_figures.figure(site_figures.MESSAGES_AVERAGE_DAYS, 2025, [org]) == Decimal("2.0")


def test_the_error_report_counts_of_the_year(org):
    make_error_report(org, received_on=D(2025, 3, 3), handled_on=D(2025, 3, 5))  # on time
    make_error_report(org, received_on=D(2025, 3, 3), handled_on=D(2025, 3, 20))  # late
    make_error_report(org, received_on=D(2025, 12, 30))  # open
    make_error_report(org, received_on=D(2024, 12, 30), handled_on=D(2025, 1, 2))  # on time
    assert site_figures.figure(site_figures.ERROR_REPORTS_RECEIVED, 2025, [org]) == 3
    assert site_figures.figure(site_figures.ERROR_REPORTS_HANDLED, 2025, [org]) == 3
    assert site_figures.figure(site_figures.ERROR_REPORTS_ON_TIME, 2025, [org]) == 2


def test_the_site_check_sees_valid_unanswered_letters_by_code_never_by_name(org):
    waiting = make_letter(org, received_on=D(2025, 3, 3), status=S.ACCEPTED)
    make_letter(org, received_on=D(2025, 3, 3), status=S.INVALID)
    make_letter(org, received_on=D(2025, 3, 3), status=S.ANSWERED, replied_on=D(2025, 3, 4))
    items = [i for i in site_figures.unanswered([org], D(2025, 6, 30)) if "网上留言" in i.label]
    assert [i.label for i in items] == [f"网上留言 {waiting.code}"]
    assert "张建国" not in items[0].label and items[0].days(D(2025, 6, 30)) == 119


def test_the_alarm_lists_valid_letters_unanswered_sixty_days_or_more(org):
    today = D(2025, 6, 30)
    old = make_letter(org, received_on=today - datetime.timedelta(days=60))
    make_letter(org, received_on=today - datetime.timedelta(days=59))
    make_letter(org, received_on=D(2025, 1, 2), status=S.INVALID)
    make_letter(org, received_on=D(2025, 1, 2), status=S.REFERRED, replied_on=D(2025, 1, 3))
    assert list(figures.alarm_letters([org], today)) == [old]
