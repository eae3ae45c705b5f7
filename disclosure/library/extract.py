"""Text and metadata extraction from published documents (used by ``import_documents``).

:func:`read_text` turns a .txt, .html/.htm, .docx or .pdf file into plain text with its
line structure kept. :func:`extract_metadata` reads a document's metadata from that
text, the way a careful reader would: the metadata block of a web page (索引号, 主题分类,
成文日期 ...), the title (possibly broken over lines or spaced out), the 发文字号, the
issuing office's signature and the 成文日期 next to it, and the 「此件公开发布」 mark.

Real input is messy: broken lines, full-width digits, spaces inside titles and web-page
chrome (navigation, 打印/关闭, footers). Everything here is best effort and pure Python:
no database access.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from config.web.filetext import UnsupportedFileType, html_to_text, read_text

from .docnumber import parse_doc_number

__all__ = [
    "FIELD_NAMES",
    "Extracted",
    "UnsupportedFileType",
    "extract_metadata",
    "html_to_text",
    "is_chrome_line",
    "parse_date",
    "read_text",
]


# =====================================================================================
# Dates
# =====================================================================================

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}

# 2020年6月19日 (spaces allowed between the parts).
_ARABIC_DATE = r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
# 二〇二〇年六月十九日: year digit by digit, month and day as Chinese numbers.
_CHINESE_DATE = (
    r"(?P<cy>[〇零○O一二三四五六七八九]{4})\s*年\s*"
    r"(?P<cm>[一二三四五六七八九十]{1,2})\s*月\s*(?P<cd>[一二三四五六七八九十]{1,3})\s*日"
)
# 2020-08-07, 2020/8/7, 2020.08.07 (not followed by more digits, e.g. in an 索引号).
_NUMERIC_DATE = r"(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?!\d)"

DATE = re.compile(f"{_ARABIC_DATE}|{_CHINESE_DATE}|{_NUMERIC_DATE}")


def parse_date(text: str) -> date | None:
    """The first date in ``text`` (2020年6月19日, 二〇二〇年六月十九日, 2020-08-07), or None.

    Full-width digits are accepted. An impossible date (2020年2月30日) gives None.
    """
    match = DATE.search(_to_ascii(text or ""))
    return _date_from_match(match) if match else None


def _date_from_match(match: re.Match[str]) -> date | None:
    if match["y"]:
        parts = int(match["y"]), int(match["m"]), int(match["d"])
    elif match["cy"]:
        year = int("".join(str(_CN_DIGITS[c]) for c in match["cy"]))
        parts = year, _chinese_number(match["cm"]), _chinese_number(match["cd"])
    else:
        parts = int(match["iy"]), int(match["im"]), int(match["id"])
    try:
        return date(*parts)
    except ValueError:
        return None


def _chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十九 → 19, 二十 → 20, 三十一 → 31."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


# =====================================================================================
# Line clean-up and classification
# =====================================================================================

_TO_ASCII = str.maketrans(
    {
        **{chr(0xFF10 + i): chr(0x30 + i) for i in range(10)},  # ０-９
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},  # Ａ-Ｚ
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},  # ａ-ｚ
        "／": "/",
        "－": "-",
        "\u3000": " ",  # ideographic space
        "\xa0": " ",  # no-break space
        "«": "《",  # PDF text extraction turns 《》 into «»
        "»": "》",
    }
)


def _to_ascii(text: str) -> str:
    """Full-width digits and letters to ASCII, odd spaces to spaces, «» to 《》."""
    return text.translate(_TO_ASCII)


def _width(text: str) -> float:
    """Display width: a Chinese character counts 1, an ASCII character 1/2."""
    return sum(0.5 if ord(c) < 128 else 1 for c in text)


# Whitespace next to a Chinese character or full-width punctuation: an artifact of
# justified or letter-spaced layout (工 作 要 点), never meaningful in Chinese text.
_CJK_SPACING = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")


def _compact(text: str) -> str:
    """Drop the layout spaces from Chinese text; keep spaces between ASCII words."""
    return _CJK_SPACING.sub("", text).strip()


# Sentence punctuation: a line containing it is prose, not a title or a name.
_SENTENCE_PUNCTUATION = re.compile(r"[。；;！!？?，,]|\.(?!\d)")

# Web-page chrome: navigation, counters, font-size switches, buttons, site footers.
_CHROME_LINE = re.compile(
    r"""
    ^(?:当前位置|您的位置|您现在的位置|首页\s*[>»])        # breadcrumb
    | ^[>»]|\s[>»]\s                                        # breadcrumb continuation
    | ^(?:浏览(?:量|次数)|访问量|阅读(?:量|次数)|点击(?:量|数))\s*[:：]   # counters
    | ^(?:字号|字体)\s*[:：]?[\s大中小]*$                  # font-size switch
    | ^(?:[\s\[【〔|｜/／·]*                               # a row of buttons
         (?:打印本页|打印|关闭窗口|关闭|收藏本页|收藏|分享到|分享|返回顶部|返回|保存本页|保存)
         [\s\]】〕|｜/／·:：]*)+$
    | ^(?:扫一扫|微信扫一扫|手机扫码|用手机扫描)               # QR code captions
    | ^(?:上一篇|下一篇)\s*[:：]
    | ^相关(?:链接|文章|阅读|文件)\s*[:：]?$
    | ^Produced\s+By\b                                      # CMS signature
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Site footer: everything from the first such line on is dropped from the body.
_FOOTER_LINE = re.compile(
    r"版权所有|网站标识码|ICP\s*备|公网安备|网站地图|(?:主办|承办)单位\s*[:：]"
)


