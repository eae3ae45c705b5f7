"""网上留言 in headless Chromium: a citizen writes to an agency and keeps the 查询码, the
agency's staff screen the letter and answer it, and the writer looks it up with the code
and phone, reads the reply and rates it once."""

from __future__ import annotations

import pytest

from config.web import antibot
from tests.conftest import make_org, make_staff
from tests.e2e.journeys import log_in, new_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = "13905351234"
REPLY = "经核查，供热公司已于本周完成管网检修，室温已达标。"


@pytest.fixture(autouse=True)
def _no_wait(monkeypatch):
    monkeypatch.setattr(antibot, "MIN_SECONDS", 0)


def test_a_citizen_writes_staff_answer_and_the_writer_rates_the_reply(live_server, page, browser):
    agency = make_org(name="聊城市住房和城乡建设局", slug="zjj")
    staff = make_staff(agency)

    # The citizen writes; an error keeps what was typed.
    page.goto(f"{live_server.url}/hdjl/write/")
    page.locator("#id_addressed_to").select_option(label=agency.name)
    page.locator("#id_kind").select_option(label="投诉")
    page.locator("#id_title").fill("小区供暖温度不达标")
    page.locator("#id_body").fill("今年冬天室温只有十五度，请督促供热公司整改。")
    page.locator("#id_name").fill("赵六")
    page.locator("#id_phone").fill("123")
    page.locator("button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    assert page.locator("#id_title").input_value() == "小区供暖温度不达标"
    page.locator("#id_phone").fill(PHONE)
    page.locator("#id_may_publish").check()
    page.locator("button[type=submit]").click()
    code = page.locator("#letter-code").inner_text().strip()
    assert len(code) == 10

    # Staff screen it as valid and answer it.
    desk = new_page(browser)
    log_in(desk, f"{live_server.url}/hdjl/staff/", staff)
    desk.get_by_role("link", name=code).click()
    desk.get_by_role("link", name="审查").click()
    desk.get_by_label("有效，受理").check()
    desk.get_by_role("button", name="确认审查").click()
    assert "待办理" in desk.locator("#staff-status").inner_text()
    desk.get_by_role("link", name="答复", exact=True).click()
    desk.locator("#id_reply").fill(REPLY)
    desk.get_by_role("button", name="确认答复").click()
    assert "已答复" in desk.locator("#staff-status").inner_text()

    # The writer looks it up, reads the reply and rates it once.
    writer = new_page(browser)
    writer.goto(f"{live_server.url}/hdjl/track/")
    writer.locator("#id_code").fill(code)
    writer.locator("#id_phone").fill(PHONE)
    writer.get_by_role("button", name="查询").click()
    assert REPLY in writer.locator("#letter-reply").inner_text()
    writer.get_by_label("满意", exact=True).check()
    writer.locator("#id_comment").fill("处理及时。")
    writer.get_by_role("button", name="提交评价").click()
    assert "满意" in writer.locator("#letter-rating").inner_text()
    assert writer.get_by_role("button", name="提交评价").count() == 0
