"""The demo data holds requests in every status and loads twice without duplicates."""

import pytest

from catalog import demo as catalog_demo
from requests_app import demo
from requests_app.models import InformationRequest, Status

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_request_in_every_status_and_is_idempotent():
    orgs = catalog_demo.load()
    demo.load(orgs)
    count = InformationRequest.objects.count()
    demo.load(orgs)
    assert InformationRequest.objects.count() == count
    assert set(InformationRequest.objects.values_list("status", flat=True)) == set(Status.values)
    assert InformationRequest.objects.overdue().exists()
    assert InformationRequest.objects.due_within(5).exists()