def _is_chrome(line: str) -> bool:
    return bool(line) and bool(_CHROME_LINE.search(line))


def is_chrome_line(text: str) -> bool:
    """Whether a line of a page is web-page chrome (打印本页, 关闭窗口, 分享到, breadcrumbs …)."""
    return _is_chrome(_to_ascii(text).strip())


def _is_footer(line: str) -> bool:
    return bool(line) and _width(line) <= 80 and bool(_FOOTER_LINE.search(line))


# =====================================================================================
# The web page's metadata block: 索引号: … 主题分类: … on one or more lines
# =====================================================================================

#: field → its Chinese name, as used in ``Extracted.found`` and ``Extracted.missing``.
FIELD_NAMES = {
    "title": "标题",
    "doc_number": "发文字号",
    "registration_number": "统一编号",
    "issuer": "发文机关",
    "written_on": "成文日期",
    "published_on": "发布日期",
    "index_number": "索引号",
    "theme": "主题分类",
    "genre": "体裁",
    "validity": "有效性",
    "keywords": "关键词",
    "disclosure_mark": "公开属性",
}

#: Where a field was read, as reported with it (``Extracted.sources``).
SOURCES = {
    "metadata": "元数据表",  # the web page's 索引号/发文机关/成文日期 … block
    "title_block": "标题区",  # the document's head: title, 统一编号, 文号
    "signature": "落款",  # the issuer's signature and the date below it
    "body": "正文",  # a sentence of the text (「现印发给你们」, 「此件公开发布」)
}

# The labels printed on document pages, and the field each one fills (None: a label
# whose value is not kept, e.g. 来源, but which ends the value before it).
LABELS: dict[str, str | None] = {
    "索引号": "index_number",
    "主题分类": "theme",
    "分类": "theme",
    "成文日期": "written_on",
    "发文日期": "written_on",
    "印发日期": "written_on",
    "生成日期": "written_on",
    "发布日期": "published_on",
    "发布时间": "published_on",
    "公布日期": "published_on",
    "公开日期": "published_on",
    "发文机关": "issuer",
    "发文机构": "issuer",
    "发布机构": "issuer",
    "发文单位": "issuer",
    "有效性": "validity",
    "时效性": "validity",
    "效力状态": "validity",
    "体裁分类": "genre",
    "体裁": "genre",
    "文种": "genre",
    "公文种类": "genre",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "统一编号": "registration_number",
    "统一登记号": "registration_number",
    "登记号": "registration_number",
    "登记编号": "registration_number",
    "规范性文件登记号": "registration_number",
    "规范性文件编号": "registration_number",
    "规范性文件统一编号": "registration_number",
    "标题": "title",
    "文件名称": "title",
    "名称": "title",
    "关键词": "keywords",
    "关键字": "keywords",
    "公开方式": "disclosure_mark",
    "公开属性": "disclosure_mark",
    "来源": None,
    "信息来源": None,
    "文章来源": None,
    "作者": None,
    "责任编辑": None,
    "公开范围": None,
    "所属栏目": None,
    "实施日期": None,
    "废止日期": None,
    "联合发文单位": None,
}

