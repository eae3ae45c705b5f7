"""A citizen opens the column home and follows the navigation to an agency's guide."""

import datetime

import pytest

from disclosure.column.models import Guide
from tests.conftest import make_org

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def agency():
    org = make_org(name="聊城市测试局", is_portal_main=True, kind="government")
    Guide.objects.create(
        organization=org,
        title="聊城市测试局政府信息公开指南",
        classification="按条例第二十条分类编排。",
        how_to_obtain="可通过网站在线申请。",
        updated_on=datetime.date(2025, 3, 1),
    )
    return org


def test_a_citizen_follows_the_column_navigation_to_the_guide(live_server, page, agency):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="进入「政府信息公开」专栏").click()
    page.get_by_role("heading", name="机关列表").wait_for()
    page.get_by_role("link", name="聊城市测试局", exact=True).first.click()
    page.get_by_role("navigation", name="政府信息公开栏目").get_by_role(
        "link", name="政府信息公开指南"
    ).click()
    assert page.get_by_role("heading", level=2).first.inner_text() == "聊城市测试局政府信息公开指南"
    assert "更新日期：2025年3月1日" in page.locator(".meta").inner_text()
    assert agency.office_address in page.content()
    current = page.locator('.column-nav a[aria-current="page"]').inner_text()
    assert current == "政府信息公开指南"


def test_the_guide_fits_a_360_pixel_wide_screen(live_server, mobile_page, agency):
    mobile_page.goto(f"{live_server.url}/xxgk/{agency.slug}/zn/")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert mobile_page.get_by_role("heading", name="聊城市测试局政府信息公开指南").is_visible()
