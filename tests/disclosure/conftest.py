"""Fixtures for the disclosure tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached counts of one test must not show up in the next."""
    cache.clear()
    yield
    cache.clear()
