import pytest

from tests.conftest import make_staff


@pytest.fixture
def clerk(org):
    return make_staff(org)


@pytest.fixture
def other_clerk(other_org):
    return make_staff(other_org)


@pytest.fixture
def supervisor(db):
    return make_staff(None, supervisor=True)
