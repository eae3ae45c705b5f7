"""Every list of the API costs the same number of queries however many rows it shows (no
N+1 from the serializers), and so do the detail answers that show related rows."""

import pytest

from catalog.models import Category, Genre, Organization, Theme
from disclosure.decisions.models import DecisionCatalog
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document, supervisor
from tests.disclosure.decisions.builders import make_meeting, publish_consultation
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation

pytestmark = pytest.mark.django_db

_years = iter(range(2000, 2100))


def _document(org, user):
    other = make_org()
    publish_document(
        make_document(org, theme="综合政务", genre="通知", issuing_organizations=[org, other]),
        by=user,
    )


def _interpretation(org, user):
    document = publish_document(make_document(org), by=user)
    other = publish_document(make_document(org), by=user)
    publish_interpretation(make_interpretation(document, other), by=user)


def _agency(org, user):
    make_org(parent=org)


def _catalog_node(org, user):
    node = Category.objects.statutory().get(name="财政预算、决算信息")
    own = Category.objects.create(name=f"部门预算{next(_years)}", parent=node, organization=org)
    publish_document(make_document(org, category=own), by=user)


def _theme(org, user):
    Theme.objects.create(name=f"主题{next(_years)}")


def _genre(org, user):
    Genre.objects.create(name=f"体裁{next(_years)}")


def _consultation(org, user):
    publish_consultation(organization=org)


def _decision_catalog(org, user):
    catalog = DecisionCatalog.objects.create(organization=org, year=next(_years), is_published=True)
    catalog.items.create(title="事项", lead_unit="局")


def _meeting(org, user):
    meeting = make_meeting(org)
    meeting.topics.create(title="议题", decision="通过。")


LISTS = {
    "/api/v1/documents/": _document,
    "/api/v1/interpretations/": _interpretation,
    "/api/v1/agencies/": _agency,
    "/api/v1/catalog-nodes/": _catalog_node,
    "/api/v1/themes/": _theme,
    "/api/v1/genres/": _genre,
    "/api/v1/consultations/": _consultation,
    "/api/v1/decision-catalogs/": _decision_catalog,
    "/api/v1/meetings/": _meeting,
}


@pytest.mark.parametrize("url", LISTS)
def test_a_list_page_costs_the_same_queries_for_one_row_or_five(
    url, client, django_assert_max_num_queries
):
    user = supervisor()
    org = make_org(kind=Organization.Kind.GOVERNMENT)
    add = LISTS[url]
    # An agency's catalog (its own nodes, with counts) for the catalog; a page for all.
    page = {"page_size": "100", **({"organization": org.slug} if "catalog" in url else {})}
    add(org, user)
    with django_assert_max_num_queries(12) as one:
        before = len(client.get(url, page).json()["results"])
    for _ in range(4):
        add(org, user)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url, page)
    assert response.status_code == 200
    assert len(response.json()["results"]) == before + 4


def test_an_interpretation_costs_the_same_queries_however_many_documents(
    client, django_assert_max_num_queries
):
    user = supervisor()
    documents = [publish_document(by=user)]
    interpretation = publish_interpretation(make_interpretation(*documents), by=user)
    url = f"/api/v1/interpretations/{interpretation.pk}/"
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for _ in range(4):
        interpretation.documents.add(publish_document(by=user))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).json()["documents"]) == 5
