"""站点体检 in headless Chromium: the supervisor runs the check, reads the site's verdict,
opens the failing agency, sees its stale and empty columns, the broken link and the draft a
severe 错敏词 blocked; the agency's reviewer lets it pass with a reason; the XLSX downloads.
Then the website annual report: the supervisor drafts it, enters a figure, and sees it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from disclosure.library.models import Document
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document
from tests.e2e.journeys import log_in, new_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_supervisor_walks_through_the_site_check(live_server, page, browser):
    today = timezone.localdate()
    good = make_org(name="聊城市财政局", slug="czj", is_portal_main=True)
    bad = make_org(name="莱阳市人民政府办公室", slug="lyszfb")
    publish_document(organization=good, on=today)
    publish_document(
        organization=bad,
        on=today - datetime.timedelta(days=300),
        title="关于转发上级文件的通知",
        body='<p><a href="/zcwjk/99999999/">原文件</a></p>',
    )
    blocked = make_document(bad, title="关于接待香港政府考察团的通知")
    call_command("site_check", "--no-external", stdout=io.StringIO())
    supervisor = make_staff(None, supervisor=True, username="supervisor-e2e")

    log_in(page, f"{live_server.url}/zdtj/staff/", supervisor)
    page.get_by_role("heading", name="全站结论").wait_for()
    assert "触及单项否决" in page.locator(".site-verdict").inner_text()
    row = page.locator("tr", has_text=bad.name)
    assert "不通过" in row.inner_text()
    row.get_by_role("link", name=bad.name).click()

    page.get_by_role("heading", name="栏目更新").wait_for()
    body = page.locator("main").inner_text()
    assert "空白栏目" in body and "未按时更新" in body
    assert "/zcwjk/99999999/" in body and "页面不存在（404）" in body
    assert "「香港政府」" in body and "已阻止发布" in body
    with page.expect_download() as download:
        page.get_by_role("link", name="下载体检表（XLSX）").click()
    assert download.value.suggested_filename.startswith("zdtj-lyszfb-")

    # The agency's reviewer reads the same page and lets the draft pass with a reason.
    reviewer = make_staff(bad, reviewer=True, username="lyszfb-reviewer-e2e")
    reviewing = new_page(browser)
    log_in(reviewing, f"{live_server.url}/zdtj/staff/", reviewer)
    reviewing.get_by_label("审核人放行理由 *").fill("批驳错误提法的引用，已核实")
    reviewing.get_by_role("button", name="放行").click()
    reviewing.locator(".messages li", has_text="已放行").wait_for()
    assert "已由审核人放行" in reviewing.locator("main").inner_text()
    assert Document.objects.get(pk=blocked.pk).status == Document.Status.DRAFT


def test_the_supervisor_prepares_the_website_annual_report(live_server, page):
    make_org(name="聊城市人民政府", slug="lcs", is_portal_main=True)
    supervisor = make_staff(None, supervisor=True, username="supervisor-e2e-2")
    year = timezone.localdate().year - 1
    log_in(page, f"{live_server.url}/wzndbb/staff/{year}/", supervisor)
    page.get_by_role("button", name="根据记录生成草稿").click()
    page.get_by_role("heading", name="填报数据").wait_for()
    assert "系统统计" in page.locator("table.website-report").inner_text()
    page.locator("#enter-key").select_option(value="service.users")
    page.get_by_label("数值 *").fill("1200")
    page.get_by_label("数据来源 *").fill("政务服务网后台统计")
    page.get_by_role("button", name="保存").first.click()
    page.locator("td", has_text="由工作人员填报：政务服务网后台统计").wait_for()
