"""The clerk's desk in a browser: the applicant sends a 补正 online, the clerk reads it on
the staff request page and replies 部分公开 with two files and a link to a published
document, and the applicant downloads both files from the tracking page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from requests_app import steps
from requests_app.models import RequestEvent, Status
from tests.conftest import make_org, make_staff
from tests.disclosure.files import pdf_bytes
from tests.requests_app.builders import make_request

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = "13912345678"
PASSWORD = "pw-for-tests-123"
CLARIFIED = "所需文件为测发改〔2025〕12号及其附表"


def test_a_clerk_reads_the_clarification_and_replies_with_files_the_applicant_downloads(
    live_server, browser, tmp_path
):
    agency = make_org(name="测试市发展和改革委员会", is_portal_main=True, kind="department")
    clerk = make_staff(agency)
    clerk.first_name = "王五"
    clerk.save()
    today = timezone.localdate()
    req = make_request(agency, clerk, today, phone=PHONE, channel="letter")
    steps.request_clarification(
        req, by=clerk, items=["请写明文件的文号"], reply_by=today + datetime.timedelta(days=14)
    )

    # 1. The applicant finds the request and sends the 补正 online.
    applicant = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
    applicant.set_default_timeout(15_000)
    applicant.goto(f"{live_server.url}/ysqgk/track/")
    applicant.get_by_label("申请编号").fill(req.tracking_number)
    applicant.get_by_label("联系电话或身份证件号码后6位").fill(PHONE)
    applicant.get_by_role("button", name="查询").click()
    applicant.get_by_role("heading", name="请补正申请").wait_for()
    applicant.locator('textarea[name="text"]').fill(CLARIFIED)
    applicant.get_by_role("button", name="提交补正").click()
    applicant.get_by_role("heading", name=f"申请 {req.tracking_number}").wait_for()

    # 2. The clerk opens the request from the dashboard and reads the 补正.
    desk = browser.new_context(locale="zh-CN").new_page()
    desk.set_default_timeout(15_000)
    desk.goto(f"{live_server.url}/admin/login/")
    desk.locator("#id_username").fill(clerk.username)
    desk.locator("#id_password").fill(PASSWORD)
    desk.locator('input[type="submit"]').click()
    desk.goto(f"{live_server.url}/ysqgk/staff/")
    desk.get_by_role("link", name=req.tracking_number).first.click()
    desk.get_by_role("heading", name=f"办理 {req.tracking_number}").wait_for()
    assert CLARIFIED in desk.locator(".clarification-text").inner_text()

    # 3. The reply form shows only what a 部分公开 needs.
    desk.locator("#step-reply > summary").click()
    form = desk.locator("form.reply-form")
    form.locator('select[name="reply_type"]').select_option(label="部分公开")
    assert form.locator('fieldset[data-reply-types="withheld"]').is_hidden()
    assert form.locator('fieldset[data-reply-types="repeated"]').is_hidden()
    assert form.locator('fieldset[data-reply-types="partial"]').is_visible()

    first, second = tmp_path / "清单.pdf", tmp_path / "说明.pdf"
    first.write_bytes(pdf_bytes())
    second.write_bytes(pdf_bytes(pages=2))
    form.locator('input[name="part_1"]').fill("附表中的个人联系方式")
    form.locator('select[name="part_ground_1"]').select_option(label="保护第三方合法权益")
    form.locator('input[name="part_reason_1"]').fill("属于第三方的个人信息")
    form.locator('input[name="file_title_1"]').fill("收费项目清单")
    form.locator('input[name="file_1"]').set_input_files(str(first))
    form.locator('input[name="file_title_2"]').fill("收费标准说明")
    form.locator('input[name="file_2"]').set_input_files(str(second))
    form.locator('input[name="link_title_1"]').fill("测试市行政事业性收费目录")
    form.locator('input[name="link_index_1"]').fill("11370000-2025-00012")
    form.locator('input[name="link_url_1"]').fill("/zcwjk/12/")
    form.get_by_role("button", name="发出").click()
    desk.get_by_text("已答复。").wait_for()
    req.refresh_from_db()
    assert req.status == Status.REPLIED
    assert "收费项目清单" in desk.locator("#files-heading + ul").inner_text()
    desk.context.close()

    # 4. The applicant downloads both files from the tracking page.
    applicant.reload()
    assert "测试市行政事业性收费目录" in applicant.locator("#letters-heading + ul").inner_text()
    for title in ("收费项目清单", "收费标准说明"):
        with applicant.expect_download() as download:
            applicant.get_by_role("link", name=title).click()
        assert download.value.suggested_filename == f"{title}.pdf"
        assert download.value.path().read_bytes().startswith(b"%PDF-")
    applicant.context.close()
    downloads = req.events.filter(kind=RequestEvent.Kind.NOTE, data__has_key="downloaded")
    assert downloads.count() == 2
