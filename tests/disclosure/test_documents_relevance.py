"""Known items first, and a phrase above scattered words (the labelled relevance set)."""

import pytest

from disclosure.ops import relevance, relevance_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def labelled():
    return relevance.write_set()


def first_result(client, query):
    rows = client.get("/zcwjk/", {"q": query}).context["rows"]
    return rows[0]["document"].pk if rows else None


KNOWN = [(q, expected[0]) for q, expected, known in relevance_set.QUERIES if known]


@pytest.mark.parametrize(("query", "key"), KNOWN, ids=[q for q, _ in KNOWN])
def test_a_title_policy_name_doc_number_or_index_number_finds_that_document_first(
    client, labelled, query, key
):
    assert first_result(client, query) == labelled[key]


def test_the_issue_example_title_no_longer_opens_with_the_public_health_notice(client, labelled):
    title = relevance_set.DOCUMENTS["jtys2011"][0]
    assert first_result(client, title) == labelled["jtys2011"]


def test_the_exact_phrase_in_a_title_outranks_the_same_words_scattered(client, labelled):
    rows = client.get("/zcwjk/", {"q": "家庭医生签约服务"}).context["rows"]
    found = [row["document"].pk for row in rows]
    scattered = labelled["jbgw2011"]  # 家庭…医生…签约…服务 apart
    assert scattered not in found[:2]
    assert set(found[:2]) == {labelled["jtys_plan"], labelled["jtys2011"]}


def test_the_policy_name_in_guillemets_or_without_finds_the_notice_that_issues_it(client, labelled):
    for query in ["聊城市优化营商环境三年行动方案", "《聊城市优化营商环境三年行动方案》"]:
        assert first_result(client, query) == labelled["yshj_plan"]


def test_every_labelled_query_finds_all_its_expected_documents_in_the_first_ten(client, labelled):
    outcomes = relevance.ask(client, labelled)
    figures = relevance.summary(outcomes)
    assert figures["queries"] >= 30
    assert figures["known_item_rate"] == 1.0
    assert figures["precision_at_10"] == 1.0