# Traditional characters of the labels (pages of Hong Kong and Taiwan style CMS templates
# and some old county sites print 索引號, 發文機關 …).
_TRADITIONAL = {
    "号": "號", "题": "題", "关": "關", "发": "發", "机": "機", "构": "構", "类": "類",
    "态": "態", "体": "體", "键": "鍵", "词": "詞", "标": "標", "称": "稱", "开": "開",
    "属": "屬", "来": "來", "间": "間", "时": "時", "编": "編", "记": "記", "统": "統",
    "规": "規", "范": "範", "单": "單", "种": "種", "实": "實", "废": "廢", "责": "責",
    "辑": "輯", "栏": "欄", "联": "聯", "务": "務", "护": "護", "页": "頁",
}  # fmt: skip


def _label_pattern(label: str) -> str:
    """A label's characters, each in simplified or traditional form, spaces allowed between."""
    chars = [f"[{c}{_TRADITIONAL[c]}]" if c in _TRADITIONAL else re.escape(c) for c in label]
    return r"\s*".join(chars)


_SIMPLIFIED = str.maketrans({t: s for s, t in _TRADITIONAL.items()})

# A label followed by a colon, at the start of a line or anywhere after it (several
# label: value pairs often share a line, with or without spaces between them). Pages
# letter-space short labels (索 引 号：, 标　　题：). Longer labels first: 体裁分类 before 体裁.
_LABEL = re.compile(
    r"(?P<label>"
    + "|".join(_label_pattern(label) for label in sorted(LABELS, key=len, reverse=True))
    + r")\s*[:：]"
)
# A table row flattened without colons: 「索引号 X 主题分类 Y」 (labels after whitespace).
_LABEL_SPACED = re.compile(
    r"(?:^|(?<=\s))(?P<label>"
    + _LABEL.pattern.removeprefix("(?P<label>").removesuffix(r"\s*[:：]")
    + r"\s+(?=\S)"
)
# A line that is nothing but a label (a table cell flattened to a line): its value is on
# the next line.
_LABEL_ONLY = re.compile(r"^(?P<label>" + _LABEL.pattern.removeprefix("(?P<label>") + r"?\s*$")

# Bullets and table rules before a label in flattened lists.
_BULLET = re.compile(r"^[\s•·●◆■□▪\-*|｜]+")


def _label_key(label: str) -> str | None:
    return LABELS["".join(label.split()).translate(_SIMPLIFIED)]


def _read_label_line(line: str) -> dict[str, str] | None:
    """``索引号: A 主题分类: B`` → {"index_number": "A", "theme": "B"}.

    None when the line does not start with a label; a label without its value maps to
    "" (its value may be on the next line).
    """
    line = _BULLET.sub("", line)
    matches = list(_LABEL.finditer(line))
    if not matches or matches[0].start() != 0:
        matches = list(_LABEL_SPACED.finditer(line))
    if not matches or matches[0].start() != 0:
        only = _LABEL_ONLY.match(line)
        return {_label_key(only["label"]) or "": ""} if only else None
    values: dict[str, str] = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(line)
        value = line[match.end() : end].strip()
        key = _label_key(match["label"])
        if key is not None and not values.get(key):
            values[key] = value
    return values


# =====================================================================================
# The document itself
# =====================================================================================

# How a title ends: the 公文种类 of the 党政机关公文处理工作条例 and the genres libraries
# add (方案, 要点, 办法 ...).
_TITLE_END = re.compile(
    r"(?:通知|通报|意见|决定|决议|命令|令|公报|公告|通告|报告|请示|批复|议案|函|纪要"
    r"|办法|规定|规则|细则|方案|规划|计划|要点|条例|章程|标准|指南|目录|清单|制度|措施|答复)"
    r"(?:[（(][^（）()]{1,12}[)）])?$"  # optional (试行), (修订) ...
)
_TITLE_MAX_WIDTH = 100

