"""A staff member of agency A cannot, by typing URLs, see, change or delete agency B's
objects in the admin, nor act on them through the staff pages; the supervisor can.

Every agency-scoped admin (``catalog.scoping.AgencyScopedAdminMixin``) is attacked: a
model registered later without a builder here fails the discovery test."""

from __future__ import annotations

import dataclasses
from datetime import date as D

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.urls import reverse

from catalog import audit
from catalog.models import AuditEntry, Category, Organization, StandardCatalogItem
from catalog.scoping import AgencyScopedAdminMixin
from disclosure.column.models import Guide, Regulation
from disclosure.decisions.models import Consultation, DecisionCatalog, DecisionItem
from disclosure.engagement.models import CommitmentList, ServiceHall
from disclosure.library.models import Document, DocumentRelation
from disclosure.library.validity import RelationKind
from disclosure.reports import services as reports
from disclosure.reports.models import AnnualReport
from disclosure.website.models import WordingOverride
from requests_app import steps
from requests_app.forms.staff import STEPS
from requests_app.models import (
    InformationRequest,
    RequestAttachment,
    RequestEvent,
    ReviewCase,
    StaffAccessLog,
)
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document
from tests.disclosure.concern_builders import make_concern
from tests.disclosure.decisions.builders import (
    add_comment,
    make_consultation,
    make_meeting,
    open_consultation,
)
from tests.disclosure.engagement import builders as engagement
from tests.disclosure.interpretation_builders import make_interpretation
from tests.disclosure.mailbox.builders import make_error_report, make_letter
from tests.requests_app.builders import make_request

pytestmark = pytest.mark.django_db

REFUSED = (302, 403, 404)  # the admin sends an unknown object back to the index (302)


@dataclasses.dataclass
class Agencies:
    a: Organization
    b: Organization
    staff_a: object
    staff_b: object
    supervisor: object


@pytest.fixture
def agencies(db) -> Agencies:
    a = make_org(name="甲局")
    b = make_org(name="乙县人民政府", kind=Organization.Kind.GOVERNMENT)
    return Agencies(a, b, make_staff(a), make_staff(b), make_staff(None, supervisor=True))


def _request_of(b, staff_b) -> InformationRequest:
    return make_request(b, staff_b, D(2025, 9, 1))


def _catalog_of(b) -> DecisionCatalog:
    return DecisionCatalog.objects.create(organization=b, year=2025)


def _relation_of(b, staff_b) -> DocumentRelation:
    old = publish_document(organization=b)
    new = publish_document(organization=b)
    return DocumentRelation.objects.create(
        from_document=new,
        to_document=old,
        kind=RelationKind.AMENDS,
        effective_on=D(2024, 4, 1),
        reason="修改第三条",
        created_by=staff_b,
    )


