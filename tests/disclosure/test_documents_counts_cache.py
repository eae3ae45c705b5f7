"""Filter counts are cached, but never outlive a change to the library."""

import pytest

from disclosure.publishing import steps as publishing
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document, supervisor

pytestmark = pytest.mark.django_db


def test_repeating_a_list_page_does_not_recount_the_filters(
    client, django_assert_num_queries, settings
):
    settings.PUBLIC_PAGE_CACHE = False  # the render itself (a stored page makes none)
    publish_document()
    client.get("/zcwjk/")
    # Only the page count, the page of rows and their validity.
    with django_assert_num_queries(3):
        client.get("/zcwjk/")


def test_counts_follow_a_publication_and_a_withdrawal_at_once(client):
    user = supervisor()
    org = make_org(slug="czj", name="聊城市财政局")
    first = publish_document(make_document(org), by=user)
    assert "聊城市财政局（1）" in client.get("/zcwjk/").content.decode()
    publish_document(make_document(org), by=user)
    assert "聊城市财政局（2）" in client.get("/zcwjk/").content.decode()
    publishing.withdraw(first, by=user, reason="撤回。")
    assert "聊城市财政局（1）" in client.get("/zcwjk/").content.decode()
