"""The kinds of letter, their printed titles and their numbers.

Numbering
---------
:func:`letter_number` formats ``{agency short name}信公{kind code}〔{year}〕{seq}号``, e.g.
``聊政信公复〔2026〕12号`` for a reply: GB/T 9704-2012 §7.2.4 form (year in 〔〕, no 第,
no zero padding), so :func:`disclosure.library.docnumber.parse_doc_number` accepts it. Each kind
code (收 补 征 延 费 复) is its own series, numbered per agency and per year of issue. The
counter row (agency, year, kind, last_seq) belongs to the request models; a number is
taken when a letter is issued, not when it is drafted, in the issuing transaction with the
row locked (``select_for_update``), and :func:`next_sequence` gives the next value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import models


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", "登记回执"
    CLARIFICATION = "clarification", "补正告知书"
    THIRD_PARTY = "third_party", "征求第三方意见书"
    AGENCY_CONSULTATION = "agency_consultation", "征求意见函"
    EXTENSION = "extension", "延期答复告知书"
    REASONS_REQUEST = "reasons_request", "说明理由通知书"
    REASONABLE_DATE = "reasonable_date", "延迟答复告知书"
    FEE = "fee", "收费通知书"
    REPLY = "reply", "答复告知书"


#: Printed title of each kind of letter.
TITLES: dict[str, str] = {
    LetterKind.RECEIPT: "政府信息公开申请登记回执",
    LetterKind.CLARIFICATION: "政府信息公开申请补正告知书",
    LetterKind.THIRD_PARTY: "政府信息公开征求第三方意见书",
    LetterKind.AGENCY_CONSULTATION: "政府信息公开征求意见函",
    LetterKind.EXTENSION: "政府信息公开申请延期答复告知书",
    LetterKind.REASONS_REQUEST: "政府信息公开申请说明理由通知书",
    LetterKind.REASONABLE_DATE: "政府信息公开申请延迟答复告知书",
    LetterKind.FEE: "政府信息公开信息处理费收费通知书",
    LetterKind.REPLY: "政府信息公开申请答复告知书",
}

#: The 代字 of each kind's number series (see :func:`letter_number`).
KIND_CODES: dict[str, str] = {
    LetterKind.RECEIPT: "收",
    LetterKind.CLARIFICATION: "补",
    LetterKind.THIRD_PARTY: "征",
    LetterKind.AGENCY_CONSULTATION: "商",
    LetterKind.EXTENSION: "延",
    LetterKind.REASONS_REQUEST: "理",
    LetterKind.REASONABLE_DATE: "迟",
    LetterKind.FEE: "费",
    LetterKind.REPLY: "复",
}

#: Inserted between the agency's short name and the kind code.
SERIES_MARK = "信公"


class LetterContextError(ValueError):
    """The context cannot make a complete letter; the message says why, in Chinese."""

    def __init__(self, message: str, *, fields: Sequence[str] = ()):
        super().__init__(message)
        self.fields = tuple(fields)


def letter_kind(kind: str) -> LetterKind:
    """``kind`` as a :class:`LetterKind`; an unknown kind is a :class:`LetterContextError`."""
    try:
        return LetterKind(kind)
    except ValueError:
        raise LetterContextError(f"未知的文书种类：{kind!r}") from None


def letter_title(kind: str) -> str:
    return TITLES[letter_kind(kind)]


# --- numbering -----------------------------------------------------------------------

_SHORT_NAME = re.compile(r"[\u4e00-\u9fff]{1,12}")


def letter_number(agency_short_name: str, year: int, seq: int, kind: str) -> str:
    """``聊政信公复〔2026〕12号``: the agency's 代字, 信公, the kind's code, year, number.

    GB/T 9704-2012 §7.2.4: the year in 六角括号〔〕, the number neither zero-padded nor
    preceded by 第.
    """
    kind = letter_kind(kind)
    short = (agency_short_name or "").strip()
    if not _SHORT_NAME.fullmatch(short):
        raise ValueError(f"机关代字应为1至12个汉字：{agency_short_name!r}")
    if isinstance(year, bool) or not isinstance(year, int) or not 1949 <= year <= 9999:
        raise ValueError(f"年份无效：{year!r}")
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise ValueError(f"序号应为正整数：{seq!r}")
    return f"{short}{SERIES_MARK}{KIND_CODES[kind]}〔{year}〕{seq}号"


def next_sequence(last_seq: int | None) -> int:
    """The number after ``last_seq`` in a series; ``None`` (new year, new series) gives 1."""
    if last_seq is None:
        return 1
    if isinstance(last_seq, bool) or not isinstance(last_seq, int) or last_seq < 0:
        raise ValueError(f"序号应为非负整数：{last_seq!r}")
    return last_seq + 1
