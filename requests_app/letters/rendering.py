"""Letters rendered from their templates: the context checked and prepared, the body.

Dates are ``datetime.date`` objects and come out as ``2025年10月10日``. The applicant's
name is printed on letters addressed to them (that is what a letter is); it never appears
on public pages, and the third-party letter names neither the applicant nor the tracking
number.

The body text that :func:`render_letter` returns has one paragraph per line and no title,
number, signature or date: those belong to the letterhead and signature block, which
:func:`build_letter` collects and :mod:`config.web.pdf` lays out. Staff may edit the
body before sending; the edited text goes to the PDF unchanged.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template import Context, Engine

from requests_app.fees import UNITS, FeeMethod, standard_text
from requests_app.letters.context import (
    FIELDS,
    HEADER_FIELDS,
    INLINE,
    optional_fields,
    required_fields,
)
from requests_app.letters.kinds import TITLES, LetterContextError, LetterKind, letter_kind
from requests_app.outcomes import REVIEW_FIRST_REPLY_TYPES, ReplyType, WithholdGround

REGULATION = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class GroundText:
    statement: str  # completes "该政府信息……" / "该部分内容……"
    article: str  # cited after 《中华人民共和国政府信息公开条例》


GROUND_TEXTS: dict[str, GroundText] = {
    WithholdGround.STATE_SECRET: GroundText("属于依法确定为国家秘密的政府信息", "第十四条"),
    WithholdGround.LAW_PROHIBITS: GroundText("属于法律、行政法规禁止公开的政府信息", "第十四条"),
    WithholdGround.SECURITY_STABILITY: GroundText(
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定", "第十四条"
    ),
    WithholdGround.THIRD_PARTY: GroundText(
        "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害", "第十五条"
    ),
    WithholdGround.INTERNAL_AFFAIRS: GroundText(
        "属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）",
        "第十六条第一款",
    ),
    WithholdGround.PROCESS_INFORMATION: GroundText(
        "属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
        "请示报告等过程性信息",
        "第十六条第二款",
    ),
    WithholdGround.ENFORCEMENT_FILE: GroundText("属于行政执法案卷信息", "第十六条第二款"),
    WithholdGround.NOT_GOVERNMENT_INFORMATION: GroundText(
        "不属于行政机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息，"
        "即不属于政府信息",
        "第二条、第三十七条",
    ),
}


#: The fee tiers in the notice's words, built from ``requests_app.fees`` (one source).
FEE_STANDARDS: dict[str, str] = {method: standard_text(method) for method in FeeMethod}
FEE_UNITS = UNITS


def _reply_type(context: Mapping[str, Any]) -> ReplyType | None:
    value = context.get("reply_type")
    if value in (None, ""):
        return None
    try:
        return ReplyType(value)
    except ValueError:
        raise LetterContextError(
            f"答复类型（reply_type）无效：{value!r}", fields=["reply_type"]
        ) from None


def _review_first(context: Mapping[str, Any], reply_type: ReplyType | None) -> bool:
    override = context.get("review_first")
    if override is not None:
        return bool(override)
    return reply_type in REVIEW_FIRST_REPLY_TYPES


# --- value preparation ---------------------------------------------------------------

_TRAILING = "。；;，,、.:：！!？? \t\r\n\u3000"
_DIGITS = "零一二三四五六七八九"


def format_cn_date(value: dt.date) -> str:
    """``2025年10月10日`` (no zero padding, as in 成文日期)."""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_numeral(n: int) -> str:
    """一, 二, … 十, 十一, … 九十九."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


#: How much of the applicant's description a letter quotes (characters). A letter states
#: what was asked so the recipient knows which request it answers; the application form
#: itself holds the full text, and a 5,000-character description must not make an
#: eight-page 登记回执.
DESCRIPTION_QUOTE_LIMIT = 200

_SENTENCE_ENDS = "。！？；!?;"
_CLAUSE_ENDS = "，、：,:"
_OPENING = "（《“‘「『〔【〈([{"
_LATIN = re.compile(r"[0-9A-Za-z]")


