"""Part 二 as of 31 December, publishing freezes the figures, combined reports, due dates."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.models import Organization
from catalog.statutory import annual_report_due_on
from disclosure.library import steps as library_steps
from disclosure.publishing import steps as publishing
from disclosure.reports import national_format as fmt
from disclosure.reports import services as reports
from disclosure.reports.models import AnnualReport
from requests_app.outcomes import Outcome
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document
from tests.disclosure.reports.conftest import ready
from tests.requests_app.year_builder import close, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_letters")]

D = datetime.date


def test_part_two_counts_rules_and_normative_documents_as_of_31_december(supervisor):
    org = make_org()

    def doc(genre, written, **fields):
        return publish_document(
            make_document(org, genre=genre, written_on=written, **fields),
            by=supervisor,
            on=written + datetime.timedelta(days=2),
        )

    doc("规范性文件", D(2024, 3, 1))  # issued 2024, in force
    doc("规范性文件", D(2024, 5, 1), expires_on=D(2024, 12, 31))  # last day in force: 31 Dec
    doc("规范性文件", D(2022, 5, 1), expires_on=D(2024, 12, 30))  # expired before year end
    doc("通知", D(2024, 6, 1))  # another genre: not counted
    old_rule = doc("规章", D(2020, 1, 10))
    repealed_later = doc("规章", D(2021, 1, 10))
    new_rule = doc("规章", D(2024, 6, 1))
    library_steps.repeal(
        old_rule, by_document=new_rule, on=D(2024, 7, 1), by=supervisor, reason="新规章施行"
    )
    # Repealed only in 2025: still in force on 31 December 2024 (as of that date, not today).
    newer_rule = doc("规章", D(2025, 2, 1))
    library_steps.repeal(
        repealed_later, by_document=newer_rule, on=D(2025, 3, 1), by=supervisor, reason="废止"
    )

    values = reports.document_figures([org], 2024)

    assert values == {
        fmt.t2("rules", "issued"): 1,
        fmt.t2("rules", "repealed"): 1,
        fmt.t2("rules", "in_force"): 2,  # the 2021 one and the 2024 one
        fmt.t2("normative", "issued"): 2,
        fmt.t2("normative", "repealed"): 0,
        fmt.t2("normative", "in_force"): 2,
    }
    assert reports.document_figures([org], 2025)[fmt.t2("rules", "repealed")] == 1


def test_publishing_freezes_the_figures_against_later_changes(year):
    agency, staff, _requests = year
    report = ready(reports.create_draft(agency, 2024, by=staff), staff)
    before = reports.live_data(report).values

    report = publishing.publish(report, by=staff, on=D(2025, 3, 20))
    # A request of 2024 registered late, after publication.
    close(agency, staff, "person", Outcome.DISCLOSED, D(2024, 6, 3), D(2024, 6, 20))

    report.refresh_from_db()
    assert reports.live_data(report).values[fmt.t3("new", "total")] == 22
    assert reports.report_data(report).values == before
    frozen = reports.frozen_tables(report)
    assert frozen["values"][fmt.t3("new", "total")] == 21
    assert frozen["tables"]["part3"]["body"][0][-1]["text"] == "21"
    assert report.published_on == D(2025, 3, 20)
    assert report.events.filter(action="published").exists()
    with pytest.raises(ValidationError, match="已公布"):
        reports.update(report, by=staff, overview="改")


def test_a_report_cannot_be_published_before_the_year_ends_or_without_entered_figures(year):
    agency, staff, _requests = year
    report = reports.create_draft(agency, 2024, by=staff)

    problems = reports.publish_problems(report, reports.live_data(report), D(2024, 12, 31))

    assert "2024年度尚未结束。" in problems
    assert any("行政许可" in p for p in problems)
    with pytest.raises(ValidationError):
        publishing.publish(report, by=staff)


def test_one_report_per_agency_and_year_and_only_its_staff_make_it(year):
    agency, staff, _requests = year
    reports.create_draft(agency, 2024, by=staff)
    with pytest.raises(ValidationError, match="已存在"):
        reports.create_draft(agency, 2024, by=staff)
    with pytest.raises(PermissionDenied):
        reports.create_draft(agency, 2023, by=make_staff(make_org()))


def test_the_supervisor_combines_a_government_and_its_departments(supervisor):
    government = make_org(kind=Organization.Kind.GOVERNMENT)
    department = make_org(parent=government)
    district = make_org(parent=government, kind=Organization.Kind.GOVERNMENT)
    for org in (government, department, district):
        staff = make_staff(org)
        register(org, staff, "person", D(2024, 4, 1))
    department_report = reports.create_draft(department, 2024, by=supervisor)
    reports.update(department_report, by=supervisor, licensing_decisions=7)

    with pytest.raises(PermissionDenied):
        reports.create_draft(government, 2024, by=make_staff(government), includes_departments=True)
    combined = reports.create_draft(government, 2024, by=supervisor, includes_departments=True)

    data = reports.live_data(combined)
    assert data.values[fmt.t3("new", "total")] == 2  # the district reports for itself
    assert data.organizations == [government.name, department.name]
    assert combined.licensing_decisions == 7
    with pytest.raises(ValidationError):
        reports.create_draft(department, 2023, by=supervisor, includes_departments=True)


def test_the_written_parts_start_from_templates_and_last_years_problems(year):
    agency, staff, _requests = year
    last = reports.create_draft(agency, 2023, by=staff)
    reports.update(last, by=staff, problems="依申请公开答复文书格式不统一。")

    report = reports.create_draft(agency, 2024, by=staff)

    assert "本年度新收政府信息公开申请21件" in report.overview
    assert "依申请公开答复文书格式不统一。" in report.improvements
    assert "政务公开工作要点" in report.other_matters


@pytest.mark.parametrize(
    ("kind", "level", "due"),
    [
        (Organization.Kind.DEPARTMENT, Organization.Level.CITY, D(2026, 1, 31)),
        (Organization.Kind.GOVERNMENT, Organization.Level.CITY, D(2026, 3, 31)),
        (Organization.Kind.GOVERNMENT, Organization.Level.COUNTY, D(2026, 3, 31)),
        (Organization.Kind.GOVERNMENT, Organization.Level.TOWNSHIP, D(2026, 1, 31)),
    ],
)
def test_the_due_date_follows_article_49(kind, level, due):
    assert annual_report_due_on(Organization(kind=kind, level=level), 2025) == due


def test_staff_are_warned_when_last_years_report_falls_due_until_it_is_published(db):
    government = make_org(kind=Organization.Kind.GOVERNMENT)
    assert reports.due_notices(make_staff(government), today=D(2026, 2, 15)) == []
    assert len(reports.due_notices(make_staff(government), today=D(2026, 3, 5))) == 1

    department = make_org()
    staff = make_staff(department)
    [notice] = reports.due_notices(staff, today=D(2026, 1, 5))
    assert (notice.year, notice.due_on, notice.days_left) == (2025, D(2026, 1, 31), 26)
    [notice] = reports.due_notices(staff, today=D(2026, 2, 3))
    assert notice.overdue and notice.days_overdue == 3

    report = ready(reports.create_draft(department, 2025, by=staff), staff)
    publishing.publish(report, by=staff, on=D(2026, 1, 20))
    assert reports.due_notices(staff, today=D(2026, 2, 3)) == []


def test_published_is_the_queryset_the_public_sees(year):
    agency, staff, _requests = year
    draft = reports.create_draft(agency, 2023, by=staff)
    published = publishing.publish(
        ready(reports.create_draft(agency, 2024, by=staff), staff), by=staff, on=D(2025, 3, 1)
    )

    assert list(reports.published()) == [published]
    assert draft not in AnnualReport.objects.published()
    with pytest.raises(ValueError):
        reports.frozen_tables(draft)
