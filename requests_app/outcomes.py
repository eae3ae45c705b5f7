"""Final outcomes and applicant categories, exactly as the annual report counts them.

The annual report format (国办公开办函〔2021〕30号) fixes table 三's rows (本年度办理结果)
and its applicant columns. Each closed request counts once, under one :class:`Outcome`;
the report (a later module) sums the sub-items into their headings.

The reply types of Art. 35-39 (:class:`ReplyType`, which also picks the reply letter's
wording in ``letters``) and the withholding grounds of Art. 14-16 (:class:`WithholdGround`)
are defined here, next to the rows they map onto: :data:`REPLY_TYPE_OUTCOMES` and
:data:`GROUND_OUTCOMES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Outcome(models.TextChoices):
    """Rows of table 三 「三、本年度办理结果」, item by item."""

    DISCLOSED = "1", "（一）予以公开"
    PARTIAL = "2", "（二）部分公开"
    STATE_SECRET = "3.1", "（三）1 属于国家秘密"
    LAW_PROHIBITS = "3.2", "（三）2 其他法律行政法规禁止公开"
    SECURITY_STABILITY = "3.3", "（三）3 危及“三安全一稳定”"
    THIRD_PARTY_RIGHTS = "3.4", "（三）4 保护第三方合法权益"
    INTERNAL_AFFAIRS = "3.5", "（三）5 属于三类内部事务信息"
    PROCESS_INFORMATION = "3.6", "（三）6 属于四类过程性信息"
    ENFORCEMENT_FILE = "3.7", "（三）7 属于行政执法案卷"
    ADMINISTRATIVE_QUERY = "3.8", "（三）8 属于行政查询事项"
    NOT_HELD = "4.1", "（四）1 本机关不掌握相关政府信息"
    NEEDS_CREATION = "4.2", "（四）2 没有现成信息需要另行制作"
    STILL_UNCLEAR = "4.3", "（四）3 补正后申请内容仍不明确"
    COMPLAINT = "5.1", "（五）1 信访举报投诉类申请"
    REPEATED = "5.2", "（五）2 重复申请"
    PUBLICATION = "5.3", "（五）3 要求提供公开出版物"
    EXCESSIVE = "5.4", "（五）4 无正当理由大量反复申请"
    CONFIRM_OR_REISSUE = "5.5", "（五）5 要求行政机关确认或重新出具已获取信息"
    NO_CLARIFICATION = (
        "6.1",
        "（六）1 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    )
    FEE_UNPAID = (
        "6.2",
        "（六）2 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    )
    OTHER = "6.3", "（六）3 其他"


@dataclass(frozen=True)
class Row:
    heading: str  # （一） … （六）
    item: int | None  # 1 … 8 within （三）…（六）; None for （一）（二）
    label: str  # the official row label, word for word


#: The official labels of table 三, row by row (heading label, item label).
HEADINGS: dict[str, str] = {
    "（一）": "予以公开",
    "（二）": "部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）": "不予公开",
    "（四）": "无法提供",
    "（五）": "不予处理",
    "（六）": "其他处理",
}


def row(outcome: str) -> Row:
    """The table-三 row an outcome is counted under, with its official label."""
    outcome = Outcome(outcome)
    prefix, _, rest = outcome.label.partition("）")
    heading = prefix + "）"
    if outcome in (Outcome.DISCLOSED, Outcome.PARTIAL):
        return Row(heading, None, HEADINGS[heading])
    number, _, label = rest.partition(" ")
    return Row(heading, int(number), label)


class ReplyType(models.TextChoices):
    """The reply types of Art. 35-39, each with its own reply letter (``letters``).

    The rows of table 三 a reply of each type may be counted under are
    :data:`REPLY_TYPE_OUTCOMES`; the reply step picks the one that applies.
    """

    DISCLOSED = "disclosed", "予以公开"  # Art. 36(2)
    PARTIAL = "partial", "部分公开"  # Art. 37
    ALREADY_PUBLIC = "already_public", "已主动公开"  # Art. 36(1)
    WITHHELD = "withheld", "不予公开"  # Art. 36(3) with Art. 14/15/16
    NOT_EXIST = "not_exist", "信息不存在"  # Art. 36(4)
    NOT_RESPONSIBLE = "not_responsible", "非本机关负责"  # Art. 36(5)
    REPEATED = "repeated", "重复申请"  # Art. 36(6)
    OTHER_LAW = "other_law", "其他法律法规另有规定"  # Art. 36(7)
    NEEDS_CREATION = "needs_creation", "需另行制作"  # Art. 38
    COMPLAINT = "complaint", "信访举报投诉"  # Art. 39(1)
    PUBLICATION = "publication", "公开出版物"  # Art. 39(2)
    EXCESSIVE = "excessive", "大量反复申请"  # Art. 35
    STILL_UNCLEAR = "still_unclear", "补正后申请内容仍不明确"  # Art. 29(2), 30


#: Reply types that refuse disclosure in whole or in part: 行政复议 comes first
#: (《行政复议法》第二十三条第一款第四项).
REVIEW_FIRST_REPLY_TYPES = frozenset({ReplyType.WITHHELD, ReplyType.PARTIAL})


class WithholdGround(models.TextChoices):
    """Grounds for withholding (Art. 14-16), labelled as the annual report's rows 三（三）1-7."""

    STATE_SECRET = "state_secret", "属于国家秘密"
    LAW_PROHIBITS = "law_prohibits", "其他法律行政法规禁止公开"
    SECURITY_STABILITY = "security_stability", "危及“三安全一稳定”"
    THIRD_PARTY = "third_party", "保护第三方合法权益"
    INTERNAL_AFFAIRS = "internal_affairs", "属于三类内部事务信息"
    PROCESS_INFORMATION = "process_information", "属于四类过程性信息"
    ENFORCEMENT_FILE = "enforcement_file", "属于行政执法案卷"
    # Art. 37 only: content of a document that is not government information at all.
    NOT_GOVERNMENT_INFORMATION = "not_government_information", "不属于政府信息"


