"""A 年度报告 as XLSX and PDF files, from the same grids the page shows.

The layout (rows, columns, merged cells) comes only from
:func:`disclosure.reports.national_format.build_tables`; these functions only draw it.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from config.web.pdf import Table, TableCell, document_pdf
from disclosure.reports import national_format as fmt
from disclosure.reports.models import AnnualReport
from disclosure.reports.services import ReportData

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)


def filename(report: AnnualReport, extension: str) -> str:
    return f"{report.organization.slug}-{report.year}-nianbao.{extension}"


def _written_parts(report: AnnualReport) -> dict[int, list[tuple[str, str]]]:
    return {
        1: [("", report.overview)],
        5: [
            ("（一）上年度存在问题的改进情况", report.improvements),
            ("（二）本年度存在的主要问题及改进措施", report.problems),
        ],
        6: [("", report.other_matters)],
    }


def fee_sentence(data: ReportData) -> str:
    v = data.values
    return (
        f"本年度发出信息处理费收费通知{fmt.display(v.get('fees:notices'))}件，"
        f"金额{fmt.display(v.get('fees:notices_amount'))}元；"
        f"实际收取信息处理费{fmt.display(v.get('fees:collected_amount'))}元。"
    )


def override_lines(data: ReportData) -> list[str]:
    return [
        f"{o['label']}：系统统计值{o['computed']}，修正为{o['value']}。理由：{o['reason']}"
        for o in data.overrides
    ]


# -- XLSX -------------------------------------------------------------------------------


def _write_grid(ws, grid: dict, top: int) -> int:
    """Write a grid from row ``top``; returns the next free row."""
    occupied: set[tuple[int, int]] = set()
    r = top
    for kind, rows in (("head", grid["head"]), ("body", grid["body"])):
        for cells in rows:
            c = 1
            for cell in cells:
                while (r, c) in occupied:
                    c += 1
                value = cell.get("value") if not cell["th"] else cell["text"]
                if isinstance(value, str) and not cell["th"]:
                    value = Decimal(value)
                target = ws.cell(row=r, column=c, value=cell["text"] if value is None else value)
                for dr in range(cell["rowspan"]):
                    for dc in range(cell["colspan"]):
                        occupied.add((r + dr, c + dc))
                        ws.cell(row=r + dr, column=c + dc).border = BORDER
                if cell["rowspan"] > 1 or cell["colspan"] > 1:
                    ws.merge_cells(
                        start_row=r,
                        start_column=c,
                        end_row=r + cell["rowspan"] - 1,
                        end_column=c + cell["colspan"] - 1,
                    )
                target.alignment = CENTER
                if cell["th"]:
                    target.fill = HEADER_FILL
                    target.font = Font(bold=kind == "head")
                elif cell.get("overridden"):
                    target.font = Font(italic=True)
                c += cell["colspan"]
            r += 1
    return r + 1


def _text_rows(ws, top: int, texts: list[str], columns: int = 10) -> int:
    for text in texts:
        ws.cell(row=top, column=1, value=text).alignment = LEFT
        ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=columns)
        lines = max(1, len(text) // 45 + text.count("\n") + 1)
        ws.row_dimensions[top].height = 15 * lines
        top += 1
    return top


def xlsx(report: AnnualReport, data: ReportData) -> bytes:
    """The report as a workbook: the text, and each table on its own sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "年度报告"
    ws.cell(row=1, column=1, value=report.title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=10)
    r = 3
    written = _written_parts(report)
    for number, heading in fmt.PARTS.items():
        ws.cell(row=r, column=1, value=heading).font = Font(bold=True)
        r += 1
        if number in written:
            texts = [f"{sub}\n{text}" if sub else text for sub, text in written[number]]
            if number == 6:
                texts.insert(0, fee_sentence(data))
            r = _text_rows(ws, r, texts)
        else:
            r = _text_rows(ws, r, ["见同名工作表。"])
        r += 1
    if data.overrides:
        ws.cell(row=r, column=1, value="统计数据修正说明").font = Font(bold=True)
        r = _text_rows(ws, r + 1, override_lines(data))
    for column in range(1, 11):
        ws.column_dimensions[get_column_letter(column)].width = 12

    sheets = [
        ("二、主动公开", data.tables["part2"]),
        ("三、依申请公开", [data.tables["part3"]]),
        ("四、复议诉讼", [data.tables["part4"]]),
    ]
    for title, grids in sheets:
        sheet = wb.create_sheet(title)
        row = 1
        for grid in grids:
            row = _write_grid(sheet, grid, row)
        widest = max(g["columns"] for g in grids)
        weights = next(g for g in grids if g["columns"] == widest)["widths"]
        for index, weight in enumerate(weights, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 9 * weight
        if title.startswith("三"):
            for check in data.tables["checks"]:
                mark = "成立" if check["passed"] else "不成立：" + "；".join(check["failures"])
                sheet.cell(row=row, column=1, value=f"勾稽关系 {check['rule']}：{mark}")
                row += 1

    fees = wb.create_sheet("六、信息处理费")
    for index, item in enumerate(data.tables["fees"], start=1):
        fees.cell(row=index, column=1, value=item["label"]).border = BORDER
        value = data.values.get(item["key"])
        cell = fees.cell(
            row=index, column=2, value=Decimal(value) if isinstance(value, str) else value
        )
        cell.border = BORDER
    fees.column_dimensions["A"].width = 30

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- PDF --------------------------------------------------------------------------------


def _pdf_table(grid: dict, font_size: float) -> Table:
    rows = [
        [
            TableCell(
                cell["text"] + ("*" if cell.get("overridden") else ""),
                colspan=cell["colspan"],
                rowspan=cell["rowspan"],
                header=cell["th"],
            )
            for cell in cells
        ]
        for cells in [*grid["head"], *grid["body"]]
    ]
    return Table(
        rows=rows,
        widths=tuple(grid["widths"]),
        header_rows=len(grid["head"]),
        font_size=font_size,
    )


def pdf(report: AnnualReport, data: ReportData) -> bytes:
    """The report as an A4 PDF, tables in the national layout."""
    blocks: list = []
    written = _written_parts(report)
    for number, heading in fmt.PARTS.items():
        blocks.append(("heading", heading))
        if number == 2:
            blocks += [_pdf_table(grid, 10) for grid in data.tables["part2"]]
        elif number == 3:
            blocks.append(_pdf_table(data.tables["part3"], 8))
        elif number == 4:
            blocks.append(_pdf_table(data.tables["part4"], 7.5))
        if number == 6:
            blocks.append(("paragraph", fee_sentence(data)))
        for sub, text in written.get(number, []):
            if sub:
                blocks.append(("paragraph", sub))
            blocks.append(("paragraph", text))
    if data.overrides:
        blocks.append(("note", "带*的数据经人工修正："))
        blocks += [("note", line) for line in override_lines(data)]
    scope = "（含本级政府所属各部门）" if report.includes_departments else ""
    subtitle = f"{report.organization.name}{scope}"
    if report.published_on:
        day = report.published_on
        subtitle += f" · {day.year}年{day.month}月{day.day}日公布"
    return document_pdf(
        report.title,
        blocks,
        author=report.organization.name,
        date=report.published_on,
        subtitle=subtitle,
    )
