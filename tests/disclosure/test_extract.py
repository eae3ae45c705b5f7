"""Text and metadata extraction: file readers, dates, and the real samples in the repository."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from config.web import filetext
from disclosure.library import extract
from disclosure.library.demo_samples import SAMPLES_DIR
from disclosure.library.extract import (
    FIELD_NAMES,
    UnsupportedFileType,
    extract_metadata,
    parse_date,
    read_text,
)

# --- the real samples (disclosure/library/samples) ----------------------------------------


def sample(name: str) -> str:
    return read_text(SAMPLES_DIR / name)


@pytest.fixture(scope="module")
def laiyang():
    return extract_metadata(sample("laiyang-2020-gongkai-fangan.txt"))


@pytest.fixture(scope="module")
def liaocheng_2020():
    return extract_metadata(sample("liaocheng-2020-gongkai-yaodian.txt"))


@pytest.fixture(scope="module")
def liaocheng_2025():
    return extract_metadata(sample("liaocheng-2025-gongkai-yaodian.txt"))


# --- laiyang: a web page with a metadata block ----------------------------------------


def test_laiyang_page_yields_every_field_the_samples_readme_lists(laiyang):
    assert laiyang.found == {
        "标题": "莱阳市人民政府办公室关于印发2020年莱阳市政务公开工作实施方案的通知",
        "发文字号": "莱政办字〔2020〕34号",
        "发文机关": "莱阳市人民政府办公室",
        "成文日期": "2020-08-07",
        "发布日期": "2020-08-10",
        "索引号": "11370682004276012B/2020-20291",
        "主题分类": "综合服务",
        "体裁": "通知",
        "有效性": "有效",
        "关键词": "莱阳 政务公开",
        "公开属性": "此件公开发布",
    }


def test_laiyang_page_has_nothing_missing_inferred_or_wrong(laiyang):
    assert (laiyang.missing, laiyang.inferred, laiyang.warnings) == ([], [], [])


def test_laiyang_page_fields_are_typed(laiyang):
    assert laiyang.doc_number == "莱政办字〔2020〕34号"
    assert laiyang.written_on == date(2020, 8, 7)
    assert laiyang.published_on == date(2020, 8, 10)
    assert laiyang.index_number == "11370682004276012B/2020-20291"
    assert (laiyang.theme, laiyang.genre, laiyang.validity) == ("综合服务", "通知", "有效")
    assert laiyang.disclosure_mark == "proactive"


def test_laiyang_body_starts_at_the_addressees_without_page_chrome(laiyang):
    assert laiyang.body.startswith("各镇政府、街道办事处")
    for chrome in ("当前位置", "浏览量", "字号", "Produced By", "索引号"):
        assert chrome not in laiyang.body


def test_laiyang_body_keeps_the_attachment_line(laiyang):
    assert laiyang.body.endswith("附件:莱阳市2020年政务公开工作任务分解表.doc")


def test_numbers_cited_in_the_laiyang_body_are_not_its_own_number(laiyang):
    assert "鲁政办字〔2020〕78号" in laiyang.body
    assert laiyang.doc_number == "莱政办字〔2020〕34号"


# --- liaocheng 2020: the notice text without a title or 文号 -------------------------


def test_liaocheng_2020_issuer_date_and_mark_are_found(liaocheng_2020):
    assert liaocheng_2020.issuer == "聊城市人民政府办公室"
    assert liaocheng_2020.written_on == date(2020, 6, 19)
    assert liaocheng_2020.disclosure_mark == "proactive"
    assert liaocheng_2020.found["公开属性"] == "此件公开发布"


def test_liaocheng_2020_has_no_document_number(liaocheng_2020):
    assert liaocheng_2020.doc_number is None
    assert "发文字号" in liaocheng_2020.missing


def test_liaocheng_2020_numbers_cited_in_the_body_are_not_taken(liaocheng_2020):
    assert "聊公开发〔2020〕1号" in liaocheng_2020.body
    assert "发文字号" not in liaocheng_2020.found


def test_liaocheng_2020_title_is_rebuilt_from_the_issuing_sentence(liaocheng_2020):
    # No title is printed: 「《2020年聊城市政务公开工作要点》已经市政府同意，现印发给你们」
    # signed 聊城市人民政府办公室 is that office's 关于印发……的通知.
    assert liaocheng_2020.title == "聊城市人民政府办公室关于印发2020年聊城市政务公开工作要点的通知"


def test_liaocheng_2020_rebuilt_title_is_flagged_as_inferred(liaocheng_2020):
    assert liaocheng_2020.inferred == ["标题"]


def test_liaocheng_2020_reports_the_page_fields_it_does_not_have(liaocheng_2020):
    assert liaocheng_2020.missing == [
        "发文字号", "发布日期", "索引号", "主题分类", "体裁", "有效性", "关键词",
    ]  # fmt: skip


# --- liaocheng 2025: PDF text ---------------------------------------------------------


def test_liaocheng_2025_spaced_title_over_broken_lines_is_joined(liaocheng_2025):
    assert liaocheng_2025.title == "聊城市人民政府办公室关于印发2025年聊城市政务公开工作要点的通知"
    assert "标题" not in liaocheng_2025.inferred


def test_liaocheng_2025_written_on_is_the_signature_date_not_the_printing_date(liaocheng_2025):
    assert liaocheng_2025.written_on == date(2025, 6, 26)
    assert liaocheng_2025.found["成文日期"] == "2025-06-26"


def test_liaocheng_2025_issuer_and_mark_are_found(liaocheng_2025):
    assert liaocheng_2025.issuer == "聊城市人民政府办公室"
    assert liaocheng_2025.disclosure_mark == "proactive"


def test_liaocheng_2025_hard_wrapped_paragraphs_are_rejoined_in_the_body(liaocheng_2025):
    assert "现印发给你们,请认真贯彻执行." in liaocheng_2025.body
    assert "谋篇布局之年" in liaocheng_2025.body


def test_liaocheng_2025_body_keeps_headings_on_their_own_lines(liaocheng_2025):
    assert "\n一、立标引航,推动政务公开规范升级\n" in liaocheng_2025.body


# --- extract_metadata on small texts ---------------------------------------------------

NOTICE = """\
聊城市人民政府办公室
关于印发2025年聊城市
政 务 公 开 工 作 要 点 的 通 知
各县(市、区)人民政府:
«２０２５年聊城市政务公开工作要点»已经市政府同意,现印发给你们.
聊城市人民政府办公室
２０２５年６月２６日
(此件公开发布)
聊城市人民政府办公室 ２０２５年６月２７日印发
"""


def test_printing_date_is_not_taken_as_written_on():
    assert extract_metadata(NOTICE).written_on == date(2025, 6, 26)


def test_full_width_digits_in_titles_become_ascii():
    assert (
        extract_metadata(NOTICE).title
        == "聊城市人民政府办公室关于印发2025年聊城市政务公开工作要点的通知"
    )


def test_chinese_numeral_signature_date_is_read():
    text = "关于做好防汛工作的通知\n各镇街:\n请做好防汛工作。\n莱阳市人民政府\n二〇二〇年六月十九日"
    assert extract_metadata(text).written_on == date(2020, 6, 19)


def test_document_number_between_title_and_addressees_is_normalized():
    text = "莱阳市人民政府关于防汛的通知\n莱政字[２０２０]５号\n各镇街:\n请做好防汛工作。"
    assert extract_metadata(text).doc_number == "莱政字〔2020〕5号"


def test_document_number_line_is_not_part_of_the_body():
    text = "莱阳市人民政府关于防汛的通知\n莱政字〔2020〕5号\n各镇街:\n请做好防汛工作。"
    assert extract_metadata(text).body == "各镇街:\n请做好防汛工作。"


@pytest.mark.parametrize(
    ("mark", "value"),
    [
        ("（此件公开发布）", "proactive"),
        ("(此件依申请公开)", "on_request"),
        ("（此件不予公开）", "not_public"),
        ("此件公开发布", "proactive"),
    ],
)
def test_disclosure_mark_on_its_own_line_is_mapped(mark, value):
    text = f"关于防汛的通知\n各镇街:\n请做好防汛工作。\n莱阳市人民政府\n2020年6月19日\n{mark}"
    assert extract_metadata(text).disclosure_mark == value


def test_disclosure_mark_quoted_in_running_text_is_not_the_mark():
    text = "各单位:\n印发公文时明确标注“此件公开发布”“此件不予公开”等字样。"
    result = extract_metadata(text)
    assert result.disclosure_mark is None
    assert "公开属性" in result.missing


def test_malformed_stated_document_number_is_a_warning_not_a_value():
    result = extract_metadata("发文字号: 莱政办字34号\n\n关于防汛的通知\n各镇街:\n请做好防汛工作。")
    assert result.doc_number is None
    assert "发文字号" in result.missing
    assert any("缺少年份" in warning for warning in result.warnings)


def test_stated_fields_on_one_line_are_split_at_each_label():
    result = extract_metadata("索引号: 11370682004276012B/2020-20291 主题分类: 综合服务\n")
    assert result.index_number == "11370682004276012B/2020-20291"
    assert result.theme == "综合服务"


def test_letter_spaced_labels_with_full_width_colons_are_read():
    result = extract_metadata("索 引 号： 000014349/2020-00060  发文机关： 国务院办公厅\n")
    assert result.index_number == "000014349/2020-00060"
    assert result.issuer == "国务院办公厅"


def test_stated_joint_issuers_are_joined():
    assert (
        extract_metadata("发文机关: 莱阳市财政局 莱阳市教育局\n").issuer
        == "莱阳市财政局、莱阳市教育局"
    )


def test_stated_field_with_an_empty_value_is_missing():
    result = extract_metadata("发文字号: 有效性: 有效\n")
    assert result.validity == "有效"
    assert "发文字号" in result.missing


def test_issuer_comes_from_the_title_when_nothing_is_signed():
    assert extract_metadata("莱阳市人民政府关于防汛的通知\n各镇街:\n请做好防汛工作。").issuer == (
        "莱阳市人民政府"
    )


def test_joint_signatures_are_joined_as_one_issuer():
    text = (
        "关于防汛的通知\n各镇街:\n请做好防汛工作。\n莱阳市水利局\n莱阳市应急管理局\n2020年6月19日"
    )
    assert extract_metadata(text).issuer == "莱阳市水利局、莱阳市应急管理局"


def test_letter_spaced_signature_is_read_as_one_issuer():
    text = "关于防汛的通知\n各镇街:\n请做好防汛工作。\n莱 阳 市 人 民 政 府\n2020年6月19日"
    assert extract_metadata(text).issuer == "莱阳市人民政府"


def test_web_page_buttons_and_footer_are_dropped_from_the_body():
    text = (
        "当前位置：首页 > 政策文件\n关于防汛的通知\n各镇街:\n请做好防汛工作。\n"
        "【打印】【关闭】\n版权所有：莱阳市人民政府\n网站标识码 3706820001"
    )
    assert extract_metadata(text).body == "各镇街:\n请做好防汛工作。"


def test_empty_text_reports_every_field_missing():
    result = extract_metadata("")
    assert result.missing == [n for k, n in FIELD_NAMES.items() if k != "registration_number"]
    assert (result.found, result.body) == ({}, "")


# --- parse_date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2020年6月19日",
        "2020 年 6 月 19 日",
        "二〇二〇年六月十九日",
        "２０２０年６月１９日",
        "2020-06-19",
        "2020/6/19",
        "2020.06.19",
    ],
)
def test_every_printed_date_form_is_read(text):
    assert parse_date(text) == date(2020, 6, 19)


def test_chinese_numeral_day_thirty_one_is_read():
    assert parse_date("二〇二〇年十二月三十一日") == date(2020, 12, 31)


def test_impossible_date_gives_none():
    assert parse_date("2020年2月30日") is None


def test_text_without_a_date_gives_none():
    assert parse_date("政务公开工作要点") is None


# --- read_text -------------------------------------------------------------------------


def test_plain_text_in_utf8_is_read(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("关于防汛的通知\n各镇街:", encoding="utf-8")
    assert read_text(path) == "关于防汛的通知\n各镇街:"


def test_plain_text_in_gbk_is_read(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes("关于防汛的通知".encode("gbk"))
    assert read_text(path) == "关于防汛的通知"


HTML = """<!doctype html>
<html><head><title>站点标题</title><style>p { color: red }</style>
<script>var x = "<p>脚本</p>";</script></head>
<body>
<div class="nav">当前位置：首页 &gt; 政策文件</div>
<table><tr><td>索引号:</td><td>11370682004276012B/2020-20291</td></tr></table>
<h1>莱阳市人民政府关于
   防汛的通知</h1>
