"""The national format of the 政府信息公开工作年度报告 (国办公开办函〔2021〕30号).

Everything the format fixes lives here, once: the six parts, the layout of tables 二,
三 and 四 (rows, columns, merged cells, official labels), the cells a figure sits in,
and the arithmetic checks of table 三. The rows of table 三 and its applicant columns
come from :mod:`requests_app.outcomes`; the figures from :mod:`requests_app.stats` and
:mod:`disclosure.reports.services`.

A report's figures are a flat ``{cell key: value}`` dict (counts as ``int``, amounts as
decimal strings), JSON as it is. :func:`build_tables` lays them out as *grids* — rows of
cells with ``colspan``/``rowspan``, as plain dicts — which the page, the XLSX and the PDF
all render, so the layout is written only here.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from requests_app.models import ReviewCase
from requests_app.outcomes import HEADINGS, ApplicantCategory, Outcome, row

PARTS: dict[int, str] = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}

# -- cells ------------------------------------------------------------------------------

TOTAL = "total"
CATEGORIES: tuple[str, ...] = tuple(ApplicantCategory.values)
#: Table 三's seven figure columns: 自然人, the five 法人或其他组织 columns, 总计.
T3_COLUMNS: tuple[str, ...] = (*CATEGORIES, TOTAL)
OUTCOMES: tuple[str, ...] = tuple(Outcome.values)
CLOSED_TOTAL = "closed"  # （七）总计
#: Table 三's figure rows, top to bottom.
T3_ROWS: tuple[str, ...] = ("new", "carried_in", *OUTCOMES, CLOSED_TOTAL, "carried_out")
T3_TOP_LABELS: dict[str, str] = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "result": "三、本年度办理结果",
    "carried_out": "四、结转下年度继续办理",
}
CLOSED_TOTAL_LABEL = "（七）总计"
T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
COLUMN_LABELS: dict[str, str] = {
    **{c.value: c.label for c in ApplicantCategory},
    TOTAL: "总计",
}


def t3(row_key: str, column: str) -> str:
    return f"t3:{row_key}:{column}"


# Table 二: Art. 20 items (一), (五), (六), (八).
T2_DOCUMENT_ROWS: dict[str, str] = {"rules": "规章", "normative": "行政规范性文件"}
T2_DOCUMENT_COLUMNS: dict[str, str] = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
}
#: Figures staff enter (the portal holds no such records): key -> (model field, label).
T2_ENTERED: dict[str, tuple[str, str]] = {
    "t2:licensing": ("licensing_decisions", "行政许可"),
    "t2:penalty": ("penalty_decisions", "行政处罚"),
    "t2:enforcement": ("enforcement_decisions", "行政强制"),
    "t2:fees": ("administrative_fees", "行政事业性收费"),
}
T2_FEES_KEY = "t2:fees"


def t2(row_key: str, column: str) -> str:
    return f"t2:{row_key}:{column}"


# Table 四.
T4_GROUPS: tuple[tuple[str, str], ...] = (
    (ReviewCase.Kind.REVIEW, "行政复议"),
    (ReviewCase.Kind.LITIGATION, "未经复议直接起诉"),
    (ReviewCase.Kind.LITIGATION_AFTER_REVIEW, "复议后起诉"),
)
T4_RESULTS: tuple[tuple[str, str], ...] = tuple(
    (r.value, r.label) for r in ReviewCase.Result
)  # 结果维持, 结果纠正, 其他结果, 尚未审结; 总计 is their sum


def t4(kind: str, result: str) -> str:
    return f"t4:{kind}:{result}"


# Part 六: the 信息处理费.
FEE_CELLS: dict[str, str] = {
    "fees:notices": "发出收费通知（件）",
    "fees:notices_amount": "收费通知金额（元）",
    "fees:collected_amount": "实际收取信息处理费（元）",
}
#: Amount cells and their decimal places (all other cells are counts).
AMOUNT_PLACES: dict[str, int] = {
    "fees:notices_amount": 2,
    "fees:collected_amount": 2,
    T2_FEES_KEY: 4,  # 万元
}


def _t3_row_label(row_key: str) -> str:
    if row_key in T3_TOP_LABELS:
        return T3_TOP_LABELS[row_key]
    if row_key == CLOSED_TOTAL:
        return f"三、本年度办理结果{CLOSED_TOTAL_LABEL}"
    return f"三、本年度办理结果{Outcome(row_key).label}"


def _cell_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for row_key, row_label in T2_DOCUMENT_ROWS.items():
        for column, column_label in T2_DOCUMENT_COLUMNS.items():
            labels[t2(row_key, column)] = f"表二 {row_label} · {column_label}"
    for row_key in T3_ROWS:
        for column in T3_COLUMNS:
            labels[t3(row_key, column)] = f"表三 {_t3_row_label(row_key)} · {COLUMN_LABELS[column]}"
    for kind, kind_label in T4_GROUPS:
        for result, result_label in T4_RESULTS:
            labels[t4(kind, result)] = f"表四 {kind_label} · {result_label}"
    labels.update({key: f"六、{label}" for key, label in FEE_CELLS.items()})
    return labels


#: Every computed cell, with a label for staff; each may be overridden with a reason.
COMPUTED_CELLS: dict[str, str] = _cell_labels()
#: Cells staff enter themselves (table 二's licensing, penalties, enforcement and fees).
ENTERED_CELLS: dict[str, str] = {key: f"表二 {label}" for key, (_f, label) in T2_ENTERED.items()}


def is_amount(key: str) -> bool:
    return key in AMOUNT_PLACES


def parse_value(key: str, raw) -> int | str:
    """A figure for ``key`` from user input or JSON: a count >= 0 or a decimal amount >= 0."""
    if key not in COMPUTED_CELLS and key not in ENTERED_CELLS:
        raise ValueError(f"未知的统计项：{key}")
    try:
        number = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValueError("请填写数字。") from None
    if not number.is_finite() or number < 0:
        raise ValueError("数值不能为负数。")
    if is_amount(key):
        return str(number.quantize(Decimal(1).scaleb(-AMOUNT_PLACES[key])))
    if number != number.to_integral_value():
        raise ValueError("件数应为整数。")
    return int(number)


def display(value) -> str:
    """A figure as the tables print it (an amount without trailing zeros; empty as —)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        number = Decimal(value)
        text = format(number.normalize(), "f")
        return text
    return str(value)


