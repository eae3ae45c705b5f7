"""The demo: a running and an answered consultation, a catalog, three meetings; twice."""

import datetime

import pytest

from catalog import demo as catalog_demo
from disclosure import consultations, demo_decisions, demo_documents
from disclosure.models import Comment, Consultation, DecisionItem, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    orgs = catalog_demo.load()
    demo_documents.load(orgs)
    demo_decisions.load(orgs)
    return orgs


def counts():
    return (
        Consultation.objects.count(),
        Comment.objects.count(),
        DecisionItem.objects.count(),
        Meeting.objects.count(),
    )


def test_the_demo_shows_every_part_loads_once_and_keeps_one_running(orgs, client):
    before = counts()
    demo_decisions.load(orgs)
    assert counts() == before
    today = consultations.beijing_date()
    running = Consultation.objects.get(title=demo_decisions.RUNNING_TITLE)
    assert running.phase(today) == "open" and running.attachments.exists()
    finished = Consultation.objects.get(title=demo_decisions.FINISHED_TITLE)
    assert finished.phase(today) == "answered" and finished.final_document is not None
    assert consultations.feedback_counts(finished).untagged == 0
    short = Consultation.objects.get(title=demo_decisions.SHORT_TITLE)
    assert short.is_short_period and short.short_period_reason
    assert Meeting.objects.count() == 3
    assert DecisionItem.objects.filter(consultation=running).exists()
    html = client.get(finished.get_absolute_url()).content.decode()
    assert "意见采纳情况反馈" in html and "demo5@example.com" not in html

    # A later run (the demo is loaded at every `make run`) keeps the running one running.
    long_ago = datetime.date(2020, 1, 1)
    Consultation.objects.filter(pk=running.pk).update(
        starts_on=long_ago, ends_on=long_ago + datetime.timedelta(days=34)
    )
    demo_decisions.load(orgs)
    running.refresh_from_db()
    assert running.phase(consultations.beijing_date()) == "open"