# 主送机关: "各县（市、区）人民政府，市属开发区管委会……：".
_SALUTATION = re.compile(r"^(?!附件).{2,}[:：]$")

# How the name of an office or agency ends (the signature above the 成文日期).
_ORGANIZATION = re.compile(
    r"^[\u4e00-\u9fff（）()、]{2,40}"
    r"(?:办公室|办公厅|人民政府|政府|委员会|管委会|委|局|厅|部|院|署|办|中心|会|室|处|所|站|队|行|社|团|组)$"
)

# A time of day after a date (2020-08-27 16:35:59, 2020年8月27日 16时35分).
_TIME_OF_DAY = r"(?:\s*\d{1,2}\s*[:：时]\s*\d{1,2}(?:\s*[:：分]\s*(?:\d{1,2}\s*秒?)?)?)?"

# A line that is only a date, optionally after the signature on the same line.
_DATE_LINE = re.compile(rf"^(?P<before>.*?)\s*(?:{DATE.pattern}){_TIME_OF_DAY}\s*$")

# 「（此件公开发布）」 on a line of its own; 主动公开 is an older wording of 公开发布.
_MARK_LINE = re.compile(
    r"^[（(]?\s*(?P<mark>此件\s*(?:公开发布|主动公开|依申请公开|不予公开))\s*[)）]?$"
)
_MARKS = {
    "公开发布": "proactive",
    "主动公开": "proactive",
    "依申请公开": "on_request",
    "不予公开": "not_public",
}

# The sentence of a 印发/转发 notice that names what it issues:
# 「《2020年聊城市政务公开工作要点》已经市政府同意，现印发给你们」,
# 「现将《……》印发给你们」.
_ISSUES_SENTENCE = re.compile(
    r"现将《(?P<name1>[^《》]{2,80})》(?P<verb1>印发|转发)"
    r"|《(?P<name2>[^《》]{2,80})》[^。《》]{0,30}?现(?P<verb2>印发|转发)给你们"
)

# Headings that always start a new paragraph (一、 （一） 1. 第一条).
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、]"
    r"|第[一二三四五六七八九十百]+[章节条])"
)


@dataclass
class Extracted:
    """What :func:`extract_metadata` found in a document's text."""

    title: str | None = None  # 标题
    doc_number: str | None = None  # 发文字号, normalized (莱政办字〔2020〕34号)
    #: 规范性文件 统一编号 printed above the 文号 (XXGS—2017—9, X府规〔2020〕3号)
    registration_number: str | None = None
    issuer: str | None = None  # 发文机关 (joint issuers joined with 、)
    written_on: date | None = None  # 成文日期
    published_on: date | None = None  # 发布日期, when the page states it
    index_number: str | None = None  # 索引号, when the page states it
    theme: str | None = None  # 主题分类, as stated
    genre: str | None = None  # 体裁, as stated
    validity: str | None = None  # 有效性, as stated
    keywords: str | None = None  # 关键词, as stated
    disclosure_mark: str | None = None  # "proactive" / "on_request" / "not_public"
    body: str = ""  # the document text without web-page chrome
    #: Chinese field name → the value found (dates as YYYY-MM-DD; the mark as printed).
    found: dict[str, str] = field(default_factory=dict)
    #: Chinese field name → where it was read: a key of ``SOURCES``.
    sources: dict[str, str] = field(default_factory=dict)
    #: Chinese names of the fields that could not be found (or not with certainty).
    missing: list[str] = field(default_factory=list)
    #: Chinese names of the fields reconstructed rather than read as printed (a title
    #: built from the issuer and the 「现印发给你们」 sentence); staff should check them.
    inferred: list[str] = field(default_factory=list)
    #: Problems worth showing to staff, in Chinese (e.g. a malformed 文号).
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Document:
    """The text as lines, with the landmarks found so far."""

    lines: list[str]
    labeled: dict[str, str] = field(default_factory=dict)
    label_lines: set[int] = field(default_factory=set)
    salutation: int | None = None
    mark: int | None = None
    signature: tuple[int, int] | None = None  # (first issuer line, date line)
    title_lines: tuple[int, int] | None = None  # (first, last)
    doc_number_line: int | None = None
    registration_line: int | None = None

    def nonblank_before(self, index: int) -> int | None:
        for i in range(index - 1, -1, -1):
            if self.lines[i]:
                return i
        return None

    def is_furniture(self, index: int) -> bool:
        """Chrome or metadata-block line: not part of the document proper."""
        return index in self.label_lines or _is_chrome(self.lines[index])

    @property
    def head_end(self) -> int:
        """Where the head (版头, title, 文号) ends: the 主送机关, else the signature or mark."""
        if self.salutation is not None:
            return self.salutation
        if self.signature is not None:
            return self.signature[0]
        return self.mark if self.mark is not None else len(self.lines)

    @property
    def notice_end(self) -> int:
        """Where the notice proper ends: its 成文日期, else the mark, else the end of text."""
        if self.signature is not None:
            return self.signature[1]
        return self.mark if self.mark is not None else len(self.lines)


