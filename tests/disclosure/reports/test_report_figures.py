"""The report's computed parts: every cell of tables 三 and 四, the fees, the checks."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from disclosure.publishing import steps as publishing
from disclosure.reports import national_format as fmt
from disclosure.reports import services as reports
from requests_app.models import ReviewCase
from requests_app.outcomes import Outcome
from tests.requests_app.year_builder import COLUMNS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_letters")]

D = datetime.date


def row(*numbers):
    """Seven figures: the six columns and 总计."""
    return dict(zip(fmt.T3_COLUMNS, numbers, strict=True))


EXPECTED_T3 = {
    "new": row(4, 4, 4, 3, 3, 3, 21),
    "carried_in": row(1, 1, 0, 0, 0, 0, 2),
    fmt.CLOSED_TOTAL: row(4, 4, 4, 3, 3, 3, 21),
    "carried_out": row(1, 1, 0, 0, 0, 0, 2),
}
for _index, _outcome in enumerate(Outcome.values):
    EXPECTED_T3[_outcome] = {**dict.fromkeys(fmt.T3_COLUMNS, 0), COLUMNS[_index % 6]: 1, "total": 1}


@pytest.fixture
def draft(year):
    agency, staff, _requests = year
    return reports.create_draft(agency, 2024, by=staff)


def test_every_cell_of_table_three_comes_from_the_requests(draft):
    values = reports.live_data(draft).values

    for row_key in fmt.T3_ROWS:
        actual = {column: values[fmt.t3(row_key, column)] for column in fmt.T3_COLUMNS}
        assert actual == EXPECTED_T3[row_key], row_key


def test_every_arithmetic_check_passes_on_the_computed_figures(draft):
    checks = reports.live_data(draft).tables["checks"]

    assert [c["rule"] for c in checks] == [
        "（七）总计等于（一）至（六）之和（（三）至（六）各小项计入其项）",
        "第一项加第二项之和，等于第三项（七）总计加第四项之和",
        "总计列等于自然人与法人或其他组织五列之和",
    ]
    assert all(c["passed"] and not c["failures"] for c in checks)


def test_table_four_and_the_fees_come_from_the_cases_and_fee_notices(draft):
    values = reports.live_data(draft).values
    K, R = ReviewCase.Kind, ReviewCase.Result

    assert values[fmt.t4(K.REVIEW, R.UPHELD)] == 1
    assert values[fmt.t4(K.REVIEW, R.CORRECTED)] == 1
    assert values[fmt.t4(K.LITIGATION, R.OTHER)] == 1
    assert values[fmt.t4(K.LITIGATION_AFTER_REVIEW, R.PENDING)] == 1
    assert sum(v for k, v in values.items() if k.startswith("t4:")) == 4
    totals = [c["text"] for c in reports.live_data(draft).tables["part4"]["body"][0][4::5]]
    assert totals == ["2", "1", "1"]
    assert values["fees:notices"] == 2
    assert values["fees:notices_amount"] == "2900.00"
    assert values["fees:collected_amount"] == "200.00"


@pytest.mark.parametrize(
    ("cell", "value", "broken"),
    [
        (fmt.t3("new", "person"), 5, [1, 2]),  # 一 + 二 ≠ 三（七）+ 四; 总计 ≠ columns
        (fmt.t3(Outcome.COMPLAINT, "business"), 0, [0, 2]),  # （七）≠ sum; 总计 ≠ columns
        (fmt.t3(fmt.CLOSED_TOTAL, "total"), 20, [0, 1, 2]),
    ],
)
def test_an_override_that_breaks_the_arithmetic_fails_its_checks(year, draft, cell, value, broken):
    staff = year[1]
    reports.override(draft, by=staff, cell=cell, value=value, reason="核对纸质台账后更正")

    checks = reports.live_data(draft).tables["checks"]

    assert [i for i, c in enumerate(checks) if not c["passed"]] == broken
    with pytest.raises(ValidationError, match="勾稽关系不成立"):
        publishing.publish(reports.update(draft, by=staff, licensing_decisions=1), by=staff)


def test_an_override_needs_a_written_reason_and_is_recorded(year, draft):
    staff = year[1]
    cell = fmt.t3("new", "person")
    with pytest.raises(ValidationError, match="必须写明理由"):
        reports.override(draft, by=staff, cell=cell, value=5, reason="  ")

    reports.override(draft, by=staff, cell=cell, value=5, reason="一件当面申请漏登记")

    data = reports.live_data(draft)
    assert data.values[cell] == 5
    assert data.overrides[0]["computed"] == "4"
    assert data.overrides[0]["reason"] == "一件当面申请漏登记"
    cell_in_grid = next(
        c for cells in data.tables["part3"]["body"] for c in cells if c.get("key") == cell
    )
    assert cell_in_grid["overridden"] and cell_in_grid["text"] == "5"
    assert draft.events.filter(action="overridden", note__contains="4 → 5").exists()


def test_only_computed_cells_can_be_overridden(year, draft):
    with pytest.raises(ValidationError):
        reports.override(draft, by=year[1], cell="t2:licensing", value=3, reason="x")


def test_the_format_knows_every_row_of_table_three_in_order():
    labels = []
    for cells in fmt.build_tables({})["part3"]["body"]:
        labels.append(" ".join(c["text"] for c in cells if c["th"]))
    assert labels[:3] == [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果 （一）予以公开",
    ]
    assert labels[3] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert labels[4] == "（三）不予公开 1．属于国家秘密"
    assert labels[11] == "8．属于行政查询事项"
    assert labels[12] == "（四）无法提供 1．本机关不掌握相关政府信息"
    assert labels[15] == "（五）不予处理 1．信访举报投诉类申请"
    assert labels[19] == "5．要求行政机关确认或重新出具已获取信息"
    assert labels[20] == (
        "（六）其他处理 1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    )
    assert labels[22] == "3．其他"
    assert labels[23:] == ["（七）总计", "四、结转下年度继续办理"]


def test_the_tables_have_the_national_columns_and_merged_cells():
    tables = fmt.build_tables({})
    head = tables["part3"]["head"]
    assert [(c["text"], c["colspan"], c["rowspan"]) for c in head[0]][1] == ("申请人情况", 7, 1)
    assert [c["text"] for c in head[1]] == ["自然人", "法人或其他组织", "总计"]
    assert [c["text"] for c in head[2]] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    body = tables["part3"]["body"]
    assert body[2][0]["rowspan"] == 22  # 三、本年度办理结果 over （一） to （七）
    assert [c["rowspan"] for c in body[4] if c["th"]] == [8, 1]  # （三） over its 8 items
    assert all(sum(1 for c in cells if not c["th"]) == 7 for cells in body)

    part4 = tables["part4"]["head"]
    assert [c["text"] for c in part4[0]] == ["行政复议", "行政诉讼"]
    assert [c["text"] for c in part4[1]] == ["未经复议直接起诉", "复议后起诉"]
    assert [c["text"] for c in part4[2]] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ] * 3
    assert [g["head"][0][0]["text"] for g in tables["part2"]] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert [c["text"] for c in tables["part2"][0]["head"][1]] == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert tables["part2"][3]["head"][1][1]["text"] == "本年收费金额（单位：万元）"
