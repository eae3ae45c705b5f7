"""The whole desk in a browser, one request from the applicant's form to table 四:

online application → registration (a date before the submission refused) → 补正 read by
the clerk → third-party consultation → extension requested by the clerk and approved by
the head on the head's queue → reply 部分公开 with two files and a link to a published
document → the applicant downloads both files from the tracking page → 行政复议 filed and
its result recorded → the annual report's table 四 shows the result.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from config.web import antibot
from config.web.validators import id_check_char
from requests_app.models import InformationRequest, RequestEvent, ReviewCase, Status
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document
from tests.disclosure.files import pdf_bytes
from tests.e2e.journeys import log_in, new_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

K = RequestEvent.Kind
ID17 = "37150219800101123"
PHONE = "13912345678"
CLARIFIED = "所需文件为测发改〔2025〕12号及其附表"


@pytest.fixture(autouse=True)
def _no_bot_timer(monkeypatch):
    # The form refuses submissions faster than a person types; the browser is not a person.
    monkeypatch.setattr(antibot, "MIN_SECONDS", 0)


def _step(desk, slug: str):
    """Open one step's form on the staff request page."""
    desk.locator(f"#step-{slug} > summary").click()
    return desk.locator(f"#step-{slug} form")


def _track(page, url: str, number: str):
    page.goto(f"{url}/ysqgk/track/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("联系电话或身份证件号码后6位").fill(PHONE)
    page.get_by_role("button", name="查询").click()
    page.get_by_role("heading", name=f"申请 {number}").wait_for()


def test_one_request_goes_through_the_whole_desk_to_table_four(live_server, browser, tmp_path):
    agency = make_org(name="测试市发展和改革委员会", is_portal_main=True, kind="department")
    clerk, head = make_staff(agency), make_staff(agency, approver=True)
    published = publish_document(
        make_document(agency, title="测试市行政事业性收费目录清单", theme="综合政务", genre="通知"),
        on=datetime.date(2025, 3, 5),
    )
    today = timezone.localdate()
    url = live_server.url

    # 1. The applicant files the application online.
    applicant = new_page(browser, accept_downloads=True)
    applicant.goto(f"{url}/ysqgk/apply/")
    applicant.locator('select[name="organization"]').select_option(label=agency.name)
    applicant.get_by_label("自然人").check()
    applicant.locator('input[name="name"]').fill("李四")
    applicant.locator('select[name="id_type"]').select_option("resident_id")
    applicant.locator('input[name="id_number"]').fill(ID17 + id_check_char(ID17))
    applicant.locator('input[name="phone"]').fill(PHONE)
    applicant.locator('textarea[name="description"]').fill("本委2025年行政事业性收费项目及标准")
    applicant.get_by_label("电子", exact=True).check()
    applicant.get_by_label("网上下载").check()
    applicant.locator('input[name="consent"]').check()
    applicant.get_by_role("button", name="提交申请").click()
    applicant.get_by_role("heading", name="申请已提交").wait_for()
    number = applicant.locator(".tracking").inner_text().strip()
    req = InformationRequest.objects.get(tracking_number=number)

    # 2. The clerk registers it from the dashboard; a date before the submission is refused.
    desk = new_page(browser)
    log_in(desk, f"{url}/ysqgk/staff/", clerk)
    desk.get_by_role("link", name=number).first.click()
    desk.get_by_role("heading", name=f"办理 {number}").wait_for()
    form = _step(desk, "register")
    form.locator('input[name="on"]').fill((today - datetime.timedelta(days=1)).isoformat())
    form.get_by_role("button", name="发出").click()
    desk.get_by_text("收到申请日期不能早于网上提交日期").wait_for()
    assert InformationRequest.objects.get(pk=req.pk).status == Status.PENDING
    form = desk.locator("#step-register form")
    form.locator('input[name="on"]').fill(today.isoformat())
    form.get_by_role("button", name="发出").click()
    desk.get_by_text("已登记。").wait_for()

    # 3. The clerk asks for a 补正; the applicant sends it online; the clerk reads it.
    form = _step(desk, "clarify")
    form.locator('textarea[name="items"]').fill("请写明所需文件的文号")
    form.locator('input[name="reply_by"]').fill((today + datetime.timedelta(days=15)).isoformat())
    form.get_by_role("button", name="发出").click()
    desk.get_by_text("已补正通知。").wait_for()
    _track(applicant, url, number)
    applicant.locator('textarea[name="text"]').fill(CLARIFIED)
    applicant.get_by_role("button", name="提交补正").click()
    applicant.get_by_role("heading", name=f"申请 {number}").wait_for()
    desk.reload()
    assert CLARIFIED in desk.locator(".clarification-text").inner_text()

    # 4. A third party is consulted, and its opinion recorded.
    form = _step(desk, "third-party")
    form.locator('input[name="party"]').fill("测试市某某收费服务有限公司")
    form.locator('input[name="concern"]').fill("涉及贵单位的商业秘密")
    form.get_by_role("button", name="发出").click()
    desk.get_by_text("已征求第三方意见。").wait_for()
    assert InformationRequest.objects.get(pk=req.pk).status == Status.CONSULTATION
    form = _step(desk, "third-party-opinion")
    form.locator('textarea[name="opinion"]').fill("附表中的个人联系方式不同意公开，其余同意。")
    form.get_by_role("button", name="确定").click()
    desk.get_by_text("已登记第三方意见。").wait_for()

    # 5. The clerk asks for an extension; it takes effect when the head approves it.
    form = _step(desk, "extend")
    form.locator('input[name="days"]').fill("10")
    form.locator('input[name="reason"]').fill("所申请的信息涉及第三方，需要核实")
    form.get_by_role("button", name="确定").click()
    desk.get_by_text("已申请延期。").wait_for()
    assert not req.events.filter(kind=K.EXTENDED).exists()
    boss = new_page(browser)
    log_in(boss, f"{url}/ysqgk/staff/", head)
    boss.get_by_role("link", name="待审批事项（1）").click()
    item = boss.get_by_role("article", name=f"延期答复：{number}")
    item.get_by_role("button", name="同意", exact=True).click()
    boss.get_by_text(f"{number}：已同意延期答复，告知书已发出。").wait_for()
    assert (K.EXTENDED, head.pk) in req.events.values_list("kind", "actor")

    # 6. The clerk replies 部分公开 with two files and a link to the published document.
    desk.reload()
    form = _step(desk, "reply")
    form.locator('select[name="reply_type"]').select_option(label="部分公开")
    first, second = tmp_path / "清单.pdf", tmp_path / "说明.pdf"
    first.write_bytes(pdf_bytes())
    second.write_bytes(pdf_bytes(pages=2))
    form.locator('input[name="part_1"]').fill("附表中的个人联系方式")
    form.locator('select[name="part_ground_1"]').select_option(label="保护第三方合法权益")
    form.locator('input[name="part_reason_1"]').fill("第三方不同意公开，且属于个人信息")
    form.locator('input[name="file_title_1"]').fill("收费项目清单")
    form.locator('input[name="file_1"]').set_input_files(str(first))
    form.locator('input[name="file_title_2"]').fill("收费标准说明")
    form.locator('input[name="file_2"]').set_input_files(str(second))
    form.locator('input[name="link_title_1"]').fill(published.title)
    form.locator('input[name="link_index_1"]').fill(published.index_number)
    form.locator('input[name="link_url_1"]').fill(published.get_absolute_url())
    form.get_by_role("button", name="发出").click()
    desk.get_by_text("已答复。").wait_for()
    assert InformationRequest.objects.get(pk=req.pk).status == Status.REPLIED

    # 7. The applicant downloads both files and follows the link to the published document.
    applicant.reload()
    for title in ("收费项目清单", "收费标准说明"):
        with applicant.expect_download() as download:
            applicant.get_by_role("link", name=title).click()
        assert download.value.path().read_bytes().startswith(b"%PDF-")
    applicant.get_by_role("link", name=published.title).click()
    applicant.get_by_role("heading", name=published.title).wait_for()

    # 8. A 行政复议 is filed, and its result recorded from the request page.
    desk.reload()
    form = _step(desk, "review")
    form.locator('select[name="kind"]').select_option(label="行政复议")
    form.locator('input[name="body"]').fill("测试市人民政府")
    form.get_by_role("button", name="确定").click()
    desk.get_by_text("已登记行政复议、行政诉讼。").wait_for()
    form = _step(desk, "review-result")
    form.locator('select[name="result"]').select_option(label="结果纠正")
    form.get_by_role("button", name="确定").click()
    desk.get_by_text("已登记复议、诉讼结果。").wait_for()
    assert "结果纠正" in desk.locator("#reviews-heading + ul").inner_text()

    # 9. The office head drafts the year's annual report: table 四 shows the result.
    boss.goto(f"{url}/nb/staff/")
    boss.locator('input[name="year"]').fill(str(today.year))
    boss.get_by_role("button", name="生成草稿").click()
    corrected = boss.locator('td[data-cell="t4:review:corrected"]')
    assert corrected.inner_text().strip() == "1"
    assert boss.locator('td[data-cell="t4:review:pending"]').inner_text().strip() == "0"
    assert ReviewCase.objects.get(request=req).result == ReviewCase.Result.CORRECTED
