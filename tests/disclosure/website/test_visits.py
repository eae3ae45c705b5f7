"""The privacy-preserving visit counter: unique visitors per day by a salted hash that
rotates daily; no IP address (or browser string) is stored anywhere."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from disclosure.website import visits
from disclosure.website.models import DailyVisitor, DailyVisits, VisitSalt

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


@pytest.fixture(autouse=True)
def _fresh_salt(monkeypatch):
    monkeypatch.setattr(visits, "_salt", None)


def _visit(address: str, agent: str = BROWSER, at: datetime.datetime | None = None):
    request = RequestFactory().get("/tj.gif", REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    return visits.count(request, now=at)


def test_the_page_image_counts_a_view(client):
    response = client.get(reverse("disclosure:visit"), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert DailyVisits.objects.get().views == 1


def test_unique_visitors_and_views_are_counted_per_day():
    _visit("203.0.113.5")
    _visit("203.0.113.5")
    _visit("198.51.100.7")
    day = DailyVisits.objects.get(day=timezone.localdate())
    assert (day.visitors, day.views) == (2, 3)


def test_crawlers_are_not_counted():
    assert _visit("203.0.113.5", agent="Googlebot/2.1") is False
    assert not DailyVisits.objects.exists()


def test_no_ip_address_or_browser_string_is_stored_in_any_counter_table():
    address = "203.0.113.77"
    _visit(address)
    for model in (DailyVisitor, DailyVisits, VisitSalt):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
        assert address not in stored and "203.0.113" not in stored
        assert "Firefox" not in stored
    assert {f.name for f in DailyVisitor._meta.fields} == {"id", "day", "visitor"}


def test_the_salt_rotates_daily_and_yesterdays_is_gone():
    today = timezone.now()
    tomorrow = today + datetime.timedelta(days=1)
    _visit("203.0.113.5", at=today)
    first = DailyVisitor.objects.get().visitor
    _visit("203.0.113.5", at=tomorrow)
    assert VisitSalt.objects.count() == 1
    assert VisitSalt.objects.get().day == timezone.localdate(tomorrow)
    # Yesterday's visitor hashes went with the salt; the day's totals stay.
    assert list(DailyVisitor.objects.values_list("visitor", flat=True)) != [first]
    assert DailyVisitor.objects.count() == 1
    assert DailyVisits.objects.count() == 2


def test_the_year_totals_sum_the_days():
    DailyVisits.objects.create(day=datetime.date(2025, 3, 1), visitors=10, views=30)
    DailyVisits.objects.create(day=datetime.date(2025, 12, 31), visitors=5, views=7)
    DailyVisits.objects.create(day=datetime.date(2026, 1, 1), visitors=99, views=99)
    assert visits.totals(2025) == (15, 37)
