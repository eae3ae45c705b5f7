"""依申请公开 letters: per-kind templates, the context check, numbering and the PDF.

None of these tests touches the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.template import Engine
from fpdf import FPDF
from pypdf import PdfReader

from config.web import pdf as pdf_module
from config.web.pdf import FONT_FILE, FONT_PACKAGE, _break_lines, font_path, letter_pdf
from disclosure.library.docnumber import parse_doc_number
from requests_app.letters import (
    FIELDS,
    LetterContextError,
    LetterKind,
    build_letter,
    letter_number,
    letter_title,
    next_sequence,
    optional_fields,
    render_letter,
    rendering,
    required_fields,
)
from requests_app.outcomes import REVIEW_FIRST_REPLY_TYPES, ReplyType, WithholdGround

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "requests_app" / "letters"

HEADER = {
    "agency_name": "聊城市人民政府办公室",
    "letter_number": "聊政办信公复〔2026〕12号",
    "issued_on": dt.date(2026, 3, 5),
}

APPLICANT = {
    "applicant_name": "张三",
    "tracking_number": "YSQ-2026-7KQ4M2XD",
    "received_on": dt.date(2026, 2, 10),
    "request_description": "2025年度城区道路改造项目的立项批复文件。",
    "contact_phone": "0635-1234567",
    "contact_address": "聊城市东昌府区东昌路1号",
}

REMEDIES = {"review_body": "聊城市人民政府", "court": "聊城市东昌府区人民法院"}

# Per kind: the fields it needs beyond APPLICANT, and the article(s) it must cite.
KIND_CASES = {
    LetterKind.RECEIPT: (
        {"channel": "在线申请", "due_on": dt.date(2026, 3, 10)},
        ["第三十一条", "第三十三条第二款", "20个工作日", "2026年3月10日"],
    ),
    LetterKind.CLARIFICATION: (
        {
            "clarification_items": ["所需政府信息的名称或者文号", "所指项目的具体名称"],
            "clarification_due_on": dt.date(2026, 2, 27),
        },
        ["第三十条", "一次性告知", "2026年2月27日", "收到补正的申请之日起", "视为放弃申请"],
    ),
    LetterKind.THIRD_PARTY: (
        {
            "third_party_name": "聊城某某建设有限公司",
            "third_party_is_organization": True,
            "third_party_concern": "含有贵单位投标文件中的报价明细",
        },
        ["第三十二条", "15个工作日", "逾期未提出意见的，由本机关", "决定是否公开"],
    ),
    LetterKind.EXTENSION: (
        {
            "extension_reason": "所申请的信息涉及多个部门，需要协调核实",
            "extension_days": 20,
            "reply_working_days": 20,
            "count_from": dt.date(2026, 2, 9),
            "count_from_label": "收到申请之日",
            "total_working_days": 40,
            "not_counted": "征求第三方和其他机关意见所需时间不计算在上述期限内",
            "extended_due_on": dt.date(2026, 4, 8),
        },
        [
            "第三十三条第二款",
            "政府信息公开工作机构负责人同意",
            "延长20个工作日",
            "自收到申请之日（2026年2月9日）起40个工作日内",
            "不计算在上述期限内",
            "2026年4月8日",
        ],
    ),
    LetterKind.FEE: (
        {
            "fee_method": "per_page",
            "fee_quantity": 200,
            "fee_amount": Decimal("2700"),
            "payment_instructions": "通过本平台在线缴纳",
        },
        [
            "第四十二条",
            "国办函〔2020〕109号",
            "按量计收",
            "200页",
            "人民币2,700.00元",
            "20个工作日内",
            "视为放弃申请",
        ],
    ),
    LetterKind.AGENCY_CONSULTATION: (
        {
            "consulted_agency": "聊城市财政局",
            "consultation_question": "该项目资金安排情况可否公开",
            "opinion_due_on": dt.date(2026, 3, 3),
        },
        ["第三十三条第三款", "聊城市财政局：", "2026年3月3日前", "不计算在答复期限内"],
    ),
    LetterKind.REASONS_REQUEST: (
        {"excessive_reason": "您自2026年1月以来已提交申请58件"},
        ["第三十五条", "58件", "说明申请理由", "不予处理", "延迟答复的合理期限"],
    ),
    LetterKind.REASONABLE_DATE: (
        {
            "reasonable_date_reason": "申请涉及近十年的全部审批档案",
            "reasonable_due_on": dt.date(2026, 6, 30),
            "due_on": dt.date(2026, 3, 10),
        },
        ["第三十五条", "第三十三条", "2026年3月10日", "最迟于2026年6月30日作出答复"],
    ),
}

# Per reply type: its own fields and the article(s) it must cite.
REPLY_CASES = {
    ReplyType.DISCLOSED: (
        {"provision_method": "现随本告知书一并提供（见附件）"},
        ["第三十六条第二项", "予以公开", "现随本告知书一并提供"],
    ),
    ReplyType.PARTIAL: (
        {
            "provision_method": "现随本告知书一并提供",
            "withheld_parts": [
                {
                    "part": "第3页所附联系人的身份证号码",
                    "ground": WithholdGround.THIRD_PARTY,
                    "reason": "上述内容属于自然人的个人信息",
                },
                {
                    "part": "附件2《论证会讨论记录》",
                    "ground": "process_information",
                    "reason": "该记录系立项过程中的内部讨论记录",
                },
            ],
        },
        ["第三十七条", "第十五条", "第十六条第二款", "（一）第3页", "（二）附件2"],
    ),
    ReplyType.ALREADY_PUBLIC: (
        {
            "publication_location": "本机关门户网站“政府信息公开”栏目",
            "publication_url": "http://www.example.gov.cn/zwgk/",
        },
        ["第三十六条第一项", "获取该政府信息的方式和途径", "http://www.example.gov.cn/zwgk/"],
    ),
    ReplyType.WITHHELD: (
        {"withhold_ground": "state_secret", "withhold_reason": "您申请公开的文件已依法定密"},
        ["第十四条", "第三十六条第三项", "国家秘密", "不予公开"],
    ),
    ReplyType.NOT_EXIST: ({}, ["第三十六条第四项", "不存在"]),
    ReplyType.NOT_RESPONSIBLE: (
        {
            "not_responsible_reason": "该文件由聊城市发展和改革委员会制作",
            "responsible_agency": "聊城市发展和改革委员会",
            "responsible_agency_contact": "0635-7654321",
        },
        ["第三十六条第五项", "聊城市发展和改革委员会", "0635-7654321"],
    ),
    ReplyType.REPEATED: (
        {
            "previous_reply_on": dt.date(2025, 12, 1),
            "previous_letter_number": "聊政办信公复〔2025〕9号",
        },
        ["第三十六条第六项", "不予重复处理", "2025年12月1日", "〔2025〕9号"],
    ),
    ReplyType.OTHER_LAW: (
        {"special_record_type": "不动产登记资料", "special_law": "《不动产登记暂行条例》"},
        ["第三十六条第七项", "不动产登记资料", "《不动产登记暂行条例》"],
    ),
    ReplyType.NEEDS_CREATION: (
        {"creation_reason": "需要对各区县的统计数据汇总后重新制作"},
        ["第三十八条", "加工、分析"],
    ),
    ReplyType.COMPLAINT: (
        {"proper_channel": "聊城市信访局网上信访平台"},
        ["第三十九条第一款", "不作为政府信息公开申请处理", "聊城市信访局网上信访平台"],
    ),
    ReplyType.PUBLICATION: (
        {
            "publication_access": "到市档案馆或者市图书馆查阅",
            "publication_name": "《聊城市人民政府公报》",
        },
        ["第三十九条第二款", "公开出版物", "市档案馆"],
    ),
    ReplyType.EXCESSIVE: (
        {"excessive_reason": "您在一个月内提出了120件内容相近的申请"},
        ["第三十五条", "不予处理", "数量、频次明显超过合理范围"],
    ),
    ReplyType.STILL_UNCLEAR: (
        {"clarification_sent_on": dt.date(2026, 2, 12), "unclear_reason": "仍未说明所指的具体文件"},
        ["第三十条", "第二十九条第二款第二项", "2026年2月12日"],
    ),
}


def kind_context(kind: LetterKind) -> dict:
    extra, _ = KIND_CASES[kind]
    return {**HEADER, **APPLICANT, **extra}


def reply_context(reply_type: ReplyType, **overrides) -> dict:
    extra, _ = REPLY_CASES[reply_type]
    return {**HEADER, **APPLICANT, **REMEDIES, "reply_type": reply_type, **extra, **overrides}


def flat(text: str) -> str:
    """Text without whitespace; pypdf also puts NULs between the glyphs of a CID font."""
    return re.sub(r"[\s\x00]+", "", text)


# --- the text of each kind -----------------------------------------------------------


@pytest.mark.parametrize("kind", list(KIND_CASES), ids=str)
def test_each_notice_cites_its_articles(kind):
    _, expected = KIND_CASES[kind]
    text = render_letter(kind, kind_context(kind))
    assert "《中华人民共和国政府信息公开条例》" in text
    for phrase in expected:
        assert phrase in text, phrase
    assert "None" not in text and "“”" not in text


def test_every_kind_and_reply_type_has_a_template_and_a_test_case():
    assert set(KIND_CASES) | {LetterKind.REPLY} == set(LetterKind)
    assert set(REPLY_CASES) == set(ReplyType)
    for kind in LetterKind:
        if kind != LetterKind.REPLY:
            assert (TEMPLATES / f"{kind.value}.txt").is_file()
    for reply_type in ReplyType:
        assert (TEMPLATES / "reply" / f"{reply_type.value}.txt").is_file()


@pytest.mark.parametrize("reply_type", list(ReplyType), ids=str)
def test_every_reply_cites_its_article_and_states_the_remedies(reply_type):
    _, expected = REPLY_CASES[reply_type]
    text = render_letter(LetterKind.REPLY, reply_context(reply_type))
    for phrase in expected:
        assert phrase in text, phrase
    assert text.startswith("张三：\n")
    assert "2026年2月10日" in text and "YSQ-2026-7KQ4M2XD" in text
    # Remedies: 行政复议 within 60 days before the named review body, and 行政诉讼.
    assert "自收到本告知书之日起60日内" in text
    assert "《中华人民共和国行政复议法》第二十条" in text
    assert "向聊城市人民政府申请行政复议" in text or "先向聊城市人民政府申请行政复议" in text
    assert "提起行政诉讼" in text
    if reply_type in REVIEW_FIRST_REPLY_TYPES:
        assert "第二十三条第一款第四项" in text
        assert "自收到行政复议决定书之日起15日内" in text
        assert "《中华人民共和国行政诉讼法》第四十五条" in text
    else:
        assert "自收到本告知书之日起6个月内" in text
        assert "《中华人民共和国行政诉讼法》第四十六条" in text
        assert "向聊城市东昌府区人民法院提起行政诉讼" in text
    assert "None" not in text and "“”" not in text
    assert text.rstrip().endswith("特此告知。") or "附件：" in text


def test_review_first_can_be_overridden():
    text = render_letter("reply", reply_context(ReplyType.WITHHELD, review_first=False))
    assert "6个月内" in text and "聊城市东昌府区人民法院" in text
    text = render_letter("reply", reply_context(ReplyType.NOT_EXIST, review_first=True))
    assert "先向聊城市人民政府申请行政复议" in text and "6个月" not in text


def test_court_is_required_only_where_a_direct_suit_is_offered():
    context = reply_context(ReplyType.NOT_EXIST)
    del context["court"]
    with pytest.raises(LetterContextError) as caught:
        render_letter("reply", context)
    assert caught.value.fields == ("court",)
    context = reply_context(ReplyType.WITHHELD)
    del context["court"]
    assert "人民法院提起行政诉讼" in render_letter("reply", context)


def test_dates_are_chinese_without_zero_padding():
    text = render_letter(
        "receipt", {**kind_context(LetterKind.RECEIPT), "due_on": dt.date(2026, 3, 5)}
    )
    assert "2026年3月5日" in text
    assert "2026-03-05" not in text and "2026年03月" not in text


def test_trailing_punctuation_of_inline_fields_is_not_doubled():
    text = render_letter("receipt", kind_context(LetterKind.RECEIPT))
    assert "立项批复文件”" in text
    assert "。”" not in text


def test_organizations_are_addressed_as_gui_danwei():
    context = {**kind_context(LetterKind.CLARIFICATION), "applicant_is_organization": True}
    text = render_letter("clarification", context)
    assert "贵单位" in text and "您" not in text


def test_clarification_items_are_numbered_and_punctuated():
    text = render_letter("clarification", kind_context(LetterKind.CLARIFICATION))
    assert "（一）所需政府信息的名称或者文号；" in text
    assert "（二）所指项目的具体名称。" in text


def test_third_party_letter_names_neither_applicant_nor_tracking_number():
    text = render_letter("third_party", kind_context(LetterKind.THIRD_PARTY))
    assert text.startswith("聊城某某建设有限公司：")
    assert "张三" not in text
    assert "YSQ-2026" not in text
    assert "贵单位" in text


def test_text_is_not_html_escaped():
    context = {**kind_context(LetterKind.RECEIPT), "request_description": "A&B公司的<报告>"}
    assert "“A&B公司的<报告>”" in render_letter("receipt", context)


# --- long descriptions: quoted as a summary ---------------------------------------

SENTENCE = "请公开2025年度城区道路改造项目的立项批复、可行性研究报告及其评审意见。"  # 37 characters


def test_a_short_description_is_quoted_in_full_without_a_note():
    text = render_letter("receipt", kind_context(LetterKind.RECEIPT))
    assert "申请公开“2025年度城区道路改造项目的立项批复文件”，现予登记" in text
    assert "申请内容较长" not in text


def test_a_description_of_exactly_the_limit_is_still_quoted_in_full():
    description = "路" * rendering.DESCRIPTION_QUOTE_LIMIT
    context = {**kind_context(LetterKind.RECEIPT), "request_description": description}
    assert f"“{description}”，现予登记" in render_letter("receipt", context)


def test_a_long_description_is_cut_at_a_sentence_with_a_pointer_to_the_application():
    description = SENTENCE * 10  # 370 characters
    context = {**kind_context(LetterKind.RECEIPT), "request_description": description}
    text = render_letter("receipt", context)
    quoted = re.search(
        r"申请公开“(.*?)”（申请内容较长，详见申请编号(.*?)的申请表），现予登记", text
    )
    assert quoted is not None
    assert quoted.group(2) == "YSQ-2026-7KQ4M2XD"
    summary = quoted.group(1)
    # Five whole sentences (185 characters) fit under the limit; the sixth would not.
    assert summary == SENTENCE[:-1] + ("。" + SENTENCE[:-1]) * 4 + "……"
    assert len(summary) <= rendering.DESCRIPTION_QUOTE_LIMIT + 2


def test_a_long_description_without_punctuation_is_not_cut_inside_a_number():
    description = "路" * (rendering.DESCRIPTION_QUOTE_LIMIT - 3) + "2025年度" + "路" * 100
    summary, note = rendering.summarise_description(description, "YSQ-2026-7KQ4M2XD")
    assert summary == "路" * (rendering.DESCRIPTION_QUOTE_LIMIT - 3) + "……"
    assert note == "（申请内容较长，详见申请编号YSQ-2026-7KQ4M2XD的申请表）"


def test_every_letter_quoting_the_description_summarises_a_long_one():
    description = SENTENCE * 100
    for kind in KIND_CASES:
        context = {**kind_context(kind), "request_description": description}
        text = render_letter(kind, context)
        assert "……”（申请内容较长，" in text, kind
        assert len(text) < 2000, kind


def test_the_third_party_letter_summarises_without_naming_the_tracking_number():
    context = {**kind_context(LetterKind.THIRD_PARTY), "request_description": SENTENCE * 10}
    text = render_letter("third_party", context)
    assert "……”（申请内容较长，以上为摘要）。" in text
    assert "YSQ-2026" not in text


def test_paragraphs_are_one_per_line_without_blank_lines_or_template_comments():
    text = render_letter(
        "reply", reply_context(ReplyType.PARTIAL, attachments=["批复（删除部分内容）"])
    )
    lines = text.split("\n")
    assert all(line and line == line.strip() for line in lines)
    assert "{#" not in text and "{%" not in text
    assert lines[-1] == "附件：1.批复（删除部分内容）"


# --- the context check ---------------------------------------------------------------


def _all_required_cases():
    for kind in KIND_CASES:
        for key in required_fields(kind):
            yield kind, None, key
    for reply_type in ReplyType:
        for key in required_fields(LetterKind.REPLY, reply_type):
            yield LetterKind.REPLY, reply_type, key


@pytest.mark.parametrize(("kind", "reply_type", "key"), list(_all_required_cases()))
def test_a_missing_required_field_is_named_not_left_blank(kind, reply_type, key):
    context = reply_context(reply_type) if reply_type else kind_context(kind)
    del context[key]
    with pytest.raises(LetterContextError) as caught:
        render_letter(kind, context)
    assert key in caught.value.fields
    assert "缺少必填内容" in str(caught.value)
    assert FIELDS[key].label in str(caught.value)


@pytest.mark.parametrize("blank", ["", "   ", None, []])
def test_blank_values_count_as_missing(blank):
    context = {**kind_context(LetterKind.CLARIFICATION), "clarification_items": blank}
    with pytest.raises(LetterContextError, match="需要补正的事项"):
        render_letter("clarification", context)


def test_a_date_given_as_text_is_rejected():
    context = {**kind_context(LetterKind.RECEIPT), "due_on": "2026-03-10"}
    with pytest.raises(LetterContextError, match=r"答复截止日期（due_on）应为日期"):
        render_letter("receipt", context)


def test_an_unknown_key_is_rejected():
    context = {**kind_context(LetterKind.RECEIPT), "recieved_on": dt.date(2026, 2, 10)}
    with pytest.raises(LetterContextError, match="recieved_on"):
        render_letter("receipt", context)


def test_keys_of_other_kinds_are_ignored():
    context = {**kind_context(LetterKind.RECEIPT), "extension_days": 5, **REMEDIES}
    assert "聊城市东昌府区人民法院" not in render_letter("receipt", context)


def test_an_extension_beyond_20_working_days_is_refused():
    context = {**kind_context(LetterKind.EXTENSION), "extension_days": 21}
    with pytest.raises(LetterContextError, match="20个工作日"):
        render_letter("extension", context)


def test_invalid_choices_are_refused():
    with pytest.raises(LetterContextError, match="reply_type"):
        render_letter("reply", {**reply_context(ReplyType.NOT_EXIST), "reply_type": "maybe"})
    with pytest.raises(LetterContextError, match="withhold_ground"):
        render_letter("reply", reply_context(ReplyType.WITHHELD, withhold_ground="secret-ish"))
    with pytest.raises(LetterContextError, match="第1项"):
        render_letter(
            "reply",
            reply_context(
                ReplyType.PARTIAL, withheld_parts=[{"part": "第3页", "ground": "third_party"}]
            ),
        )
    with pytest.raises(LetterContextError, match="未知的文书种类"):
        render_letter("memo", {})


def test_a_template_using_an_unprovided_variable_raises(monkeypatch):
    engine = Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {"requests_app/letters/receipt.txt": "{{ applicant_name }}：{{ typo_field }}"},
            )
        ],
        autoescape=False,
        string_if_invalid=rendering._INVALID,
    )
    monkeypatch.setattr(rendering, "_engine", lambda: engine)
    with pytest.raises(LetterContextError, match="typo_field"):
        render_letter("receipt", kind_context(LetterKind.RECEIPT))


def test_field_lists_are_documented():
    for kind in LetterKind:
        reply_types = list(ReplyType) if kind == LetterKind.REPLY else [None]
        for reply_type in reply_types:
            for key in (*required_fields(kind, reply_type), *optional_fields(kind, reply_type)):
                assert key in FIELDS, key
                assert FIELDS[key].label


def test_build_letter_requires_the_header_fields():
    context = kind_context(LetterKind.RECEIPT)
    del context["letter_number"]
    with pytest.raises(LetterContextError, match="文书编号"):
        build_letter("receipt", context)
    letter = build_letter("receipt", kind_context(LetterKind.RECEIPT))
    assert letter.title == letter_title("receipt") == "政府信息公开申请登记回执"
    assert letter.number == "聊政办信公复〔2026〕12号"
    assert letter.agency == "聊城市人民政府办公室"
    assert letter.issued_on == dt.date(2026, 3, 5)


# --- numbering -----------------------------------------------------------------------


def test_letter_numbers_follow_gb_t_9704():
    number = letter_number("聊政办", 2026, 12, LetterKind.REPLY)
    assert number == "聊政办信公复〔2026〕12号"
    parsed = parse_doc_number(number)
    assert (parsed.year, parsed.seq) == (2026, 12)
    codes = {letter_number("聊政办", 2026, 1, kind)[3:6] for kind in LetterKind}
    assert len(codes) == len(LetterKind)  # one series per kind


@pytest.mark.parametrize(
    ("short", "year", "seq"),
    [
        ("", 2026, 1),
        ("LC", 2026, 1),
        ("聊政办", 26, 1),
        ("聊政办", 2026, 0),
        ("聊政办", 2026, True),
    ],
)
def test_invalid_number_parts_are_refused(short, year, seq):
    with pytest.raises(ValueError):
        letter_number(short, year, seq, "reply")


def test_next_sequence():
    assert next_sequence(None) == 1
    assert next_sequence(0) == 1
    assert next_sequence(41) == 42
    with pytest.raises(ValueError):
        next_sequence(-1)


# --- PDF -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reply_letter():
    context = reply_context(ReplyType.PARTIAL, attachments=["批复（删除部分内容）"])
    return build_letter(LetterKind.REPLY, context)


@pytest.fixture(scope="module")
def reply_pdf(reply_letter):
    return reply_letter.pdf()


def test_the_font_comes_from_the_installed_package():
    path = font_path()
    assert path.name == FONT_FILE
    assert path.is_file()
    assert FONT_PACKAGE in path.parts
    assert "site-packages" in path.parts or "dist-packages" in path.parts


def test_pdf_is_a4_with_an_embedded_subset_chinese_font(reply_pdf):
    assert reply_pdf.startswith(b"%PDF-")
    assert b"/FontFile3" in reply_pdf or b"/FontFile2" in reply_pdf
    base_fonts = set(re.findall(rb"/BaseFont\s*/([A-Z]{6}\+[\w-]+)", reply_pdf))
    assert base_fonts and all(name.endswith(b"+NotoSerifSC") for name in base_fonts)
    # Subset: the whole font is 11 MB, a letter a few dozen KB.
    assert len(reply_pdf) < 200_000
    reader = PdfReader(BytesIO(reply_pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)


def test_pdf_text_holds_title_number_body_signature_and_page_numbers(reply_pdf, reply_letter):
    reader = PdfReader(BytesIO(reply_pdf))
    assert len(reader.pages) == 2
    first = flat(reader.pages[0].extract_text())
    last = flat(reader.pages[-1].extract_text())
    assert first.startswith("政府信息公开申请答复告知书")
    assert "聊政办信公复〔2026〕12号" in first
    assert "张三：" in first
    assert "—1—" in first
    assert "—2—" in last
    whole = "".join(flat(page.extract_text()) for page in reader.pages)
    assert flat(reply_letter.body.replace("—", "")) in whole.replace("—1—", "").replace("—2—", "")
    assert whole.endswith("聊城市人民政府办公室2026年3月5日—2—")
    assert reader.metadata.title == "政府信息公开申请答复告知书"


def test_pdf_uses_the_edited_text(reply_letter):
    pdf = reply_letter.pdf(body="张三：\n经复核，本机关修改了答复内容。\n特此告知。")
    text = flat(PdfReader(BytesIO(pdf)).pages[0].extract_text())
    assert "经复核，本机关修改了答复内容。" in text


def test_letter_pdf_accepts_a_date_string():
    pdf = letter_pdf("测试", "正文。", agency="测试局", number="", date="二〇二六年三月五日")
    assert "二〇二六年三月五日" in flat(PdfReader(BytesIO(pdf)).pages[0].extract_text())


@pytest.fixture(scope="module")
def measuring_pdf():
    pdf = FPDF(unit="pt")
    pdf.add_font(pdf_module.FONT_FAMILY, fname=str(font_path()))
    pdf.set_font(pdf_module.FONT_FAMILY, size=pdf_module.BODY_SIZE)
    return pdf


def test_a_short_letter_fits_one_page():
    letter = build_letter(LetterKind.RECEIPT, kind_context(LetterKind.RECEIPT))
    reader = PdfReader(BytesIO(letter.pdf()))
    assert len(reader.pages) == 1
    assert flat(reader.pages[0].extract_text()).endswith(
        "特此回执。（印章）聊城市人民政府办公室2026年3月5日—1—"
    )


def test_the_pdf_marks_the_seals_place_with_a_dashed_circle_over_the_signature(reply_pdf):
    last = PdfReader(BytesIO(reply_pdf)).pages[-1]
    assert flat(last.extract_text()).endswith("（印章）聊城市人民政府办公室2026年3月5日—2—")
    content = last.get_contents().get_data()
    assert re.search(rb"\[[\d.]+ [\d.]+\] [\d.]+ d", content)  # a dash pattern is set


@pytest.mark.parametrize(
    "agency", ["测试局", "聊城市人民政府办公室", "国家税务总局聊城市东昌府区税务局第一税务分局"]
)
def test_the_seals_place_is_centered_on_the_signature_inside_the_text_block(measuring_pdf, agency):
    rows = pdf_module._layout(
        measuring_pdf, "标题", "张三：\n特此告知。", number="", agency=agency, date="2026年3月5日"
    )
    sealed = [row for row in rows if row.seal_x is not None]
    assert [row.text for row in sealed] == [agency]
    (row,) = sealed
    middle = row.x + measuring_pdf.get_string_width(agency) / 2
    left = pdf_module.MARGIN_LEFT
    right = left + pdf_module.TEXT_WIDTH
    radius = pdf_module.SEAL_RADIUS
    assert left <= row.seal_x - radius and row.seal_x + radius <= right
    if middle + radius <= right:
        assert row.seal_x == pytest.approx(middle)


@pytest.mark.parametrize("paragraphs", range(14, 34))
def test_the_signature_never_stands_alone_on_a_page(measuring_pdf, paragraphs):
    text = "张三：\n" + "\n".join(["本机关已收到您的申请。"] * paragraphs)
    rows = pdf_module._layout(
        measuring_pdf, "标题", text, number="编号", agency="测试局", date="2026年3月5日"
    )
    for pitch in pdf_module.LINE_PITCHES:
        last_page = pdf_module._paginate(rows, pitch)[-1]
        texts = [row.text for row, _ in last_page if row.text]
        assert texts[-2:] == ["测试局", "2026年3月5日"]
        assert len(texts) >= 3, texts  # at least one line of the letter itself


@pytest.mark.parametrize("paragraphs", range(14, 34))
def test_the_seals_place_stays_clear_of_the_page_number_and_adds_no_page(measuring_pdf, paragraphs):
    text = "张三：\n" + "\n".join(["本机关已收到您的申请。"] * paragraphs)
    rows = pdf_module._layout(
        measuring_pdf, "标题", text, number="编号", agency="测试局", date="2026年3月5日"
    )
    unsealed = [dataclasses.replace(row, seal_x=None) for row in rows]
    for pitch in pdf_module.LINE_PITCHES:
        pages = pdf_module._paginate(rows, pitch)
        assert len(pages) == len(pdf_module._paginate(unsealed, pitch))
        (top,) = [y for row, y in pages[-1] if row.seal_x is not None]
        center = pdf_module._seal_center(top, pitch)
        page_number_top = pdf_module.TEXT_BOTTOM + pdf_module.FOOTER_GAP
        assert center + pdf_module.SEAL_RADIUS < page_number_top
        # Name and date sit in the seal, a little below its center (GB/T 9704 §7.3.5.1).
        assert center - pdf_module.SEAL_RADIUS < top < center < top + pitch


def test_line_breaking_keeps_punctuation_and_latin_runs_in_place(measuring_pdf):
    pdf = measuring_pdf
    NO_LINE_START, NO_LINE_END = pdf_module.NO_LINE_START, pdf_module.NO_LINE_END
    TEXT_WIDTH, BODY_SIZE = pdf_module.TEXT_WIDTH, pdf_module.BODY_SIZE
    text = (
        "本机关于2026年2月10日收到您提交的政府信息公开申请（申请编号：YSQ-2026-7KQ4M2XD），"
        "申请公开“二〇二五年度城区道路改造项目的立项批复文件”。经审查，该信息已于网址"
        "http://www.example.gov.cn/zwgk/2025/xxgk_123456.html公开。" * 3
    )
    lines = _break_lines(pdf, text, TEXT_WIDTH - 2 * BODY_SIZE, TEXT_WIDTH)
    assert "".join(lines) == text
    for line in lines[1:]:
        assert line[0] not in NO_LINE_START, line
    for line in lines[:-1]:
        assert line[-1] not in NO_LINE_END, line
        assert pdf.get_string_width(line) <= TEXT_WIDTH + 0.01
    assert any("YSQ-2026-7KQ4M2XD" in line for line in lines)