# One object of agency B for each agency-scoped model in the admin.
BUILDERS = {
    "catalog.organization": lambda b, staff_b: b,
    "catalog.category": lambda b, staff_b: Category.objects.create(
        organization=b,
        parent=Category.objects.statutory().get(name="财政预算、决算信息"),
        name="乙县部门预算",
        scope="local",
    ),
    "catalog.standardcatalogitem": lambda b, staff_b: StandardCatalogItem.objects.create(
        organization=b,
        domain="义务教育",
        matter="招生入学",
        content="招生范围",
        basis="《义务教育法》",
        time_limit="信息形成之日起20个工作日内",
        subject="乙县教育局",
        channels="政府网站",
    ),
    "column.guide": lambda b, staff_b: Guide.objects.create(
        organization=b,
        title="乙县政府信息公开指南",
        classification="分类",
        how_to_obtain="获取方式",
        updated_on=D(2025, 3, 1),
    ),
    "column.regulation": lambda b, staff_b: Regulation.objects.create(
        organization=b, title="乙县政府信息公开制度", body="制度正文"
    ),
    "library.document": lambda b, staff_b: make_document(b),
    "website.wordingoverride": lambda b, staff_b: WordingOverride.objects.create(
        content_type=ContentType.objects.get_for_model(Document),
        object_id=make_document(b).pk,
        organization=b,
        label="乙县的文件",
        expressions="香港政府",
        reason="引用原文",
        by=staff_b,
    ),
    "library.documentrelation": _relation_of,
    "library.interpretation": lambda b, staff_b: make_interpretation(
        publish_document(organization=b)
    ),
    "library.concern": lambda b, staff_b: make_concern(b),
    "decisions.consultation": lambda b, staff_b: make_consultation(b),
    "decisions.comment": lambda b, staff_b: add_comment(open_consultation(organization=b)),
    "reports.annualreport": lambda b, staff_b: reports.create_draft(b, 2025, by=staff_b),
    "decisions.decisioncatalog": lambda b, staff_b: _catalog_of(b),
    "decisions.decisionitem": lambda b, staff_b: DecisionItem.objects.create(
        catalog=_catalog_of(b), title="乙县城区供水价格调整", lead_unit="乙县发展和改革局"
    ),
    "decisions.meeting": lambda b, staff_b: make_meeting(b),
    "engagement.interview": lambda b, staff_b: engagement.make_interview(b),
    "engagement.question": lambda b, staff_b: engagement.ask(
        engagement.upcoming_interview(organization=b)
    ),
    "engagement.opendayplan": lambda b, staff_b: engagement.make_plan(b, published=False),
    "engagement.activity": lambda b, staff_b: engagement.make_activity(engagement.make_plan(b)),
    "engagement.signup": lambda b, staff_b: engagement.sign_up(
        engagement.make_activity(engagement.make_plan(b))
    ),
    "engagement.commitmentlist": lambda b, staff_b: (
        engagement.make_commitment(
            CommitmentList.objects.create(organization=b, year=2026, title="乙县承诺事项"),
            deadline=D(2026, 6, 30),
        ).commitment_list
    ),
    "engagement.commitment": lambda b, staff_b: engagement.make_commitment(
        CommitmentList.objects.create(organization=b, year=2026, title="乙县承诺事项"),
        deadline=D(2026, 6, 30),
    ),
    "engagement.newmediaaccount": lambda b, staff_b: engagement.make_account(b),
    "engagement.servicehall": lambda b, staff_b: ServiceHall.objects.create(
        organization=b,
        name="乙县专区",
        address="路1号",
        opening_hours="工作日",
        phone="1",
        services="查阅",
    ),
    "mailbox.letter": lambda b, staff_b: make_letter(b),
    "mailbox.errorreport": lambda b, staff_b: make_error_report(b, received_on=D(2025, 9, 1)),
    "requests_app.informationrequest": _request_of,
    "requests_app.reviewcase": lambda b, staff_b: ReviewCase.objects.create(
        request=_request_of(b, staff_b), kind=ReviewCase.Kind.REVIEW, filed_on=D(2025, 11, 1)
    ),
    "catalog.auditentry": lambda b, staff_b: audit.record(
        AuditEntry.Action.PUBLISHING, actor=staff_b, organization=b, label="测试", summary="测试"
    ),
    "requests_app.approval": lambda b, staff_b: steps.request_extension(
        _request_of(b, staff_b), by=staff_b, days=5, reason="协调", on=D(2025, 9, 10)
    ),
    "requests_app.staffaccesslog": lambda b, staff_b: StaffAccessLog.objects.create(
        request=_request_of(b, staff_b), user=staff_b, where="查看申请"
    ),
}

SCOPED = sorted(
    model._meta.label_lower
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, AgencyScopedAdminMixin)
)


def test_every_agency_scoped_admin_model_is_attacked_here():
    assert set(SCOPED) == set(BUILDERS), set(SCOPED) ^ set(BUILDERS)


def _url(obj, view: str) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def _row(obj) -> dict:
    return type(obj).objects.filter(pk=obj.pk).values().get()


@pytest.mark.parametrize("label", SCOPED)
def test_staff_cannot_open_another_agencys_object_by_url(client, agencies, label):
    obj = BUILDERS[label](agencies.b, agencies.staff_b)
    client.force_login(agencies.staff_a)
    for view in ("change", "history", "delete"):
        response = client.get(_url(obj, view))
        assert response.status_code in REFUSED, (view, response.status_code)
        if response.status_code == 302:
            assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("label", SCOPED)
def test_staff_cannot_change_another_agencys_object_by_posting_to_its_url(client, agencies, label):
    obj = BUILDERS[label](agencies.b, agencies.staff_b)
    before = _row(obj)
    client.force_login(agencies.staff_a)
    data = {
        k: v
        for k, v in model_to_dict(obj).items()
        if v is not None and not isinstance(v, list | FieldFile)
    }
    data.update(title="被篡改", name="被篡改", body="被篡改", organization=agencies.a.pk)
    response = client.post(_url(obj, "change"), data)
    assert response.status_code in REFUSED
    assert _row(obj) == before