def extract_metadata(text: str) -> Extracted:
    """Read a document's metadata from its text (see the module docstring)."""
    doc = _Document(lines=[_to_ascii(line).strip() for line in (text or "").splitlines()])
    _find_label_block(doc)
    doc.salutation = _find_salutation(doc)
    doc.mark = _find_mark_line(doc)
    doc.signature = _find_signature(doc)
    doc.title_lines = _find_title_lines(doc)
    doc.registration_line = _find_registration_line(doc)
    doc.doc_number_line = _find_doc_number_line(doc)

    result = Extracted()
    _fill_from_labels(result, doc.labeled)
    _fill_from_document(result, doc)
    result.body = _body(doc)
    _report(result)
    return result


# --- landmarks ------------------------------------------------------------------------


def _find_label_block(doc: _Document) -> None:
    """Read ``label: value`` lines at the top, up to the first line of prose.

    A label whose value is not on its line (a table cell or list item flattened to a
    line of its own) takes the next non-blank line, when that line is no label itself.
    """
    waiting: str | None = None  # the field whose label ended its line without a value
    for i, line in enumerate(doc.lines):
        if not line:
            continue
        values = _read_label_line(line)
        if values is not None:
            doc.label_lines.add(i)
            waiting = None
            for key, value in values.items():
                if not key:
                    continue
                if value:
                    doc.labeled.setdefault(key, value)
                else:
                    waiting = key
            continue
        if waiting is not None and not _is_chrome(line):
            doc.label_lines.add(i)
            doc.labeled.setdefault(waiting, line)
            waiting = None
            continue
        if not _is_chrome(line) and _is_prose(line):
            break


def _is_prose(line: str) -> bool:
    return bool(_SALUTATION.match(line)) or (
        _width(line) >= 20 and bool(_SENTENCE_PUNCTUATION.search(line))
    )


def _find_salutation(doc: _Document) -> int | None:
    for i, line in enumerate(doc.lines):
        if line and not doc.is_furniture(i) and _SALUTATION.match(line) and _width(line) >= 4:
            return i
    return None


def _find_mark_line(doc: _Document) -> int | None:
    return next((i for i, line in enumerate(doc.lines) if _MARK_LINE.match(line)), None)


def _find_signature(doc: _Document) -> tuple[int, int] | None:
    """The issuing office's signature and the 成文日期 below it: (first issuer line, date line).

    For a 印发通知 that is the signature before the 「此件公开发布」 mark and the attachment;
    otherwise the first signed date. A date followed by 印发 (the 版记) never matches.
    """
    signed = []
    for i, line in enumerate(doc.lines):
        match = _DATE_LINE.match(line)
        if match is None or doc.is_furniture(i):
            continue
        first = _signature_start(doc, i, match["before"])
        if first is not None:
            signed.append((first, i))
    if not signed:
        return _bare_signature_date(doc)
    if doc.mark is not None:
        before_mark = [s for s in signed if s[1] < doc.mark]
        if before_mark:
            return before_mark[-1]
    return signed[0]