def summarise_description(text: str, tracking_number: str = "") -> tuple[str, str]:
    """The description as a letter quotes it, and the note that follows the quotation.

    Up to :data:`DESCRIPTION_QUOTE_LIMIT` characters it is quoted in full (the note is
    empty). A longer one is cut at the last sentence end within the limit (else the last
    clause break, else between characters, never inside a number or a Latin run), ends
    in 「……」, and the note sends the reader to the application form: by its tracking
    number where the letter may name it.
    """
    if len(text) <= DESCRIPTION_QUOTE_LIMIT:
        return text, ""
    head = text[:DESCRIPTION_QUOTE_LIMIT]
    floor = DESCRIPTION_QUOTE_LIMIT // 2
    cut = max(head.rfind(mark) for mark in _SENTENCE_ENDS)
    if cut < floor:
        cut = max(head.rfind(mark) for mark in _CLAUSE_ENDS)
    if cut < floor:
        cut = DESCRIPTION_QUOTE_LIMIT
        while cut > floor and _LATIN.match(text[cut - 1]) and _LATIN.match(text[cut]):
            cut -= 1
    kept = text[:cut].rstrip(_TRAILING + _OPENING)
    if tracking_number:
        note = f"（申请内容较长，详见申请编号{tracking_number}的申请表）"
    else:
        note = "（申请内容较长，以上为摘要）"
    return f"{kept}……", note


def _label(key: str) -> str:
    return f"{FIELDS[key].label}（{key}）"


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)):
        return len(value) == 0
    return False


def _type_error(key: str, expected: str) -> LetterContextError:
    return LetterContextError(f"{_label(key)}应为{expected}", fields=[key])


def _text(key: str, value: Any, *, inline: bool) -> str:
    if not isinstance(value, str):
        raise _type_error(key, "文本")
    lines = [line.strip() for line in value.strip().splitlines() if line.strip()]
    if inline:
        # Set inside a sentence: one line, without the value's own closing punctuation.
        return "".join(lines).rstrip(_TRAILING)
    # Paragraph breaks inside a free-text value become separate paragraphs.
    return "\n".join(lines)


def _prepare_value(key: str, value: Any) -> Any:
    spec = FIELDS[key]
    match spec.type:
        case "text" | "inline":
            return _text(key, value, inline=spec.type == INLINE)
        case "date":
            if not isinstance(value, dt.date):
                raise _type_error(key, "日期（datetime.date）")
            return format_cn_date(value)
        case "count":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise _type_error(key, "正整数")
            return value
        case "money":
            if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
                raise _type_error(key, "金额（Decimal 或整数，单位元）")
            try:
                amount = Decimal(value).quantize(Decimal("0.01"))
            except InvalidOperation:
                raise _type_error(key, "金额（Decimal 或整数，单位元）") from None
            if amount < 0:
                raise _type_error(key, "不小于零的金额")
            return f"{amount:,.2f}"
        case "flag":
            if not isinstance(value, bool):
                raise _type_error(key, "是或否（bool）")
            return value
        case "choice":
            assert spec.choices is not None
            try:
                return spec.choices(value)
            except ValueError:
                raise LetterContextError(f"{_label(key)}无效：{value!r}", fields=[key]) from None
        case "text_list":
            if isinstance(value, str) or not isinstance(value, Sequence):
                raise _type_error(key, "文本列表")
            items = [_text(key, item, inline=True) for item in value]
            if any(not item for item in items):
                raise LetterContextError(f"{_label(key)}含有空项", fields=[key])
            return items
        case "parts":
            return _prepare_parts(key, value)
    raise AssertionError(spec.type)  # pragma: no cover


