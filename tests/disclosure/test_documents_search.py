"""Chinese full-text search: words, 文号, 索引号, traditional and full-width input."""

import datetime

import pytest

from disclosure.library import search
from tests.disclosure.builders import make_document, publish_document, supervisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    user = supervisor()
    return {
        "plan": publish_document(
            make_document(
                title="莱阳市人民政府办公室关于印发2020年莱阳市政务公开工作实施方案的通知",
                doc_number="莱政办字〔2020〕34号",
                written_on=datetime.date(2020, 8, 7),
                keywords="政务公开 实施方案",
                body="<p>为深入贯彻落实《中华人民共和国政府信息公开条例》，推进决策公开。</p>",
            ),
            by=user,
            on=datetime.date(2020, 8, 10),
        ),
        "school": publish_document(
            make_document(
                title="关于做好义务教育招生入学工作的通知",
                doc_number="聊教发〔2024〕5号",
                body="<p>各县（市、区）教育和体育局：现就义务教育阶段学校招生工作通知如下。</p>",
            ),
            by=user,
        ),
        "budget": publish_document(
            make_document(
                title="关于公开2024年市级部门预算的通知",
                body="<p>市级部门预算及“三公”经费预算按规定公开。其中提到政务公开。</p>",
            ),
            by=user,
        ),
    }


def titles(response):
    return [row["document"].title for row in response.context["rows"]]


def test_searching_chinese_words_finds_documents_with_those_words(client, library):
    found = titles(client.get("/zcwjk/", {"q": "义务教育招生"}))
    assert found == [library["school"].title]


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_body(client, library):
    found = titles(client.get("/zcwjk/", {"q": "政务公开"}))
    assert found == [library["plan"].title, library["budget"].title]


def test_a_doc_number_query_finds_that_document_first(client, library):
    for query in ["莱政办字〔2020〕34号", "莱政办字[2020]34号", "莱政办字【２０２０】34号"]:
        found = titles(client.get("/zcwjk/", {"q": query}))
        assert found[0] == library["plan"].title, query


def test_an_index_number_query_finds_that_document_first(client, library):
    number = library["school"].index_number
    found = titles(client.get("/zcwjk/", {"q": number}))
    assert found[0] == library["school"].title


def test_traditional_characters_find_simplified_documents(client, library):
    found = titles(client.get("/zcwjk/", {"q": "義務教育招生"}))
    assert found == [library["school"].title]


def test_full_width_characters_find_half_width_text(client, library):
    found = titles(client.get("/zcwjk/", {"q": "２０２０年"}))
    assert library["plan"].title in found


def test_matched_words_are_highlighted_in_title_and_snippet(client, library):
    page = client.get("/zcwjk/", {"q": "招生入学"}).content.decode()
    assert "<mark>招生入学</mark>" in page or "<mark>招生</mark>" in page
    assert "义务教育阶段学校<mark>招生</mark>工作" in page


def test_html_in_the_query_is_escaped_everywhere(client, library):
    attack = '<script>alert("x")</script>教育'
    page = client.get("/zcwjk/", {"q": attack}).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_a_query_with_nothing_searchable_gives_a_helpful_empty_state(client, library):
    response = client.get("/zcwjk/", {"q": "！？……"})
    assert response.status_code == 200
    assert "没有可以检索的文字" in response.content.decode()


def test_a_query_that_matches_nothing_says_so_and_suggests_what_to_try(client, library):
    response = client.get("/zcwjk/", {"q": "量子引力弦论"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "没有找到符合条件的政策文件" in page
    assert "只按关键词检索" in page


@pytest.mark.parametrize(
    "query",
    ["'", "a & b | !c", "\\", "((", ":*", "x" * 500, "莱政办字〔9999〕1号", "0" * 18 + "/2020-1"],
)
def test_odd_queries_never_cause_an_error(client, library, query):
    assert client.get("/zcwjk/", {"q": query}).status_code == 200


def test_search_shows_only_public_documents(client, library):
    make_document(title="尚未发布的义务教育草稿")
    found = titles(client.get("/zcwjk/", {"q": "义务教育"}))
    assert found == [library["school"].title]


def test_highlighting_escapes_the_text_and_marks_whole_phrases():
    from disclosure.library.search import highlight

    marked = highlight("<b>规范性文件</b>管理", ["规范性", "文件"])
    assert marked == "&lt;b&gt;<mark>规范性文件</mark>&lt;/b&gt;管理"


def test_a_word_jieba_knows_is_matched_as_itself_not_as_a_prefix():
    # '政务':* would read every indexed word beginning with 政务 at a million documents.
    assert search.parse_query("政务公开").tsquery == "'政务' & '公开'"


@pytest.mark.parametrize(
    ("word", "prefix"), [("政务", False), ("省", False), ("2024", False), ("犇骉", True)]
)
def test_only_an_unknown_word_of_two_characters_or_more_matches_as_a_prefix(word, prefix):
    assert search._prefix_match(search._jieba(), word) is prefix