@pytest.mark.parametrize("label", SCOPED)
def test_staff_cannot_delete_another_agencys_object(client, agencies, label):
    obj = BUILDERS[label](agencies.b, agencies.staff_b)
    client.force_login(agencies.staff_a)
    response = client.post(_url(obj, "delete"), {"post": "yes"})
    assert response.status_code in REFUSED
    assert type(obj).objects.filter(pk=obj.pk).exists()
    changelist = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")
    client.post(
        changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("label", SCOPED)
def test_another_agencys_object_is_missing_from_the_staffs_list(client, agencies, label):
    obj = BUILDERS[label](agencies.b, agencies.staff_b)
    changelist = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")
    client.force_login(agencies.staff_a)
    assert _url(obj, "change") not in client.get(changelist + "?all=").content.decode()
    client.force_login(agencies.supervisor)
    assert _url(obj, "change") in client.get(changelist + "?all=").content.decode()


@pytest.mark.parametrize("label", SCOPED)
def test_the_supervisor_opens_every_agencys_object(client, agencies, label):
    obj = BUILDERS[label](agencies.b, agencies.staff_b)
    client.force_login(agencies.supervisor)
    assert client.get(_url(obj, "change")).status_code == 200


# -- the request workflow ----------------------------------------------------------------


@pytest.mark.parametrize("step", STEPS)
def test_staff_cannot_take_a_step_on_another_agencys_request(client, agencies, step):
    req = _request_of(agencies.b, agencies.staff_b)
    events, status = req.events.count(), req.status
    client.force_login(agencies.staff_a)
    url = reverse("admin:requests_app_informationrequest_step", args=[req.pk, step])
    assert client.get(url).status_code in (403, 404)
    response = client.post(url, {"on": "2025-09-02", "stage": "issue", "letter_text": "x"})
    assert response.status_code in (403, 404)
    req.refresh_from_db()
    assert (req.events.count(), req.status) == (events, status)


def test_the_supervisor_opens_a_step_on_any_agencys_request(client, agencies):
    req = _request_of(agencies.b, agencies.staff_b)
    client.force_login(agencies.supervisor)
    url = reverse("admin:requests_app_informationrequest_step", args=[req.pk, "assign"])
    assert client.get(url).status_code == 200


def _letter_of(req) -> RequestAttachment:
    attachment = RequestAttachment(request=req, kind=RequestAttachment.Kind.MATERIAL, title="答复")
    attachment.file.save("reply.pdf", ContentFile(b"%PDF-1.4 secret of B"), save=True)
    return attachment


def test_staff_cannot_download_another_agencys_request_files(client, agencies):
    theirs = _request_of(agencies.b, agencies.staff_b)
    mine = _request_of(agencies.a, agencies.staff_a)
    attachment = _letter_of(theirs)
    client.force_login(agencies.staff_a)
    for req in (theirs, mine):  # by B's request, and B's file under A's own request
        url = reverse("admin:requests_app_informationrequest_file", args=[req.pk, attachment.pk])
        assert client.get(url).status_code in (403, 404)
    client.force_login(agencies.supervisor)
    url = reverse("admin:requests_app_informationrequest_file", args=[theirs.pk, attachment.pk])
    assert client.get(url).status_code == 200


def test_staff_cannot_read_another_agencys_due_explanation(client, agencies):
    req = _request_of(agencies.b, agencies.staff_b)
    url = reverse("requests_app:due-explanation", args=[req.tracking_number])
    client.force_login(agencies.staff_a)
    assert client.get(url).status_code == 403
    client.force_login(agencies.supervisor)
    assert client.get(url).status_code == 200


def test_staff_cannot_turn_another_agencys_requests_into_a_draft(client, agencies):
    req = _request_of(agencies.b, agencies.staff_b)
    url = reverse("disclosure:document-from-requests", args=[req.tracking_number])
    client.force_login(agencies.staff_a)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert not Document.objects.exists()
    client.force_login(agencies.supervisor)
    assert client.get(url).status_code == 200


# -- annual reports ----------------------------------------------------------------------


@pytest.fixture
def report_of_b(agencies) -> AnnualReport:
    return reports.create_draft(agencies.b, 2025, by=agencies.staff_b)


@pytest.mark.parametrize(
    "data",
    [
        {"action": "texts", "overview": "被篡改", "problems": "x"},
        {"action": "override", "cell": "x", "value": "5", "reason": "被篡改"},
        {"action": "remove_override", "cell": "x", "reason": "被篡改"},
        {"action": "publish"},
    ],
    ids=lambda data: data["action"],
)
def test_staff_cannot_edit_or_publish_another_agencys_report(client, agencies, report_of_b, data):
    before = _row(report_of_b)
    client.force_login(agencies.staff_a)
    assert client.get(report_of_b.get_staff_url()).status_code == 403
    assert client.post(report_of_b.get_staff_url(), data).status_code == 403
    assert _row(report_of_b) == before
    assert not report_of_b.overrides.exists()


def test_staff_cannot_create_a_report_for_another_agency(client, agencies):
    client.force_login(agencies.staff_a)
    client.post(
        reverse("disclosure:report-staff-list"), {"organization": agencies.b.pk, "year": 2025}
    )
    assert not AnnualReport.objects.filter(organization=agencies.b).exists()


def test_the_supervisor_opens_any_agencys_report(client, agencies, report_of_b):
    client.force_login(agencies.supervisor)
    assert client.get(report_of_b.get_staff_url()).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "disclosure:report-staff-list",
        "disclosure:interpretation-timeliness",
        "disclosure:catalog-updates",
        "disclosure:consultation-feedback-due",
    ],
)
def test_staff_cannot_open_another_agencys_staff_page_by_its_slug(client, agencies, name):
    client.force_login(agencies.staff_a)
    response = client.get(reverse(name), {"org": agencies.b.slug})
    assert response.status_code == 403


