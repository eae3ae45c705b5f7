"""No log can be deleted in the admin, by anybody: superusers included."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from catalog.models import AuditEntry

pytestmark = pytest.mark.django_db

#: A log or event model: its name says so, or it is the audit log.
LOG_NAME = re.compile(r"(Event|Log)$")


def _is_log(model) -> bool:
    return bool(LOG_NAME.search(model.__name__)) or model is AuditEntry


@pytest.fixture
def superuser_request(db):
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.create_superuser("root", password="pw-for-tests-1")
    return request


def _log_admins(request):
    """(where, admin) for every registered admin and inline of a log model."""
    found = []
    for model, model_admin in admin.site._registry.items():
        if _is_log(model):
            found.append((model._meta.label, model_admin))
        for inline in model_admin.get_inline_instances(request, None):
            if _is_log(inline.model):
                found.append((f"{model._meta.label} > {inline.model._meta.label}", inline))
    return found


def test_the_log_models_are_all_found(superuser_request):
    found = {where for where, _ in _log_admins(superuser_request)}
    for expected in (
        "catalog.AuditEntry",
        "requests_app.StaffAccessLog",
        "requests_app.InformationRequest > requests_app.RequestEvent",
        "library.Document > library.DocumentEvent",
    ):
        assert expected in found


def test_no_log_can_be_deleted_in_the_admin_even_by_a_superuser(superuser_request):
    deletable = []
    for where, model_admin in _log_admins(superuser_request):
        if model_admin.has_delete_permission(superuser_request, None):
            deletable.append(where)
        if getattr(model_admin, "can_delete", False):
            deletable.append(f"{where} (inline can_delete)")
        if isinstance(model_admin, admin.ModelAdmin):
            if "delete_selected" in model_admin.get_actions(superuser_request):
                deletable.append(f"{where} (delete_selected)")
    assert deletable == []