def _prepare_parts(key: str, value: Any) -> list[dict[str, str]]:
    if isinstance(value, (str, Mapping)) or not isinstance(value, Sequence):
        raise _type_error(key, "列表")
    parts = []
    for n, item in enumerate(value, start=1):
        if not isinstance(item, Mapping):
            raise _type_error(key, "由字典组成的列表")
        missing = [k for k in ("part", "ground", "reason") if _is_blank(item.get(k))]
        if missing:
            raise LetterContextError(
                f"{_label(key)}第{n}项缺少：{'、'.join(missing)}", fields=[key]
            )
        try:
            ground = WithholdGround(item["ground"])
        except ValueError:
            raise LetterContextError(
                f"{_label(key)}第{n}项的不予公开依据无效：{item['ground']!r}", fields=[key]
            ) from None
        text = GROUND_TEXTS[ground]
        parts.append(
            {
                "number": f"（{cn_numeral(n)}）",
                "part": _text(key, item["part"], inline=True),
                "reason": _text(key, item["reason"], inline=True),
                "statement": text.statement,
                "article": text.article,
            }
        )
    return parts


def _check(kind: LetterKind, context: Mapping[str, Any], *, header: bool) -> ReplyType | None:
    unknown = sorted(k for k in context if k not in FIELDS)
    if unknown:
        raise LetterContextError(f"文书内容含有未定义的项：{'、'.join(unknown)}", fields=unknown)
    reply_type = _reply_type(context) if kind == LetterKind.REPLY else None
    if kind == LetterKind.REPLY and reply_type is None:
        raise LetterContextError(
            f"{TITLES[kind]}缺少必填内容：{_label('reply_type')}", fields=["reply_type"]
        )
    review_first = _review_first(context, reply_type)
    required = required_fields(kind, reply_type, review_first=review_first)
    if header:
        required = HEADER_FIELDS + required
    missing = [key for key in required if _is_blank(context.get(key))]
    if missing:
        raise LetterContextError(
            f"{TITLES[kind]}缺少必填内容：{'、'.join(_label(k) for k in missing)}",
            fields=missing,
        )
    return reply_type


def _prepare(kind: LetterKind, context: Mapping[str, Any]) -> dict[str, Any]:
    reply_type = _check(kind, context, header=False)
    used = (
        set(HEADER_FIELDS)
        | set(required_fields(kind, reply_type, review_first=True))
        | set(required_fields(kind, reply_type, review_first=False))
        | set(optional_fields(kind, reply_type))
    )
    prepared: dict[str, Any] = {}
    for key in used:
        value = context.get(key)
        if _is_blank(value):
            continue  # absent optional keys stay absent: an unguarded use raises
        prepared[key] = _prepare_value(key, value)

    # How the letter addresses its recipient.
    organization_flag = (
        "third_party_is_organization"
        if kind == LetterKind.THIRD_PARTY
        else "applicant_is_organization"
    )
    prepared["you"] = "贵单位" if prepared.get(organization_flag) else "您"

    # Quoted in full only up to a length; letters that do not name the tracking number
    # (the third party's, another agency's) do not name it in the note either.
    prepared["request_description"], prepared["description_note"] = summarise_description(
        prepared.get("request_description", ""), prepared.get("tracking_number", "")
    )

    if "clarification_items" in prepared:
        prepared["clarification_items"] = _enumerate(prepared["clarification_items"], style="paren")
    if "attachments" in prepared:
        prepared["attachments"] = _enumerate(prepared["attachments"], style="dot")

    if kind == LetterKind.EXTENSION and prepared["extension_days"] > 20:
        raise LetterContextError(
            "延长答复期限最长不得超过20个工作日（《中华人民共和国政府信息公开条例》第三十三条）",
            fields=["extension_days"],
        )
    if kind == LetterKind.FEE:
        method = prepared["fee_method"]
        prepared["fee_method_label"] = method.label
        prepared["fee_unit"] = FEE_UNITS[method]
        prepared["fee_standard"] = FEE_STANDARDS[method]
        prepared["fee_per_request"] = method == FeeMethod.PER_REQUEST
    if kind == LetterKind.REPLY:
        assert reply_type is not None
        prepared["reply_type_label"] = reply_type.label
        prepared["review_first"] = _review_first(context, reply_type)
        if "withhold_ground" in prepared:
            ground = prepared["withhold_ground"]
            if ground == WithholdGround.NOT_GOVERNMENT_INFORMATION:
                raise LetterContextError(
                    "“不属于政府信息”只能用于部分公开答复中不予公开的部分",
                    fields=["withhold_ground"],
                )
            prepared["ground"] = GROUND_TEXTS[ground]
    prepared["regulation"] = REGULATION
    return prepared