def numeric(value) -> int | Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(value) if isinstance(value, str) else value


# -- arithmetic checks ------------------------------------------------------------------


def _n(values: dict, key: str) -> int:
    value = values.get(key)
    return int(value) if isinstance(value, int) else 0


def heading_sums(values: dict, column: str) -> dict[str, int]:
    """The sub-items of （三）to（六）summed into their headings, for one column."""
    sums = dict.fromkeys(HEADINGS, 0)
    for outcome in OUTCOMES:
        sums[row(outcome).heading] += _n(values, t3(outcome, column))
    return sums


def checks(values: dict) -> list[dict]:
    """The three arithmetic rules of table 三, each with the cells that break it."""
    results = []

    failures = []
    for column in T3_COLUMNS:
        parts = sum(heading_sums(values, column).values())
        total = _n(values, t3(CLOSED_TOTAL, column))
        if parts != total:
            failures.append(
                f"{COLUMN_LABELS[column]}：（七）总计为{total}，（一）至（六）之和为{parts}"
            )
    results.append(
        {
            "rule": "（七）总计等于（一）至（六）之和（（三）至（六）各小项计入其项）",
            "passed": not failures,
            "failures": failures,
        }
    )

    failures = []
    for column in T3_COLUMNS:
        left = _n(values, t3("new", column)) + _n(values, t3("carried_in", column))
        right = _n(values, t3(CLOSED_TOTAL, column)) + _n(values, t3("carried_out", column))
        if left != right:
            failures.append(
                f"{COLUMN_LABELS[column]}：第一项加第二项为{left}，第三项（七）加第四项为{right}"
            )
    results.append(
        {
            "rule": "第一项加第二项之和，等于第三项（七）总计加第四项之和",
            "passed": not failures,
            "failures": failures,
        }
    )

    failures = []
    for row_key in T3_ROWS:
        parts = sum(_n(values, t3(row_key, c)) for c in CATEGORIES)
        total = _n(values, t3(row_key, TOTAL))
        if parts != total:
            failures.append(
                f"{_t3_row_label(row_key)}：总计为{total}，自然人与法人或其他组织各列之和为{parts}"
            )
    results.append(
        {
            "rule": "总计列等于自然人与法人或其他组织五列之和",
            "passed": not failures,
            "failures": failures,
        }
    )
    return results


# -- grids ------------------------------------------------------------------------------


def _th(text: str, *, colspan: int = 1, rowspan: int = 1, scope: str = "col") -> dict:
    return {"text": text, "colspan": colspan, "rowspan": rowspan, "th": True, "scope": scope}


def _td(key: str, values: dict, overridden) -> dict:
    value = values.get(key)
    return {
        "text": display(value),
        "value": value,
        "key": key,
        "colspan": 1,
        "rowspan": 1,
        "th": False,
        "overridden": key in overridden,
    }


def _grid(grid_id: str, caption: str, columns: int, head, body, widths) -> dict:
    return {
        "id": grid_id,
        "caption": caption,
        "columns": columns,
        "head": head,
        "body": body,
        "widths": widths,  # relative column widths, for the PDF and the spreadsheet
    }


