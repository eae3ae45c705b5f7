"""The demo library shows every filter and every validity notice."""

import pytest
from django.core.management import call_command

from disclosure.models import Document, DocumentRelation
from disclosure.validity import Validity

pytestmark = pytest.mark.django_db


def test_the_demo_library_covers_every_validity_state_and_loads_once(client):
    call_command("load_demo", verbosity=0)
    counts = (Document.objects.count(), DocumentRelation.objects.count())
    call_command("load_demo", verbosity=0)
    assert counts == (Document.objects.count(), DocumentRelation.objects.count())
    states = set(
        Document.objects.public().with_validity().values_list("current_validity", flat=True)
    )
    assert states == set(Validity.values)
    repealed = Document.objects.public().validity_is(Validity.REPEALED).get()
    page = client.get(repealed.get_absolute_url()).content.decode()
    assert "本文件已废止" in page
    assert "聊城市行政规范性文件制定和监督管理办法" in page
