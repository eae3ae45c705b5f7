"""The figures as an XLSX download (openpyxl)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

HEADERS = [
    "机关",
    "收到留言",
    "办结留言",
    "答复率（%）",
    "平均办理时间（工作日）",
    "平均办理时间（自然日）",
    "公开答复数",
    "评价数",
    "满意率（%）",
]


def _cell(value):
    return "" if value is None else float(value) if not isinstance(value, int) else value


def figures_workbook(rows, period: str) -> bytes:
    """One sheet: a row per agency, then the total."""
    book = Workbook()
    sheet = book.active
    sheet.title = "网上留言办理情况"
    sheet.append([f"网上留言办理情况（{period}）"])
    sheet.append(HEADERS)
    for row in rows:
        name = row.organization.name if row.organization is not None else "合计"
        sheet.append(
            [
                name,
                row.received,
                row.closed,
                _cell(row.answer_rate),
                _cell(row.average_working_days),
                _cell(row.average_calendar_days),
                row.published,
                row.rated,
                _cell(row.satisfaction),
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
