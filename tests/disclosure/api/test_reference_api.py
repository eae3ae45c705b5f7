"""/api/v1/: interpretations, agencies, the catalog, themes and genres."""

import pytest

from catalog.models import Category, Theme
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document, supervisor
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation

pytestmark = pytest.mark.django_db


def test_interpretations_list_only_published_ones_with_their_public_documents(client, conforms):
    user = supervisor()
    document = publish_document(by=user)
    published = publish_interpretation(
        make_interpretation(
            document,
            form="head",
            is_first_interpreter=True,
            interpreter_name="张三",
            interpreter_role="局长",
        ),
        by=user,
    )
    make_interpretation(document, title="草稿解读")
    data = client.get("/api/v1/interpretations/").json()
    conforms(data, "InterpretationList")
    assert [i["id"] for i in data["results"]] == [published.pk]
    item = data["results"][0]
    assert item["form"] == {"code": "head", "label": "主要负责人解读"}
    assert item["interpreter"] == {"name": "张三", "role": "局长", "is_first_interpreter": True}
    assert [d["id"] for d in item["documents"]] == [document.pk]


def test_interpretation_filters_and_detail(client, conforms):
    user = supervisor()
    org = make_org(slug="fgw")
    mine = publish_interpretation(
        make_interpretation(publish_document(make_document(org))), by=user
    )
    publish_interpretation(by=user)
    assert [
        i["id"] for i in client.get("/api/v1/interpretations/?organization=fgw").json()["results"]
    ] == [mine.pk]
    detail = client.get(f"/api/v1/interpretations/{mine.pk}/")
    conforms(detail.json(), "Interpretation")
    assert detail.json()["body_html"].startswith("<p>一、出台背景")
    assert (
        client.get(
            f"/api/v1/interpretations/{mine.pk}/", HTTP_IF_NONE_MATCH=detail["ETag"]
        ).status_code
        == 304
    )
    assert client.get("/api/v1/interpretations/?form=nonsense").status_code == 400


def test_a_draft_interpretation_is_not_found(client):
    draft = make_interpretation()
    assert client.get(f"/api/v1/interpretations/{draft.pk}/").status_code == 404


def test_agencies_give_their_art12_contact_data(client, conforms):
    make_org(name="聊城市教育和体育局", slug="jyj", phone="0635-8888888")
    inactive = make_org(is_active=False)
    data = client.get("/api/v1/agencies/").json()
    conforms(data, "AgencyList")
    assert [a["slug"] for a in data["results"]] == ["jyj"]
    detail = client.get("/api/v1/agencies/jyj/").json()
    conforms(detail, "Agency")
    assert detail["office"]["phone"] == "0635-8888888"
    assert detail["documents_api_url"] == "http://testserver/api/v1/documents/?organization=jyj"
    assert client.get(f"/api/v1/agencies/{inactive.slug}/").status_code == 404


def test_the_catalog_without_an_agency_is_the_statutory_tree(client, conforms):
    data = client.get("/api/v1/catalog-nodes/?page_size=100").json()
    conforms(data, "CatalogNodeList")
    names = [n["name"] for n in data["results"]]
    assert "行政法规、规章和规范性文件" in names
    assert all(n["statutory"] and n["url"] is None for n in data["results"])


def test_an_agencys_catalog_has_its_own_nodes_pages_and_counts(client, conforms):
    org = make_org(slug="czj")
    node = Category.objects.statutory().get(name="财政预算、决算信息")
    own = Category.objects.create(name="部门预算", parent=node, organization=org)
    publish_document(make_document(org, category=own))
    data = client.get("/api/v1/catalog-nodes/?organization=czj&page_size=100").json()
    conforms(data, "CatalogNodeList")
    by_id = {n["id"]: n for n in data["results"]}
    assert by_id[own.pk]["item_count"] == 1 and by_id[own.pk]["parent_id"] == node.pk
    assert by_id[own.pk]["url"] == f"http://testserver/xxgk/czj/fdzdgknr/{own.pk}/"
    detail = client.get(f"/api/v1/catalog-nodes/{own.pk}/").json()
    conforms(detail, "CatalogNode")
    assert detail["item_count"] == 1
    other = make_org()
    assert own.pk not in {
        n["id"]
        for n in client.get(
            f"/api/v1/catalog-nodes/?organization={other.slug}&page_size=100"
        ).json()["results"]
    }
    assert client.get("/api/v1/catalog-nodes/?organization=nobody").status_code == 400


def test_themes_and_genres_page_through_the_whole_list(client, conforms):
    seen, url = [], "/api/v1/themes/?page_size=5"
    while url:
        data = client.get(url).json()
        conforms(data, "ThemeList")
        seen += [t["name"] for t in data["results"]]
        url = data["next"]
    assert seen == list(Theme.objects.order_by("position", "pk").values_list("name", flat=True))
    genres = client.get("/api/v1/genres/?page_size=100").json()
    conforms(genres, "GenreList")
    assert {"name": "规范性文件", "needs_interpretation": True}.items() <= next(
        g for g in genres["results"] if g["name"] == "规范性文件"
    ).items()


def test_interpretations_carry_their_stage_in_the_list_and_on_their_document(client, conforms):
    user = supervisor()
    document = publish_document(by=user)
    publish_interpretation(make_interpretation(document, stage="second"), by=user)
    data = client.get("/api/v1/interpretations/").json()
    conforms(data, "InterpretationList")
    assert data["results"][0]["stage"] == {"code": "second", "label": "二次解读"}
    detail = client.get(f"/api/v1/documents/{document.pk}/").json()
    conforms(detail, "Document")
    assert detail["interpretations"][0]["stage"]["label"] == "二次解读"
