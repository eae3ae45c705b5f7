"""发文字号 (文号): parsing, normalization and detection in running text.

A 发文字号 is 机关代字 + the year in 〔〕 + a sequence number + 号, e.g. 莱政办字〔2020〕34号
(GB/T 9704-2012 §7.2.4: the year in 六角括号 〔〕 U+3014/U+3015, 序号不编虚位, no 第).

Real input is sloppier: [] 【】 （） () ［］ ﹝﹞ around the year, full-width digits, stray
spaces, zero-padded or 第-prefixed numbers. :func:`normalize_doc_number` and
:func:`parse_doc_number` accept all of these and give back the canonical form;
a malformed 文号 raises ``ValidationError`` with a Chinese message saying what is wrong.

Pure Python: no database access.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

__all__ = [
    "FIRST_YEAR",
    "DocNumber",
    "find_doc_numbers",
    "normalize_doc_number",
    "parse_doc_number",
]

#: No document of the People's Republic is older than this.
FIRST_YEAR = 1949

OPEN, CLOSE = "〔", "〕"

# Every bracket pair seen around the year in real input, mapped to 〔〕:
# ASCII [] and (), full-width ［］ and （）, 【】 (lenticular), ﹝﹞ (small tortoise shell,
# common in Word documents), 〖〗 and 〘〙 (white lenticular / white tortoise shell).
_OPENING_BRACKETS = "[(［（【﹝〖〘"
_CLOSING_BRACKETS = "])］）】﹞〗〙"

_CHARACTER_MAP = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},  # full-width digits ０-９
        **dict.fromkeys(_OPENING_BRACKETS, OPEN),
        **dict.fromkeys(_CLOSING_BRACKETS, CLOSE),
        "號": "号",  # traditional form
    }
)

# Any whitespace, including the ideographic space U+3000 and no-break space U+00A0.
_WHITESPACE = re.compile(r"\s+")

# The canonical shape, matched against character-normalized input:
# 机关代字 (Chinese characters only), 〔four-digit year〕, optional 第, number, 号.
_CANONICAL = re.compile(
    r"""
    (?P<agency>[\u4e00-\u9fff]+)
    〔(?P<year>\d{4})〕
    第?(?P<seq>\d+)
    号
    """,
    re.VERBOSE,
)

# A forgiving split of the same shape, used only to explain what is wrong when
# _CANONICAL does not match. Every part is optional so that any input splits.
_PARTS = re.compile(
    r"""
    (?P<agency>[^〔〕\d]*)            # everything before the year
    (?:(?P<open>〔)(?P<year>[^〔〕]*)(?P<close>〕)?)?
    (?P<di>第?)
    (?P<seq>\d*)
    (?P<hao>号?)
    (?P<rest>.*)                      # anything after 号
    """,
    re.VERBOSE | re.DOTALL,
)

_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")

# A 文号 inside running text (raw, not normalized): a run of 2-12 Chinese characters,
# a bracketed four-digit year (any bracket style, full- or half-width digits), an
# optional 第, the number and 号. Whitespace, including line breaks from PDF text,
# is allowed between the parts.
_IN_TEXT = re.compile(
    rf"""
    (?P<agency>[\u4e00-\u9fff]{{2,12}})
    \s*[{OPEN}{re.escape(_OPENING_BRACKETS)}]
    \s*(?P<year>[0-9０-９]{{4}})\s*
    [{CLOSE}{re.escape(_CLOSING_BRACKETS)}]
    \s*第?\s*(?P<seq>[0-9０-９]{{1,5}})\s*[号號]
    """,
    re.VERBOSE,
)

# Words that run into a 机关代字 in prose ("根据鲁政办字〔2020〕78号") and are not part of
# it. The agency found in running text is what follows the last of them.
_LEADING_PROSE = re.compile(
    r".*(?:根据|依据|按照|参照|依照|遵照|对照|执行|落实|贯彻|印发|转发|关于|通知|文件|意见"
    r"|要求|精神|规定|以及|和|及|与|或|即|见|的|是|为|在|将)"
)


@dataclass(frozen=True)
class DocNumber:
    """A parsed 发文字号, e.g. 莱政办字〔2020〕34号."""

    agency: str  # 机关代字, e.g. 莱政办字, 市中政办字, 国办发
    year: int
    seq: int
    normalized: str  # canonical form: agency〔year〕seq号

    def __str__(self) -> str:
        return self.normalized


def normalize_doc_number(text: str) -> str:
    """Return the canonical form of a 文号 (``莱政办字〔2020〕34号``).

    Accepts [] 【】 （） () ［］ ﹝﹞ around the year, full-width digits, stray spaces,
    a zero-padded number or a 第 before it. Raises ``ValidationError`` when the text
    is not a well-formed 文号 (see :func:`parse_doc_number`).
    """
    return parse_doc_number(text).normalized


def parse_doc_number(text: str) -> DocNumber:
    """Parse a 文号 into 机关代字, year and number.

    Raises ``django.core.exceptions.ValidationError`` with a Chinese message saying
    what is wrong; its ``code`` is one of ``empty``, ``missing_agency``,
    ``invalid_agency``, ``missing_year``, ``unbalanced_brackets``, ``invalid_year``,
    ``implausible_year``, ``missing_seq``, ``invalid_seq``, ``missing_hao`` or
    ``trailing_characters``.
    """
    cleaned = _canonical_characters(text or "")
    match = _CANONICAL.fullmatch(cleaned)
    if match is None:
        raise _explain(cleaned)
    year = int(match["year"])
    _check_year_range(year)
    seq = int(match["seq"])
    if seq == 0:
        raise _error("序号不能为 0。", "invalid_seq")
    agency = match["agency"]
    return DocNumber(agency=agency, year=year, seq=seq, normalized=f"{agency}〔{year}〕{seq}号")


def find_doc_numbers(text: str) -> list[str]:
    """Find the 文号 inside running text; return them normalized, in order, without repeats.

    Used by the extractor and by search (to tell whether a query is a 文号). Matches
    that are not plausible 文号 (year out of range, number 0) are skipped.
    """
    found: list[str] = []
    for match in _IN_TEXT.finditer(text or ""):
        agency = _strip_leading_prose(match["agency"])
        if len(agency) < 2:
            continue
        candidate = f"{agency}〔{match['year']}〕{match['seq']}号"
        try:
            normalized = normalize_doc_number(candidate)
        except ValidationError:
            continue
        if normalized not in found:
            found.append(normalized)
    return found


# --- helpers -------------------------------------------------------------------------


def _canonical_characters(text: str) -> str:
    """Map digits and brackets to their canonical characters and drop all whitespace."""
    return _WHITESPACE.sub("", text.translate(_CHARACTER_MAP))


def _strip_leading_prose(agency: str) -> str:
    """Drop prose that ran into a 机关代字 found in running text."""
    return _LEADING_PROSE.sub("", agency, count=1)


def _max_year() -> int:
    return date.today().year + 1


def _check_year_range(year: int) -> None:
    if not FIRST_YEAR <= year <= _max_year():
        raise _error(
            f"年份 {year} 不合理：应在 {FIRST_YEAR} 年至 {_max_year()} 年之间。",
            "implausible_year",
        )


def _error(message: str, code: str) -> ValidationError:
    return ValidationError(f"发文字号格式不正确：{message}", code=code)


def _explain(cleaned: str) -> ValidationError:
    """Build the ValidationError that says what is wrong with a non-canonical 文号."""
    if not cleaned:
        return ValidationError("发文字号不能为空。", code="empty")
    parts = _PARTS.fullmatch(cleaned)
    assert parts is not None  # every part of _PARTS is optional
    for check in (_check_agency, _check_year_part, _check_seq_part, _check_tail):
        error = check(parts)
        if error is not None:
            return error
    return _error(f"无法识别「{cleaned}」，应形如 莱政办字〔2020〕34号。", "invalid")


def _check_agency(parts: re.Match[str]) -> ValidationError | None:
    agency = parts["agency"]
    if not agency:
        return _error("缺少机关代字（如“莱政办字”），文号应以机关代字开头。", "missing_agency")
    if not _CJK_ONLY.fullmatch(agency):
        return _error(f"机关代字「{agency}」含有多余的字符，只能由汉字组成。", "invalid_agency")
    return None


def _check_year_part(parts: re.Match[str]) -> ValidationError | None:
    if parts["open"] is None:
        if CLOSE in parts["rest"] or CLOSE in parts["agency"]:
            return _error("年份的括号不完整，应写作〔2020〕。", "unbalanced_brackets")
        return _error("缺少年份，应在机关代字后用〔〕括注四位年份，如〔2020〕。", "missing_year")
    if parts["close"] is None:
        return _error("年份的括号不完整，应写作〔2020〕。", "unbalanced_brackets")
    year = parts["year"]
    if not year:
        return _error("缺少年份，〔〕中应为四位年份，如〔2020〕。", "missing_year")
    if not re.fullmatch(r"\d{4}", year):
        return _error(f"年份「{year}」应为四位阿拉伯数字，如〔2020〕。", "invalid_year")
    try:
        _check_year_range(int(year))
    except ValidationError as error:
        return error
    return None


def _check_seq_part(parts: re.Match[str]) -> ValidationError | None:
    if not parts["seq"]:
        if parts["rest"] and not parts["hao"] and re.match(r"\D", parts["rest"]):
            stray = parts["rest"]
            return _error(f"年份之后应为序号，却是「{stray}」。", "missing_seq")
        return _error("缺少序号，年份之后应为序号，如〔2020〕34号。", "missing_seq")
    return None


def _check_tail(parts: re.Match[str]) -> ValidationError | None:
    if not parts["hao"]:
        if parts["rest"]:
            return _error(f"序号之后应为“号”字，却是「{parts['rest']}」。", "missing_hao")
        return _error("缺少结尾的“号”字，如 34号。", "missing_hao")
    if parts["rest"]:
        return _error(f"“号”字之后有多余的字符「{parts['rest']}」。", "trailing_characters")
    return None
