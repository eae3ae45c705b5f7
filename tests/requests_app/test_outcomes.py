"""Outcomes mirror the annual report's table 三 row for row; lists mask personal data."""

import pytest

from requests_app.models import mask_id_number, mask_name, mask_phone
from requests_app.outcomes import (
    REPLY_TYPE_OUTCOMES,
    ApplicantCategory,
    Outcome,
    ReplyType,
    default_reply_type,
    row,
)


def test_the_outcomes_are_the_rows_of_table_three_in_order():
    assert [o.label for o in Outcome] == [
        "（一）予以公开",
        "（二）部分公开",
        "（三）1 属于国家秘密",
        "（三）2 其他法律行政法规禁止公开",
        "（三）3 危及“三安全一稳定”",
        "（三）4 保护第三方合法权益",
        "（三）5 属于三类内部事务信息",
        "（三）6 属于四类过程性信息",
        "（三）7 属于行政执法案卷",
        "（三）8 属于行政查询事项",
        "（四）1 本机关不掌握相关政府信息",
        "（四）2 没有现成信息需要另行制作",
        "（四）3 补正后申请内容仍不明确",
        "（五）1 信访举报投诉类申请",
        "（五）2 重复申请",
        "（五）3 要求提供公开出版物",
        "（五）4 无正当理由大量反复申请",
        "（五）5 要求行政机关确认或重新出具已获取信息",
        "（六）1 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "（六）2 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "（六）3 其他",
    ]


def test_each_row_carries_its_official_label():
    assert row(Outcome.PARTIAL).label == "部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert row(Outcome.SECURITY_STABILITY) == row(Outcome.SECURITY_STABILITY).__class__(
        "（三）", 3, "危及“三安全一稳定”"
    )
    assert row(Outcome.OTHER).label == "其他"


@pytest.mark.parametrize(
    ("reply_type", "outcome"),
    [
        (ReplyType.ALREADY_PUBLIC, Outcome.DISCLOSED),  # 36(1)
        (ReplyType.DISCLOSED, Outcome.DISCLOSED),  # 36(2)
        (ReplyType.PARTIAL, Outcome.PARTIAL),  # 37
        (ReplyType.NOT_EXIST, Outcome.NOT_HELD),  # 36(4)
        (ReplyType.NOT_RESPONSIBLE, Outcome.NOT_HELD),  # 36(5)
        (ReplyType.OTHER_LAW, Outcome.ADMINISTRATIVE_QUERY),  # 36(7)
        (ReplyType.NEEDS_CREATION, Outcome.NEEDS_CREATION),  # 38
        (ReplyType.STILL_UNCLEAR, Outcome.STILL_UNCLEAR),
        (ReplyType.COMPLAINT, Outcome.COMPLAINT),  # 39(1)
        (ReplyType.PUBLICATION, Outcome.PUBLICATION),  # 39(2)
        (ReplyType.REPEATED, Outcome.REPEATED),  # 36(6)
        (ReplyType.EXCESSIVE, Outcome.EXCESSIVE),  # 35
    ],
)
def test_each_reply_type_is_counted_under_its_annual_report_row(reply_type, outcome):
    assert REPLY_TYPE_OUTCOMES[reply_type][0] == outcome


def test_every_reply_type_has_a_row():
    assert set(REPLY_TYPE_OUTCOMES) == set(ReplyType)


def test_a_disclosed_outcome_defaults_to_the_disclosure_letter():
    assert default_reply_type(Outcome.DISCLOSED) == ReplyType.DISCLOSED
    assert default_reply_type(Outcome.NO_CLARIFICATION) is None


def test_the_applicant_columns_are_those_of_the_annual_report():
    assert ApplicantCategory.labels == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]


@pytest.mark.parametrize(
    ("name", "masked"), [("张三丰", "张*丰"), ("张三", "张*"), ("欧阳娜娜", "欧**娜")]
)
def test_names_are_masked_in_lists(name, masked):
    assert mask_name(name) == masked


def test_phone_and_id_numbers_are_masked_in_lists():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0635-1234567") == "********4567"
    assert mask_id_number("371502198501010012") == "371***********0012"