def _part2_grids(values, overridden) -> list[dict]:
    documents = _grid(
        "t2-1",
        "第二十条第（一）项",
        4,
        [
            [_th("第二十条第（一）项", colspan=4, scope="colgroup")],
            [_th("信息内容"), *[_th(label) for label in T2_DOCUMENT_COLUMNS.values()]],
        ],
        [
            [
                _th(label, scope="row"),
                *[_td(t2(row_key, c), values, overridden) for c in T2_DOCUMENT_COLUMNS],
            ]
            for row_key, label in T2_DOCUMENT_ROWS.items()
        ],
        [2, 1, 1, 1],
    )

    def entered(grid_id, item, heading, keys):
        return _grid(
            grid_id,
            item,
            2,
            [[_th(item, colspan=2, scope="colgroup")], [_th("信息内容"), _th(heading)]],
            [[_th(T2_ENTERED[key][1], scope="row"), _td(key, values, overridden)] for key in keys],
            [2, 3],
        )

    return [
        documents,
        entered("t2-5", "第二十条第（五）项", "本年处理决定数量", ["t2:licensing"]),
        entered("t2-6", "第二十条第（六）项", "本年处理决定数量", ["t2:penalty", "t2:enforcement"]),
        entered("t2-8", "第二十条第（八）项", "本年收费金额（单位：万元）", [T2_FEES_KEY]),
    ]


def _part3_grid(values, overridden) -> dict:
    head = [
        [
            _th(T3_CORNER, colspan=3, rowspan=3, scope=""),
            _th("申请人情况", colspan=7, scope="colgroup"),
        ],
        [
            _th(COLUMN_LABELS[ApplicantCategory.PERSON], rowspan=2),
            _th("法人或其他组织", colspan=5, scope="colgroup"),
            _th(COLUMN_LABELS[TOTAL], rowspan=2),
        ],
        [_th(COLUMN_LABELS[c]) for c in CATEGORIES[1:]],
    ]

    def figures(row_key):
        return [_td(t3(row_key, c), values, overridden) for c in T3_COLUMNS]

    body = [
        [_th(T3_TOP_LABELS["new"], colspan=3, scope="row"), *figures("new")],
        [_th(T3_TOP_LABELS["carried_in"], colspan=3, scope="row"), *figures("carried_in")],
    ]
    # 三、本年度办理结果: （一）（二） one row each; （三）to（六） a merged heading over
    # their numbered items; （七）总计.
    result_rows: list[list[dict]] = []
    by_heading: dict[str, list[str]] = {}
    for outcome in OUTCOMES:
        by_heading.setdefault(row(outcome).heading, []).append(outcome)
    for heading, outcomes in by_heading.items():
        first = row(outcomes[0])
        if first.item is None:
            result_rows.append(
                [_th(f"{heading}{first.label}", colspan=2, scope="row"), *figures(outcomes[0])]
            )
            continue
        for index, outcome in enumerate(outcomes):
            item = row(outcome)
            cells = []
            if index == 0:
                cells.append(
                    _th(f"{heading}{HEADINGS[heading]}", rowspan=len(outcomes), scope="rowgroup")
                )
            cells.append(_th(f"{item.item}．{item.label}", scope="row"))
            result_rows.append([*cells, *figures(outcome)])
    result_rows.append([_th(CLOSED_TOTAL_LABEL, colspan=2, scope="row"), *figures(CLOSED_TOTAL)])
    result_rows[0].insert(
        0, _th(T3_TOP_LABELS["result"], rowspan=len(result_rows), scope="rowgroup")
    )
    body += result_rows
    body.append(
        [_th(T3_TOP_LABELS["carried_out"], colspan=3, scope="row"), *figures("carried_out")]
    )
    return _grid("t3", PARTS[3], 10, head, body, [2, 2, 4, 1, 1, 1, 1, 1, 1, 1])


def _t4_total(values, kind) -> int:
    return sum(_n(values, t4(kind, result)) for result, _label in T4_RESULTS)


def _part4_grid(values, overridden) -> dict:
    (_review, review_label), *litigation = T4_GROUPS
    head = [
        [
            _th(review_label, colspan=5, rowspan=2, scope="colgroup"),
            _th("行政诉讼", colspan=10, scope="colgroup"),
        ],
        [_th(label, colspan=5, scope="colgroup") for _kind, label in litigation],
        [_th(label) for _group in T4_GROUPS for label in [*(r[1] for r in T4_RESULTS), "总计"]],
    ]
    cells = []
    for kind, _label in T4_GROUPS:
        cells += [_td(t4(kind, result), values, overridden) for result, _r in T4_RESULTS]
        total = _t4_total(values, kind)
        cells.append(
            {
                "text": str(total),
                "value": total,
                "key": None,
                "colspan": 1,
                "rowspan": 1,
                "th": False,
                "overridden": False,
            }
        )
    return _grid("t4", PARTS[4], 15, head, [cells], [1] * 15)


def fee_rows(values: dict, overridden=()) -> list[dict]:
    return [
        {
            "key": key,
            "label": label,
            "text": display(values.get(key)),
            "overridden": key in overridden,
        }
        for key, label in FEE_CELLS.items()
    ]


def build_tables(values: dict, overridden=()) -> dict:
    """Tables 二, 三, 四 and part 六's fee figures as plain dicts, with the checks."""
    overridden = set(overridden)
    return {
        "part2": _part2_grids(values, overridden),
        "part3": _part3_grid(values, overridden),
        "part4": _part4_grid(values, overridden),
        "fees": fee_rows(values, overridden),
        "checks": checks(values),
    }
