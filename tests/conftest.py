"""Shared fixtures and small builders for the whole suite."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches

from catalog.models import Organization, StaffProfile
from catalog.permissions import APPROVER_GROUP, REVIEWER_GROUP, STAFF_GROUP, SUPERVISOR_GROUP
from catalog.validators import credit_code_check_char

_seq = itertools.count(1)


# -- the two passes of `make test` ---------------------------------------------------------
# Transactional tests (live server, threads) flush the database when they end, taking the
# migrations' data (themes, statutory nodes, calendar) with them. Run serially, pytest-django
# puts them last; run in parallel, a worker would go on to other modules with an empty
# database. So `make test` runs `--transactional=skip` on every core, then
# `--transactional=only` in one process.


def pytest_addoption(parser):
    parser.addoption(
        "--transactional",
        choices=("all", "skip", "only"),
        default="all",
        help="run all tests, skip the transactional ones, or run only those",
    )


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def _check_serialized_rollback(items) -> None:
    """A transactional test flushes the database; without serialized_rollback the next
    one finds the migrations' data (groups, content types) gone or doubled. Say so at once."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            if not marker.kwargs.get("serialized_rollback"):
                raise pytest.UsageError(
                    f"{item.nodeid}: mark it django_db(transaction=True, serialized_rollback=True)"
                )


def pytest_collection_modifyitems(config, items):
    _check_serialized_rollback(items)
    mode = config.getoption("--transactional")
    if mode == "all":
        return
    keep, drop = [], []
    for item in items:
        (keep if _is_transactional(item) == (mode == "only") else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
    if mode == "only":
        # Browser tests first: a test that starts the session's Chromium right after another
        # transactional test has flushed the database does not see the migrations' data
        # restored (serialized_rollback); started on the fresh database, it does.
        items.sort(key=lambda item: 0 if {"browser", "page"} & set(item.fixturenames) else 1)


def pytest_sessionfinish(session, exitstatus):
    # A pass that selects nothing (e.g. `-k` matching no transactional test) is not a failure.
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and (
        session.config.getoption("--transactional") != "all"
    ):
        session.exitstatus = pytest.ExitCode.OK


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
    reviewer: bool = False,
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
    if reviewer:
        user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user


@pytest.fixture
def org(db):
    return make_org()


@pytest.fixture
def other_org(db):
    return make_org()


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path_factory):
    """Stored pages, cached counts and rate-limit counts of one test never reach the next.
    The public version file is the worker's own (the suite runs in several processes)."""
    settings.PUBLIC_VERSION_FILE = str(tmp_path_factory.getbasetemp() / "public-version")
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path_factory):
    """Request files (letters, applicants' uploads) go to a temporary directory."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private")
    return settings.PRIVATE_MEDIA_ROOT