def _enumerate(items: list[str], *, style: str) -> list[dict[str, str]]:
    """Numbers list items; in ``paren`` style items end with ；and the last with 。."""
    out = []
    for n, text in enumerate(items, start=1):
        if style == "paren":
            end = "。" if n == len(items) else "；"
            out.append({"number": f"（{cn_numeral(n)}）", "text": text + end})
        else:
            out.append({"number": f"{n}.", "text": text})
    return out


# --- rendering -----------------------------------------------------------------------

_INVALID = "\x00%s\x00"
_INVALID_RE = re.compile("\x00([^\x00]*)\x00")
TEMPLATE_DIR = "requests_app/letters"


@functools.cache
def _engine() -> Engine:
    # A private engine: plain text (no HTML escaping), and an unknown variable leaves a
    # marker that render_letter turns into an error instead of an empty string.
    return Engine(
        dirs=[Path(settings.BASE_DIR) / "templates"],
        autoescape=False,
        string_if_invalid=_INVALID,
    )


def template_name(kind: str, reply_type: str | None = None) -> str:
    kind = letter_kind(kind)
    if kind == LetterKind.REPLY:
        if not reply_type:
            raise LetterContextError(
                "答复告知书须指定答复类型（reply_type）", fields=["reply_type"]
            )
        return f"{TEMPLATE_DIR}/reply/{ReplyType(reply_type).value}.txt"
    return f"{TEMPLATE_DIR}/{kind.value}.txt"


def render_letter(kind: str, context: Mapping[str, Any]) -> str:
    """The body of a letter: one paragraph per line, salutation first.

    Raises :class:`LetterContextError` when the context cannot make a complete letter.
    """
    kind = letter_kind(kind)
    prepared = _prepare(kind, context)
    template = _engine().get_template(template_name(kind, context.get("reply_type")))
    raw = template.render(Context(prepared, autoescape=False))
    unknown = sorted(set(_INVALID_RE.findall(raw)))
    if unknown:
        raise LetterContextError(
            f"文书模板引用了未提供的内容：{'、'.join(unknown)}", fields=unknown
        )
    lines = (line.strip() for line in raw.splitlines())
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Letter:
    """A rendered letter with everything its printed form needs."""

    kind: LetterKind
    title: str
    number: str
    body: str
    agency: str
    issued_on: dt.date

    def pdf(self, body: str | None = None) -> bytes:
        """The letter as an A4 PDF; ``body`` replaces the text (after staff edits)."""
        # fpdf2 takes ~0.25 s to import: loaded when a PDF is made, not in every process.
        from config.web.pdf import letter_pdf

        return letter_pdf(
            self.title,
            self.body if body is None else body,
            agency=self.agency,
            number=self.number,
            date=self.issued_on,
        )


def build_letter(kind: str, context: Mapping[str, Any]) -> Letter:
    """Renders the body and collects the header fields, which are all required here."""
    kind = letter_kind(kind)
    _check(kind, context, header=True)
    body = render_letter(kind, context)
    return Letter(
        kind=kind,
        title=TITLES[kind],
        number=_text("letter_number", context["letter_number"], inline=True),
        body=body,
        agency=_text("agency_name", context["agency_name"], inline=True),
        issued_on=_checked_date("issued_on", context["issued_on"]),
    )


def _checked_date(key: str, value: Any) -> dt.date:
    if not isinstance(value, dt.date):
        raise _type_error(key, "日期（datetime.date）")
    return value.date() if isinstance(value, dt.datetime) else value
