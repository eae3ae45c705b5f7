"""政府开放活动 in headless Chromium: a citizen finds an activity in the year's plan, signs
up for two people, keeps the confirmation code, and cancels with the code and phone; the
places come back and the page never shows the name or phone."""

from __future__ import annotations

import pytest

from config.web import antibot
from tests.disclosure.engagement.builders import make_activity, make_plan

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NAME, PHONE = "开放日市民甲", "13955556666"


def test_a_citizen_signs_up_for_an_activity_and_cancels_with_the_code(
    live_server, page, monkeypatch
):
    monkeypatch.setattr(antibot, "MIN_SECONDS", 0)
    plan = make_plan(year=2026)
    activity = make_activity(plan, quota=5, limit=2, theme="走进市民服务热线")

    page.goto(f"{live_server.url}/hdjl/kfhd/2026/")
    assert "余5人" in page.locator("table").inner_text()
    page.get_by_role("link", name="走进市民服务热线").click()

    page.get_by_label("姓名").fill(NAME)
    page.get_by_label("手机号码").fill(PHONE)
    page.get_by_label("人数（含本人）").fill("2")
    page.get_by_label("本人同意机关为组织本次活动使用上述信息").check()
    page.get_by_role("button", name="提交报名").click()

    status = page.get_by_role("status")
    assert "报名成功（2人）" in status.inner_text()
    code = page.locator("#signup-code").inner_text().strip()
    assert len(code) == 10
    assert page.locator("#places-left").inner_text() == "3"
    html = page.content()
    assert NAME not in html and PHONE not in html

    page.get_by_role("link", name="取消报名").first.click()
    page.get_by_label("报名确认码").fill(code)
    page.get_by_label("报名时填写的手机号码").fill(PHONE)
    page.get_by_role("button", name="取消报名").click()
    assert "已取消报名" in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="返回活动页面").click()
    assert page.locator("#places-left").inner_text() == "5"
    assert activity.signups.get().status == "cancelled"
