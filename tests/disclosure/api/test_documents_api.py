"""/api/v1/documents/: only public documents, the library's filters, stable pages, 304s."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import reverse

from catalog.models import Theme
from disclosure.library import steps as library_steps
from disclosure.library.models import Attachment, Document
from disclosure.publishing import steps as publishing
from tests.conftest import make_org
from tests.disclosure import files
from tests.disclosure.builders import make_document, publish_document, supervisor
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation

pytestmark = pytest.mark.django_db

D = datetime.date
MINUTE = datetime.timedelta(minutes=1)
LIST = "/api/v1/documents/"


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


def test_the_list_gives_published_proactive_documents_with_their_metadata(client, conforms):
    org = make_org(name="莱阳市人民政府办公室", slug="lys")
    document = publish_document(
        make_document(
            org,
            title="关于印发2020年莱阳市政务公开工作实施方案的通知",
            doc_number="莱政办字〔2020〕34号",
            written_on=D(2020, 8, 7),
            theme="综合政务",
            genre="通知",
        ),
        on=D(2020, 8, 10),
    )
    response = client.get(LIST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    conforms(data, "DocumentList")
    assert data["count"] == 1
    item = data["results"][0]
    assert item["index_number"] == document.index_number
    assert item["doc_number"] == "莱政办字〔2020〕34号"
    assert item["organization"]["name"] == "莱阳市人民政府办公室"
    assert item["issuers"] == [item["organization"]]
    assert (item["written_on"], item["published_on"]) == ("2020-08-07", "2020-08-10")
    assert item["theme"]["name"] == "综合政务" and item["genre"]["name"] == "通知"
    assert item["validity"] == {"code": "valid", "label": "有效"}
    assert item["url"] == f"http://testserver/zcwjk/{document.pk}/"
    assert item["api_url"] == f"http://testserver/api/v1/documents/{document.pk}/"


@pytest.mark.parametrize("state", ["draft", "review", "withdrawn", "on_request", "not_public"])
def test_documents_that_are_not_public_are_neither_listed_nor_shown(client, state):
    user = supervisor()
    if state in ("on_request", "not_public"):
        document = publish_document(
            make_document(disclosure=state, disclosure_reason="条例第十五条"), by=user
        )
    else:
        document = make_document()
        if state in ("review", "withdrawn"):
            publishing.submit_for_review(document, by=user)
        if state == "withdrawn":
            publishing.publish(document, by=supervisor())
            publishing.withdraw(document, by=user, reason="内容有误")
    assert client.get(LIST).json()["results"] == []
    response = client.get(f"{LIST}{document.pk}/")
    if state == "withdrawn":  # 410 Gone with the withdrawal's date
        assert response.status_code == 410
        assert response.json()["error"] == "withdrawn"
        return
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_filters_mean_what_the_library_filters_mean(client):
    org, other = make_org(slug="jyj"), make_org()
    wanted = publish_document(
        make_document(org, theme="科技、教育", doc_number="聊教发〔2024〕3号")
    )
    publish_document(make_document(org, theme="综合政务"))
    publish_document(make_document(other, theme="科技、教育"))
    theme = wanted.theme_id
    assert ids(client.get(LIST, {"organization": "jyj", "theme": theme})) == [wanted.pk]
    assert ids(client.get(LIST, {"q": "聊教发〔2024〕3号"})) == [wanted.pk]
    # The library's page shows the same document for the same parameters.
    page = client.get("/zcwjk/", {"organization": "jyj", "theme": theme}).content.decode()
    assert f"/zcwjk/{wanted.pk}/" in page


def test_in_force_on_a_date_uses_the_derived_validity(client):
    old = publish_document(
        make_document(written_on=D(2019, 1, 1), expires_on=D(2020, 12, 31)), on=D(2019, 1, 5)
    )
    current = publish_document(make_document(written_on=D(2021, 1, 1)), on=D(2021, 1, 5))
    assert ids(client.get(LIST, {"on": "2020-06-01"})) == [old.pk]
    assert ids(client.get(LIST, {"validity": "expired"})) == [old.pk]
    assert ids(client.get(LIST, {"validity": "valid"})) == [current.pk]


def test_invalid_parameters_are_refused_with_a_chinese_message(client):
    response = client.get(LIST, {"theme": "999999", "validity": "unknown"})
    assert response.status_code == 400
    data = response.json()
    assert data["error"] == "invalid_parameter"
    assert set(data["fields"]) == {"theme", "validity"}
    assert "无效" in data["detail"]
    assert client.get(LIST, {"page_size": "101"}).json()["fields"]["page_size"] == [
        "page_size 应为 1 到 100 之间的整数。"
    ]
    assert client.get(LIST, {"cursor": "not-a-cursor"}).status_code == 400


def test_walking_the_pages_while_documents_are_published_shows_each_once(client):
    user = supervisor()
    org = make_org()
    before = [
        publish_document(make_document(org), by=user, on=D(2024, 3, 1 + n % 3)) for n in range(7)
    ]
    seen, url = [], f"{LIST}?page_size=3"
    while url:
        data = client.get(url).json()
        seen += [item["id"] for item in data["results"]]
        url = data["next"]
        if len(seen) == 3:
            # Published between two requests: today (newest) and back-dated into the past.
            publish_document(make_document(org), by=user, on=D(2024, 3, 9))
            publish_document(make_document(org), by=user, on=D(2024, 3, 2))
    assert len(seen) == len(set(seen))
    assert set(seen) >= {d.pk for d in before}
    # Newest first, ties by id, as the library orders them.
    assert (
        seen[:3] == [d.pk for d in sorted(before, key=lambda d: (d.published_on, d.pk))][::-1][:3]
    )


def test_a_document_shows_its_body_attachments_validity_events_and_interpretations(
    client, conforms, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    user = supervisor()
    old = publish_document(make_document(title="旧办法", doc_number="聊政发〔2019〕1号"), by=user)
    new = publish_document(make_document(title="新办法", doc_number="聊政发〔2024〕2号"), by=user)
    library_steps.repeal(old, by_document=new, by=user, reason="新办法施行", on=D(2024, 3, 5))
    Attachment.objects.create(
        document=old,
        title="申请表",
        file=SimpleUploadedFile("form.pdf", files.pdf_bytes(), "application/pdf"),
    )
    interpretation = publish_interpretation(make_interpretation(old), by=user)
    make_interpretation(old, title="未发布的解读")

    data = client.get(f"{LIST}{old.pk}/").json()
    conforms(data, "Document")
    assert data["validity"]["label"] == "废止"
    assert data["body_html"] == "<p>各有关单位：现将有关事项通知如下。</p>"
    assert data["changed_by"] == [
        {
            "kind": {"code": "repeals", "label": "废止"},
            "effective_on": "2024-03-05",
            "in_effect": True,
            "document": {
                "id": new.pk,
                "index_number": new.index_number,
                "title": "新办法",
                "doc_number": "聊政发〔2024〕2号",
                "url": f"http://testserver/zcwjk/{new.pk}/",
                "api_url": f"http://testserver/api/v1/documents/{new.pk}/",
            },
        }
    ]
    [attachment] = data["attachments"]
    assert attachment["title"] == "申请表" and attachment["kind"] == "PDF"
    assert attachment["url"].startswith("http://testserver/media/documents/")
    assert [i["id"] for i in data["interpretations"]] == [interpretation.pk]
    assert client.get(f"{LIST}{new.pk}/").json()["changes"][0]["document"]["id"] == old.pk


def test_a_repeal_by_a_document_no_longer_public_does_not_name_it(client):
    user = supervisor()
    old = publish_document(by=user)
    new = publish_document(make_document(title="已撤回的新文件"), by=user)
    library_steps.repeal(old, by_document=new, by=user, reason="废止")
    publishing.withdraw(new, by=user, reason="撤回")
    response = client.get(f"{LIST}{old.pk}/")
    assert response.json()["changed_by"][0]["document"] is None
    assert "已撤回的新文件" not in response.content.decode()


def test_a_conditional_get_of_the_list_is_answered_304_until_a_document_changes(client):
    document = publish_document()
    params = {"organization": document.organization.slug}
    first = client.get(LIST, params)
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    again = client.get(LIST, params, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag and again.content == b""
    publishing.withdraw(document, by=supervisor(), reason="撤回")
    changed = client.get(LIST, params, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["count"] == 0


def test_a_conditional_get_of_the_list_answers_before_reading_the_page(
    client, django_assert_max_num_queries
):
    publish_document()
    etag = client.get(LIST, {"q": "通知"})["ETag"]
    with django_assert_max_num_queries(3):
        assert client.get(LIST, {"q": "通知"}, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_count_is_given_for_facet_filters_and_not_for_a_search(client):
    org = make_org()
    publish_document(make_document(org, theme="综合政务"))
    publish_document(make_document(org))
    assert client.get(LIST, {"organization": org.slug}).json()["count"] == 2
    theme = Theme.objects.get(name="综合政务").pk
    assert client.get(LIST, {"organization": org.slug, "theme": theme}).json()["count"] == 1
    searched = client.get(LIST, {"q": "通知"}).json()
    assert searched["count"] is None and len(searched["results"]) == 2


def test_if_modified_since_on_a_document_is_answered_304_until_a_repeal(client):
    user = supervisor()
    old = publish_document(by=user)
    # Published a minute ago: HTTP dates have whole seconds.
    Document.objects.filter(pk=old.pk).update(updated_at=F("updated_at") - MINUTE)
    url = f"{LIST}{old.pk}/"
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    library_steps.repeal(old, by_document=publish_document(by=user), by=user, reason="废止")
    response = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200
    assert response.json()["validity"]["code"] == "repealed"


def test_an_etag_of_a_document_changes_when_its_interpretation_is_published(client):
    user = supervisor()
    document = publish_document(by=user)
    url = f"{LIST}{document.pk}/"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    publish_interpretation(make_interpretation(document), by=user)
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and len(response.json()["interpretations"]) == 1


def test_responses_are_public_cacheable_and_readable_from_other_sites(client):
    document = publish_document()
    for url in (LIST, f"{LIST}{document.pk}/"):
        response = client.get(url)
        assert response["Cache-Control"] == "public, max-age=60"
        assert response["Access-Control-Allow-Origin"] == "*"


def test_the_api_is_read_only(client):
    response = client.post(LIST, {})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "只读" in response.json()["detail"]


def test_a_page_of_the_list_costs_the_same_queries_however_many_rows(
    client, django_assert_max_num_queries
):
    user = supervisor()
    org, other = make_org(), make_org()
    for _n in range(3):
        publish_document(
            make_document(org, theme="综合政务", issuing_organizations=[org, other]), by=user
        )
    params = {"organization": org.slug, "theme": "", "page_size": "50"}
    # (the page's validity is derived in a query of its own: one more than the rows' query)
    with django_assert_max_num_queries(9) as small:
        client.get(LIST, params)
    for _n in range(12):
        publish_document(
            make_document(org, theme="综合政务", issuing_organizations=[org, other]), by=user
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        data = client.get(LIST, params).json()
    assert len(data["results"]) == 15
    # Both issuers, prefetched (their order is by name, which a test's sequence may flip).
    assert {i["slug"] for i in data["results"][0]["issuers"]} == {org.slug, other.slug}


def test_a_document_costs_the_same_queries_however_many_relations(
    client, django_assert_max_num_queries
):
    user = supervisor()
    document = publish_document(by=user)
    with django_assert_max_num_queries(9) as few:
        client.get(f"{LIST}{document.pk}/")
    for n in range(3):
        newer = publish_document(by=user)
        library_steps.amend(document, by_document=newer, by=user, reason=f"第{n}次修改")
        publish_interpretation(make_interpretation(document), by=user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = client.get(f"{LIST}{document.pk}/").json()
    assert len(data["changed_by"]) == 3 and len(data["interpretations"]) == 3


def test_the_api_index_links_every_collection(client, conforms):
    data = client.get(reverse("api:index")).json()
    conforms(data, "Index")
    assert data["endpoints"]["documents"] == "http://testserver/api/v1/documents/"
    assert data["openapi"] == "http://testserver/api/v1/openapi.json"
