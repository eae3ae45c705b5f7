"""The public forms and full-text searches are rate limited per client and answer 429 in
Chinese with Retry-After; browsing without a query is not limited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from config.web import ratelimit
from disclosure.decisions.views.consultation import COMMENT_LIMIT, COMMENT_WINDOW
from requests_app.public_views import TRACK_LIMIT, TRACK_WINDOW
from tests.conftest import make_org
from tests.disclosure.decisions.builders import open_consultation
from tests.security.builders import application_post, comment_post

SEARCH_PAGES = ["disclosure:document-list", "disclosure:interpretation-list"]
SEARCH_API = ["api:document-list", "api:interpretation-list"]


@pytest.fixture(autouse=True)
def one_window(monkeypatch):
    """The limits count in fixed windows: hold the clock inside one, so a test's requests
    never straddle the boundary where the count starts again."""
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_800_000_000.0)


@pytest.fixture
def limit(settings):
    settings.SEARCH_RATE_LIMIT = 3
    settings.SEARCH_RATE_WINDOW = 60
    settings.API_RATE_LIMIT = 1000
    return 3


@pytest.mark.django_db
@pytest.mark.parametrize("name", SEARCH_PAGES)
def test_searching_beyond_the_limit_answers_the_chinese_429_page(client, limit, name):
    url = reverse(name)
    for i in range(limit):
        assert client.get(url, {"q": f"通知{i}"}).status_code == 200
    response = client.get(url, {"q": "通知"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "操作过于频繁" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", SEARCH_PAGES)
def test_the_429_is_never_kept_by_a_shared_cache(client, limit, name):
    for i in range(limit + 1):
        response = client.get(reverse(name), {"q": f"通知{i}"})
    assert response.status_code == 429
    assert "public" not in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", SEARCH_PAGES)
def test_browsing_without_a_query_is_not_limited_and_stays_cacheable(client, limit, name):
    url = reverse(name)
    for _ in range(limit + 2):
        response = client.get(url, {"year": "2024"})
        assert response.status_code == 200
    assert client.get(url, {"q": "  "}).status_code == 200
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_limit_counts_per_client(client, limit):
    url = reverse("disclosure:document-list")
    for i in range(limit + 1):
        client.get(url, {"q": f"通知{i}"}, REMOTE_ADDR="203.0.113.1")
    assert client.get(url, {"q": "公告"}, REMOTE_ADDR="203.0.113.1").status_code == 429
    assert client.get(url, {"q": "公告"}, REMOTE_ADDR="203.0.113.2").status_code == 200


@pytest.mark.django_db
def test_a_search_answered_from_the_stored_pages_is_not_counted(client, limit):
    # A stored page costs the server nothing: repeating one search is not limited.
    url = reverse("disclosure:document-list")
    for _ in range(limit + 2):
        assert client.get(url, {"q": "通知"}).status_code == 200


@pytest.mark.django_db
def test_pages_and_api_share_one_search_count(client, limit):
    for i in range(limit):
        client.get(reverse("disclosure:document-list"), {"q": f"通知{i}"})
    response = client.get(reverse("api:document-list"), {"q": "通知"})
    assert response.status_code == 429
    assert "检索过于频繁" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", SEARCH_API)
def test_api_searches_beyond_the_limit_get_a_chinese_json_429(client, limit, name):
    url = reverse(name)
    for _ in range(limit):
        assert client.get(url, {"q": "通知"}).status_code == 200
    response = client.get(url, {"q": "通知"})
    assert response.status_code == 429
    assert response.json()["error"] == "rate_limited"
    assert "检索过于频繁" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    assert client.get(url).status_code == 200  # listing without a keyword goes on


def test_the_search_limit_is_read_from_the_environment():
    import os
    import subprocess
    import sys

    env = {**os.environ, "SEARCH_RATE_LIMIT": "7", "SEARCH_RATE_WINDOW": "30"}
    code = (
        "from django.conf import settings; "
        "print(settings.SEARCH_RATE_LIMIT, settings.SEARCH_RATE_WINDOW)"
    )
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.split()[-2:] == ["7", "30"]


# -- the forms ---------------------------------------------------------------------------

APPLY_LIMIT, APPLY_WINDOW = 5, 600  # requests_app.public_views.apply's decorator


def _apply(client):
    return client.post(reverse("requests_app:apply"), application_post(make_org(), consent=""))


def _track(client):
    data = {"tracking_number": "YSQ-2026-AAAAAAAA", "verifier": "13912345678"}
    return client.post(reverse("requests_app:track"), data)


def _comment(client, consultation):
    return client.post(consultation.get_absolute_url(), comment_post(consent=""))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form", "limit", "window"),
    [
        ("apply", APPLY_LIMIT, APPLY_WINDOW),
        ("track", TRACK_LIMIT, TRACK_WINDOW),
        ("comment", COMMENT_LIMIT, COMMENT_WINDOW),
    ],
)
def test_each_public_form_answers_a_chinese_429_beyond_its_limit(client, form, limit, window):
    consultation = open_consultation() if form == "comment" else None

    def send():
        if form == "apply":
            return _apply(client)
        if form == "track":
            return _track(client)
        return _comment(client, consultation)

    for _ in range(limit):
        assert send().status_code == 200
    response = send()
    assert response.status_code == 429
    assert response["Retry-After"] == str(window)
    assert "操作过于频繁" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_reset_a_limit(client, settings):
    settings.TRUSTED_PROXIES = 0
    for i in range(TRACK_LIMIT):
        client.post(
            reverse("requests_app:track"),
            {"tracking_number": "YSQ-2026-AAAAAAAA", "verifier": "1"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        )
    response = client.post(
        reverse("requests_app:track"),
        {"tracking_number": "YSQ-2026-AAAAAAAA", "verifier": "1"},
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert response.status_code == 429
