"""A clerk requests an extension of the reply limit; the head of the disclosure office
approves it on the head's own queue; only then is the 延期答复告知书 there for the clerk
and the applicant (Art. 33(2))."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from requests_app.models import RequestEvent
from tests.conftest import make_org, make_staff
from tests.e2e.journeys import log_in, new_page
from tests.requests_app.builders import make_request

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def agency():
    return make_org(name="聊城市测试局", kind="department")


def test_a_clerk_requests_an_extension_and_the_head_approves_it_on_the_queue(
    live_server, page, browser, agency
):
    clerk = make_staff(agency)
    head = make_staff(agency, approver=True)
    req = make_request(agency, clerk, timezone.localdate())

    # The clerk asks for ten more working days on the request's step page.
    log_in(page, f"{live_server.url}/admin/requests_app/informationrequest/{req.pk}/change/", clerk)
    page.get_by_role("link", name="申请延期", exact=True).click()
    page.locator('input[name="days"]').fill("10")
    page.locator('input[name="reason"]').fill("所申请的信息需要调取多年档案")
    page.get_by_role("button", name="确定").click()
    page.get_by_text("已申请延期。").wait_for()
    assert not req.attachments.filter(letter_kind="extension").exists()

    # The head finds it on the approval queue and approves it.
    head_page = new_page(browser)
    log_in(head_page, f"{live_server.url}/ysqgk/staff/", head)
    head_page.get_by_role("link", name="待审批事项（1）").click()
    item = head_page.get_by_role("article", name=f"延期答复：{req.tracking_number}")
    assert "所申请的信息需要调取多年档案" in item.inner_text()
    assert "10个工作日" in item.inner_text()
    item.get_by_role("button", name="同意", exact=True).click()
    head_page.get_by_text(f"{req.tracking_number}：已同意延期答复，告知书已发出。").wait_for()
    assert "暂无待审批事项。" in head_page.locator("body").inner_text()

    # The letter is there for the applicant, and the log names both people.
    applicant = new_page(browser)
    applicant.goto(f"{live_server.url}/ysqgk/track/")
    applicant.get_by_label("申请编号").fill(req.tracking_number)
    applicant.get_by_label("联系电话或身份证件号码后6位").fill("13812345678")
    applicant.get_by_role("button", name="查询").click()
    applicant.get_by_role("link", name=re.compile("延期答复告知书")).wait_for()
    kinds = list(req.events.order_by("at").values_list("kind", "actor"))
    assert (RequestEvent.Kind.EXTENSION_REQUESTED, clerk.pk) in kinds
    assert (RequestEvent.Kind.EXTENDED, head.pk) in kinds
