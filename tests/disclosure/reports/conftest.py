"""Fixtures of the 年度报告 tests: the 2024 year of requests, a report ready to publish."""

from __future__ import annotations

import pytest

from disclosure.reports import services as reports
from tests.conftest import make_staff
from tests.requests_app.year_builder import built_year, no_letters  # noqa: F401 - fixtures

ENTERED = {
    "licensing_decisions": 120,
    "penalty_decisions": 15,
    "enforcement_decisions": 2,
    "administrative_fees": "12.3456",
}


@pytest.fixture
def year(built_year):  # noqa: F811 - the imported fixture, renamed
    """(agency, its staff, the 2024 requests by name)."""
    return built_year


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Staff accounts are made in many tests here; hashing their passwords is not tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def supervisor(db):
    return make_staff(None, supervisor=True)


def ready(report, by):
    """Fill the entered figures and keep the template texts: the report can be published."""
    return reports.update(report, by=by, **ENTERED)
