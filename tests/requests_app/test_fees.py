"""The 信息处理费 tiers of 国办函〔2020〕109号, both methods, progressive."""

from decimal import Decimal

import pytest

from requests_app import fees
from requests_app.fees import per_page_fee, per_request_fee, quote


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_the_per_page_fee_prices_each_tier_only_for_the_pages_inside_it(pages, fee):
    assert per_page_fee(pages) == Decimal(fee)


@pytest.mark.parametrize(
    ("nth", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (35, 200), (40, 200), (41, 300), (51, 400)],
)
def test_the_per_request_fee_rises_by_100_yuan_every_ten_requests_from_the_31st(nth, fee):
    assert per_request_fee(nth) == Decimal(fee)


def test_the_per_page_calculation_is_written_out_for_the_fee_notice():
    assert quote("per_page", 200).calculation == "70页×10元/页＋100页×20元/页"


def test_the_per_request_calculation_names_the_request_of_the_month():
    assert quote("per_request", 35).calculation == "本月第35件，200元/件"


def test_the_notice_states_the_per_request_tiers_in_the_words_of_109():
    assert fees.standard_text(fees.FeeMethod.PER_REQUEST) == (
        "同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的部分，"
        "收费标准为100元/件；31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件"
    )


def test_the_notice_states_the_per_page_tiers_in_the_words_of_109():
    assert fees.standard_text(fees.FeeMethod.PER_PAGE) == (
        "同一政府信息公开申请中，30页以下（含30页）的，不收费；31—100页（含100页）的部分，"
        "收费标准为10元/页；101—200页（含200页）的部分，收费标准为20元/页；"
        "201页以上的部分，收费标准为40元/页"
    )
