"""The extractor's rules, one case each: how real pages print their metadata."""

from __future__ import annotations

from datetime import date

import pytest

from config.web.filetext import read_text
from disclosure.library.extract import extract_metadata, parse_date

NOTICE = """各县（市、区）人民政府，市政府各部门：
现将有关事项通知如下，请认真贯彻执行。
"""


def test_label_and_value_on_separate_lines_are_paired():
    result = extract_metadata(
        "索引号\n11370682004276012B/2020-20291\n发文机关：\n莱阳市人民政府办公室\n"
    )
    assert result.index_number == "11370682004276012B/2020-20291"
    assert result.issuer == "莱阳市人民政府办公室"


def test_several_pairs_on_one_line_without_spaces_are_split():
    result = extract_metadata("索引号：A1/2020-1主题分类：综合政务发布日期：2020-08-10\n")
    assert (result.index_number, result.theme) == ("A1/2020-1", "综合政务")
    assert result.published_on == date(2020, 8, 10)


@pytest.mark.parametrize("label", ["索 引 号", "索\u3000引\u3000号", "索引號"])
def test_spaced_and_traditional_labels_are_read(label):
    assert extract_metadata(f"{label}：X1/2021-3\n").index_number == "X1/2021-3"


def test_spaced_title_label_is_read():
    result = extract_metadata("标\u3000\u3000题：某市人民政府关于加强安全生产的通知\n")
    assert result.title == "某市人民政府关于加强安全生产的通知"


def test_traditional_issuer_label_is_read():
    assert extract_metadata("發文機關：某縣人民政府\n").issuer == "某縣人民政府"


def test_bulleted_list_labels_are_read():
    assert extract_metadata("· 成文日期：2019-03-01\n").written_on == date(2019, 3, 1)


@pytest.mark.parametrize(
    "text",
    ["二〇一一年三月三十日", "二○一一年三月三十日", "二零一一年三月三十日"],
)
def test_chinese_numeral_dates_with_each_zero(text):
    assert parse_date(text) == date(2011, 3, 30)


def test_a_date_with_a_time_of_day_is_a_date():
    result = extract_metadata("发布时间：2020-08-27 16:35:59\n")
    assert result.published_on == date(2020, 8, 27)


def test_a_signed_date_line_with_a_time_of_day_still_signs():
    text = "某市人民政府关于做好防汛工作的通知\n" + NOTICE + "某市人民政府\n2020年6月19日 10:30\n"
    assert extract_metadata(text).written_on == date(2020, 6, 19)


def test_a_closing_date_without_an_agency_above_is_the_written_date():
    text = "关于做好防汛工作的通知\n" + NOTICE + "二〇二一年五月六日\n"
    result = extract_metadata(text)
    assert result.written_on == date(2021, 5, 6)
    assert result.sources["成文日期"] == "signature"


def test_two_bare_closing_dates_leave_the_written_date_empty():
    text = (
        "关于做好防汛工作的通知\n"
        + NOTICE
        + "2021年5月6日\n另行通知如下，请遵照执行。\n2021年5月9日\n"
    )
    result = extract_metadata(text)
    assert result.written_on is None
    assert "成文日期" in result.missing


@pytest.mark.parametrize("number", ["XXGS—2017—9", "LCSG-2020-001", "X府规〔2020〕3号"])
def test_the_registration_number_is_its_own_field(number):
    head = f"某市人民政府办公室文件\n{number}\n某政办发〔2020〕12号\n"
    text = f"{head}某市人民政府办公室关于印发某办法的通知\n{NOTICE}"
    result = extract_metadata(text)
    assert result.doc_number == "某政办发〔2020〕12号"
    assert result.registration_number == number.replace("-", "—")
    assert result.sources["统一编号"] == "title_block"


def test_a_registration_number_label_fills_the_registration_field():
    result = extract_metadata("统一编号：XXGS—2017—9\n文号：某政发〔2017〕9号\n")
    assert (result.registration_number, result.doc_number) == ("XXGS—2017—9", "某政发〔2017〕9号")


def test_a_cited_number_in_the_text_is_never_the_documents_own():
    text = "某市人民政府办公室关于转发省政府文件的通知\n" + (
        "各县（市、区）人民政府：\n根据《省政府关于某事的通知》（鲁政发〔2020〕3号），现转发给你们。\n"
    )
    result = extract_metadata(text)
    assert result.doc_number is None
    assert "发文字号" in result.missing


def test_the_page_published_date_is_not_the_written_date():
    text = (
        "发布时间：2020-08-10\n某市人民政府关于某事的通知\n"
        + NOTICE
        + "某市人民政府\n2020年8月7日\n"
    )
    result = extract_metadata(text)
    assert (result.written_on, result.published_on) == (date(2020, 8, 7), date(2020, 8, 10))
    assert result.sources["发布日期"] == "metadata"
    assert result.sources["成文日期"] == "signature"


def test_a_page_with_only_a_published_date_has_no_written_date():
    result = extract_metadata(
        "来源：某市政府办公室 发布时间：2020-08-10\n某市关于某事的通知\n" + NOTICE
    )
    assert result.written_on is None
    assert result.published_on == date(2020, 8, 10)


def test_each_field_says_where_it_was_found():
    text = (
        "索引号：X/2020-1\n某市人民政府关于某事的通知\n某政发〔2020〕1号\n"
        + NOTICE
        + "某市人民政府\n2020年8月7日\n（此件公开发布）\n"
    )
    sources = extract_metadata(text).sources
    assert sources == {
        "索引号": "metadata",
        "成文日期": "signature",
        "发文机关": "signature",
        "公开属性": "body",
        "发文字号": "title_block",
        "标题": "title_block",
    }


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("suffix", [".txt", ".md", ".htm", ".shtml"])
def test_files_of_each_kind_and_encoding_are_read(tmp_path, encoding, suffix):
    text = "索引号：X/2020-1\n标题：某市人民政府关于某事的通知\n"
    if suffix in (".htm", ".shtml"):
        text = "<p>索引号：X/2020-1</p><p>标题：某市人民政府关于某事的通知</p>"
    path = tmp_path / f"page{suffix}"
    path.write_bytes(text.encode(encoding))
    result = extract_metadata(read_text(path))
    assert (result.index_number, result.title) == ("X/2020-1", "某市人民政府关于某事的通知")


def test_a_markdown_metadata_table_is_read(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(
        "# 某市人民政府关于某事的通知\n\n"
        "| 索引号 | X/2020-1 | 发文字号 | 某政发〔2020〕1号 |\n|---|---|---|---|\n",
        encoding="utf-8",
    )
    result = extract_metadata(read_text(path))
    assert (result.index_number, result.doc_number) == ("X/2020-1", "某政发〔2020〕1号")


def test_a_decree_number_is_the_documents_number_as_printed():
    assert extract_metadata("发文字号：国令第 672 号\n").doc_number == "国令第672号"
