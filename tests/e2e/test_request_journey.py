"""An applicant files a request online, staff register and answer it in the admin, and the
applicant tracks it with the number and phone and downloads the reply letter."""

from __future__ import annotations

import re

import pytest

from config.web import antibot
from config.web.validators import id_check_char
from requests_app.models import InformationRequest, Status
from tests.conftest import make_org, make_staff

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ID17 = "37150219800101123"
PHONE = "13912345678"
PASSWORD = "pw-for-tests-123"


@pytest.fixture(autouse=True)
def _no_bot_timer(monkeypatch):
    # The form refuses submissions faster than a person types; the browser is not a person.
    monkeypatch.setattr(antibot, "MIN_SECONDS", 0)


@pytest.fixture
def agency():
    return make_org(name="聊城市测试局", is_portal_main=True, kind="department")


def test_an_application_is_filed_answered_and_tracked(live_server, page, browser, agency):
    # 1. The applicant files the application online.
    page.goto(f"{live_server.url}/ysqgk/apply/")
    page.locator('select[name="organization"]').select_option(label=agency.name)
    page.get_by_label("自然人").check()
    page.locator('input[name="name"]').fill("李四")
    page.locator('select[name="id_type"]').select_option("resident_id")
    page.locator('input[name="id_number"]').fill(ID17 + id_check_char(ID17))
    page.locator('input[name="phone"]').fill(PHONE)
    page.locator('input[name="email"]').fill("lisi@example.com")
    page.locator('textarea[name="description"]').fill("2025年本市城区老旧小区改造项目清单")
    page.get_by_label("电子", exact=True).check()
    page.get_by_label("网上下载").check()
    page.locator('input[name="consent"]').check()
    page.get_by_role("button", name="提交申请").click()
    page.get_by_role("heading", name="申请已提交").wait_for()
    number = page.locator(".tracking").inner_text().strip()
    assert re.fullmatch(r"YSQ-\d{4}-[2-9A-HJKMNP-Z]{8}", number)
    req = InformationRequest.objects.get(tracking_number=number)
    assert req.status == Status.PENDING

    # 2. A staff member registers it and replies, in the admin, editing the letter.
    staff = make_staff(agency)
    staff_page = browser.new_context(locale="zh-CN").new_page()
    staff_page.set_default_timeout(15_000)
    staff_page.goto(f"{live_server.url}/admin/login/")
    staff_page.locator("#id_username").fill(staff.username)
    staff_page.locator("#id_password").fill(PASSWORD)
    staff_page.locator('input[type="submit"]').click()
    staff_page.goto(f"{live_server.url}/admin/requests_app/informationrequest/{req.pk}/change/")

    staff_page.get_by_role("link", name="登记", exact=True).click()
    staff_page.get_by_role("button", name="生成告知书").click()
    receipt = staff_page.locator('textarea[name="letter_text"]')
    assert number in receipt.input_value() and "现予登记" in receipt.input_value()
    staff_page.get_by_role("button", name="发出").click()
    staff_page.get_by_text("已登记。").wait_for()

    staff_page.get_by_role("link", name="答复", exact=True).click()
    staff_page.locator('select[name="outcome"]').select_option("1")
    staff_page.get_by_role("button", name="生成告知书").click()
    letter = staff_page.locator('textarea[name="letter_text"]')
    assert "申请行政复议" in letter.input_value()
    letter.fill(letter.input_value().replace("现答复如下：", "经检索，现答复如下："))
    staff_page.get_by_role("button", name="发出").click()
    staff_page.get_by_text("已答复。").wait_for()
    req.refresh_from_db()
    assert req.status == Status.REPLIED
    assert "经检索，现答复如下：" in req.attachments.get(letter_kind="reply").text
    staff_page.context.close()

    # 3. The applicant, in a fresh browser, tracks it with the number and phone.
    applicant = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
    applicant.set_default_timeout(15_000)
    applicant.goto(f"{live_server.url}/ysqgk/track/")
    applicant.get_by_label("申请编号").fill(number)
    applicant.get_by_label("联系电话或身份证件号码后6位").fill(PHONE)
    applicant.get_by_role("button", name="查询").click()
    applicant.get_by_role("heading", name=f"申请 {number}").wait_for()
    assert applicant.locator("dd strong").first.inner_text() == "已答复"
    link = applicant.get_by_role("link", name=re.compile("政府信息公开申请答复告知书"))
    with applicant.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    applicant.context.close()
