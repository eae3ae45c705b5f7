"""The supervising office's journeys in headless Chromium: every agency's backlog on
/ysqgk/staff/ (and one agency's overdue request, down to its 期限计算说明), and the
government's combined annual report generated, completed and published on /nb/staff/
until it is on the public column.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from catalog.models import Organization
from requests_app import steps
from requests_app.outcomes import Outcome
from tests.conftest import make_org, make_staff
from tests.e2e.journeys import log_in
from tests.requests_app.builders import make_request

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

APPLICANT = "张三丰"  # tests/requests_app/builders.applicant_fields'


@pytest.fixture
def government():
    return make_org(
        name="聊城市人民政府", slug="lcs", kind=Organization.Kind.GOVERNMENT, is_portal_main=True
    )


@pytest.fixture
def housing(government):
    return make_org(name="聊城市住房和城乡建设局", slug="lcszjj", parent=government)


@pytest.fixture
def planning(government):
    return make_org(name="聊城市自然资源和规划局", slug="lcszrzy", parent=government)


def test_the_supervisor_sees_every_agencys_backlog_and_follows_an_overdue_request(
    live_server, page, housing, planning
):
    today = timezone.localdate()
    overdue = make_request(housing, make_staff(housing), today - datetime.timedelta(days=60))
    current = make_request(planning, make_staff(planning), today)
    supervisor = make_staff(None, supervisor=True)

    log_in(page, f"{live_server.url}/ysqgk/staff/", supervisor)
    page.get_by_role("heading", name="依申请公开办理情况", level=1).wait_for()
    table = page.get_by_role("table", name="各机关办理中申请")
    rows = {
        cells[0]: cells[1:]
        for cells in (
            row.locator("td").all_inner_texts() for row in table.locator("tbody tr").all()
        )
    }
    assert rows[housing.name] == ["1", "1"]
    assert rows[planning.name] == ["1", "0"]
    late = page.get_by_role("region", name="已超期（1）")
    assert overdue.tracking_number in late.inner_text()
    assert "超期" in late.inner_text()
    # Applicants' names are masked on staff pages.
    assert APPLICANT not in page.content()

    table.get_by_role("link", name=housing.name).click()
    page.get_by_role("heading", name=f"依申请公开办理情况：{housing.name}").wait_for()
    assert current.tracking_number not in page.content()
    # The row leads to the request's staff page, and from there to the explanation.
    late.get_by_role("link", name=overdue.tracking_number).click()
    page.get_by_role("heading", name=f"办理 {overdue.tracking_number}").wait_for()
    page.get_by_role("link", name="期限计算说明").first.click()
    page.get_by_role("heading", name="期限计算说明").wait_for()
    facts = page.locator("dl.contact").inner_text()
    assert housing.name in facts
    assert f"{overdue.received_on:%Y年%-m月%-d日}" in facts
    assert f"{overdue.due_on:%Y年%-m月%-d日}" in facts


def test_the_supervisor_generates_and_publishes_the_governments_combined_annual_report(
    live_server, page, government, housing
):
    year = timezone.localdate().year - 1
    staff = make_staff(housing)
    request = make_request(housing, staff, datetime.date(year, 6, 2))
    steps.reply(request, by=staff, outcome=Outcome.DISCLOSED, on=datetime.date(year, 6, 20))
    supervisor = make_staff(None, supervisor=True)

    log_in(page, f"{live_server.url}/ysqgk/staff/", supervisor)
    page.get_by_role("link", name="政府信息公开工作年度报告").click()
    new = page.get_by_role("region", name="生成年度报告草稿")
    new.get_by_label("机关").select_option(label=government.name)
    assert new.get_by_label("年度").input_value() == str(year)
    new.get_by_label("汇总本级政府及所属各部门的数据").check()
    new.get_by_role("button", name="生成草稿").click()

    page.get_by_text(f"已生成{government.name}{year}年").wait_for()
    assert f"统计范围：{government.name}、{housing.name}" in page.content()
    publish = page.get_by_role("region", name="公布")
    assert "请填报行政许可数据" in publish.inner_text()
    page.get_by_label("行政许可本年处理决定数量").fill("120")
    page.get_by_label("行政处罚本年处理决定数量").fill("15")
    page.get_by_label("行政强制本年处理决定数量").fill("2")
    page.get_by_label("行政事业性收费本年收费金额（万元）").fill("0")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("数据校验通过。").wait_for()
    page.get_by_role("button", name="公布年度报告").click()

    # Publishing leads to the public page, now without the draft notice.
    report = page.locator("article.annual-report")
    report.get_by_text("（含本级政府所属各部门）").wait_for()
    assert page.url == f"{live_server.url}/xxgk/{government.slug}/nb/{year}/"
    assert f"公布日期：{timezone.localdate():%Y年%-m月%-d日}" in report.inner_text()
    assert "草稿" not in report.inner_text()
    assert "120" in report.locator("tr", has_text="行政许可").first.inner_text()