#: Outcomes that end a request without a reply on the merits (Art. 30, fee rules).
TERMINATION_OUTCOMES = frozenset({Outcome.NO_CLARIFICATION, Outcome.FEE_UNPAID})

#: Outcomes that refuse disclosure, in whole or in part, on an Art. 14-16 ground.
WITHHOLDING_OUTCOMES = frozenset(
    {
        Outcome.STATE_SECRET,
        Outcome.LAW_PROHIBITS,
        Outcome.SECURITY_STABILITY,
        Outcome.THIRD_PARTY_RIGHTS,
        Outcome.INTERNAL_AFFAIRS,
        Outcome.PROCESS_INFORMATION,
        Outcome.ENFORCEMENT_FILE,
    }
)

#: Art. 14-16 grounds (as the letters name them) -> the （三） row they are counted under.
GROUND_OUTCOMES: dict[str, Outcome] = {
    WithholdGround.STATE_SECRET: Outcome.STATE_SECRET,  # Art. 14
    WithholdGround.LAW_PROHIBITS: Outcome.LAW_PROHIBITS,  # Art. 14
    WithholdGround.SECURITY_STABILITY: Outcome.SECURITY_STABILITY,  # Art. 14
    WithholdGround.THIRD_PARTY: Outcome.THIRD_PARTY_RIGHTS,  # Art. 15
    WithholdGround.INTERNAL_AFFAIRS: Outcome.INTERNAL_AFFAIRS,  # Art. 16(1)
    WithholdGround.PROCESS_INFORMATION: Outcome.PROCESS_INFORMATION,  # Art. 16(2)
    WithholdGround.ENFORCEMENT_FILE: Outcome.ENFORCEMENT_FILE,  # Art. 16(2)
}

#: Reply types (Art. 35-39) -> the rows a reply of that type may be counted under.
#: The first row is the default.
REPLY_TYPE_OUTCOMES: dict[str, tuple[Outcome, ...]] = {
    ReplyType.DISCLOSED: (Outcome.DISCLOSED,),  # Art. 36(2)
    ReplyType.ALREADY_PUBLIC: (Outcome.DISCLOSED,),  # Art. 36(1)
    ReplyType.PARTIAL: (Outcome.PARTIAL,),  # Art. 37
    ReplyType.WITHHELD: tuple(sorted(WITHHOLDING_OUTCOMES)),  # Art. 36(3), Art. 14-16
    ReplyType.OTHER_LAW: (Outcome.ADMINISTRATIVE_QUERY,),  # Art. 36(7)
    ReplyType.NOT_EXIST: (Outcome.NOT_HELD,),  # Art. 36(4)
    ReplyType.NOT_RESPONSIBLE: (Outcome.NOT_HELD,),  # Art. 36(5)
    ReplyType.NEEDS_CREATION: (Outcome.NEEDS_CREATION,),  # Art. 38
    ReplyType.STILL_UNCLEAR: (Outcome.STILL_UNCLEAR,),  # Art. 30
    ReplyType.COMPLAINT: (Outcome.COMPLAINT,),  # Art. 39(1)
    ReplyType.REPEATED: (Outcome.REPEATED, Outcome.CONFIRM_OR_REISSUE),  # Art. 36(6)
    ReplyType.PUBLICATION: (Outcome.PUBLICATION,),  # Art. 39(2)
    ReplyType.EXCESSIVE: (Outcome.EXCESSIVE,),  # Art. 35
}


def default_reply_type(outcome: str) -> ReplyType | None:
    """The reply letter a request closed under ``outcome`` usually gets (None: no letter)."""
    for reply_type, outcomes in REPLY_TYPE_OUTCOMES.items():
        if Outcome(outcome) in outcomes:
            return ReplyType(reply_type)
    return None


class ApplicantType(models.TextChoices):
    """Art. 27: 公民、法人或者其他组织, as the annual report groups them."""

    PERSON = "person", "自然人"
    ORGANIZATION = "organization", "法人或其他组织"


class OrganizationKind(models.TextChoices):
    """The five 法人或其他组织 columns of table 三."""

    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER = "other", "其他"


class ApplicantCategory(models.TextChoices):
    """The applicant columns of table 三 in their order (总计 is their sum)."""

    PERSON = "person", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER = "other", "其他"