def test_the_request_dashboard_ignores_another_agencys_slug_for_staff(client, agencies):
    _request_of(agencies.b, agencies.staff_b)
    client.force_login(agencies.staff_a)
    response = client.get(reverse("requests_app:staff-dashboard"), {"org": agencies.b.slug})
    assert response.status_code in (200, 403)
    assert agencies.b.name not in response.content.decode()


# -- consultations: feedback and comments ------------------------------------------------


def test_staff_cannot_publish_another_agencys_feedback_by_an_admin_action(client, agencies):
    consultation = publish_consultation_of(agencies.b)
    before = _row(consultation)
    client.force_login(agencies.staff_a)
    for action in ("publish_feedback_action", "publish_action", "withdraw_action"):
        client.post(
            reverse("admin:decisions_consultation_changelist"),
            {"action": action, "_selected_action": [consultation.pk], "reason": "被篡改"},
        )
    assert _row(consultation) == before


def test_staff_cannot_tag_another_agencys_comment_by_an_admin_action(client, agencies):
    comment = add_comment(open_consultation(organization=agencies.b))
    before = _row(comment)
    client.force_login(agencies.staff_a)
    client.post(
        reverse("admin:decisions_comment_changelist"),
        {"action": "mark_adopted_action", "_selected_action": [comment.pk]},
    )
    assert _row(comment) == before


def test_staff_cannot_download_another_agencys_comment_attachment(client, agencies):
    comment = add_comment(open_consultation(organization=agencies.b))
    comment.attachment.save("opinion.pdf", ContentFile(b"%PDF-1.4 B"), save=True)
    url = reverse("admin:decisions_comment_attachment", args=[comment.pk])
    client.force_login(agencies.staff_a)
    assert client.get(url).status_code in (403, 404)
    client.force_login(agencies.supervisor)
    assert client.get(url).status_code == 200


def publish_consultation_of(organization) -> Consultation:
    from tests.disclosure.decisions.builders import publish_consultation

    return publish_consultation(organization=organization)


def test_staff_cannot_act_on_another_agencys_requests_in_bulk(client, agencies):
    req = _request_of(agencies.b, agencies.staff_b)
    events = RequestEvent.objects.filter(request=req).count()
    client.force_login(agencies.staff_a)
    model_admin = admin.site._registry[InformationRequest]
    for action in model_admin.get_actions(_request_for(agencies.supervisor)):
        client.post(
            reverse("admin:requests_app_informationrequest_changelist"),
            {"action": action, "_selected_action": [req.pk]},
        )
    assert RequestEvent.objects.filter(request=req).count() == events


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request
