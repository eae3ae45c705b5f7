"""Hot public pages from the shared cache (config/web/pagecache.py): answered without the
database, renewed by every publication, withdrawal, validity change and catalog change at
the next request, never per reader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Category
from config.web import pagecache
from disclosure.library import steps as library_steps
from disclosure.publishing import steps as publishing
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document, supervisor

pytestmark = pytest.mark.django_db


def _pages(document) -> list[str]:
    """Every cached page that lists ``document`` (each links to it)."""
    org = document.organization.slug
    return [
        "/",
        "/zcwjk/",
        "/zcwjk/?q=政务公开",
        "/zcwjk/?sort=published",
        f"/zcwjk/?organization={org}",
        f"/xxgk/{org}/fdzdgknr/{document.category_id}/",
        "/ss/?q=政务公开",
    ]


def _leaf(org) -> Category:
    nodes = Category.objects.for_organization(org)
    return nodes.filter(children__isnull=True).order_by("pk").first()


def _document(title, org=None):
    org = org or make_org()
    return publish_document(make_document(org, title=title, category=_leaf(org)), by=supervisor())


def _queries(client, path) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return len(captured.captured_queries), response


@pytest.fixture
def published():
    return _document("关于深化政务公开工作的通知")


def test_a_repeated_anonymous_request_is_answered_without_the_database(client, published):
    for path in [*_pages(published), published.get_absolute_url()]:
        first, response = _queries(client, path)
        assert response.status_code == 200 and first > 0, path
        again, response = _queries(client, path)
        assert response.status_code == 200 and again == 0, path


def test_a_stored_page_reads_as_the_fresh_one_with_its_headers(client, published):
    fresh = client.get("/zcwjk/")
    stored = client.get("/zcwjk/")
    assert stored.content == fresh.content
    for header in (
        "Content-Type",
        "Cache-Control",
        "Vary",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
    ):
        assert stored[header] == fresh[header], header


def test_a_publication_is_on_every_cached_page_at_the_next_request(client, published):
    for path in _pages(published):
        client.get(path)  # stored
    new = _document("关于政务公开重点工作的通知", published.organization)
    for path in _pages(new):
        assert new.get_absolute_url() in client.get(path).content.decode(), path


def test_a_withdrawal_leaves_every_cached_page_at_the_next_request(client, published):
    detail = published.get_absolute_url()
    for path in _pages(published):
        assert detail in client.get(path).content.decode(), path
    assert client.get(detail).status_code == 200
    publishing.withdraw(published, by=supervisor(), reason="内容有误，撤回更正。")
    for path in _pages(published):
        assert detail not in client.get(path).content.decode(), path
    assert client.get(detail).status_code == 410


def test_a_repeal_shows_on_the_cached_document_page_at_the_next_request(client, published):
    assert "已废止" not in client.get(published.get_absolute_url()).content.decode()
    repealing = _document("关于废止有关文件的决定", published.organization)
    library_steps.repeal(published, by_document=repealing, by=supervisor(), reason="已被替代。")
    assert "已废止" in client.get(published.get_absolute_url()).content.decode()


def test_a_renamed_agency_shows_on_the_cached_pages_at_the_next_request(client, published):
    org = published.organization
    assert client.get(f"/xxgk/{org.slug}/").status_code == 200
    org.name = "某某市数据和政务服务局"
    org.save()
    assert "某某市数据和政务服务局" in client.get(f"/xxgk/{org.slug}/").content.decode()


def test_a_signed_in_reader_is_never_served_a_stored_page(client, published):
    client.get("/zcwjk/")  # stored for anonymous readers
    client.force_login(supervisor())
    queries, response = _queries(client, "/zcwjk/")
    assert response.status_code == 200 and queries > 0


def test_a_reader_with_a_csrf_cookie_only_is_served_the_stored_page(client, published):
    client.get("/zcwjk/")
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    assert _queries(client, "/zcwjk/")[0] == 0


def test_cached_pages_carry_no_csrf_token_and_set_no_cookie(client, published):
    for path in _pages(published):
        for _ in range(2):
            response = client.get(path)
            assert "csrfmiddlewaretoken" not in response.content.decode(), path
            assert not response.cookies, path
            assert "public" in response["Cache-Control"], path


def test_a_page_with_a_form_is_not_stored(client):
    client.get("/hdjl/write/")
    assert _queries(client, "/hdjl/write/")[0] > 0


def test_a_refused_request_is_not_stored(client, published, settings):
    settings.SEARCH_RATE_LIMIT = 0
    assert client.get("/zcwjk/?q=政务公开").status_code == 429
    settings.SEARCH_RATE_LIMIT = 100
    assert client.get("/zcwjk/?q=政务公开").status_code == 200


def test_a_missing_page_is_not_stored(client):
    client.get("/zcwjk/999999999/")
    assert _queries(client, "/zcwjk/999999999/")[0] > 0


def test_the_version_changes_when_another_process_bumps_it(settings, tmp_path):
    settings.PUBLIC_VERSION_FILE = str(tmp_path / "version")
    before = pagecache.version()
    code = "from pathlib import Path; from config.web.pagecache import _touch; _touch(Path(%r))"
    subprocess.run(
        [sys.executable, "-c", code % settings.PUBLIC_VERSION_FILE],
        check=True,
        cwd=Path(settings.BASE_DIR),
    )
    assert pagecache.version() != before


def test_a_draft_saved_does_not_renew_the_stored_pages(client, published):
    before = pagecache.version()
    make_document(published.organization, title="草稿")
    assert pagecache.version() == before


def test_the_page_cache_can_be_switched_off(client, published, settings):
    settings.PUBLIC_PAGE_CACHE = False
    client.get("/zcwjk/")
    assert _queries(client, "/zcwjk/")[0] > 0


def test_stored_pages_are_kept_apart_from_the_rate_limit_counters(client, published):
    client.get("/zcwjk/")
    assert any(":page:" in key for key in caches["pages"]._cache)
    assert not any(":page:" in key for key in cache._cache)


def test_a_request_for_another_host_is_refused_and_not_stored(client, published):
    assert client.get("/zcwjk/", HTTP_HOST="evil.example").status_code == 400
    assert not caches["pages"]._cache
