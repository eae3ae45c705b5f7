"""/api/v1/concerns/: published 回应关切 only, by agency and year, as the schema says."""

from __future__ import annotations

import pytest

from tests.conftest import make_org
from tests.disclosure.concern_builders import answered, make_concern

pytestmark = pytest.mark.django_db


def _list(client, **params):
    response = client.get("/api/v1/concerns/", params)
    assert response.status_code == 200, response.content.decode()
    return response.json()


def test_a_published_response_is_listed_and_matches_the_schema(client, conforms):
    org = make_org()
    concern = answered(org, links="https://example.gov.cn/hygq/1.html")
    data = _list(client)
    conforms(data, "ConcernList")
    [item] = data["results"]
    assert item["id"] == concern.pk and item["topic"] == concern.topic
    assert item["source"] == {"code": "network", "label": concern.get_source_display()}
    assert item["links"] == ["https://example.gov.cn/hygq/1.html"]
    assert item["organization"]["slug"] == org.slug
    assert item["url"].endswith(f"#concern-{concern.pk}")


def test_a_concern_not_yet_published_is_not_listed(client):
    make_concern(make_org())
    assert _list(client)["results"] == []


def test_the_list_filters_by_agency(client):
    mine, other = make_org(), make_org()
    kept = answered(mine)
    answered(other)
    data = _list(client, organization=mine.slug)
    assert [item["id"] for item in data["results"]] == [kept.pk]


def test_the_index_names_the_concerns_endpoint(client):
    data = client.get("/api/v1/").json()
    assert data["endpoints"]["concerns"] == "http://testserver/api/v1/concerns/"


def test_the_list_reads_a_constant_number_of_queries(client, django_assert_max_num_queries):
    orgs = [make_org() for _ in range(3)]
    answered(orgs[0])
    client.get("/api/v1/concerns/")
    for org in orgs:
        answered(org)
    with django_assert_max_num_queries(4):
        client.get("/api/v1/concerns/")