def _bare_signature_date(doc: _Document) -> tuple[int, int] | None:
    """A 成文日期 closing the text with no office name above it: (date line, date line).

    A date line counts when prose comes before it (not a 发布时间 at the top). Several such
    lines leave the date unsure (None), unless the 「此件公开发布」 mark picks the one before it.
    """
    candidates = []
    for i, line in enumerate(doc.lines):
        match = _DATE_LINE.match(line)
        if match is None or match["before"] or doc.is_furniture(i):
            continue
        previous = doc.nonblank_before(i)
        if previous is not None and (
            _is_prose(doc.lines[previous])
            or doc.lines[previous].endswith("。")
            or doc.lines[previous].startswith("附件")  # the attachment list above the date
        ):
            candidates.append(i)
    if doc.mark is not None:
        before_mark = [i for i in candidates if i < doc.mark]
        candidates = before_mark[-1:] or candidates
    return (candidates[0], candidates[0]) if len(candidates) == 1 else None


def _signature_start(doc: _Document, date_line: int, before: str) -> int | None:
    """First line of the issuer names signed above (or beside) a date line, if any."""
    if before:
        return date_line if _issuer_names(before) else None
    first = None
    previous = doc.nonblank_before(date_line)
    # Joint documents carry several signatures, one per line.
    while previous is not None and _issuer_names(doc.lines[previous]):
        first = previous
        previous = doc.nonblank_before(previous)
    return first


def _issuer_names(line: str) -> list[str]:
    """The office names on a signature line, or [] if it is not one.

    "A局  B局" (a joint document) → [A局, B局]; "聊 城 市 人 民 政 府" → [聊城市人民政府].
    """
    names = line.split()
    if names and all(_ORGANIZATION.match(name) for name in names):
        return names
    compact = _compact(line)
    return [compact] if _ORGANIZATION.match(compact) else []


def _find_title_lines(doc: _Document) -> tuple[int, int] | None:
    """(first, last) line of the title in the document's head, if it is printed there."""
    for last in range(doc.head_end):
        if _is_title_fragment(doc, last) and _TITLE_END.search(_compact(doc.lines[last])):
            first, width = last, _width(_compact(doc.lines[last]))
            previous = doc.nonblank_before(last)
            while previous is not None and _is_title_fragment(doc, previous):
                width += _width(_compact(doc.lines[previous]))
                if width > _TITLE_MAX_WIDTH:
                    break
                first, previous = previous, doc.nonblank_before(previous)
            return first, last
    return None


def _is_title_fragment(doc: _Document, index: int) -> bool:
    line = doc.lines[index]
    return (
        bool(line)
        and not doc.is_furniture(index)
        and _width(_compact(line)) <= _TITLE_MAX_WIDTH
        and not _SENTENCE_PUNCTUATION.search(line)
        and not line.endswith((":", "："))
        and not _DATE_LINE.match(line)
        and not _is_doc_number(line)
        and not _is_registration(line)
    )


def _is_doc_number(line: str) -> bool:
    try:
        parse_doc_number(line)
    except ValidationError:
        return False
    return True


def _find_doc_number_line(doc: _Document) -> int | None:
    """A line in the head that is nothing but a 文号 (cited 文号 in the body never are).

    A 文号 cited in the head (「根据国办发〔2020〕1号」, 「（X政发〔2019〕3号）」 in a 转发
    notice's title) is never a line of its own, so it is never taken.
    """
    return next(
        (
            i
            for i in range(doc.head_end)
            if doc.lines[i] and i != doc.registration_line and _is_doc_number(doc.lines[i])
        ),
        None,
    )


# The 规范性文件 统一编号: letters and a year joined by dashes (XXGS—2017—9, LCSG-2020-001,
# ZJSP01-2020-0001), or a 文号-shaped 规 number (X府规〔2020〕3号, 鲁政规〔2021〕2号).
_REGISTRATION = re.compile(
    r"^(?:[A-Z]{2,8}\d{0,3}\s*[-—–－‐]{1,2}\s*(?:19|20)\d{2}\s*[-—–－‐]{1,2}\s*\d{1,5}"
    r"|[A-Za-z\u4e00-\u9fff]{1,8}规\s*[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*\d{1,4}\s*号)$"
)


def _is_registration(line: str) -> bool:
    return bool(_REGISTRATION.match(line.strip()))


