"""Published items are withdrawn with a reason, never deleted in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from disclosure.column.models import Guide
from disclosure.library.models import Document
from disclosure.publishing import steps as publishing
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document, supervisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(supervisor())  # the supervisor holds every delete permission
    return client


def delete_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])


def test_a_published_document_cannot_be_deleted(admin_client):
    document = publish_document()
    response = admin_client.post(delete_url(document), {"post": "yes"})
    assert response.status_code == 302
    assert Document.objects.filter(pk=document.pk).exists()
    page = admin_client.get(response["Location"]).content.decode()
    assert "已公开的信息不能删除" in page


def test_a_withdrawn_document_cannot_be_deleted_either(admin_client):
    by = supervisor()
    document = publish_document(by=by)
    publishing.withdraw(document, by=by, reason="内容有误")
    admin_client.post(delete_url(document), {"post": "yes"})
    assert Document.objects.filter(pk=document.pk).exists()


def test_a_draft_that_was_never_public_can_be_deleted(admin_client):
    draft = make_document()
    admin_client.post(delete_url(draft), {"post": "yes"})
    assert not Document.objects.filter(pk=draft.pk).exists()


def test_the_bulk_delete_action_is_not_offered(admin_client):
    publish_document()
    page = admin_client.get(reverse("admin:library_document_changelist")).content.decode()
    assert "delete_selected" not in page


def test_a_guide_version_cannot_be_deleted(admin_client):
    guide = Guide.objects.create(organization=make_org(), classification="按主题分类")
    admin_client.post(delete_url(guide), {"post": "yes"})
    assert Guide.objects.filter(pk=guide.pk).exists()
