"""Fixtures of the request workflow tests: one agency, its staff, an outsider, the supervisor."""

from __future__ import annotations

import pytest

from tests.conftest import make_org, make_staff
from tests.requests_app.year_builder import built_year, no_letters  # noqa: F401 - fixtures


@pytest.fixture
def agency(db):
    return make_org(name="测试市发展和改革委员会", slug="fgw-test")


@pytest.fixture
def staff(agency):
    return make_staff(agency)


@pytest.fixture
def head(agency):
    """The head of the agency's disclosure office, who approves extensions."""
    return make_staff(agency, approver=True)


@pytest.fixture
def outsider(db):
    return make_staff(make_org())


@pytest.fixture
def supervisor(db):
    return make_staff(None, supervisor=True)
