"""A citizen's journeys in headless Chromium: searching the 政策文件库 with filters down to a
real document, downloading its attachment and reading its 政策解读; browsing an agency's
法定主动公开内容 and reading and downloading its annual report.

The documents are the real samples of disclosure/library/samples, imported and
published the way staff do it (tests/e2e/journeys.py). The guide page, the consultation
comment and the keyboard
search are covered by the other modules here.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from catalog.models import Category
from disclosure.publishing import steps as publishing
from disclosure.reports import services as reports
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import supervisor
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation
from tests.e2e.journeys import LAIYANG_2020, LIAOCHENG_2020, LIAOCHENG_2025, publish_sample

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE_2025 = "聊城市人民政府办公室关于印发2025年聊城市政务公开工作要点的通知"
TITLE_2020 = "聊城市人民政府办公室关于印发2020年聊城市政务公开工作要点的通知"
ATTACHMENT = "2025年聊城市政务公开工作要点"
INTERPRETATION = "《2025年聊城市政务公开工作要点》政策解读"
OTHER_INFORMATION = "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"


@pytest.fixture
def liaocheng():
    return make_org(name="聊城市人民政府办公室", slug="lcszfb", is_portal_main=True)


def test_a_citizen_searches_filters_opens_a_document_downloads_its_attachment_and_reads_its_interpretation(  # noqa: E501
    live_server, page, liaocheng
):
    by = supervisor()
    laiyang = make_org(name="莱阳市人民政府办公室", slug="lyszfb", level="county")
    document = publish_sample(
        LIAOCHENG_2025,
        liaocheng,
        by=by,
        attachment=(ATTACHMENT, "一、立标引航，推动政务公开规范升级"),
    )
    publish_sample(LIAOCHENG_2020, liaocheng, by=by)
    publish_sample(LAIYANG_2020, laiyang, by=by)
    publish_interpretation(
        make_interpretation(
            document,
            title=INTERPRETATION,
            body="<p>一、起草背景。二、主要内容：健全主动公开体系，规范依申请公开流程。</p>",
        ),
        by=by,
        on=document.published_on,
    )

    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="网站导航").get_by_role("link", name="政策文件库").click()
    page.get_by_role("heading", name="政策文件库").wait_for()

    # A search limited to the wrong agency finds nothing, and the page says what to do.
    page.locator("#library-q").fill("聊城市政务公开工作要点")
    page.locator("#f-organization").select_option(laiyang.slug)
    page.get_by_role("button", name="筛选").click()
    page.get_by_text("没有找到符合条件的政策文件。").wait_for()
    page.get_by_role("link", name="只按关键词检索").click()
    results = page.locator(".doc-item__title")
    results.first.wait_for()
    assert sorted(results.all_inner_texts()) == sorted([TITLE_2020, TITLE_2025])
    assert page.locator("#library-q").input_value() == "聊城市政务公开工作要点"

    # 成文年份 narrows the results to this year's work plan.
    page.locator("#f-year").select_option("2025")
    page.get_by_role("button", name="筛选").click()
    page.get_by_text("共 1 件").wait_for()
    page.get_by_role("link", name=TITLE_2025).click()

    page.get_by_role("heading", name=TITLE_2025, level=2).wait_for()
    meta = page.locator("table.doc-meta").inner_text()
    assert document.index_number in meta
    assert "聊城市人民政府办公室" in meta and "2025-06-26" in meta and "有效" in meta
    assert "责任单位" in page.locator(".document-body").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name=ATTACHMENT, exact=True).click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert download.value.path().read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name=INTERPRETATION).click()
    page.get_by_role("heading", name=INTERPRETATION, level=2).wait_for()
    assert "健全主动公开体系" in page.locator(".document-body").inner_text()
    interpreted = page.get_by_role("region", name="解读的文件").get_by_role("link")
    assert interpreted.inner_text() == f"《{TITLE_2025}》"
    interpreted.click()
    page.get_by_role("heading", name=TITLE_2025, level=2).wait_for()


def test_a_citizen_browses_an_agencys_catalog_and_reads_and_downloads_its_annual_report(
    live_server, page, liaocheng
):
    staff = make_staff(liaocheng)
    node = Category.objects.get(name=OTHER_INFORMATION, organization=None)
    document = publish_sample(LIAOCHENG_2025, liaocheng, by=staff, category=node)
    year = timezone.localdate().year - 1
    report = reports.create_draft(liaocheng, year, by=staff)
    report = reports.update(
        report,
        by=staff,
        licensing_decisions=120,
        penalty_decisions=15,
        enforcement_decisions=2,
        administrative_fees="0",
    )
    publishing.publish(report, by=staff, on=datetime.date(year + 1, 1, 20))

    page.goto(f"{live_server.url}/xxgk/")
    page.get_by_role("link", name="聊城市人民政府办公室", exact=True).first.click()
    column_nav = page.get_by_role("navigation", name="政府信息公开栏目")
    column_nav.get_by_role("link", name="法定主动公开内容").click()
    node_link = page.locator(f"#node-{node.pk}")
    assert page.locator(f"#node-{node.pk} + .node-count").inner_text() == "（1条）"
    node_link.click()
    page.get_by_role("heading", name=OTHER_INFORMATION).wait_for()
    row = page.locator("table.catalog-table tbody tr")
    assert row.count() == 1
    assert document.index_number in row.inner_text()
    row.get_by_role("link", name=TITLE_2025).click()
    page.get_by_role("heading", name=TITLE_2025, level=2).wait_for()

    column_nav.get_by_role("link", name="政府信息公开年报").click()
    page.get_by_role("link", name=report.title).click()
    page.get_by_role("heading", name=report.title, level=2).wait_for()
    text = page.locator("article.annual-report").inner_text()
    assert f"公布日期：{year + 1}年1月20日" in text
    assert "主动公开政府信息情况" in text and "120" in text
    for label, extension in (("下载 Excel（XLSX）", "xlsx"), ("下载 PDF", "pdf")):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        assert download.value.suggested_filename == f"lcszfb-{year}-nianbao.{extension}"
