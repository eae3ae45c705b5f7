"""Fixtures of the attack tests (the fresh caches of every test: tests/conftest.py)."""

import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Staff accounts are made in many tests here; the slow default hasher is not the point."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
