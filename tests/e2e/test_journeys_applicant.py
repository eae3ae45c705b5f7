"""An applicant's 补正 round trip in headless Chromium: staff ask for a correction in the
admin, the applicant finds the request with the number and phone, sees 待补正 and what to
add, finds the 登记回执, downloads the 补正告知书 and answers online; once staff reply, the
tracking page says 已答复 and offers the reply letter.

Filing online, registering and replying in the admin are covered by test_request_journey;
here registering and the reply are set up through the workflow functions.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from requests_app import steps
from requests_app.models import InformationRequest, Status
from requests_app.outcomes import Outcome
from tests.conftest import make_org, make_staff
from tests.e2e.journeys import log_in, new_page
from tests.requests_app.builders import applicant_fields

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = "13812345678"  # applicant_fields'
ITEMS = ["请写明所需信息的年份范围", "请写明老旧小区改造项目所在的街道"]
CORRECTION = "2023年至2025年，东昌府区古楼街道的老旧小区改造项目清单。"


def test_staff_ask_for_a_correction_and_the_applicant_answers_it_online_until_the_reply(
    live_server, page, browser
):
    agency = make_org(name="聊城市住房和城乡建设局", slug="lcszjj")
    staff = make_staff(agency)
    req = steps.submit_online(
        agency,
        idempotency_key="e2e-clarification",
        **applicant_fields(
            channel=InformationRequest.Channel.ONLINE,
            delivery=InformationRequest.Delivery.DOWNLOAD,
            description="老旧小区改造项目清单",
        ),
    )
    req = steps.register(req, by=staff)
    number = req.tracking_number

    # 1. Staff send the 补正通知 from the request's page in the admin.
    log_in(page, f"{live_server.url}/admin/", staff)
    page.get_by_role("link", name="政府信息公开申请", exact=True).click()
    page.get_by_role("link", name=number).click()
    page.get_by_role("link", name="补正通知", exact=True).click()
    page.locator('textarea[name="items"]').fill("\n".join(ITEMS))
    reply_by = timezone.localdate() + datetime.timedelta(days=15)
    page.locator('input[name="reply_by"]').fill(reply_by.isoformat())
    page.get_by_role("button", name="生成告知书").click()
    letter = page.locator('textarea[name="letter_text"]')
    assert all(item in letter.input_value() for item in ITEMS)
    page.get_by_role("button", name="发出").click()
    page.get_by_text(f"{number}：已补正通知。").wait_for()

    # 2. The applicant follows the request from the 依申请公开 page.
    applicant = new_page(browser, accept_downloads=True)
    applicant.goto(f"{live_server.url}/")
    applicant.get_by_role("navigation", name="网站导航").get_by_role(
        "link", name="依申请公开"
    ).click()
    applicant.get_by_role("link", name="查询办理进度").click()
    applicant.get_by_label("申请编号").fill(number)
    applicant.get_by_label("联系电话或身份证件号码后6位").fill(PHONE)
    applicant.get_by_role("button", name="查询").click()
    applicant.get_by_role("heading", name=f"申请 {number}").wait_for()
    status = applicant.locator("dd strong").first
    assert status.inner_text() == "待补正"
    box = applicant.get_by_role("region", name="请补正申请")
    assert all(item in box.inner_text() for item in ITEMS)
    assert f"请于 {reply_by:%Y年%-m月%-d日} 前提交补正。" in box.inner_text()

    letters = applicant.get_by_role("region", name="告知书和答复材料")
    assert "政府信息公开申请登记回执" in letters.inner_text()
    with applicant.expect_download() as download:
        letters.get_by_role("link", name=re.compile("补正告知书")).click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    applicant.get_by_label("补正内容").fill(CORRECTION)
    applicant.get_by_role("button", name="提交补正").click()
    applicant.get_by_role("region", name="请补正申请").wait_for(state="detached")
    assert status.inner_text() == "已登记"
    progress = applicant.get_by_role("region", name="办理过程").inner_text()
    assert "补正通知" in progress and "补正收到" in progress
    req.refresh_from_db()
    assert req.events.get(kind="clarification_received").data["text"] == CORRECTION

    # 3. Staff reply (through the workflow); the applicant's page shows it.
    steps.reply(req, by=staff, outcome=Outcome.DISCLOSED)
    applicant.reload()
    assert status.inner_text() == Status.REPLIED.label
    with applicant.expect_download() as download:
        letters.get_by_role("link", name=re.compile("政府信息公开申请答复告知书")).click()
    assert download.value.suggested_filename.endswith(".pdf")
    applicant.context.close()
