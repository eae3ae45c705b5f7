"""/api/v1/annual-reports/: published 年度报告 only, exactly as frozen on publication."""

import datetime
import json

import pytest
from django.db.models import F

from disclosure.publishing import steps as publishing
from disclosure.reports import national_format as fmt
from disclosure.reports import services as reports
from disclosure.reports.models import AnnualReport
from tests.conftest import make_org, make_staff
from tests.disclosure.reports.conftest import ready

pytestmark = pytest.mark.django_db

D = datetime.date
LIST = "/api/v1/annual-reports/"
REASON = "一件复议案件由上级机关直接受理，未在本平台登记"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def publish_report(org, staff, year=2025, *, override=False):
    """The cheapest valid route: an agency with no requests in the year (every figure 0),
    the entered figures filled, published after the year ends."""
    report = ready(reports.create_draft(org, year, by=staff), staff)
    if override:
        reports.override(report, by=staff, cell=fmt.t4("review", "upheld"), value=2, reason=REASON)
    return publishing.publish(report, by=staff, on=D(year + 1, 1, 20))


@pytest.fixture
def agency():
    org = make_org(name="聊城市测试局")
    return org, make_staff(org, username="report-staff-zq")


def test_the_list_gives_published_reports_with_their_files_and_never_a_draft(
    client, agency, conforms
):
    org, staff = agency
    published = publish_report(org, staff, 2024)
    draft = reports.create_draft(org, 2025, by=staff)
    data = client.get(LIST).json()
    conforms(data, "AnnualReportList")
    assert data["count"] == 1
    [item] = data["results"]
    assert item["id"] == published.pk != draft.pk
    assert item["title"] == "聊城市测试局2024年度政府信息公开工作年度报告"
    assert item["published_on"] == "2025-01-20"
    base = f"http://testserver/xxgk/{org.slug}/nb/2024/"
    assert (item["url"], item["xlsx_url"], item["pdf_url"]) == (base, f"{base}xlsx/", f"{base}pdf/")
    assert item["api_url"] == f"http://testserver{LIST}{published.pk}/"


def test_the_list_filters_by_agency_and_year(client, agency):
    org, staff = agency
    other = make_org()
    publish_report(org, staff, 2024)
    publish_report(org, staff, 2025)
    publish_report(other, make_staff(other), 2025)

    def years(params):
        return [
            (r["organization"]["slug"], r["year"])
            for r in client.get(LIST, params).json()["results"]
        ]

    assert years({"organization": org.slug}) == [(org.slug, 2025), (org.slug, 2024)]
    assert sorted(years({"year": 2025})) == sorted([(org.slug, 2025), (other.slug, 2025)])
    response = client.get(LIST, {"organization": "nobody"})
    assert response.status_code == 400 and "organization" in response.json()["fields"]


def test_a_report_gives_its_frozen_tables_written_parts_and_overrides_with_reasons(
    client, agency, conforms
):
    org, staff = agency
    report = publish_report(org, staff, override=True)
    response = client.get(f"{LIST}{report.pk}/")
    data = response.json()
    conforms(data, "AnnualReport")
    frozen = json.loads(json.dumps(reports.frozen_tables(report)))
    assert data["tables"] == frozen["tables"]
    assert data["values"] == frozen["values"]
    assert data["values"][fmt.t4("review", "upheld")] == 2
    assert data["organizations"] == ["聊城市测试局"]
    assert [(o["label"], o["computed"], o["value"], o["reason"]) for o in data["overrides"]] == [
        (fmt.COMPUTED_CELLS[fmt.t4("review", "upheld")], "0", "2", REASON)
    ]
    assert data["written_parts"]["overview"] == report.overview and report.overview
    assert all(check["passed"] for check in data["tables"]["checks"])
    assert data["performance"]["year"] == 2025
    # The staff member who corrected the figure is not named (the report page does not).
    assert "report-staff-zq" not in response.content.decode()


def test_the_frozen_figures_do_not_follow_later_changes(client, agency):
    org, staff = agency
    report = publish_report(org, staff)
    before = client.get(f"{LIST}{report.pk}/").json()["tables"]
    AnnualReport.objects.filter(pk=report.pk).update(licensing_decisions=999)
    assert client.get(f"{LIST}{report.pk}/").json()["tables"] == before


def test_a_draft_report_is_not_found(client, agency, conforms):
    org, staff = agency
    draft = reports.create_draft(org, 2025, by=staff)
    response = client.get(f"{LIST}{draft.pk}/")
    assert response.status_code == 404
    conforms(response.json(), "Error")
    assert str(draft.pk) not in [str(r["id"]) for r in client.get(LIST).json()["results"]]


def test_a_conditional_get_of_a_report_is_answered_304(client, agency):
    org, staff = agency
    report = publish_report(org, staff)
    AnnualReport.objects.filter(pk=report.pk).update(
        updated_at=F("updated_at") - datetime.timedelta(minutes=1)
    )
    for url in (LIST, f"{LIST}{report.pk}/"):
        first = client.get(url)
        assert first["Cache-Control"] == "public, max-age=60"
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        since = first["Last-Modified"]
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=since).status_code == 304


def test_a_page_of_reports_costs_the_same_queries_however_many(
    client, agency, django_assert_max_num_queries
):
    org, staff = agency
    publish_report(org, staff, 2024)
    with django_assert_max_num_queries(3) as few:
        client.get(LIST)
    for year in (2020, 2021, 2022):
        publish_report(org, staff, year)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(LIST).json()["results"]) == 4
    report = AnnualReport.objects.get(year=2024)
    with django_assert_max_num_queries(2):
        client.get(f"{LIST}{report.pk}/")
