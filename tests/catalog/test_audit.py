"""The audit log: what is recorded, without applicants' data, and that nobody
can change it — not through the ORM, not in SQL, not in the admin."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from catalog import audit
from catalog.models import AuditEntry, AuditLogIsAppendOnly
from catalog.permissions import STAFF_GROUP, SUPERVISOR_GROUP
from catalog.roles import ensure_groups
from disclosure.library import steps as library_steps
from disclosure.publishing import steps as publishing
from tests.conftest import make_staff
from tests.disclosure.builders import make_document, publish_document
from tests.requests_app.builders import applicant_fields, make_request

A = AuditEntry.Action
PASSWORD = "pw-for-tests-123"

pytestmark = pytest.mark.django_db


def login(client, username, password, ip="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def entry_text(entry: AuditEntry) -> str:
    return " ".join(
        str(v)
        for v in (
            entry.actor_username,
            entry.object_type,
            entry.object_id,
            entry.object_label,
            entry.summary,
        )
    )


# -- what is recorded -----------------------------------------------------------------------


def test_a_login_writes_an_entry_with_the_account_agency_and_address(client, org):
    staff = make_staff(org)
    assert login(client, staff.username, PASSWORD).status_code == 302
    entry = AuditEntry.objects.get(action=A.LOGIN)
    assert (entry.actor_id, entry.actor_username) == (staff.pk, staff.username)
    assert entry.organization_id == org.pk
    assert entry.ip == "203.0.113.7"


def test_a_failed_login_writes_an_entry_with_the_user_name_tried(client, org):
    staff = make_staff(org)
    login(client, staff.username, "wrong-password-x")
    login(client, "nobody-here", "wrong-password-x")
    tried = AuditEntry.objects.filter(action=A.LOGIN_FAILED).order_by("pk")
    assert [(e.actor_username, e.actor_id, e.ip) for e in tried] == [
        (staff.username, None, "203.0.113.7"),
        ("nobody-here", None, "203.0.113.7"),
    ]
    # The known account's agency sees the attempt; an unknown name belongs to no agency.
    assert [e.organization_id for e in tried] == [org.pk, None]
    assert not AuditEntry.objects.filter(action=A.LOGIN).exists()


def test_failed_logins_are_still_recorded_while_the_lockout_refuses_them(client, org, settings):
    staff = make_staff(org)
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = login(client, staff.username, "wrong-password-x")
    assert response.status_code == 429
    response = login(client, staff.username, PASSWORD)
    assert response.status_code == 429
    failed = AuditEntry.objects.filter(action=A.LOGIN_FAILED).order_by("pk")
    assert failed.count() == settings.AXES_FAILURE_LIMIT + 2
    assert "锁定" in failed.last().summary
    assert not AuditEntry.objects.filter(action=A.LOGIN).exists()


def test_logging_out_writes_an_entry(client, org):
    staff = make_staff(org)
    client.force_login(staff)
    client.post(reverse("admin:logout"))
    entry = AuditEntry.objects.get(action=A.LOGOUT)
    assert (entry.actor_username, entry.organization_id) == (staff.username, org.pk)


def test_publishing_a_document_writes_an_entry_with_its_index_number(org):
    staff, reviewer = make_staff(org), make_staff(org, reviewer=True)
    document = publish_document(make_document(org), by=staff, reviewer=reviewer)
    entry = AuditEntry.objects.get(action=A.PUBLISHED)
    assert entry.actor_username == reviewer.username
    assert entry.organization_id == org.pk
    assert (entry.object_type, entry.object_id) == ("library.document", str(document.pk))
    assert document.index_number in entry.object_label
    assert document.title in entry.object_label
    # The step before it is recorded too, as another publishing step.
    submitted = AuditEntry.objects.get(action=A.PUBLISHING)
    assert submitted.summary == "政策文件：提交审核"


def test_withdrawing_a_document_writes_an_entry(org):
    staff = make_staff(org)
    document = publish_document(make_document(org), by=staff)
    publishing.withdraw(document, by=staff, reason="内容已过时")
    entry = AuditEntry.objects.get(action=A.WITHDRAWN)
    assert entry.object_id == str(document.pk)


def test_changing_a_documents_validity_period_writes_a_validity_entry(org):
    staff = make_staff(org)
    document = publish_document(make_document(org), by=staff)
    library_steps.change_validity_period(
        document,
        by=staff,
        reason="评估后延续",
        effective_on=datetime.date(2024, 4, 1),
        expires_on=datetime.date(2029, 3, 31),
    )
    entry = AuditEntry.objects.get(action=A.VALIDITY)
    assert (entry.actor_username, entry.object_id) == (staff.username, str(document.pk))
    assert entry.summary == "政策文件：调整施行日期或有效期"


def test_the_daily_expiry_writes_a_validity_entry_without_an_actor(org):
    staff = make_staff(org)
    expires_on = timezone.localdate() + datetime.timedelta(days=30)
    document = publish_document(make_document(org, expires_on=expires_on), by=staff)
    library_steps.refresh_stored_validity(expires_on + datetime.timedelta(days=2))
    entry = AuditEntry.objects.get(action=A.VALIDITY)
    assert (entry.actor_id, entry.actor_username) == (None, "")
    assert (entry.object_id, entry.organization_id) == (str(document.pk), org.pk)
    assert entry.summary == "政策文件：有效性自动更新"


def test_a_request_step_is_recorded_by_tracking_number_without_the_applicants_data(org):
    staff = make_staff(org)
    fields = applicant_fields()
    req = make_request(org, staff, datetime.date(2025, 9, 26))
    entries = list(AuditEntry.objects.filter(action=A.REQUEST_STEP))
    assert entries
    assert all(e.object_label == req.tracking_number for e in entries)
    assert all(e.organization_id == org.pk for e in entries)
    assert "登记" in " ".join(e.summary for e in entries)
    text = " ".join(entry_text(e) for e in AuditEntry.objects.all())
    for personal in (req.name, req.phone, req.id_number, req.postal_address, req.email):
        assert personal not in text
    assert fields["name"] == req.name  # the builder's applicant, so the check is meaningful


def test_opening_a_full_request_record_in_the_admin_writes_an_entry(client, org):
    staff = make_staff(org)
    req = make_request(org, staff, datetime.date(2025, 9, 26))
    client.force_login(staff)
    page = client.get(
        reverse("admin:requests_app_informationrequest_change", args=[req.pk]),
        REMOTE_ADDR="198.51.100.20",
    )
    assert req.phone in page.content.decode()
    entry = AuditEntry.objects.get(action=A.RECORD_VIEWED)
    assert (entry.actor_username, entry.object_label) == (staff.username, req.tracking_number)
    assert entry.ip == "198.51.100.20"
    assert req.name not in entry_text(entry)


def test_deleting_an_account_keeps_its_entries(org):
    user = get_user_model().objects.create_user(username="leaver", password=PASSWORD)
    audit.record(A.LOGIN, actor=user)
    user.delete()
    entry = AuditEntry.objects.get()
    assert entry.actor_username == "leaver"


def test_deleting_an_agency_keeps_its_entries_readable(client, org):
    audit.record(A.PUBLISHED, organization=org, label="撤销机关的文件")
    org_id = org.pk
    org.delete()
    entry = AuditEntry.objects.get()
    assert (entry.organization_id, entry.object_label) == (org_id, "撤销机关的文件")
    client.force_login(make_staff(None, supervisor=True))
    changelist = client.get(reverse("admin:catalog_auditentry_changelist"))
    assert "撤销机关的文件" in changelist.content.decode()
    page = client.get(reverse("admin:catalog_auditentry_change", args=[entry.pk]))
    assert "撤销机关的文件" in page.content.decode()


# -- nobody changes it ----------------------------------------------------------------------


def test_the_model_refuses_to_change_or_delete_an_entry(org):
    entry = audit.record(A.LOGIN, username="someone", organization=org)
    entry.summary = "改过"
    with pytest.raises(AuditLogIsAppendOnly, match="只能追加"):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="改过")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().summary == ""


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE catalog_auditentry SET summary = 'x' WHERE id = %s",
        "DELETE FROM catalog_auditentry WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_entry(org, sql):
    entry = audit.record(A.LOGIN, username="someone", organization=org)
    with pytest.raises(DatabaseError, match="只能追加"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, summary="").exists()


def test_the_admin_offers_no_add_change_or_delete_even_to_a_superuser(client, org):
    entry = audit.record(A.LOGIN, username="someone", organization=org, summary="原文")
    root = get_user_model().objects.create_superuser(username="root", password=PASSWORD)
    client.force_login(root)
    change_url = reverse("admin:catalog_auditentry_change", args=[entry.pk])

    assert client.get(reverse("admin:catalog_auditentry_add")).status_code == 403
    assert client.get(reverse("admin:catalog_auditentry_delete", args=[entry.pk])).status_code == (
        403
    )
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change_url, {"summary": "改过"}).status_code == 403

    changelist = client.get(reverse("admin:catalog_auditentry_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    assert AuditEntry.objects.get(pk=entry.pk).summary == "原文"


def test_agency_staff_see_only_their_own_agencys_entries(client, org, other_org):
    staff = make_staff(org)
    audit.record(A.PUBLISHED, organization=org, label="本机关的文件")
    theirs = audit.record(A.PUBLISHED, organization=other_org, label="别的机关的文件")
    client.force_login(staff)
    page = client.get(reverse("admin:catalog_auditentry_changelist")).content.decode()
    assert "本机关的文件" in page
    assert "别的机关的文件" not in page
    response = client.get(reverse("admin:catalog_auditentry_change", args=[theirs.pk]))
    assert response.status_code in (302, 403, 404)


def test_the_supervising_office_sees_every_agencys_entries(client, org, other_org):
    audit.record(A.PUBLISHED, organization=org, label="甲机关的文件")
    audit.record(A.LOGIN_FAILED, username="guess", label="")
    audit.record(A.PUBLISHED, organization=other_org, label="乙机关的文件")
    client.force_login(make_staff(None, supervisor=True))
    page = client.get(reverse("admin:catalog_auditentry_changelist")).content.decode()
    assert "甲机关的文件" in page and "乙机关的文件" in page and "guess" in page


def test_both_roles_may_only_view_the_audit_log(db):
    ensure_groups()
    for name in (STAFF_GROUP, SUPERVISOR_GROUP):
        codenames = set(
            Group.objects.get(name=name)
            .permissions.filter(content_type__model="auditentry")
            .values_list("codename", flat=True)
        )
        assert codenames == {"view_auditentry"}, name
