"""发文字号: normalization, parsing with Chinese error messages, detection in running text."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from disclosure.library.docnumber import (
    DocNumber,
    find_doc_numbers,
    normalize_doc_number,
    parse_doc_number,
)


def parse_error(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_doc_number(text)
    return caught.value


# --- normalize_doc_number ------------------------------------------------------------


def test_canonical_form_is_returned_unchanged():
    assert normalize_doc_number("莱政办字〔2020〕34号") == "莱政办字〔2020〕34号"


@pytest.mark.parametrize(
    "text",
    [
        "莱政办字[2020]34号",
        "莱政办字【2020】34号",
        "莱政办字（2020）34号",
        "莱政办字(2020)34号",
        "莱政办字［2020］34号",
        "莱政办字﹝2020﹞34号",
        "莱政办字〖2020〗34号",
    ],
)
def test_every_bracket_style_around_the_year_becomes_tortoise_shell_brackets(text):
    assert normalize_doc_number(text) == "莱政办字〔2020〕34号"


def test_full_width_digits_and_square_brackets_are_normalized():
    assert normalize_doc_number("莱政办字[２０２０]３４号") == "莱政办字〔2020〕34号"


def test_stray_spaces_including_ideographic_and_no_break_spaces_are_removed():
    assert normalize_doc_number(" 莱政办字 〔 2020 〕\u300034\xa0号 ") == "莱政办字〔2020〕34号"


def test_zero_padded_sequence_number_loses_its_padding():
    assert normalize_doc_number("莱政办字〔2020〕034号") == "莱政办字〔2020〕34号"


def test_di_before_the_sequence_number_is_dropped():
    assert normalize_doc_number("鲁政字〔2020〕第12号") == "鲁政字〔2020〕12号"


def test_traditional_hao_is_accepted():
    assert normalize_doc_number("國辦發〔2019〕5號") == "國辦發〔2019〕5号"


def test_normalizing_a_malformed_number_raises_validation_error():
    with pytest.raises(ValidationError):
        normalize_doc_number("莱政办字34号")


# --- parse_doc_number ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "agency", "year", "seq"),
    [
        ("莱政办字〔2020〕34号", "莱政办字", 2020, 34),
        ("市中政办字〔2020〕14号", "市中政办字", 2020, 14),
        ("国办发〔2019〕1号", "国办发", 2019, 1),
        ("鲁政办发【2023】7号", "鲁政办发", 2023, 7),
    ],
)
def test_parsing_splits_agency_code_year_and_sequence(text, agency, year, seq):
    number = parse_doc_number(text)
    assert (number.agency, number.year, number.seq) == (agency, year, seq)


def test_parsed_number_carries_its_normalized_form():
    assert parse_doc_number("莱政办字[2020]34号").normalized == "莱政办字〔2020〕34号"


def test_parsed_number_prints_as_its_normalized_form():
    assert str(parse_doc_number("国办发(2019)1号")) == "国办发〔2019〕1号"


def test_parsed_number_is_immutable():
    number = parse_doc_number("莱政办字〔2020〕34号")
    with pytest.raises(dataclasses.FrozenInstanceError):
        number.seq = 35  # type: ignore[misc]


def test_equal_numbers_written_differently_parse_to_equal_values():
    assert parse_doc_number("莱政办字【２０２０】34号") == DocNumber(
        "莱政办字", 2020, 34, "莱政办字〔2020〕34号"
    )


def test_first_year_of_the_republic_is_accepted():
    assert parse_doc_number("政字〔1949〕1号").year == 1949


def test_next_year_is_accepted_for_documents_numbered_in_advance():
    next_year = date.today().year + 1
    assert parse_doc_number(f"莱政办字〔{next_year}〕1号").year == next_year


# --- parse_doc_number: what is wrong -------------------------------------------------


def test_empty_text_is_rejected_as_empty():
    error = parse_error("   ")
    assert error.code == "empty"
    assert "不能为空" in error.messages[0]


def test_missing_agency_code_is_named_in_the_error():
    error = parse_error("〔2020〕34号")
    assert error.code == "missing_agency"
    assert "缺少机关代字" in error.messages[0]


def test_agency_code_with_latin_letters_is_rejected_as_stray_characters():
    error = parse_error("莱政办ABC〔2020〕34号")
    assert error.code == "invalid_agency"
    assert "多余的字符" in error.messages[0]


def test_missing_year_is_named_in_the_error():
    error = parse_error("莱政办字34号")
    assert error.code == "missing_year"
    assert "缺少年份" in error.messages[0]


def test_empty_brackets_are_a_missing_year():
    error = parse_error("莱政办字〔〕34号")
    assert error.code == "missing_year"


def test_unclosed_year_bracket_is_named_in_the_error():
    error = parse_error("莱政办字〔2020 34号")
    assert error.code == "unbalanced_brackets"
    assert "括号不完整" in error.messages[0]


def test_unopened_year_bracket_is_named_in_the_error():
    error = parse_error("莱政办字2020〕34号")
    assert error.code == "unbalanced_brackets"


def test_two_digit_year_is_rejected_as_not_four_digits():
    error = parse_error("莱政办字〔20〕34号")
    assert error.code == "invalid_year"
    assert "四位" in error.messages[0]


def test_year_in_chinese_numerals_is_rejected_as_not_four_digits():
    error = parse_error("莱政办字〔二〇二〇〕34号")
    assert error.code == "invalid_year"


def test_year_before_1949_is_implausible():
    error = parse_error("莱政办字〔1948〕34号")
    assert error.code == "implausible_year"
    assert "1948" in error.messages[0]
    assert "1949" in error.messages[0]


def test_year_after_next_year_is_implausible():
    error = parse_error(f"莱政办字〔{date.today().year + 2}〕34号")
    assert error.code == "implausible_year"


def test_missing_sequence_number_is_named_in_the_error():
    error = parse_error("莱政办字〔2020〕号")
    assert error.code == "missing_seq"
    assert "缺少序号" in error.messages[0]


def test_sequence_number_in_chinese_numerals_is_reported_as_missing_sequence():
    error = parse_error("莱政办字〔2020〕三十四号")
    assert error.code == "missing_seq"
    assert "三十四号" in error.messages[0]


def test_sequence_number_zero_is_rejected():
    error = parse_error("莱政办字〔2020〕0号")
    assert error.code == "invalid_seq"


def test_missing_trailing_hao_is_named_in_the_error():
    error = parse_error("莱政办字〔2020〕34")
    assert error.code == "missing_hao"
    assert "号" in error.messages[0]


def test_characters_after_hao_are_reported_as_stray():
    error = parse_error("莱政办字〔2020〕34号文件")
    assert error.code == "trailing_characters"
    assert "文件" in error.messages[0]


def test_every_error_message_is_in_chinese_and_names_the_field():
    for text in ["", "〔2020〕34号", "莱政办字34号", "莱政办字〔2020〕号", "莱政办字〔2020〕34"]:
        message = parse_error(text).messages[0]
        assert message.startswith("发文字号"), message


# --- find_doc_numbers ----------------------------------------------------------------


def test_cited_numbers_are_found_in_running_text():
    text = (
        "为认真落实《山东省人民政府办公厅关于印发2020年山东省政务公开工作要点的通知》"
        "(鲁政办字〔2020〕78号)和《烟台市人民政府办公室关于印发2020年烟台市政务公开工作"
        "要点的通知》(烟政办发〔2020〕11号)文件精神"
    )
    assert find_doc_numbers(text) == ["鲁政办字〔2020〕78号", "烟政办发〔2020〕11号"]


def test_prose_running_into_the_agency_code_is_not_part_of_it():
    assert find_doc_numbers("根据鲁政办字〔2020〕78号文件的要求") == ["鲁政办字〔2020〕78号"]


def test_numbers_found_in_running_text_are_normalized():
    assert find_doc_numbers("见莱政办字[２０２０]３４号。") == ["莱政办字〔2020〕34号"]


def test_a_number_broken_over_two_lines_is_found():
    assert find_doc_numbers("（聊公开发〔2020〕\n1号）") == ["聊公开发〔2020〕1号"]


def test_a_number_cited_twice_is_listed_once():
    assert find_doc_numbers("国办发〔2019〕1号；国办发[2019]1号") == ["国办发〔2019〕1号"]


def test_a_query_that_is_a_number_finds_that_number():
    assert find_doc_numbers("莱政办字〔2020〕34号") == ["莱政办字〔2020〕34号"]


def test_an_order_number_without_a_year_is_not_a_document_number():
    assert find_doc_numbers("《中华人民共和国政府信息公开条例》（国务院令第711号）") == []


def test_bracketed_words_in_running_text_are_not_document_numbers():
    assert find_doc_numbers("各县〔市、区〕人民政府、市属开发区管委会") == []


def test_implausible_years_in_running_text_are_skipped():
    assert find_doc_numbers("莱政办字〔1900〕3号") == []


def test_text_without_numbers_yields_an_empty_list():
    assert find_doc_numbers("政务公开工作要点") == []
