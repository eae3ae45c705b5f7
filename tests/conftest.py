"""Shared fixtures and small builders for the whole suite."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model

from catalog.models import Organization, StaffProfile
from catalog.permissions import APPROVER_GROUP, STAFF_GROUP, SUPERVISOR_GROUP
from catalog.validators import credit_code_check_char

_seq = itertools.count(1)


def make_credit_code(n: int) -> str:
    first17 = f"11371500{n:09d}"
    return first17 + credit_code_check_char(first17)


def make_org(**overrides) -> Organization:
    n = next(_seq)
    fields = {
        "name": f"测试市第{n}局",
        "slug": f"org{n}",
        "credit_code": make_credit_code(n),
        "kind": Organization.Kind.DEPARTMENT,
        "level": Organization.Level.CITY,
        "office_name": f"测试市第{n}局办公室",
        "office_address": f"测试市人民路{n}号",
        "office_hours": "工作日 9:00—17:00",
        "phone": "0635-1234567",
        "fax": "0635-1234568",
        "email": f"org{n}@example.gov.cn",
        "postal_address": f"测试市人民路{n}号",
        "postal_code": "252000",
    }
    fields.update(overrides)
    return Organization.objects.create(**fields)


def make_staff(
    organization: Organization | None,
    *,
    supervisor: bool = False,
    approver: bool = False,
    **extra,
):
    from catalog.roles import ensure_groups

    ensure_groups()
    User = get_user_model()
    n = next(_seq)
    user = User.objects.create_user(
        username=extra.pop("username", f"staff{n}"), password="pw-for-tests-123", is_staff=True
    )
    if organization is not None:
        StaffProfile.objects.create(user=user, organization=organization)
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=SUPERVISOR_GROUP if supervisor else STAFF_GROUP))
    if approver:
        user.groups.add(Group.objects.get(name=APPROVER_GROUP))
    return user


@pytest.fixture
def org(db):
    return make_org()


@pytest.fixture
def other_org(db):
    return make_org()


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path_factory):
    """Request files (letters, applicants' uploads) go to a temporary directory."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private")
    return settings.PRIVATE_MEDIA_ROOT
