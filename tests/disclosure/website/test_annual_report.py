"""政府网站工作年度报表: every row computed from the records (or the registry, or entered by
staff with a reason), published and frozen like the disclosure annual report."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from disclosure.decisions.models import Consultation
from disclosure.library.models import InterpretationForm
from disclosure.publishing import site_figures
from disclosure.publishing import steps as publishing
from disclosure.website import annual
from disclosure.website.models import DailyVisits, WebsiteReport
from tests.conftest import make_org
from tests.disclosure.builders import publish_document, supervisor
from tests.disclosure.decisions.builders import add_comment, publish_consultation
from tests.disclosure.interpretation_builders import publish_interpretation

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2025


@pytest.fixture
def main():
    return make_org(is_portal_main=True)


def _values(report) -> dict:
    return {r["key"]: r["value"] for r in annual.report_rows(report)}


def _fill_entered(report, by):
    for row in annual.report_rows(report):
        if row["source"] == "missing":
            annual.enter(report, by=by, key=row["key"], value="0", reason="网站管理台账")
    annual.update(
        report, by=by, head="张主任", reviewer="李科长", filler="王科员", phone="0635-0000000"
    )


def test_the_rows_match_the_hand_counted_records(main, monkeypatch):
    other = make_org()
    for day in (D(YEAR, 2, 1), D(YEAR, 8, 1)):
        publish_document(organization=main, on=day)
    publish_document(organization=other, on=D(YEAR, 5, 1), genre="通知")
    publish_document(organization=main, on=D(YEAR - 1, 12, 31))  # another year
    publish_interpretation(on=D(YEAR, 3, 2), form=InterpretationForm.QA)
    consultation = publish_consultation(organization=main)  # published 1 March 2025
    Consultation.objects.filter(pk=consultation.pk).update(feedback_published_on=D(YEAR, 6, 1))
    add_comment(consultation)
    DailyVisits.objects.create(day=D(YEAR, 1, 2), visitors=40, views=90)
    monkeypatch.setattr(site_figures, "_figures", dict(site_figures._figures))
    site_figures.register(site_figures.MESSAGES_RECEIVED, lambda year, orgs: 12)
    report = annual.create_draft(YEAR, by=supervisor())
    values = _values(report)
    documents = 3  # the interpretation's own document is the builder's, published in 2024
    assert values["interpret.total"] == 1 and values["interpret.materials"] == 1
    assert values["interpret.products"] == 0
    assert values["interact.surveys"] == 1
    assert values["interact.comments"] == 1
    assert values["interact.results"] == 1
    assert values["interact.messages"] == 12
    assert values["basic.visitors"] == 40 and values["basic.views"] == 90
    assert values["info.news"] == 2  # the interpretation and the consultation
    assert values["info.total"] == values["info.overview"] + values["info.news"] + documents


def test_a_row_nobody_registered_is_entered_by_staff_with_a_reason(main, monkeypatch):
    monkeypatch.setattr(site_figures, "_figures", {})
    by = supervisor()
    report = annual.create_draft(YEAR, by=by)
    rows = {r["key"]: r for r in annual.report_rows(report)}
    assert rows["interact.interviews"]["source"] == "missing"
    with pytest.raises(ValidationError, match="数据来源"):
        annual.enter(report, by=by, key="interact.interviews", value="3", reason="")
    annual.enter(report, by=by, key="interact.interviews", value="3", reason="访谈台账")
    row = {r["key"]: r for r in annual.report_rows(report)}["interact.interviews"]
    assert (row["value"], row["source"], row["reason"]) == ("3", "entered", "访谈台账")


def test_a_computed_row_cannot_be_entered(main):
    by = supervisor()
    report = annual.create_draft(YEAR, by=by)
    with pytest.raises(ValidationError, match="系统"):
        annual.enter(report, by=by, key="interpret.total", value="99", reason="想改")


def test_publication_waits_for_every_row_and_the_signatures(main):
    by = supervisor()
    report = annual.create_draft(YEAR, by=by)
    with pytest.raises(ValidationError, match="请填报"):
        publishing.publish(report, by=by, on=D(YEAR + 1, 1, 10))


def test_a_published_report_is_frozen(main, client):
    by = supervisor()
    report = annual.create_draft(YEAR, by=by)
    _fill_entered(report, by)
    publishing.publish(report, by=by, on=D(YEAR + 1, 1, 10))
    report.refresh_from_db()
    assert report.status == WebsiteReport.Status.PUBLISHED
    before = _values(report)["interpret.total"]
    publish_interpretation(on=D(YEAR, 9, 9))
    assert _values(report)["interpret.total"] == before
    with pytest.raises(ValidationError, match="已公布"):
        annual.enter(report, by=by, key="service.users", value="1", reason="改")
    body = client.get(reverse("disclosure:website-report", args=[YEAR])).content.decode()
    assert "政府网站工作年度报表" in body and "由工作人员填报：网站管理台账" in body
    xlsx = client.get(reverse("disclosure:website-report-xlsx", args=[YEAR]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == f"{YEAR}年政府网站工作年度报表"
    pdf = client.get(reverse("disclosure:website-report-pdf", args=[YEAR]))
    assert pdf.content[:4] == b"%PDF"


def test_a_draft_is_not_public(main, client):
    annual.create_draft(YEAR, by=supervisor())
    assert client.get(reverse("disclosure:website-report", args=[YEAR])).status_code == 404


def test_the_supervisor_prepares_it_on_the_staff_page(main, client):
    client.force_login(supervisor())
    url = reverse("disclosure:website-report-staff", args=[YEAR])
    client.post(url, {"action": "create"})
    assert WebsiteReport.objects.filter(year=YEAR).exists()
    client.post(
        url, {"action": "enter", "key": "service.users", "value": "120", "reason": "政务服务网统计"}
    )
    assert "政务服务网统计" in client.get(url).content.decode()
