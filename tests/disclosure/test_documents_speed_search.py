"""Search at scale: a bounded set of matches is ranked, and a huge total is capped honestly."""

import datetime

import pytest

from disclosure.library import search
from disclosure.library.views import document as views
from tests.disclosure.builders import make_document, publish_document, supervisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    user = supervisor()
    old = publish_document(
        make_document(
            title="关于印发政务公开工作要点的通知",
            doc_number="莱政办字〔2018〕3号",
            written_on=datetime.date(2018, 1, 5),
        ),
        by=user,
        on=datetime.date(2018, 1, 10),
    )
    newer = []
    for i in range(5):
        title = "关于政务公开的通知" if i == 3 else f"关于第{i}项工作的通知"
        newer.append(
            publish_document(
                make_document(title=title, body="<p>按要求做好政务公开工作。</p>"),
                by=user,
                on=datetime.date(2024, 3, 1 + i),
            )
        )
    return {"old": old, "newer": newer}


def titles(response):
    return [row["document"].title for row in response.context["rows"]]


def test_title_matches_of_any_age_and_a_bounded_number_of_others_are_ranked(
    client, library, monkeypatch
):
    monkeypatch.setattr(search, "RANK_LIMIT", 3)
    monkeypatch.setattr(search.rank_documents, "__defaults__", (3,))
    response = client.get("/zcwjk/", {"q": "政务公开"})
    found = titles(response)
    # Every title with the phrase first (the newer of the two first), however old; then
    # three of the documents with the words in their body only.
    assert found[:2] == ["关于政务公开的通知", library["old"].title]
    assert len(found) == 5
    page = response.content.decode()
    assert "共 6 件" in page
    assert "按相关度排列的是标题含检索词的文件和另外 3 件匹配文件" in page
    assert "sort=published" in page
    # Sorted by date, every match is listed.
    assert len(titles(client.get("/zcwjk/", {"q": "政务公开", "sort": "published"}))) == 6


def test_an_exact_doc_number_match_comes_first_even_when_old(client, library, monkeypatch):
    monkeypatch.setattr(search.rank_documents, "__defaults__", (2,))
    found = titles(client.get("/zcwjk/", {"q": "莱政办字〔2018〕3号 政务公开"}))
    assert found[0] == library["old"].title


def test_a_huge_result_shows_a_capped_total_and_uncounted_options(client, library, monkeypatch):
    monkeypatch.setattr(views, "ROWS_CAP", 3)
    response = client.get("/zcwjk/", {"q": "政务公开", "sort": "published"})
    page = response.content.decode()
    assert "超过 3 件" in page
    assert response.context["page_obj"].paginator.num_pages == 1
    assert len(titles(response)) == 3
    assert "（6）" not in page and "（1）" not in page  # options without counts
    # With a filter the capped total counts the filtered matches.
    page = client.get("/zcwjk/", {"q": "政务公开", "year": "2018"}).content.decode()
    assert "共 1 件" in page and "（" not in page.split("<select")[1]
    # A search within the caps keeps its exact counts.
    page = client.get("/zcwjk/", {"q": "要点"}).content.decode()
    assert "共 1 件" in page and "（1）" in page


def test_search_pages_run_a_constant_number_of_queries(
    client, library, django_assert_max_num_queries
):
    user = supervisor()
    for i in range(10):
        publish_document(make_document(title=f"政务公开文件{i}"), by=user)
    # Counts (1) and labels (3), ranking candidates (1), the ranked count and page (2),
    # validity (1).
    with django_assert_max_num_queries(9):
        client.get("/zcwjk/", {"q": "政务公开"})
    with django_assert_max_num_queries(10):
        client.get("/zcwjk/", {"q": "莱政办字〔2018〕3号"})