def _find_registration_line(doc: _Document) -> int | None:
    """The 统一编号 line of a 规范性文件, printed in the head above the 文号.

    The letters-and-dashes form is never a 文号; the 规〔〕 form counts only when a 文号
    line follows it (alone, it is the document's 文号).
    """
    head = [i for i in range(doc.head_end) if doc.lines[i]]
    for n, i in enumerate(head):
        line = doc.lines[i]
        if not _is_registration(line):
            continue
        if not _is_doc_number(line):
            return i
        if any(_is_doc_number(doc.lines[j]) for j in head[n + 1 : n + 3]):
            return i
    return None


# --- fields ---------------------------------------------------------------------------


def _fill_from_labels(result: Extracted, labeled: dict[str, str]) -> None:
    """Fields the web page states in its metadata block."""
    for key in ("title", "index_number", "theme", "genre", "validity"):
        if key in labeled:
            _set(result, key, _compact(labeled[key]), "metadata")
    if "keywords" in labeled:
        _set(result, "keywords", " ".join(labeled["keywords"].split()), "metadata")
    if "issuer" in labeled:
        issuer = "、".join(_issuer_names(labeled["issuer"])) or _compact(labeled["issuer"])
        _set(result, "issuer", issuer, "metadata")
    for key in ("written_on", "published_on"):
        if key in labeled:
            value = parse_date(labeled[key])
            if value is None:
                result.warnings.append(f"{FIELD_NAMES[key]}「{labeled[key]}」不是可识别的日期。")
            _set(result, key, value, "metadata")
    if "registration_number" in labeled:
        _set(
            result, "registration_number", _registration(labeled["registration_number"]), "metadata"
        )
    if "doc_number" in labeled:
        # What the page labels 文号 is its 文号, even in the 规〔〕 form of some provinces.
        _set(
            result, "doc_number", _doc_number_or_warning(result, labeled["doc_number"]), "metadata"
        )
    if "disclosure_mark" in labeled:
        stated = _compact(labeled["disclosure_mark"])
        result.disclosure_mark = _MARKS.get(stated.removeprefix("此件"))
        if result.disclosure_mark:
            result.found[FIELD_NAMES["disclosure_mark"]] = stated
            result.sources[FIELD_NAMES["disclosure_mark"]] = "metadata"


def _set(result: Extracted, key: str, value, source: str) -> None:
    """Set a field not yet found, recording where it was read."""
    if value is None or value == "" or getattr(result, key) is not None:
        return
    setattr(result, key, value)
    result.sources[FIELD_NAMES[key]] = source


def _registration(text: str) -> str | None:
    """The 统一编号 as printed, dashes unified to ―; None if empty."""
    text = _compact(text)
    text = re.sub(r"\s*[-—–－‐]{1,2}\s*", "—", text) if re.match(r"^[A-Z]", text) else text
    return (
        text.replace("[", "〔").replace("]", "〕").replace("【", "〔").replace("】", "〕") or None
    )


# A 令 number (国令第672号, 山东省人民政府令第311号): the 文号 of a 规章 or 行政法规, with
# no year in brackets; kept as printed (spaces dropped).
_DECREE_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,30}令\s*第\s*\d{1,4}\s*号$")


def _doc_number_or_warning(result: Extracted, text: str) -> str | None:
    if _DECREE_NUMBER.match(text.strip()):
        return "".join(text.split())
    try:
        return parse_doc_number(text).normalized
    except ValidationError as error:
        result.warnings.append(f"发文字号「{text}」无法识别：{error.messages[0]}")
        return None