<p>各镇街:</p><p>请做好&nbsp;防汛工作。<br>特此通知。</p>
<noscript>请启用脚本</noscript>
</body></html>"""


def test_html_scripts_styles_and_head_are_dropped(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    text = read_text(path)
    for hidden in ("站点标题", "color", "脚本", "请启用脚本"):
        assert hidden not in text


def test_html_keeps_one_line_per_block_element(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text(HTML, encoding="utf-8")
    lines = [line for line in read_text(path).splitlines() if line]
    assert lines == [
        "当前位置：首页 > 政策文件",
        "索引号: 11370682004276012B/2020-20291",
        "莱阳市人民政府关于 防汛的通知",
        "各镇街:",
        "请做好\xa0防汛工作。",
        "特此通知。",
    ]


def test_html_page_metadata_is_extracted_end_to_end(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    result = extract_metadata(read_text(path))
    assert result.title == "莱阳市人民政府关于防汛的通知"
    assert result.index_number == "11370682004276012B/2020-20291"


def test_docx_paragraphs_and_tables_round_trip(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("莱阳市人民政府关于防汛的通知")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "责任单位"
    table.cell(0, 1).text = "市水利局"
    document.add_paragraph("２０２０年６月１９日")
    path = tmp_path / "notice.docx"
    document.save(path)
    assert (
        read_text(path) == "莱阳市人民政府关于防汛的通知\n责任单位\t市水利局\n２０２０年６月１９日"
    )


def test_pdf_text_round_trips(tmp_path):
    pytest.importorskip("pypdf")
    path = tmp_path / "notice.pdf"
    write_pdf(path, ["莱阳市人民政府关于防汛的通知", "2020年6月19日", "（此件公开发布）"])
    lines = [line.strip() for line in read_text(path).splitlines()]
    assert lines == ["莱阳市人民政府关于防汛的通知", "2020年6月19日", "（此件公开发布）"]


def test_pdf_pages_are_read_in_order(tmp_path, monkeypatch):
    class Page:
        def __init__(self, text):
            self.text = text

        def extract_text(self):
            return self.text

    class Reader:
        def __init__(self, path):
            self.pages = [Page("第一页"), Page(None), Page("第三页")]

    monkeypatch.setattr(filetext, "PdfReader", Reader)
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    assert read_text(tmp_path / "x.pdf") == "第一页\n\n第三页"


def test_file_suffix_is_matched_case_insensitively(tmp_path):
    path = tmp_path / "NOTICE.TXT"
    path.write_text("通知", encoding="utf-8")
    assert read_text(path) == "通知"


def test_unsupported_file_type_is_refused_in_chinese(tmp_path):
    path = tmp_path / "notice.ofd"
    path.write_bytes(b"")
    with pytest.raises(UnsupportedFileType, match="不支持的文件类型"):
        read_text(path)


def test_html_to_text_is_usable_on_markup_directly():
    assert extract.html_to_text("<p>甲</p><p>乙</p>") == "甲\n\n乙"


# --- a tiny hand-made PDF -------------------------------------------------------------


def write_pdf(path: Path, lines: list[str]) -> None:
    """Write a one-page PDF whose text is ``lines``, extractable through a ToUnicode map.

    Each character gets a two-byte code in an Identity-H Type0 font; no font program
    is embedded (the file would not render glyphs, but its text extracts exactly).
    """
    codes = {char: index + 1 for index, char in enumerate(sorted(set("".join(lines))))}
    shows = " ".join(f"<{''.join(f'{codes[c]:04X}' for c in line)}> Tj T*" for line in lines)
    content = f"BT /F1 12 Tf 14 TL 50 800 Td {shows} ET".encode()
    mappings = [f"<{code:04X}> <{ord(char):04X}>" for char, code in codes.items()]
    chunks = [mappings[i : i + 100] for i in range(0, len(mappings), 100)]
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + "".join(f"{len(c)} beginbfchar\n" + "\n".join(c) + "\nendbfchar\n" for c in chunks)
        + "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test /DW 1000 "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 8 0 R >>",
        stream(cmap),
        b"<< /Type /FontDescriptor /FontName /Test /Flags 4 /FontBBox [0 0 1000 1000] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(bytes(out))


def stream(data: bytes) -> bytes:
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
