"""Issue 17: an imported document keeps its original 索引号 — stored with the draft, kept at
publication, searchable, unique within the agency, and never taken again by the sequence."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from disclosure.library import search
from disclosure.library.management.commands.import_documents import import_file
from disclosure.library.models import Document
from disclosure.library.resources import DocumentResource, import_metadata
from disclosure.publishing.models import IndexSequence
from disclosure.publishing.steps import next_index_number
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document
from tests.disclosure.test_documents_import_export import dataset, row

pytestmark = pytest.mark.django_db

CODE = "11370682004276012B"
NUMBER = f"{CODE}/2020-20291"
TITLE = "莱阳市人民政府办公室关于印发2020年莱阳市政务公开工作实施方案的通知"

PAGE = f"""当前位置:首页
> 政务公开 > 固定栏目 > 政策文件库 > 市政府办公室文件
索引号: {NUMBER} 主题分类: 综合政务
成文日期: 2020-08-07 发布日期: 2020-08-10
发文机关: 莱阳市人民政府办公室 有效性: 有效
关键词: 莱阳 政务公开 体裁分类: 通知

{TITLE}

莱政办字〔2020〕34号

各镇政府、街道办事处,市政府各部门,有关单位:

《2020年莱阳市政务公开工作实施方案》已经市政府同意,现印发给你们,请认真贯彻落实。

莱阳市人民政府办公室

2020年8月7日

(此件公开发布)
"""


@pytest.fixture
def laiyang():
    return make_org(name="莱阳市人民政府办公室", slug="lyszfb", credit_code=CODE)


def write_page(tmp_path, name="page.txt", text=PAGE):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_imported_page_keeps_its_index_number_through_publication(tmp_path, laiyang):
    report = import_file(write_page(tmp_path), organization=laiyang)
    assert report.outcome == "新建草稿"
    draft = Document.objects.get(title=TITLE)
    # The draft carries its original number apart; the portal's 索引号 comes at publication.
    assert draft.original_index_number == NUMBER
    assert draft.index_number is None

    published = publish_document(draft, on=datetime.date(2020, 8, 10))
    published.refresh_from_db()
    assert published.index_number == NUMBER
    # The agency's sequence moved past it: the next number of 2020 is never the same.
    assert IndexSequence.objects.get(organization=laiyang, year=2020).last_value == 20291
    assert next_index_number(laiyang, 2020) == f"{CODE}/2020-20292"


def test_searching_the_original_index_number_finds_the_document_first(tmp_path, laiyang):
    import_file(write_page(tmp_path), organization=laiyang)
    document = publish_document(Document.objects.get(title=TITLE), on=datetime.date(2020, 8, 10))
    # Another document that mentions the same words ranks below the exact match.
    publish_document(
        make_document(laiyang, title=f"关于{NUMBER}的说明", keywords=NUMBER.replace("/", " "))
    )
    parsed = search.parse_query(NUMBER)
    assert parsed.index_number == NUMBER
    found = search.rank_documents(
        search.filter_documents(Document.objects.public(), parsed), parsed
    )
    ranked = [d.pk for d in found]
    assert ranked[0] == document.pk


def test_a_draft_is_found_by_its_original_number_too(tmp_path, laiyang):
    import_file(write_page(tmp_path), organization=laiyang)
    parsed = search.parse_query(NUMBER)
    found = search.filter_documents(Document.objects.all(), parsed)
    assert [d.title for d in found] == [TITLE]


def test_the_same_index_number_twice_in_one_agency_is_refused_in_chinese(tmp_path, laiyang):
    import_file(write_page(tmp_path), organization=laiyang)
    other = PAGE.replace(TITLE, "莱阳市人民政府办公室关于另一事项的通知").replace(
        "莱政办字〔2020〕34号", "莱政办字〔2020〕35号"
    )
    report = import_file(write_page(tmp_path, "other.txt", other), organization=laiyang)
    assert report.outcome == "未导入"
    assert any(f"索引号「{NUMBER}」在本机关已属于文件《{TITLE}》" in p for p in report.problems)
    assert Document.objects.count() == 1

    # The same check guards staff edits, and the database refuses it too.
    duplicate = make_document(laiyang)
    duplicate.original_index_number = NUMBER
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert "同一机关的索引号不能重复" in str(refused.value)


def test_a_number_already_published_in_the_agency_is_refused(tmp_path, laiyang):
    published = publish_document(make_document(laiyang))
    page = PAGE.replace(NUMBER, published.index_number)
    report = import_file(write_page(tmp_path, text=page), organization=laiyang)
    assert report.outcome == "未导入"
    assert not Document.objects.filter(title=TITLE).exists()


def test_another_agency_may_have_the_same_original_number(tmp_path, laiyang):
    import_file(write_page(tmp_path), organization=laiyang)
    other = make_org()
    report = import_file(write_page(tmp_path, "copy.txt"), organization=other)
    assert report.outcome == "新建草稿"
    assert Document.objects.filter(original_index_number=NUMBER).count() == 2

    # The first published keeps it; the other gets its own number and stays findable.
    first = publish_document(Document.objects.get(organization=laiyang))
    second = publish_document(Document.objects.get(organization=other))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.index_number == NUMBER
    assert second.index_number.startswith(f"{other.credit_code}/")
    parsed = search.parse_query(NUMBER)
    found = search.filter_documents(Document.objects.public(), parsed)
    assert {d.pk for d in found} == {first.pk, second.pk}


def test_a_new_document_without_one_still_gets_the_computed_number(laiyang):
    document = publish_document(make_document(laiyang), on=datetime.date(2024, 5, 1))
    assert document.index_number == f"{CODE}/2024-00001"


def test_the_spreadsheet_import_keeps_an_index_number_column(laiyang):
    number = f"{CODE}/2025-00012"
    report = import_metadata(
        dataset(row(索引号=number), headers=DocumentResource.headers()), laiyang
    )
    assert not report.errors
    draft = Document.objects.get()
    assert draft.original_index_number == number and draft.index_number is None

    # A second row with the same number (in the file or already in the agency) is refused.
    again = import_metadata(
        dataset(
            row(索引号=number, 标题="另一件通知", 发文字号="聊政办字〔2025〕13号"),
            headers=DocumentResource.headers(),
        ),
        laiyang,
    )
    assert again.errors
    assert any("同一机关的索引号不能重复" in m for _, m in again.errors)
    assert Document.objects.count() == 1

    published = publish_document(draft, on=datetime.date(2025, 7, 1))
    published.refresh_from_db()
    assert published.index_number == number
    assert next_index_number(laiyang, 2025) == f"{CODE}/2025-00013"
