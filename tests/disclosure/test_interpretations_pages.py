"""政策解读 public pages: /zcjd/, /zcjd/<pk>/ and the interpretations on a document's page."""

import datetime

import pytest
from django.urls import reverse

from disclosure.library.models import Interpretation
from disclosure.publishing import steps as publishing
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document, supervisor
from tests.disclosure.interpretation_builders import (
    add_media,
    make_interpretation,
    png_file,
    publish_interpretation,
)

pytestmark = pytest.mark.django_db

D = datetime.date
LIST = "/zcjd/"


def page(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_published_interpretations_with_form_agency_and_documents(client):
    document = publish_document(title="关于进一步优化营商环境的若干措施")
    publish_interpretation(
        make_interpretation(document, title="《优化营商环境若干措施》问答", form="qa")
    )
    html = page(client, LIST)
    assert "《优化营商环境若干措施》问答" in html
    assert "问答" in html
    assert document.organization.name in html
    assert "《关于进一步优化营商环境的若干措施》" in html
    assert "共 1 篇解读" in html


def test_drafts_and_withdrawn_interpretations_appear_nowhere(client):
    draft = make_interpretation(title="草稿中的解读")
    withdrawn = publish_interpretation(title="已撤回的解读")
    publishing.withdraw(withdrawn, by=supervisor(), reason="有误。")
    html = page(client, LIST)
    assert "草稿中的解读" not in html and "已撤回的解读" not in html
    assert (
        client.get(reverse("disclosure:interpretation-detail", args=[draft.pk])).status_code == 404
    )
    url = reverse("disclosure:interpretation-detail", args=[withdrawn.pk])
    assert client.get(url).status_code == 410  # the withdrawal notice


def test_the_list_filters_by_agency_form_and_year_with_counts(client):
    edu, finance = make_org(name="测试市教育局"), make_org(name="测试市财政局")
    publish_interpretation(
        make_interpretation(publish_document(organization=edu), title="教育文字解读"),
        on=D(2024, 5, 1),
    )
    publish_interpretation(
        make_interpretation(
            publish_document(organization=finance),
            title="财政专家解读",
            form="expert",
            interpreter_name="李教授",
        ),
        on=D(2025, 5, 1),
    )
    by_agency = page(client, LIST, {"organization": edu.slug})
    assert "教育文字解读" in by_agency and "财政专家解读" not in by_agency
    assert "测试市财政局（1）" in by_agency  # the other agency's count stays visible
    by_form = page(client, LIST, {"form": "expert"})
    assert "财政专家解读" in by_form and "教育文字解读" not in by_form
    assert "专家解读（1）" in by_form
    by_year = page(client, LIST, {"year": "2024"})
    assert "教育文字解读" in by_year and "财政专家解读" not in by_year
    assert "2025年（1）" in by_year


def test_the_list_finds_interpretations_by_words_and_by_the_document_they_explain(client):
    document = publish_document(
        title="聊城市市级财政专项资金管理办法", doc_number="聊财预〔2023〕7号"
    )
    publish_interpretation(make_interpretation(document, title="一图读懂专项资金新规"))
    publish_interpretation(title="义务教育招生政策问答")
    html = page(client, LIST, {"q": "专项资金"})
    assert "专项资金</mark>新规" in html or "<mark>专项资金</mark>" in html
    assert "义务教育招生政策问答" not in html
    by_number = page(client, LIST, {"q": "聊财预〔2023〕7号"})
    assert "一图读懂专项资金新规" in by_number


def test_a_query_with_markup_is_shown_escaped(client):
    publish_interpretation(title="政策解读")
    html = page(client, LIST, {"q": '<script>alert("x")</script>解读'})
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_an_unknown_form_is_ignored_with_a_message(client):
    publish_interpretation(title="某解读")
    html = page(client, LIST, {"form": "nonsense"})
    assert "以下条件无效，已忽略" in html
    assert "某解读" in html


def test_the_list_is_paginated(client):
    document = publish_document()
    for i in range(23):
        publish_interpretation(make_interpretation(document, title=f"解读第{i:02d}篇"))
    html = page(client, LIST)
    assert "共 23 条" in html and "下一页" in html
    assert html.count('class="doc-item"') == 20


def test_the_detail_page_links_back_to_its_public_documents_only(client):
    shown = publish_document(title="公开的文件", doc_number="测政发〔2024〕1号")
    interpretation = publish_interpretation(make_interpretation(shown, title="关于两份文件的解读"))
    withdrawn = publish_document(title="后来撤回的文件")
    interpretation.documents.add(withdrawn)
    publishing.withdraw(withdrawn, by=supervisor(), reason="撤回。")
    html = page(client, interpretation.get_absolute_url())
    assert f'href="{shown.get_absolute_url()}"' in html
    assert "测政发〔2024〕1号" in html
    assert "后来撤回的文件" not in html
    assert interpretation.index_number in html


def test_the_first_interpreter_is_named_on_the_page(client):
    interpretation = publish_interpretation(
        form="head",
        interpreter_name="王某某",
        interpreter_role="市教育和体育局局长",
        is_first_interpreter=True,
    )
    html = page(client, interpretation.get_absolute_url())
    assert "王某某（市教育和体育局局长）" in html
    assert "第一解读人" in html
    assert "主要负责人解读" in html


def test_a_graphic_interpretation_shows_its_images_with_their_alt_text(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    interpretation = make_interpretation(form="graphic", title="一图读懂")
    add_media(
        interpretation,
        kind="image",
        file=png_file(),
        title="图解全文",
        text_alternative="图解：补贴标准为每人每月500元，申请须提交身份证和收入证明。",
    )
    publish_interpretation(interpretation)
    html = page(client, interpretation.get_absolute_url())
    assert 'alt="图解：补贴标准为每人每月500元，申请须提交身份证和收入证明。"' in html
    assert "<figcaption>图解全文</figcaption>" in html


def test_an_embedded_video_comes_with_its_transcript(client):
    interpretation = make_interpretation(form="video")
    add_media(
        interpretation,
        kind="video",
        embed_url="https://v.example.gov.cn/play/1",
        title="局长谈新政",
        text_alternative="主持人：请介绍一下出台背景。\n局长：……",
    )
    publish_interpretation(interpretation)
    html = page(client, interpretation.get_absolute_url())
    assert 'src="https://v.example.gov.cn/play/1"' in html
    assert "视频文字稿" in html
    assert "主持人：请介绍一下出台背景。" in html


def test_a_document_page_lists_its_published_interpretations(client):
    document = publish_document()
    shown = publish_interpretation(make_interpretation(document, title="文字解读：三个变化"))
    make_interpretation(document, title="还在草稿的解读")
    html = page(client, document.get_absolute_url())
    assert "政策解读" in html
    assert f'href="{shown.get_absolute_url()}"' in html
    assert "文字解读：三个变化" in html
    assert "还在草稿的解读" not in html


def test_the_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    document = publish_document()
    for _ in range(3):
        publish_interpretation(make_interpretation(document, publish_document()))
    with django_assert_max_num_queries(8):
        page(client, LIST, {"q": "解读", "form": "text"})
    for _ in range(12):
        publish_interpretation(make_interpretation(document, publish_document()))
    with django_assert_max_num_queries(8):
        page(client, LIST, {"q": "解读", "form": "text"})


def test_the_detail_page_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    documents = [publish_document() for _ in range(4)]
    interpretation = make_interpretation(*documents, form="graphic")
    for i in range(3):
        add_media(interpretation, kind="image", file=png_file(f"t{i}.png"), text_alternative="图")
    publish_interpretation(interpretation)
    # The interpretation, its documents, its media.
    with django_assert_max_num_queries(3):
        page(client, interpretation.get_absolute_url())


def test_a_document_page_with_many_interpretations_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    document = publish_document()
    for _ in range(5):
        publish_interpretation(make_interpretation(document))
    with django_assert_max_num_queries(6):
        page(client, document.get_absolute_url())


def test_the_list_is_cacheable_by_the_public(client):
    assert "public" in client.get(LIST)["Cache-Control"]


def test_draft_documents_are_not_shown_as_interpreted(client):
    draft = make_document(title="未发布的文件")
    interpretation = make_interpretation(draft)
    assert interpretation.status == Interpretation.Status.DRAFT
    assert "未发布的文件" not in page(client, LIST)
