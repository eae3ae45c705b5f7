"""The written notices of the 依申请公开 workflow, rendered from per-kind templates.

Every notice the 条例 (《中华人民共和国政府信息公开条例》, 2019) requires has its own
plain-text Django template under ``templates/requests_app/letters/``:

==============  ===============  ====================================================
kind            label            template
==============  ===============  ====================================================
receipt         登记回执         ``receipt.txt`` (Art. 31 receipt date, Art. 33 limit)
clarification   补正告知书       ``clarification.txt`` (Art. 29, 30)
third_party     征求第三方意见书 ``third_party.txt`` (Art. 32)
extension       延期答复告知书   ``extension.txt`` (Art. 33)
fee             收费通知书       ``fee.txt`` (Art. 42, 国办函〔2020〕109号)
reply           答复告知书       ``reply/<reply_type>.txt``, all extending ``reply.txt``
==============  ===============  ====================================================

Every reply ends with the applicant's remedies (``_remedies.txt``): 行政复议 within 60
days (《行政复议法》第二十条) and 行政诉讼 within 6 months (《行政诉讼法》第四十六条).
Where the reply refuses disclosure in whole or in part, the 2023 《行政复议法》第二十三条
第一款第四项 makes 行政复议 a precondition of suing, so those replies say "first 复议, then
sue within 15 days of the 复议决定 (《行政诉讼法》第四十五条)" instead of offering a direct
suit that a court would reject. ``review_first`` in the context overrides the default.

The context
-----------
:data:`FIELDS` is the one place that documents every context key: its Chinese label, its
type and what it means. :func:`required_fields` and :func:`optional_fields` say which keys
a kind (and, for replies, a reply type) uses. A missing or empty required key, a value of
the wrong type or a key that is not in :data:`FIELDS` at all raises
:class:`LetterContextError` naming the fields in Chinese; nothing is ever rendered with a
blank where a fact belongs. Keys that exist in :data:`FIELDS` but that this kind does not
use are ignored, so callers may pass one dict built for the whole request.

Dates are ``datetime.date`` objects and come out as ``2025年10月10日``. The applicant's
name is printed on letters addressed to them (that is what a letter is); it never appears
on public pages, and the third-party letter names neither the applicant nor the tracking
number.

The body text that :func:`render_letter` returns has one paragraph per line and no title,
number, signature or date: those belong to the letterhead and signature block, which
:func:`build_letter` collects and :mod:`config.web.pdf` lays out. Staff may edit the
body before sending; the edited text goes to the PDF unchanged.

Numbering
---------
:func:`letter_number` formats ``{agency short name}信公{kind code}〔{year}〕{seq}号``, e.g.
``聊政信公复〔2026〕12号`` for a reply: GB/T 9704-2012 §7.2.4 form (year in 〔〕, no 第,
no zero padding), so :func:`disclosure.docnumber.parse_doc_number` accepts it. Each kind
code (收 补 征 延 费 复) is its own series, numbered per agency and per year of issue. The
counter row (agency, year, kind, last_seq) belongs to the request models; a number is
taken when a letter is issued, not when it is drafted, in the issuing transaction with the
row locked (``select_for_update``), and :func:`next_sequence` gives the next value.

Pure Python and templates: no database access.
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
from django.db import models
from django.template import Context, Engine

from requests_app.fees import UNITS, FeeMethod, standard_text
from requests_app.outcomes import REVIEW_FIRST_REPLY_TYPES, ReplyType, WithholdGround

__all__ = [
    "FIELDS",
    "FeeMethod",
    "FieldSpec",
    "Letter",
    "LetterContextError",
    "LetterKind",
    "build_letter",
    "format_cn_date",
    "letter_number",
    "letter_title",
    "next_sequence",
    "optional_fields",
    "render_letter",
    "required_fields",
]

REGULATION = "《中华人民共和国政府信息公开条例》"


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


# --- context fields ------------------------------------------------------------------

# Value types a field may have.
TEXT = "text"  # a str printed as is (may hold several sentences)
INLINE = "inline"  # a str set inside a sentence: trailing 。；，and spaces are dropped
DATE = "date"  # datetime.date, printed 2025年10月10日
COUNT = "count"  # a positive int
MONEY = "money"  # Decimal or int, yuan, printed 2,700.00
FLAG = "flag"  # bool
TEXT_LIST = "text_list"  # a sequence of str, printed as （一）（二）… or 1．2．…
PARTS = "parts"  # withheld parts: a sequence of {"part", "ground", "reason"}
CHOICE = "choice"  # a value of the enum in FieldSpec.choices


@dataclass(frozen=True)
class FieldSpec:
    label: str
    type: str
    help: str
    choices: type[models.TextChoices] | None = None


#: Every context key any letter uses. Header keys (agency_name, letter_number, issued_on)
#: are needed by :func:`build_letter`, not by the body text.
FIELDS: dict[str, FieldSpec] = {
    # Letterhead and signature.
    "agency_name": FieldSpec("行政机关名称", INLINE, "署名的行政机关全称"),
    "letter_number": FieldSpec("文书编号", INLINE, "letter_number() 的结果"),
    "issued_on": FieldSpec("成文日期", DATE, "落款日期"),
    # The request.
    "applicant_name": FieldSpec("申请人姓名或者名称", INLINE, "收件人，即申请人"),
    "applicant_is_organization": FieldSpec(
        "申请人是否为法人或者其他组织", FLAG, "True 时称“贵单位”，否则称“您”"
    ),
    "tracking_number": FieldSpec("申请编号", INLINE, "查询用的申请编号，如 YSQ-2026-…"),
    "received_on": FieldSpec("收到申请日期", DATE, "第三十一条确定的收到申请之日"),
    "request_description": FieldSpec("申请公开的政府信息", INLINE, "申请内容的描述"),
    "channel": FieldSpec("申请方式", INLINE, "如“互联网在线申请”“当面提交”“邮寄”“传真”"),
    "due_on": FieldSpec("答复截止日期", DATE, "收到申请之日起20个工作日的最后一日"),
    "tracking_hint": FieldSpec(
        "进度查询方式", INLINE, "缺省为凭申请编号和联系电话在本平台“依申请公开”栏目查询"
    ),
    # The office's contact, printed at the end where given.
    "contact_phone": FieldSpec("联系电话", INLINE, "政府信息公开工作机构的电话"),
    "contact_address": FieldSpec("通信地址", INLINE, "政府信息公开工作机构的地址"),
    "attachments": FieldSpec("附件", TEXT_LIST, "随文书提供的文件名称"),
    # 补正告知书.
    "clarification_items": FieldSpec("需要补正的事项", TEXT_LIST, "逐项列出"),
    "clarification_due_on": FieldSpec("补正期限", DATE, "合理的补正期限的最后一日"),
    "clarification_method": FieldSpec(
        "补正方式", INLINE, "缺省为在查询页面或者以书面形式提交补正后的申请"
    ),
    "guidance": FieldSpec("指导和释明", TEXT, "第三十条要求的指导和释明，可选"),
    # 征求第三方意见书.
    "third_party_name": FieldSpec("第三方姓名或者名称", INLINE, "收件人，即第三方"),
    "third_party_is_organization": FieldSpec(
        "第三方是否为法人或者其他组织", FLAG, "True 时称“贵单位”，否则称“您”"
    ),
    "third_party_concern": FieldSpec(
        "涉及第三方的情形", INLINE, "接在“该政府信息”之后，如“涉及贵单位的商业秘密”"
    ),
    # 征求意见函 (another agency, Art. 33(3)).
    "consulted_agency": FieldSpec("被征求意见的机关", INLINE, "收件机关全称"),
    "consultation_question": FieldSpec("征求意见的事项", INLINE, "请对方就何事提出意见"),
    "opinion_due_on": FieldSpec("请求回复日期", DATE, "可选"),
    # 说明理由通知书 and 延迟答复告知书 (Art. 35).
    "reasons_due_on": FieldSpec("说明理由期限", DATE, "可选，申请人说明理由的最后一日"),
    "reasonable_date_reason": FieldSpec(
        "确定延迟答复期限的理由", INLINE, "接在“因”之后，如申请数量、频次的具体情况"
    ),
    "reasonable_due_on": FieldSpec("延迟答复的期限", DATE, "机关确定的合理答复期限的最后一日"),
    # 延期答复告知书.
    "extension_reason": FieldSpec("延期理由", INLINE, "接在“因”之后"),
    "extension_days": FieldSpec("延长的工作日数", COUNT, "1 至 20"),
    "original_due_on": FieldSpec("原答复期限", DATE, "延期前的答复截止日期"),
    "extended_due_on": FieldSpec("延长后的答复期限", DATE, "延期后的答复截止日期"),
    # 收费通知书.
    "fee_method": FieldSpec("计收方式", CHOICE, "FeeMethod", FeeMethod),
    "fee_quantity": FieldSpec("计费数量", COUNT, "按件计收为当月累计件数，按量计收为页数"),
    "fee_amount": FieldSpec("收费金额", MONEY, "元"),
    "fee_calculation": FieldSpec("计算过程", INLINE, "如“70页×10元/页＋100页×20元/页”"),
    "payment_instructions": FieldSpec("缴费方式", INLINE, "缴费渠道、账户等"),
    "payment_due_on": FieldSpec("缴费截止日期", DATE, "收到通知之日起20个工作日的最后一日"),
    # 答复告知书.
    "reply_type": FieldSpec("答复类型", CHOICE, "ReplyType", ReplyType),
    "review_body": FieldSpec("行政复议机关", INLINE, "如“聊城市人民政府”"),
    "court": FieldSpec("人民法院", INLINE, "有管辖权的人民法院，如“聊城市东昌府区人民法院”"),
    "review_first": FieldSpec(
        "是否复议前置", FLAG, "缺省：不予公开、部分公开为 True，其他为 False"
    ),
    "provision_method": FieldSpec(
        "提供方式", INLINE, "如“现随本告知书一并提供（见附件）”“已通过电子邮件发送”"
    ),
    "withheld_parts": FieldSpec(
        "不予公开的内容", PARTS, '每项 {"part": 内容, "ground": WithholdGround, "reason": 理由}'
    ),
    "publication_location": FieldSpec(
        "获取方式和途径", INLINE, "如“本机关门户网站‘政府信息公开’栏目‘法定主动公开内容’”"
    ),
    "publication_url": FieldSpec("网址", INLINE, "可选"),
    "published_on": FieldSpec("公开日期", DATE, "可选"),
    "withhold_ground": FieldSpec("不予公开的依据", CHOICE, "WithholdGround", WithholdGround),
    "withhold_reason": FieldSpec("不予公开的理由", INLINE, "结合具体信息说明的理由"),
    "search_description": FieldSpec("检索情况", INLINE, "检索的范围和方式，可选"),
    "not_responsible_reason": FieldSpec("不属于本机关负责公开的理由", INLINE, ""),
    "responsible_agency": FieldSpec("负责公开的行政机关", INLINE, ""),
    "responsible_agency_contact": FieldSpec("该行政机关的联系方式", INLINE, ""),
    "previous_reply_on": FieldSpec("原答复日期", DATE, "已作出答复的日期"),
    "previous_letter_number": FieldSpec("原答复文书编号", INLINE, "可选"),
    "special_record_type": FieldSpec("信息类别", INLINE, "如“不动产登记资料”"),
    "special_law": FieldSpec("特别规定", INLINE, "如“《不动产登记暂行条例》”"),
    "special_route": FieldSpec("办理途径", INLINE, "可选，如向何机构查询"),
    "creation_reason": FieldSpec("需另行制作的情形", INLINE, "接在“您申请获取的信息”之后"),
    "complaint_nature": FieldSpec("申请的实际性质", INLINE, "缺省为“信访、投诉、举报”"),
    "proper_channel": FieldSpec("相应渠道", INLINE, "接在“可以通过”之后"),
    "publication_name": FieldSpec("出版物名称", INLINE, "可选，如“《聊城市人民政府公报》”"),
    "publication_access": FieldSpec("获取途径", INLINE, "公开出版物的获取途径"),
    "explanation_requested_on": FieldSpec("要求说明理由的日期", DATE, "可选"),
    "excessive_reason": FieldSpec("数量、频次明显超过合理范围的情况", INLINE, ""),
    "clarification_sent_on": FieldSpec("补正告知日期", DATE, "发出补正告知书的日期"),
    "clarification_received_on": FieldSpec("收到补正日期", DATE, "可选"),
    "unclear_reason": FieldSpec("仍不明确之处", INLINE, ""),
}

HEADER_FIELDS = ("agency_name", "letter_number", "issued_on")

_APPLICANT = ("applicant_name", "tracking_number", "received_on", "request_description")
_CONTACT = ("contact_phone", "contact_address")

_REQUIRED: dict[str, tuple[str, ...]] = {
    LetterKind.RECEIPT: (*_APPLICANT, "channel", "due_on"),
    LetterKind.CLARIFICATION: (*_APPLICANT, "clarification_items", "clarification_due_on"),
    LetterKind.THIRD_PARTY: (
        "third_party_name",
        "received_on",
        "request_description",
        "third_party_concern",
        *_CONTACT,
    ),
    LetterKind.AGENCY_CONSULTATION: (
        "consulted_agency",
        "received_on",
        "request_description",
        "consultation_question",
        *_CONTACT,
    ),
    LetterKind.REASONS_REQUEST: (*_APPLICANT, "excessive_reason"),
    LetterKind.REASONABLE_DATE: (
        *_APPLICANT,
        "reasonable_date_reason",
        "reasonable_due_on",
        "due_on",
    ),
    LetterKind.EXTENSION: (
        *_APPLICANT,
        "extension_reason",
        "extension_days",
        "original_due_on",
        "extended_due_on",
    ),
    LetterKind.FEE: (
        *_APPLICANT,
        "fee_method",
        "fee_quantity",
        "fee_amount",
        "payment_instructions",
    ),
    LetterKind.REPLY: (*_APPLICANT, "reply_type", "review_body"),
}

_OPTIONAL: dict[str, tuple[str, ...]] = {
    LetterKind.RECEIPT: ("applicant_is_organization", "tracking_hint", *_CONTACT),
    LetterKind.CLARIFICATION: (
        "applicant_is_organization",
        "guidance",
        "clarification_method",
        *_CONTACT,
    ),
    LetterKind.THIRD_PARTY: ("third_party_is_organization", "attachments"),
    LetterKind.AGENCY_CONSULTATION: ("opinion_due_on", "attachments"),
    LetterKind.REASONS_REQUEST: ("applicant_is_organization", "reasons_due_on", *_CONTACT),
    LetterKind.REASONABLE_DATE: ("applicant_is_organization", *_CONTACT),
    LetterKind.EXTENSION: ("applicant_is_organization", *_CONTACT),
    LetterKind.FEE: (
        "applicant_is_organization",
        "fee_calculation",
        "payment_due_on",
        *_CONTACT,
    ),
    LetterKind.REPLY: ("applicant_is_organization", "review_first", "attachments", *_CONTACT),
}

_REPLY_REQUIRED: dict[str, tuple[str, ...]] = {
    ReplyType.DISCLOSED: ("provision_method",),
    ReplyType.PARTIAL: ("provision_method", "withheld_parts"),
    ReplyType.ALREADY_PUBLIC: ("publication_location",),
    ReplyType.WITHHELD: ("withhold_ground", "withhold_reason"),
    ReplyType.NOT_EXIST: (),
    ReplyType.NOT_RESPONSIBLE: (
        "not_responsible_reason",
        "responsible_agency",
        "responsible_agency_contact",
    ),
    ReplyType.REPEATED: ("previous_reply_on",),
    ReplyType.OTHER_LAW: ("special_record_type", "special_law"),
    ReplyType.NEEDS_CREATION: ("creation_reason",),
    ReplyType.COMPLAINT: ("proper_channel",),
    ReplyType.PUBLICATION: ("publication_access",),
    ReplyType.EXCESSIVE: ("excessive_reason",),
    ReplyType.STILL_UNCLEAR: ("clarification_sent_on", "unclear_reason"),
}

_REPLY_OPTIONAL: dict[str, tuple[str, ...]] = {
    ReplyType.ALREADY_PUBLIC: ("publication_url", "published_on"),
    ReplyType.NOT_EXIST: ("search_description",),
    ReplyType.REPEATED: ("previous_letter_number",),
    ReplyType.OTHER_LAW: ("special_route",),
    ReplyType.COMPLAINT: ("complaint_nature",),
    ReplyType.PUBLICATION: ("publication_name",),
    ReplyType.EXCESSIVE: ("explanation_requested_on",),
    ReplyType.STILL_UNCLEAR: ("clarification_received_on",),
}


class LetterContextError(ValueError):
    """The context cannot make a complete letter; the message says why, in Chinese."""

    def __init__(self, message: str, *, fields: Sequence[str] = ()):
        super().__init__(message)
        self.fields = tuple(fields)


def _kind(kind: str) -> LetterKind:
    try:
        return LetterKind(kind)
    except ValueError:
        raise LetterContextError(f"未知的文书种类：{kind!r}") from None


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


def required_fields(
    kind: str, reply_type: str | None = None, *, review_first: bool | None = None
) -> tuple[str, ...]:
    """The body keys a letter of ``kind`` (and ``reply_type``) cannot do without.

    ``court`` is required for replies that offer a direct 行政诉讼, i.e. unless
    ``review_first`` (default: by reply type) holds.
    """
    kind = _kind(kind)
    fields = list(_REQUIRED[kind])
    if kind == LetterKind.REPLY and reply_type:
        reply_type = ReplyType(reply_type)
        fields += _REPLY_REQUIRED[reply_type]
        if review_first is None:
            review_first = reply_type in REVIEW_FIRST_REPLY_TYPES
        if not review_first:
            fields.append("court")
    return tuple(fields)


def optional_fields(kind: str, reply_type: str | None = None) -> tuple[str, ...]:
    """The body keys a letter of ``kind`` prints when they are given."""
    kind = _kind(kind)
    fields = list(_OPTIONAL[kind])
    if kind == LetterKind.REPLY and reply_type:
        reply_type = ReplyType(reply_type)
        fields += _REPLY_OPTIONAL.get(reply_type, ())
        if reply_type in REVIEW_FIRST_REPLY_TYPES:
            fields.append("court")
    return tuple(fields)


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
    kind = _kind(kind)
    if kind == LetterKind.REPLY:
        if not reply_type:
            raise LetterContextError(
                "答复告知书须指定答复类型（reply_type）", fields=["reply_type"]
            )
        return f"{TEMPLATE_DIR}/reply/{ReplyType(reply_type).value}.txt"
    return f"{TEMPLATE_DIR}/{kind.value}.txt"


def letter_title(kind: str) -> str:
    return TITLES[_kind(kind)]


def render_letter(kind: str, context: Mapping[str, Any]) -> str:
    """The body of a letter: one paragraph per line, salutation first.

    Raises :class:`LetterContextError` when the context cannot make a complete letter.
    """
    kind = _kind(kind)
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
    kind = _kind(kind)
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


# --- numbering -----------------------------------------------------------------------

_SHORT_NAME = re.compile(r"[\u4e00-\u9fff]{1,12}")


def letter_number(agency_short_name: str, year: int, seq: int, kind: str) -> str:
    """``聊政信公复〔2026〕12号``: the agency's 代字, 信公, the kind's code, year, number.

    GB/T 9704-2012 §7.2.4: the year in 六角括号〔〕, the number neither zero-padded nor
    preceded by 第.
    """
    kind = _kind(kind)
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
