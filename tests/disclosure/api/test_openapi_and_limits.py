"""The OpenAPI document matches the routes and the responses; the rate limit answers 429."""

import pytest
from django.urls import URLPattern, get_resolver
from openapi_spec_validator import validate

from disclosure.opendata.api import urls as api_urls
from tests.disclosure.builders import publish_document

pytestmark = pytest.mark.django_db


def test_the_openapi_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert spec["openapi"] == "3.1.0"
    assert spec["servers"] == [{"url": "http://testserver/api/v1"}]


def test_every_route_of_the_api_is_described(openapi_spec):
    routes = set()
    for pattern in api_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern).replace("<int:pk>", "{pk}").replace("<slug:slug>", "{slug}")
        routes.add("/" + route)
    assert routes == set(openapi_spec["paths"])
    assert get_resolver().resolve("/api/v1/openapi.json").url_name == "openapi"


def test_errors_match_the_error_schema(client, conforms):
    for url in (
        "/api/v1/documents/?theme=x",
        "/api/v1/documents/999999/",
        "/api/v1/agencies/none/",
    ):
        response = client.get(url)
        assert response.status_code in (400, 404)
        conforms(response.json(), "Error")


def test_a_client_over_the_limit_gets_429_in_chinese_with_retry_after(client, settings, conforms):
    settings.API_RATE_LIMIT = 3
    settings.API_RATE_WINDOW = 60
    publish_document()
    for _ in range(3):
        assert client.get("/api/v1/documents/", REMOTE_ADDR="203.0.113.7").status_code == 200
    response = client.get("/api/v1/documents/", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    conforms(response.json(), "Error")
    assert response.json()["error"] == "rate_limited"
    assert "请求过于频繁" in response.json()["detail"]
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another client is not affected; nor are the HTML pages.
    assert client.get("/api/v1/documents/", REMOTE_ADDR="203.0.113.8").status_code == 200
    assert client.get("/zcwjk/", REMOTE_ADDR="203.0.113.7").status_code == 200


def test_the_limit_counts_the_client_behind_the_proxy(client, settings):
    settings.API_RATE_LIMIT = 1
    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.get("/api/v1/", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy).status_code == 200
    assert client.get("/api/v1/", HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 200
    assert client.get("/api/v1/", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy).status_code == 429


def test_a_forged_forwarded_for_does_not_escape_the_limit(client, settings):
    settings.API_RATE_LIMIT = 1
    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    # nginx appends the address it saw (198.51.100.1) to whatever the client sent.
    first = client.get("/api/v1/", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1", **proxy)
    forged = client.get("/api/v1/", HTTP_X_FORWARDED_FOR="5.6.7.8, 198.51.100.1", **proxy)
    assert (first.status_code, forged.status_code) == (200, 429)


def test_without_a_trusted_proxy_forwarded_for_is_ignored(client, settings):
    settings.API_RATE_LIMIT = 1
    assert client.get("/api/v1/", HTTP_X_FORWARDED_FOR="1.2.3.4").status_code == 200
    assert client.get("/api/v1/", HTTP_X_FORWARDED_FOR="5.6.7.8").status_code == 429
