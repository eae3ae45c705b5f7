"""The demo data publishes the main agency's report on 2025, once."""

import pytest

from catalog import demo as catalog_demo
from disclosure import demo_reports, reports
from disclosure import report_format as fmt
from disclosure.models import AnnualReport
from requests_app.models import InformationRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_letters")]


def test_the_demo_publishes_last_years_report_of_the_main_agency_once():
    orgs = catalog_demo.load()
    report = demo_reports.load(orgs)
    count = InformationRequest.objects.count()

    assert demo_reports.load(orgs) == report
    assert InformationRequest.objects.count() == count
    assert AnnualReport.objects.count() == 1
    assert (report.organization.slug, report.year, report.is_published) == ("lcs", 2025, True)
    data = reports.report_data(report)
    assert data.checks_passed
    assert data.values[fmt.t3("carried_in", "total")] == 1
    assert data.values[fmt.t3("carried_out", "total")] == 1
    assert data.values[fmt.t3("6.1", "total")] == 1  # withdrawn for no 补正
    assert data.values[fmt.t2("rules", "issued")] == 1
    assert data.values[fmt.t2("rules", "in_force")] == 1
    assert data.overrides[0]["reason"]
