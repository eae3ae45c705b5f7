"""回应关切 in headless Chromium: staff record a serious concern in the admin and see its
5-hour and 24-hour clocks, answer it, the agency's reviewer publishes the response, and a
reader finds it on the agency's 回应关切 page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.conftest import make_org, make_staff
from tests.e2e.journeys import log_in, new_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TOPIC = "网传城区自来水出现异味"


def test_staff_answer_a_serious_concern_and_readers_find_the_response(live_server, page, browser):
    agency = make_org(name="聊城市城市管理局", slug="cgj")
    staff = make_staff(agency)
    learned = timezone.localtime() - datetime.timedelta(hours=6)

    # Staff record the concern: the admin shows its clocks, the 5-hour one already missed.
    log_in(page, f"{live_server.url}/admin/library/concern/add/", staff)
    if page.locator("#id_organization").count():
        page.locator("#id_organization").select_option(label=agency.name)
    page.locator("#id_topic").fill(TOPIC)
    page.locator("#id_source").select_option(label="网络")
    page.locator("#id_learned_at_0").fill(learned.strftime("%Y-%m-%d"))
    page.locator("#id_learned_at_1").fill(learned.strftime("%H:%M:%S"))
    page.locator("#id_seriousness").select_option(index=0)
    page.locator('input[name="_continue"]').click()
    page.locator(".messagelist .success").wait_for()
    limits = page.locator(".field-time_limits").inner_text()
    assert "已超时" in limits

    # The response, then submitted for review.
    now = timezone.localtime()
    page.locator("#id_response").fill("经检测，城区供水水质符合国家标准，异味系管网冲洗所致。")
    page.locator("#id_channel").fill("门户网站、政务新媒体")
    page.locator("#id_responded_at_0").fill(now.strftime("%Y-%m-%d"))
    page.locator("#id_responded_at_1").fill(now.strftime("%H:%M:%S"))
    page.locator("#id_press_conference_at_0").fill(now.strftime("%Y-%m-%d"))
    page.locator("#id_press_conference_at_1").fill(now.strftime("%H:%M:%S"))
    page.locator('input[name="_save"]').click()
    page.locator(".messagelist .success").wait_for()
    row = page.locator("#result_list tbody tr", has_text=TOPIC)
    row.locator("input.action-select").check()
    page.locator('select[name="action"]').select_option(label="提交审核")
    page.get_by_role("button", name="执行").click()
    page.locator(".messagelist li").first.wait_for()

    # The agency's reviewer publishes it.
    reviewer = make_staff(agency, reviewer=True, username="cgj-reviewer")
    approving = new_page(browser)
    log_in(approving, f"{live_server.url}/admin/library/concern/", reviewer)
    approving.locator("#result_list tbody tr", has_text=TOPIC).locator(
        "input.action-select"
    ).check()
    approving.locator('select[name="action"]').select_option(label="审核通过并发布")
    approving.get_by_role("button", name="执行").click()
    approving.locator(".messagelist li").first.wait_for()
    approving.context.close()

    # A reader finds the response on the agency's 回应关切 page.
    reader = new_page(browser)
    reader.goto(f"{live_server.url}/xxgk/cgj/hygq/")
    text = reader.locator("main").inner_text()
    assert TOPIC in text and "管网冲洗所致" in text
    reader.context.close()
