"""No log can be deleted in the admin, by anyone: the superuser included."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from catalog.models import AuditEntry
from disclosure.publishing.models import PublishingEvent
from requests_app.approvals import Approval
from requests_app.models import RequestEvent, StaffAccessLog

LOGS = (AuditEntry, RequestEvent, StaffAccessLog, Approval)


def _is_log(model) -> bool:
    return issubclass(model, (PublishingEvent, *LOGS))


@pytest.fixture
def superuser_request(db):
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    return request


def test_no_admin_of_a_log_offers_deletion_to_a_superuser(superuser_request):
    offered = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if _is_log(model) and model_admin.has_delete_permission(superuser_request)
    ]
    assert offered == []


def test_no_inline_of_a_log_offers_deletion(superuser_request):
    offered = []
    for model_admin in admin.site._registry.values():
        for inline_class in model_admin.inlines:
            inline = inline_class(model_admin.model, admin.site)
            if _is_log(inline.model) and (
                inline.can_delete and inline.has_delete_permission(superuser_request)
            ):
                offered.append(f"{model_admin.model._meta.label}: {inline.model._meta.label}")
    assert offered == []


def test_every_log_model_with_an_admin_is_checked():
    registered_logs = {m for m in admin.site._registry if _is_log(m)}
    assert {AuditEntry, StaffAccessLog, Approval} <= registered_logs
