"""The public 年报 pages, downloads and performance page; the staff pages and warning."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from config.web import charts
from disclosure.publishing import steps as publishing
from disclosure.reports import national_format as fmt
from disclosure.reports import services as reports
from disclosure.reports.models import AnnualReportOverride
from tests.conftest import make_org, make_staff
from tests.disclosure.reports.conftest import ready

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_letters")]

D = datetime.date


@pytest.fixture
def published(year):
    agency, staff, _requests = year
    report = ready(reports.create_draft(agency, 2024, by=staff), staff)
    reports.override(
        report,
        by=staff,
        cell=fmt.t4("review", "upheld"),
        value=2,
        reason="一件复议案件由上级机关直接受理，未在本平台登记",
    )
    return publishing.publish(report, by=staff, on=D(2025, 3, 20))


def url(name, report, *extra):
    return reverse(f"disclosure:{name}", args=[report.organization.slug, report.year, *extra])


def test_a_draft_is_404_for_the_public_and_shown_to_its_staff(client, year):
    agency, staff, _requests = year
    draft = reports.create_draft(agency, 2024, by=staff)

    for name in ("annual-report-detail", "annual-report-xlsx", "annual-report-pdf"):
        assert client.get(url(name, draft)).status_code == 404
    client.force_login(make_staff(make_org()))
    assert client.get(url("annual-report-detail", draft)).status_code == 404
    client.force_login(staff)
    response = client.get(url("annual-report-detail", draft))
    assert response.status_code == 200
    assert "草稿：仅本机关工作人员可见" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_the_list_shows_every_published_year(client, published):
    response = client.get(reverse("disclosure:annual-report-list", args=["nb-year"]))

    page = response.content.decode()
    assert published.title in page
    assert url("annual-report-detail", published) in page
    assert 'aria-current="page">政府信息公开年报' in page


def test_an_agency_without_reports_shows_an_empty_list(client, db):
    org = make_org()
    response = client.get(reverse("disclosure:annual-report-list", args=[org.slug]))
    assert "尚未在本平台公布年度报告" in response.content.decode()


def test_the_published_report_shows_the_tables_checks_and_override(client, published):
    response = client.get(url("annual-report-detail", published))

    page = response.content.decode()
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    for text in (
        "一、总体情况",
        "本年新收政府信息公开申请数量",
        "（六）其他处理",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "结转下年度继续办理",
        "复议后起诉",
        "第二十条第（八）项",
        "12.3456",  # 万元, as entered
        "✓ 校验通过",
        "统计数据修正说明",
        "一件复议案件由上级机关直接受理，未在本平台登记",
        'data-cell="t4:review:upheld">2<sup',
        'rowspan="22"',
        "发出信息处理费收费通知2件，金额2900元",
    ):
        assert text in page, text
    assert "张三丰" not in page and "13812345678" not in page


def test_the_report_pages_use_a_constant_number_of_queries(
    client, published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        client.get(reverse("disclosure:annual-report-list", args=["nb-year"]))
    with django_assert_max_num_queries(2):
        client.get(url("annual-report-detail", published))
    with django_assert_max_num_queries(3):
        client.get(url("annual-report-performance", published))


def test_the_report_downloads_as_xlsx_in_the_national_layout(client, published):
    response = client.get(url("annual-report-xlsx", published))

    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["三、依申请公开"]
    assert sheet["A1"].value == fmt.T3_CORNER
    assert "A1:C3" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A4"].value == "一、本年新收政府信息公开申请数量"
    assert [sheet.cell(row=4, column=c).value for c in range(4, 11)] == [4, 4, 4, 3, 3, 3, 21]
    assert book["四、复议诉讼"]["A4"].value == 2  # the override
    assert "一件复议案件由上级机关直接受理" in str(
        [c.value for row in book["年度报告"].iter_rows() for c in row]
    )


def test_the_report_downloads_as_a_pdf_with_the_tables(client, published):
    response = client.get(url("annual-report-pdf", published))

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # pypdf puts NULs between CID glyphs (and misreads some glyph codes above 255, which
    # poppler reads correctly): check text from the first glyphs used.
    text = re.sub(r"[\s\x00]+", "", "".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) >= 2
    assert "三、收到和处理政府信息公开申请情况" in text
    assert "申请人无正当理由逾期不补正" in text
    assert "四、结转下年度继续办理" in text


def test_the_performance_page_shows_aggregates_and_no_applicant_data(client, published):
    response = client.get(url("annual-report-performance", published))

    page = response.content.decode()
    assert "数据随2024年度报告公布时固定" in page
    assert "答复用时中位数" in page and "在法定期限内答复" in page
    assert "<svg" in page and '<title id="chart-months-title">' in page
    assert "张三丰" not in page and "13812345678" not in page
    assert (
        client.get(
            reverse("disclosure:annual-report-performance", args=["nb-year", 1999])
        ).status_code
        == 404
    )


def test_a_chart_describes_its_numbers_for_screen_readers():
    svg = charts.column_chart("c", "各月<申请>", ["1月", "2月"], [3, 0])

    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">各月&lt;申请&gt;</title>' in svg
    assert '<desc id="c-desc">1月3件；2月0件</desc>' in svg


def test_staff_override_a_figure_only_with_a_reason_on_the_staff_page(client, year):
    agency, staff, _requests = year
    draft = reports.create_draft(agency, 2024, by=staff)
    client.force_login(staff)
    page = reverse("disclosure:report-staff-detail", args=[draft.pk])
    cell = fmt.t3("new", "person")

    response = client.post(page, {"action": "override", "cell": cell, "value": "5", "reason": ""})
    assert response.status_code == 200
    assert not AnnualReportOverride.objects.exists()

    response = client.post(
        page, {"action": "override", "cell": cell, "value": "5", "reason": "漏登记一件"}
    )
    assert response.status_code == 302
    page_text = client.get(page).content.decode()
    assert "漏登记一件" in page_text and "校验未通过" in page_text


def test_staff_of_another_agency_cannot_open_the_staff_page(client, year):
    agency, staff, _requests = year
    draft = reports.create_draft(agency, 2024, by=staff)
    client.force_login(make_staff(make_org()))
    response = client.get(reverse("disclosure:report-staff-detail", args=[draft.pk]))
    assert response.status_code == 403


def test_staff_create_and_publish_a_report_on_the_staff_pages(client, db):
    department = make_org()
    staff = make_staff(department)
    client.force_login(staff)

    response = client.post(
        reverse("disclosure:report-staff-list"), {"organization": department.pk, "year": 2025}
    )
    report = department.annual_reports.get()
    assert response.status_code == 302 and response["Location"] == report.get_staff_url()
    client.post(
        report.get_staff_url(),
        {
            "action": "texts",
            "overview": "总体情况。",
            "improvements": "改进。",
            "problems": "问题。",
            "other_matters": "其他。",
            "licensing_decisions": "3",
            "penalty_decisions": "0",
            "enforcement_decisions": "0",
            "administrative_fees": "0",
        },
    )
    response = client.post(report.get_staff_url(), {"action": "publish"})

    report.refresh_from_db()
    assert report.is_published and response["Location"] == report.get_absolute_url()


def test_the_request_dashboard_warns_of_an_unpublished_report(client, db):
    department = make_org()
    client.force_login(make_staff(department))

    page = client.get(reverse("requests_app:staff-dashboard")).content.decode()

    assert "年度报告公布提醒" in page
    assert reverse("disclosure:report-staff-list") in page


def test_the_staff_review_page_uses_a_bounded_number_of_queries(
    client, year, django_assert_max_num_queries
):
    agency, staff, _requests = year
    draft = reports.create_draft(agency, 2024, by=staff)
    reports.override(draft, by=staff, cell=fmt.t3("new", "person"), value=4, reason="核对")
    client.force_login(staff)

    with django_assert_max_num_queries(30):
        response = client.get(reverse("disclosure:report-staff-detail", args=[draft.pk]))
    assert response.status_code == 200
