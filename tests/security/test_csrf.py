"""Every form that changes something refuses a POST without the CSRF token (403) and
accepts it with the token: the public forms, the staff pages and the admin."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date as D

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import Category
from disclosure.column.models import Guide
from disclosure.decisions.models import Comment
from disclosure.library.models import Document
from disclosure.mailbox import workflow as mailbox_workflow
from disclosure.mailbox.models import ErrorReport, Letter
from disclosure.reports import services as reports
from disclosure.reports.models import AnnualReport
from disclosure.website.models import WebsiteReport
from requests_app import steps
from requests_app.approvals import Approval
from requests_app.models import InformationRequest, Status, SubTask
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import supervisor
from tests.disclosure.decisions.builders import comment_post, open_consultation
from tests.disclosure.mailbox.builders import make_letter
from tests.disclosure.mailbox.test_pages import letter_data as mailbox_letter_data
from tests.requests_app.builders import make_request
from tests.security.builders import PHONE, application_post, file_online
from tests.security.urlconf import url_patterns

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"  # tests.conftest.make_staff's
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclasses.dataclass
class Form:
    url: str
    data: dict
    done: Callable[[object], bool]  # the response → whether the POST took effect


def _apply(client) -> Form:
    agency = make_org()
    return Form(
        reverse("requests_app:apply"),
        application_post(agency),
        lambda response: InformationRequest.objects.filter(organization=agency).exists(),
    )


def _track(client) -> Form:
    req = file_online(Client(), make_org())
    return Form(
        reverse("requests_app:track"),
        {"tracking_number": req.tracking_number, "verifier": PHONE},
        lambda response: response.status_code == 302,
    )


def _comment(client) -> Form:
    consultation = open_consultation()
    return Form(
        consultation.get_absolute_url(),
        comment_post(),
        lambda response: Comment.objects.filter(consultation=consultation).exists(),
    )


def _admin_login(client) -> Form:
    staff = make_staff(make_org())
    # Only user name and password here: whatever comes after (a second factor) is past
    # the CSRF check, which is the point.
    return Form(
        reverse("admin:login"),
        {"username": staff.username, "password": PASSWORD, "next": "/admin/"},
        lambda response: response.status_code in (200, 302),
    )


def _admin_change_form(client) -> Form:
    agency = make_org()
    guide = Guide.objects.create(
        organization=agency,
        title="政府信息公开指南",
        classification="分类",
        how_to_obtain="获取方式",
        updated_on=D(2025, 3, 1),
    )
    client.force_login(make_staff(agency))
    return Form(
        reverse("admin:column_guide_change", args=[guide.pk]),
        {
            "organization": agency.pk,
            "title": guide.title,
            "updated_on": "2025-03-01",
            "initial-updated_on": "2025-03-01",
            "classification": "新的分类说明",
            "how_to_obtain": guide.how_to_obtain,
            "body": "",
        },
        lambda response: Guide.objects.filter(classification="新的分类说明").exists(),
    )


def _admin_delete(client) -> Form:
    agency = make_org()
    parent = Category.objects.statutory().get(name="财政预算、决算信息")
    node = Category.objects.create(
        organization=agency, parent=parent, name="部门预算", scope="local"
    )
    client.force_login(make_staff(agency))
    return Form(
        reverse("admin:catalog_category_delete", args=[node.pk]),
        {"post": "yes"},
        lambda response: not Category.objects.filter(pk=node.pk).exists(),
    )


def _request_step(client) -> Form:
    agency = make_org()
    req = file_online(Client(), agency)
    client.force_login(make_staff(agency))
    return Form(
        reverse("admin:requests_app_informationrequest_step", args=[req.pk, "register"]),
        {
            "on": timezone.localdate().isoformat(),
            "note": "",
            "stage": "issue",
            "letter_text": "您的申请已收到。",
        },
        lambda response: InformationRequest.objects.get(pk=req.pk).status != Status.PENDING,
    )


def _desk_step(client) -> Form:
    agency = make_org()
    req = file_online(Client(), agency)
    client.force_login(make_staff(agency))
    return Form(
        reverse("requests_app:staff-step", args=[req.tracking_number, "register"]),
        {"on": timezone.localdate().isoformat(), "note": "", "issue": "1"},
        lambda response: InformationRequest.objects.get(pk=req.pk).status != Status.PENDING,
    )


def _report_create(client) -> Form:
    agency = make_org()
    client.force_login(make_staff(agency))
    return Form(
        reverse("disclosure:report-staff-list"),
        {"organization": agency.pk, "year": 2025},
        lambda response: AnnualReport.objects.filter(organization=agency).exists(),
    )


def _report_edit(client) -> Form:
    agency = make_org()
    staff = make_staff(agency)
    report = reports.create_draft(agency, 2025, by=staff)
    client.force_login(staff)
    return Form(
        report.get_staff_url(),
        {
            "action": "texts",
            "overview": "经由表单修改的总体情况。",
            "improvements": "改进。",
            "problems": "问题。",
            "other_matters": "其他。",
            "licensing_decisions": "3",
            "penalty_decisions": "0",
            "enforcement_decisions": "0",
            "administrative_fees": "0",
        },
        lambda response: AnnualReport.objects.filter(overview="经由表单修改的总体情况。").exists(),
    )


def _proposal_from_requests(client) -> Form:
    agency = make_org()
    staff = make_staff(agency)
    ids = ("110105194912310011", "110105194912310022", "110105194912310033")
    asked = "2024年度本机关行政事业性收费项目清单"
    requests = [
        make_request(agency, staff, D(2025, 9, 1 + i), id_number=n, description=asked)
        for i, n in enumerate(ids)
    ]
    client.force_login(staff)
    return Form(
        reverse("disclosure:document-from-requests", args=[requests[0].tracking_number]),
        {},
        lambda response: Document.objects.filter(organization=agency).exists(),
    )


def _approval(client, action: str, data: dict, decision: str) -> Form:
    agency = make_org()
    staff, head = make_staff(agency), make_staff(agency, approver=True)
    today = timezone.localdate()
    req = make_request(agency, staff, today)
    approval = steps.request_extension(req, by=staff, days=5, reason="协调", on=today)
    client.force_login(head)
    return Form(
        reverse(f"requests_app:{action}", args=[approval.pk]),
        {f"a{approval.pk}-{k}": v for k, v in data.items()},
        lambda response: Approval.objects.filter(pk=approval.pk, decision=decision).exists(),
    )


def _answer_subtask(client) -> Form:
    asking, asked = make_org(), make_org()
    clerk, answerer = make_staff(asking), make_staff(asked)
    req = make_request(asking, clerk, timezone.localdate())
    task = steps.create_subtask(
        req, by=clerk, unit=asked.name, unit_organization=asked, question="请协助查找。"
    )
    client.force_login(answerer)
    return Form(
        reverse("requests_app:answer-subtask", args=[task.pk]),
        {f"t{task.pk}-answer": "已找到。", f"t{task.pk}-on": timezone.localdate().isoformat()},
        lambda response: SubTask.objects.filter(pk=task.pk, state=SubTask.State.ANSWERED).exists(),
    )


def _letter_write(client) -> Form:
    agency = make_org()
    return Form(
        reverse("disclosure:mailbox-write"),
        mailbox_letter_data(agency),
        lambda response: Letter.objects.filter(organization=agency).exists(),
    )


def _letter_step(client) -> Form:
    agency = make_org()
    staff = make_staff(agency)
    letter = make_letter(agency)
    client.force_login(staff)
    return Form(
        reverse("disclosure:mailbox-staff-step", args=[letter.pk, "screen"]),
        {"outcome": "valid", "complexity": "simple"},
        lambda response: Letter.objects.filter(pk=letter.pk, status="accepted").exists(),
    )


def _error_report(client) -> Form:
    agency = make_org()
    staff = make_staff(agency)
    today = timezone.localdate()
    report = mailbox_workflow.record_error_report(
        agency, by=staff, number="ZC-CSRF", received_on=today, page_url="/", problem="错字"
    )
    client.force_login(staff)
    return Form(
        reverse("disclosure:mailbox-error-report", args=[report.pk]),
        {"fix": "已改", "answer": "谢谢", "handled_on": today.isoformat()},
        lambda response: ErrorReport.objects.filter(handled_on=today).exists(),
    )


def _website_report(client) -> Form:
    make_org(is_portal_main=True)
    client.force_login(supervisor())
    return Form(
        reverse("disclosure:website-report-staff", args=[2025]),
        {"action": "create"},
        lambda response: WebsiteReport.objects.filter(year=2025).exists(),
    )


def _approve(client) -> Form:
    return _approval(client, "approve", {}, Approval.Decision.APPROVED)


def _refuse(client) -> Form:
    return _approval(client, "refuse", {"reason": "可在原期限内答复"}, Approval.Decision.REFUSED)


FORMS = {
    "apply": _apply,
    "track": _track,
    "comment": _comment,
    "admin-login": _admin_login,
    "admin-change-form": _admin_change_form,
    "admin-delete": _admin_delete,
    "request-step": _request_step,
    "desk-step": _desk_step,
    "report-create": _report_create,
    "report-edit": _report_edit,
    "proposal-from-requests": _proposal_from_requests,
    "approve": _approve,
    "refuse": _refuse,
    "answer-subtask": _answer_subtask,
    "letter-write": _letter_write,
    "letter-step": _letter_step,
    "error-report": _error_report,
    "website-report": _website_report,
}


@pytest.fixture
def csrf_client(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return Client(enforce_csrf_checks=True)


def _token(client, url: str) -> str:
    """The token of the form the page shows (or, for a page without one, the admin's)."""
    for page in (url, reverse("admin:login")):
        found = _TOKEN.search(client.get(page, follow=True).content.decode())
        if found:
            return found.group(1)
    raise AssertionError("no page gave a CSRF token")


@pytest.mark.parametrize("build", FORMS.values(), ids=FORMS.keys())
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(csrf_client, build):
    form = build(csrf_client)
    csrf_client.get(form.url)  # the page was opened: the cookie is there, the token is not
    response = csrf_client.post(form.url, form.data)
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert not form.done(response)


@pytest.mark.parametrize("build", FORMS.values(), ids=FORMS.keys())
def test_a_post_with_a_forged_csrf_token_is_refused(csrf_client, build):
    form = build(csrf_client)
    csrf_client.get(form.url)
    response = csrf_client.post(form.url, {**form.data, "csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    assert not form.done(response)


@pytest.mark.parametrize("build", FORMS.values(), ids=FORMS.keys())
def test_a_post_with_the_pages_csrf_token_is_accepted(csrf_client, build):
    form = build(csrf_client)
    token = _token(csrf_client, form.url)
    response = csrf_client.post(form.url, {**form.data, "csrfmiddlewaretoken": token})
    assert response.status_code != 403
    assert form.done(response)


# -- views added later are covered too ---------------------------------------------------

ALL_PATTERNS = list(url_patterns())
# Staff pages that take no POST of their own, and the forms above that cover the others.
STAFF_PAGES_WITHOUT_ARGUMENTS = [
    route for route, _name, _view in ALL_PATTERNS if "staff/" in route and "<" not in route
]
STAFF_FORMS = {
    "report-staff-list",
    "report-staff-detail",
    "document-from-requests",
    "staff-step",
    "approve",
    "refuse",
    "answer-subtask",
    "mailbox-staff-step",
    "mailbox-error-report",
    "website-report-staff",
}


def test_no_view_is_exempt_from_the_csrf_check():
    """But the read-only API (DRF exempts its views): GET and HEAD only, no session read."""
    exempt = [
        route
        for route, _name, view in ALL_PATTERNS
        if getattr(view, "csrf_exempt", False)
        and not (
            route.startswith("api/v1/")
            and set(view.view_class.http_method_names) <= {"get", "head"}
            and not getattr(view.view_class, "authentication_classes", [None])
        )
    ]
    assert exempt == []


def test_every_staff_page_taking_an_argument_is_in_the_form_list_or_get_only():
    with_arguments = {
        name.split(":")[-1]
        for route, name, _view in ALL_PATTERNS
        if "staff/" in route and "<" in route and name
    }
    # Read-only: the explanation, the request page (its forms post to staff-step), a file,
    # a letter to print.
    get_only = {
        "due-explanation",
        "staff-request",
        "staff-file",
        "staff-letter-print",
        "mailbox-staff-letter",
        "mailbox-staff-file",
    }
    assert with_arguments <= STAFF_FORMS | get_only, with_arguments - STAFF_FORMS - get_only


@pytest.mark.parametrize("route", STAFF_PAGES_WITHOUT_ARGUMENTS)
def test_a_post_to_any_staff_page_without_the_token_is_refused(csrf_client, route):
    csrf_client.force_login(make_staff(make_org()))
    assert csrf_client.post("/" + route, {"organization": "1", "year": "2025"}).status_code == 403
