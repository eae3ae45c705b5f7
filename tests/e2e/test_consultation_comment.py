"""A citizen reads an open consultation, sends a comment in headless Chromium, and sees the
confirmation; the comment reaches staff while the contact data stays off the page."""

from __future__ import annotations

import datetime

import pytest

from config.web import antibot
from disclosure.decisions import consultations
from disclosure.decisions.models import Comment
from tests.conftest import make_org
from tests.disclosure.decisions.builders import publish_consultation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _no_bot_timer(monkeypatch):
    # The form refuses submissions faster than a person types; the browser is not a person.
    monkeypatch.setattr(antibot, "MIN_SECONDS", 0)


def test_a_citizen_comments_on_an_open_consultation(live_server, page):
    today = consultations.beijing_date()
    consultation = publish_consultation(
        organization=make_org(name="聊城市测试局"),
        title="《测试管理办法（征求意见稿）》公开征求意见",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=30),
    )

    page.goto(f"{live_server.url}/yjzj/")
    page.get_by_role("link", name=consultation.title).click()
    page.get_by_role("heading", name=consultation.title).wait_for()
    assert "距征求意见截止还有 30 天" in page.content()

    page.get_by_label("意见内容").fill("建议第五条增加一年过渡期。")
    page.get_by_role("button", name="提交意见").click()
    page.get_by_text("请填写联系电话或电子邮箱（至少一项）").first.wait_for()

    page.get_by_label("联系电话").fill(PHONE)
    page.locator('input[name="consent"]').check()
    page.get_by_role("button", name="提交意见").click()
    page.get_by_text("您的意见已提交。").wait_for()

    assert PHONE not in page.content()
    comment = Comment.objects.get()
    assert (comment.consultation_id, comment.text, comment.phone) == (
        consultation.pk,
        "建议第五条增加一年过渡期。",
        PHONE,
    )
