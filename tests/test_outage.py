"""The database going away: a clean 503, nothing silently lost, recovery without restart."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, close_old_connections, connection, connections
from django.urls import reverse

from config.outage import server_error
from requests_app.models import InformationRequest
from tests.requests_app.test_public_pages import application

DB_DOWN = mock.patch(
    "django.db.backends.utils.CursorWrapper.execute",
    side_effect=OperationalError("server closed the connection unexpectedly"),
)


@pytest.fixture
def agency(db):
    from tests.conftest import make_org

    return make_org(name="测试市财政局", slug="czj-test")


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    from django.core.cache import cache

    cache.clear()


def test_a_page_needing_the_database_answers_503_in_chinese_while_it_is_down(client, agency):
    with DB_DOWN:
        response = client.get(reverse("disclosure:xxgk-index"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "系统暂时无法访问" in page and "请约 30 秒后刷新页面再试" in page
    assert "Content-Security-Policy" in response  # still a page of this site


def test_errors_outside_the_views_also_get_the_503_page(rf):
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert "系统暂时无法访问" in response.content.decode()


def test_other_errors_keep_the_500_page(rf):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500


def test_an_application_during_an_outage_is_refused_clearly_and_the_form_keeps_what_was_typed(
    client, agency
):
    data = application(agency, description="2025年本市城区老旧小区改造项目清单及资金安排")
    with mock.patch(
        "requests_app.public_views.steps.submit_online",
        side_effect=OperationalError("terminating connection due to administrator command"),
    ):
        response = client.post(reverse("requests_app:apply"), data)
    assert response.status_code == 503
    page = response.content.decode()
    assert "您的申请没有提交成功，系统未收到本次申请" in page
    for typed in (
        "李四",
        "13912345678",
        "lisi@example.com",
        "2025年本市城区老旧小区改造项目清单及资金安排",
    ):
        assert typed in page
    assert data["form_token"] in page  # sending it again cannot file it twice
    assert InformationRequest.objects.count() == 0


def test_an_application_sent_while_the_database_is_unreachable_shows_the_form_again(client, agency):
    data = application(agency)
    with DB_DOWN:
        response = client.post(reverse("requests_app:apply"), data)
    assert response.status_code == 503
    page = response.content.decode()
    assert "系统未收到本次申请" in page
    assert "聊城市东昌府区柳园路1号" in page
    assert f'<option value="{agency.pk}" selected>' in page  # the chosen agency is kept


def test_the_application_sent_again_after_the_outage_is_filed_once(client, agency):
    data = application(agency)
    with mock.patch(
        "requests_app.public_views.steps.submit_online", side_effect=OperationalError("down")
    ):
        client.post(reverse("requests_app:apply"), data)
    response = client.post(reverse("requests_app:apply"), data)
    assert response.status_code == 302
    client.post(reverse("requests_app:apply"), data)
    assert InformationRequest.objects.count() == 1


def _terminate_own_backend() -> None:
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_the_database_restarts_the_next_request_succeeds(client):
    _terminate_own_backend()
    # What every request starts with in production (request_started; the test client
    # skips it): the persistent connection is checked (CONN_HEALTH_CHECKS) and replaced.
    close_old_connections()
    response = client.get(reverse("disclosure:xxgk-index"))
    assert response.status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_that_meets_a_dead_connection_gets_503_and_the_next_one_reconnects(client):
    _terminate_own_backend()
    assert client.get(reverse("disclosure:xxgk-index")).status_code == 503
    assert client.get(reverse("disclosure:xxgk-index")).status_code == 200