def _fill_from_document(result: Extracted, doc: _Document) -> None:
    """Fields read from the document itself, where the page did not state them."""
    issuers, signed_on = _signature_fields(doc)
    if issuers:
        _set(result, "issuer", "、".join(issuers), "signature")
    _set(result, "written_on", signed_on, "signature")
    if doc.mark is not None:
        printed = _compact(_MARK_LINE.match(doc.lines[doc.mark])["mark"])
        result.disclosure_mark = _MARKS[printed.removeprefix("此件")]
        result.found[FIELD_NAMES["disclosure_mark"]] = printed
        result.sources[FIELD_NAMES["disclosure_mark"]] = "body"
    if doc.registration_line is not None:
        number = _registration(doc.lines[doc.registration_line])
        _set(result, "registration_number", number, "title_block")
    if doc.doc_number_line is not None:
        number = parse_doc_number(doc.lines[doc.doc_number_line]).normalized
        _set(result, "doc_number", number, "title_block")
    if doc.title_lines is not None:
        first, last = doc.title_lines
        _set(result, "title", _compact("".join(doc.lines[first : last + 1])), "title_block")
    if result.title is None:
        _set(result, "title", _title_from_issuing_sentence(doc, result.issuer), "body")
        if result.title:
            result.inferred.append(FIELD_NAMES["title"])
    if result.issuer is None and result.title and "关于" in result.title:
        issuer = result.title.partition("关于")[0]
        # Only a name that reads as an office's (not 「2020年」 or a fragment of text).
        if all(_ORGANIZATION.match(name) for name in issuer.split("、") if name) and issuer:
            _set(result, "issuer", issuer, "title_block")


def _signature_fields(doc: _Document) -> tuple[list[str], date | None]:
    if doc.signature is None:
        return [], None
    first, date_line = doc.signature
    match = _DATE_LINE.match(doc.lines[date_line])
    names = _issuer_names(match["before"]) if match["before"] else []
    for i in range(first, date_line):
        names.extend(_issuer_names(doc.lines[i]))
    return names, _date_from_match(match)


def _title_from_issuing_sentence(doc: _Document, issuer: str | None) -> str | None:
    """Rebuild a 印发/转发 notice's title when only its text is printed.

    「《X》已经市政府同意，现印发给你们」 signed by 聊城市人民政府办公室 is the notice
    聊城市人民政府办公室关于印发X的通知.
    """
    if not issuer:
        return None
    head = _compact("".join(doc.lines[: doc.notice_end]))
    match = _ISSUES_SENTENCE.search(head)
    if match is None:
        return None
    name = match["name1"] or match["name2"]
    verb = match["verb1"] or match["verb2"]
    return f"{issuer}关于{verb}{name}的通知"


# --- body -----------------------------------------------------------------------------


def _body(doc: _Document) -> str:
    """The document text from just after its title, without chrome, metadata or footer."""
    start = _body_start(doc)
    kept: list[str] = []
    for i in range(start, len(doc.lines)):
        line = doc.lines[i]
        if _is_footer(line):
            break
        if line and not doc.is_furniture(i) and i != doc.doc_number_line:
            kept.append(line)
    return "\n".join(_unwrap(kept))


def _body_start(doc: _Document) -> int:
    if doc.title_lines is not None:
        return doc.title_lines[1] + 1
    last_label = max(doc.label_lines, default=-1)
    return last_label + 1


def _unwrap(lines: list[str]) -> list[str]:
    """Join the lines of hard-wrapped text (PDF) back into paragraphs; best effort.

    Text counts as hard-wrapped when most lines have about the same width. A line that
    fills the width continues on the next one, unless it ends with a colon (主送机关)
    or the next one is a heading.
    """
    if len(lines) < 10:
        return lines
    widths = [_width(line) for line in lines]
    full = statistics.quantiles(widths, n=4)[2]  # upper quartile: a full line
    if not 15 <= full <= 60 or sum(w >= full - 4 for w in widths) < len(widths) / 2:
        return lines
    paragraphs: list[str] = []
    continues = False
    for line, width in zip(lines, widths, strict=True):
        if continues and not _HEADING.match(line):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
        continues = width >= full - 4 and not line.endswith((":", "："))
    return paragraphs


# --- report ---------------------------------------------------------------------------


# Fields most documents do not carry: not reported missing.
_ONLY_WHEN_PRINTED = {"registration_number"}


def _report(result: Extracted) -> None:
    """Fill ``found`` (display values) and ``missing`` (names of fields not found)."""
    for key, name in FIELD_NAMES.items():
        value = getattr(result, key)
        if value is None:
            if key not in _ONLY_WHEN_PRINTED:
                result.missing.append(name)
        elif key != "disclosure_mark":  # its printed form was recorded where it was read
            result.found[name] = value.isoformat() if isinstance(value, date) else str(value)
    result.found = {
        name: result.found[name] for name in FIELD_NAMES.values() if name in result.found
    }
