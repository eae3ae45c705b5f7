"""The annual report's request figures (tables 三 and 四, fees) and the performance page."""

import datetime
from decimal import Decimal

import pytest

from requests_app import stats, steps
from requests_app.models import InformationRequest, ReviewCase
from requests_app.outcomes import ApplicantCategory, Outcome
from tests.requests_app.year_builder import (
    COLUMNS,
    close,
    register,
    reply,
)

D = datetime.date
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_letters")]

P, B, R, N, LEGAL, OTHER = COLUMNS  # 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他


def by_column(*numbers: int) -> dict[str, int]:
    return dict(zip(COLUMNS, numbers, strict=True))


@pytest.fixture
def year(built_year):
    return built_year[2]


@pytest.fixture
def year_agency(built_year):
    """The agency of the 2024 year of requests (``year``)."""
    return built_year[0]


def test_table_three_counts_every_request_once_in_its_row_and_column(year_agency, year):
    figures = stats.request_figures(year_agency, 2024)

    assert figures.new == by_column(4, 4, 4, 3, 3, 3)
    assert figures.new_total == 21
    assert figures.carried_in == by_column(1, 1, 0, 0, 0, 0)
    assert figures.carried_in_total == 2
    for index, outcome in enumerate(Outcome.values):
        expected = dict.fromkeys(COLUMNS, 0)
        expected[COLUMNS[index % 6]] = 1
        assert figures.closed[outcome] == expected, Outcome(outcome).label
        assert figures.closed_row_totals[outcome] == 1
    assert figures.closed_column_totals == by_column(4, 4, 4, 3, 3, 3)
    assert figures.closed_total == 21
    assert figures.carried_out == by_column(1, 1, 0, 0, 0, 0)
    assert figures.carried_out_total == 2


def test_the_year_before_and_after_see_the_carried_requests(year_agency, year):
    before = stats.request_figures(year_agency, 2023)
    assert before.carried_out == by_column(1, 1, 0, 0, 0, 0)  # （一）（二） received Dec 2023
    assert before.closed_total == 1  # the request of March 2023
    after = stats.request_figures(year_agency, 2025)
    assert after.carried_in == by_column(1, 1, 0, 0, 0, 0)
    assert after.closed[Outcome.DISCLOSED][P] == 1  # answered on 6 January 2025
    assert after.carried_out == by_column(0, 1, 1, 0, 0, 0)  # still open, received 2025


def test_a_request_withdrawn_for_no_clarification_counts_in_the_year_it_was_closed(agency, staff):
    req = register(agency, staff, P, D(2024, 12, 20))
    req = steps.request_clarification(
        req, by=staff, items=["请写明文号"], reply_by=D(2024, 12, 31), on=D(2024, 12, 23)
    )
    steps.close_for_no_clarification(req, by=staff, on=D(2025, 1, 3))

    assert stats.request_figures(agency, 2024).carried_out[P] == 1
    next_year = stats.request_figures(agency, 2025)
    assert next_year.carried_in[P] == 1
    assert next_year.closed[Outcome.NO_CLARIFICATION][P] == 1
    assert next_year.carried_out_total == 0


def test_a_request_of_an_unknown_column_still_counts_in_the_totals(agency, staff):
    req = register(agency, staff, B, D(2024, 3, 4))
    InformationRequest.objects.filter(pk=req.pk).update(organization_kind="unknown")

    figures = stats.request_figures(agency, 2024)

    assert sum(figures.new.values()) == 0
    assert figures.new_total == 1


def test_review_cases_count_in_the_year_filed_by_result_as_of_31_december(year_agency, year):
    figures = stats.review_figures(year_agency, 2024)

    K, Res = ReviewCase.Kind, ReviewCase.Result
    assert figures[K.REVIEW] == {Res.UPHELD: 1, Res.CORRECTED: 1, Res.OTHER: 0, Res.PENDING: 0}
    assert figures[K.LITIGATION] == {Res.UPHELD: 0, Res.CORRECTED: 0, Res.OTHER: 1, Res.PENDING: 0}
    assert figures[K.LITIGATION_AFTER_REVIEW] == {
        Res.UPHELD: 0,
        Res.CORRECTED: 0,
        Res.OTHER: 0,
        Res.PENDING: 1,  # concluded only in February 2025
    }
    assert stats.review_figures(year_agency, 2023)[K.REVIEW][Res.UPHELD] == 1


def test_fee_figures_count_the_notices_sent_and_the_fees_collected(year_agency, year):
    fees = stats.fee_figures(year_agency, 2024)

    # 200 pages unpaid (2,700 元) and 50 pages paid (200 元); the fee waived in full sends
    # no notice.
    assert fees.notices == 2
    assert fees.notices_amount == Decimal("2900.00")
    assert fees.collected == 1
    assert fees.collected_amount == Decimal("200.00")


def test_performance_shows_working_days_the_limit_and_how_often_the_clock_changed(
    agency, staff, head
):
    # Received Mon 4 March 2024 (due 1 April: 20 working days, 清明 4-6 April off, Sunday
    # 7 April worked); replied after 5, 10, 28 (extended by 10) and 29 working days (late);
    # one closed for no 补正.
    received = D(2024, 3, 4)
    reply(register(agency, staff, P, received), staff, Outcome.DISCLOSED, D(2024, 3, 11))
    reply(register(agency, staff, B, received), staff, Outcome.NOT_HELD, D(2024, 3, 18))
    extended = steps.extend(
        register(agency, staff, R, received),
        by=staff,
        approver=head,
        days=10,
        reason="需调取档案",
        on=D(2024, 3, 20),
    )
    reply(extended, staff, Outcome.DISCLOSED, D(2024, 4, 12))
    late = reply(register(agency, staff, N, received), staff, Outcome.DISCLOSED, D(2024, 4, 15))
    assert late.due_on == D(2024, 4, 1)
    close(agency, staff, OTHER, Outcome.NO_CLARIFICATION, D(2024, 5, 6), D(2024, 6, 3))

    p = stats.performance(agency, 2024)

    assert (p.received, p.closed, p.replied) == (5, 5, 4)
    assert p.median_working_days == 19.0  # 5, 10, 28, 29
    assert (p.within_limit, p.within_limit_share) == (3, 75.0)
    assert (p.extended, p.clarified, p.stopped) == (1, 1, 0)
    assert p.by_month[2] == 4 and p.by_month[4] == 1 and sum(p.by_month) == 5
    mix = {o["heading"]: o["count"] for o in p.outcomes}
    assert mix == {"（一）": 3, "（二）": 0, "（三）": 0, "（四）": 1, "（五）": 0, "（六）": 1}


def test_the_figures_take_a_constant_number_of_queries(
    agency, staff, django_assert_max_num_queries
):
    for day in range(1, 6):
        req = register(agency, staff, ApplicantCategory.PERSON, D(2024, 4, day))
        reply(req, staff, Outcome.DISCLOSED, D(2024, 4, 20))
    with django_assert_max_num_queries(4):
        stats.request_figures(agency, 2024)
    with django_assert_max_num_queries(1):
        stats.review_figures(agency, 2024)
    with django_assert_max_num_queries(2):
        stats.fee_figures(agency, 2024)
