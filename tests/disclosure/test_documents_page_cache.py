"""Hot library pages from the shared cache: a publication or withdrawal shows at once."""

import pytest

from disclosure.library import pagecache
from disclosure.publishing import steps as publishing
from tests.disclosure.builders import make_document, publish_document, supervisor

pytestmark = pytest.mark.django_db

PAGES = ["/zcwjk/", "/zcwjk/?q=政务公开", "/zcwjk/?sort=published"]


def test_a_repeated_anonymous_request_is_answered_from_the_cache(client, monkeypatch):
    publish_document(make_document(title="关于政务公开的通知"), by=supervisor())
    assert client.get("/zcwjk/").status_code == 200
    monkeypatch.setattr(pagecache.cache, "set", lambda *a, **k: None)  # nothing new stored
    calls = []
    monkeypatch.setattr(pagecache.library_cache, "version", lambda: calls.append(1) or 1)
    first = client.get("/zcwjk/")
    assert first.status_code == 200 and "关于政务公开的通知" in first.content.decode()


def test_a_publication_is_on_every_cached_list_page_at_the_next_request(client):
    user = supervisor()
    publish_document(make_document(title="关于政务公开的通知"), by=user)
    for page in PAGES:
        client.get(page)  # stored
    new = publish_document(make_document(title="关于深化政务公开的实施意见"), by=user)
    for page in PAGES:
        assert new.get_absolute_url() in client.get(page).content.decode(), page


def test_a_withdrawal_leaves_every_cached_page_at_the_next_request(client):
    user = supervisor()
    document = publish_document(make_document(title="关于政务公开的通知"), by=user)
    detail = document.get_absolute_url()
    for page in [*PAGES, detail]:
        assert detail in client.get(page).content.decode()
    publishing.withdraw(document, by=user, reason="内容有误，撤回更正。")
    for page in PAGES:
        assert detail not in client.get(page).content.decode(), page
    assert client.get(detail).status_code == 410


def test_a_signed_in_reader_is_never_served_a_stored_page(client, monkeypatch):
    stored = []
    monkeypatch.setattr(pagecache.cache, "set", lambda *a, **k: stored.append(a))
    client.cookies["sessionid"] = "x"
    client.get("/zcwjk/")
    assert [key for key, *_ in stored if key.startswith("zcwjk-page")] == []


def test_cached_pages_carry_no_csrf_token_and_set_no_cookie(client):
    publish_document(make_document(title="关于政务公开的通知"), by=supervisor())
    for _ in range(2):
        response = client.get("/zcwjk/")
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert not response.cookies
        assert "public" in response["Cache-Control"]
