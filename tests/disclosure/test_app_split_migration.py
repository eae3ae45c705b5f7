"""The move of the disclosure models into their apps keeps every row.

A database is taken back to the schema of the time disclosure was one app, filled through
that schema's own (historical) models, then migrated to the head: every document,
interpretation, consultation, report, guide, event, file, request and permission is found
through today's models, and the content types (with the permissions and groups on them)
now name the new apps.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from disclosure.column.models import Guide
from disclosure.decisions.models import Comment, Consultation, ConsultationEvent
from disclosure.library.models import (
    Attachment,
    Document,
    DocumentEvent,
    DocumentRelation,
    Interpretation,
    InterpretationEvent,
)
from disclosure.publishing.models import IndexSequence
from disclosure.reports.models import AnnualReport, AnnualReportEvent
from requests_app.models import InformationRequest, RequestEvent
from tests.conftest import make_org, make_staff
from tests.requests_app.builders import make_request

D = datetime.date
NEW_APPS = ["publishing", "library", "decisions", "reports", "column"]
BEFORE_THE_SPLIT = [("disclosure", "0010_consultation_pii")] + [(app, None) for app in NEW_APPS]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _old_models(executor):
    """The models as they were before the split: every app at its head, disclosure at 0010."""
    nodes = [
        node
        for node in executor.loader.graph.leaf_nodes()
        if node[0] not in [*NEW_APPS, "disclosure"]
    ]
    return executor.loader.project_state([*nodes, BEFORE_THE_SPLIT[0]]).apps


def _to_head():
    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())


def _fill_through_the_old_schema(old, organization, user) -> dict:
    """Rows of every moved model, written by the models of the old ``disclosure`` app."""
    Org = old.get_model("catalog", "Organization")
    org = Org.objects.get(pk=organization.pk)
    M = lambda name: old.get_model("disclosure", name)  # noqa: E731
    old_doc = M("Document").objects.create(
        organization=org,
        title="关于印发旧办法的通知",
        written_on=D(2023, 5, 1),
        status="published",
        published_on=D(2023, 5, 10),
        index_number=f"{org.credit_code}/2023-00001",
    )
    new_doc = M("Document").objects.create(
        organization=org,
        title="关于印发新办法的通知",
        written_on=D(2024, 5, 1),
        status="published",
        published_on=D(2024, 5, 10),
        index_number=f"{org.credit_code}/2024-00001",
    )
    M("Attachment").objects.create(
        document=old_doc, title="办法全文", file="documents/2023/05/old.pdf", kind="PDF", size=3
    )
    M("DocumentEvent").objects.create(document=old_doc, action="published", note="索引号")
    M("DocumentRelation").objects.create(
        from_document=new_doc,
        to_document=old_doc,
        kind="repeals",
        effective_on=D(2024, 6, 1),
        reason="新办法施行",
    )
    M("IndexSequence").objects.create(organization=org, year=2024, last_value=7)
    interpretation = M("Interpretation").objects.create(
        organization=org, title="一图读懂新办法", form="text", body="<p>解读</p>"
    )
    interpretation.documents.add(new_doc)
    M("InterpretationEvent").objects.create(interpretation=interpretation, action="submitted")
    consultation = M("Consultation").objects.create(
        organization=org,
        title="新办法（征求意见稿）",
        draft="<p>草案</p>",
        contact="0635-8241234",
        starts_on=D(2024, 3, 1),
        ends_on=D(2024, 4, 1),
        final_document=new_doc,
    )
    M("Comment").objects.create(consultation=consultation, text="建议延长期限")
    M("ConsultationEvent").objects.create(consultation=consultation, action="submitted")
    report = M("AnnualReport").objects.create(organization=org, year=2024, overview="总体情况")
    M("AnnualReportEvent").objects.create(report=report, action="created")
    M("Guide").objects.create(organization=org, classification="按主题分类", how_to_obtain="网站")
    # Staff's permission as the old schema's content type holds it.
    ContentTypeOld = old.get_model("contenttypes", "ContentType")
    PermissionOld = old.get_model("auth", "Permission")
    GroupOld = old.get_model("auth", "Group")
    document_type, _ = ContentTypeOld.objects.get_or_create(
        app_label="disclosure", model="document"
    )
    change, _ = PermissionOld.objects.get_or_create(
        content_type=document_type,
        codename="change_document",
        defaults={"name": "Can change 政策文件"},
    )
    group = GroupOld.objects.create(name="旧分组")
    group.permissions.add(change)
    group.user_set.add(old.get_model("auth", "User").objects.get(pk=user.pk))
    return {
        "old_doc": old_doc.pk,
        "new_doc": new_doc.pk,
        "interpretation": interpretation.pk,
        "consultation": consultation.pk,
        "report": report.pk,
        "document_type": document_type.pk,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_filled_before_the_split_migrates_with_every_row():
    organization = make_org()
    staff = make_staff(organization)
    request = make_request(organization, staff, D(2024, 9, 2))
    executor = _migrate(BEFORE_THE_SPLIT)
    old = _old_models(executor)
    # The content types of the new apps do not exist yet in a database of that time.
    ContentType.objects.filter(app_label__in=NEW_APPS).delete()
    ContentType.objects.clear_cache()
    rows = _fill_through_the_old_schema(old, organization, staff)

    _to_head()
    ContentType.objects.clear_cache()

    old_doc = Document.objects.get(pk=rows["old_doc"])
    new_doc = Document.objects.get(pk=rows["new_doc"])
    assert old_doc.index_number.endswith("/2023-00001") and old_doc.is_public
    assert [a.file.name for a in Attachment.objects.filter(document=old_doc)] == [
        "documents/2023/05/old.pdf"
    ]
    assert DocumentEvent.objects.filter(document=old_doc, action="published").count() == 1
    assert DocumentRelation.objects.get(to_document=old_doc).from_document == new_doc
    assert old_doc.validity_on(D(2025, 1, 1)) == "repealed"
    assert IndexSequence.objects.get(organization=organization, year=2024).last_value == 7
    interpretation = Interpretation.objects.get(pk=rows["interpretation"])
    assert list(interpretation.documents.all()) == [new_doc]
    assert InterpretationEvent.objects.filter(interpretation=interpretation).count() == 1
    consultation = Consultation.objects.get(pk=rows["consultation"])
    assert consultation.final_document == new_doc
    assert Comment.objects.get(consultation=consultation).text == "建议延长期限"
    assert ConsultationEvent.objects.filter(consultation=consultation).count() == 1
    report = AnnualReport.objects.get(pk=rows["report"])
    assert report.overview == "总体情况"
    assert AnnualReportEvent.objects.filter(report=report).count() == 1
    assert Guide.objects.get(organization=organization).classification == "按主题分类"
    assert InformationRequest.objects.get(pk=request.pk).tracking_number == request.tracking_number
    assert RequestEvent.objects.filter(request=request).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_permissions_and_groups_follow_the_models_into_their_apps():
    organization = make_org()
    staff = make_staff(organization)
    executor = _migrate(BEFORE_THE_SPLIT)
    old = _old_models(executor)
    ContentType.objects.filter(app_label__in=NEW_APPS).delete()
    ContentType.objects.clear_cache()
    rows = _fill_through_the_old_schema(old, organization, staff)

    _to_head()
    ContentType.objects.clear_cache()

    document_type = ContentType.objects.get(pk=rows["document_type"])
    assert (document_type.app_label, document_type.model) == ("library", "document")
    assert document_type.model_class() is Document
    permission = Permission.objects.get(content_type=document_type, codename="change_document")
    assert permission in Group.objects.get(name="旧分组").permissions.all()
    assert not ContentType.objects.filter(app_label="disclosure", model="document").exists()
