"""The facts a letter states: every context key, its type, and which kinds use it.

:data:`FIELDS` is the one place that documents every context key: its Chinese label, its
type and what it means. :func:`required_fields` and :func:`optional_fields` say which keys
a kind (and, for replies, a reply type) uses. A missing or empty required key, a value of
the wrong type or a key that is not in :data:`FIELDS` at all raises
:class:`LetterContextError` naming the fields in Chinese; nothing is ever rendered with a
blank where a fact belongs. Keys that exist in :data:`FIELDS` but that this kind does not
use are ignored, so callers may pass one dict built for the whole request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from requests_app.fees import FeeMethod
from requests_app.letters.kinds import LetterKind, letter_kind
from requests_app.outcomes import REVIEW_FIRST_REPLY_TYPES, ReplyType, WithholdGround

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
    "reply_working_days": FieldSpec("法定答复期限的工作日数", COUNT, "20（第三十三条第二款）"),
    "count_from": FieldSpec("期限起算日", DATE, "收到申请之日，补正的为收到补正后的申请之日"),
    "count_from_label": FieldSpec("期限起算日的说明", INLINE, "如“收到申请之日”"),
    "total_working_days": FieldSpec("延长后的工作日总数", COUNT, "20加延长的工作日数"),
    "not_counted": FieldSpec("不计算在期限内的时间", INLINE, "第三十三条第三款等"),
    "extended_due_on": FieldSpec(
        "延长后的答复期限",
        DATE,
        "可选：仅在没有尚未结束的征求意见、缴费时给出，以免日后提前结束而改变",
    ),
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
        "reply_working_days",
        "count_from",
        "count_from_label",
        "total_working_days",
        "not_counted",
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
    LetterKind.EXTENSION: ("applicant_is_organization", "extended_due_on", *_CONTACT),
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


def required_fields(
    kind: str, reply_type: str | None = None, *, review_first: bool | None = None
) -> tuple[str, ...]:
    """The body keys a letter of ``kind`` (and ``reply_type``) cannot do without.

    ``court`` is required for replies that offer a direct 行政诉讼, i.e. unless
    ``review_first`` (default: by reply type) holds.
    """
    kind = letter_kind(kind)
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
    kind = letter_kind(kind)
    fields = list(_OPTIONAL[kind])
    if kind == LetterKind.REPLY and reply_type:
        reply_type = ReplyType(reply_type)
        fields += _REPLY_OPTIONAL.get(reply_type, ())
        if reply_type in REVIEW_FIRST_REPLY_TYPES:
            fields.append("court")
    return tuple(fields)
