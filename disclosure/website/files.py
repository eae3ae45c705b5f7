"""The 站点体检 and the 政府网站工作年度报表 as files (XLSX; the report also as PDF)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from config.web.pdf import Table, TableCell, document_pdf
from disclosure.website.models import WebsiteReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _day(value) -> str:
    return value.isoformat() if value else "—"


def site_check_xlsx(report) -> bytes:
    """One sheet of verdicts, then one sheet per agency: columns, links, 错敏词, messages."""
    book = Workbook()
    summary = book.active
    summary.title = "体检结论"
    summary.append(["检查日期", report.today.isoformat()])
    summary.append(["首页最新信息日期", _day(report.home_last)])
    summary.append(["全站单项否决", "；".join(report.vetoes) or "未触及"])
    summary.append([])
    summary.append(
        [
            "机关",
            "未按时更新（动态/通知/政策）",
            "应更新未更新",
            "空白栏目",
            "不可用链接",
            "错敏词",
            "超期未回复留言",
            "结论",
        ]
    )
    for cell in summary[5]:
        cell.font = Font(bold=True)
    for agency in report.agencies:
        c = agency.counts
        summary.append(
            [
                agency.organization.name,
                c.key_stale,
                c.all_stale,
                c.empty,
                len(agency.broken_links),
                len(agency.wording),
                len(agency.unanswered),
                "；".join(agency.vetoes) or "通过",
            ]
        )
    for agency in report.agencies:
        sheet = book.create_sheet(agency.organization.short_name or agency.organization.name[:28])
        sheet.append(["栏目", "类型", "更新要求", "最近更新", "应更新日期", "状态"])
        for col in agency.columns:
            sheet.append(
                [
                    col.name,
                    col.kind_label,
                    col.rule,
                    _day(col.last),
                    _day(col.due),
                    col.status_label,
                ]
            )
        sheet.append([])
        sheet.append(["不可用链接", "所在页面", "原因"])
        for row in agency.broken_links:
            sheet.append([row["url"], f"{row['page_title']} {row['page_url']}", row["reason"]])
        sheet.append([])
        sheet.append(["错敏词", "应为", "所在信息", "严重程度"])
        for row in agency.wording:
            sheet.append(
                [row["wrong"], row["right"], row["page_title"], "严重" if row["severe"] else "一般"]
            )
        sheet.append([])
        sheet.append(["超期未回复留言", "收到日期", "已等待（天）"])
        for row in agency.unanswered:
            sheet.append([row["label"], _day(row["received_on"]), row["days"]])
    return _save(book)


def _value(row: dict) -> str:
    value = row["value"]
    return "—" if value is None else str(value)


def report_xlsx(report: WebsiteReport, rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"{report.year}年"
    sheet.append([str(report)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["栏目", "指标", "数值", "说明"])
    for row in rows:
        note = f"人工填报：{row['reason']}" if row["source"] == "entered" else ""
        sheet.append([row["section"], row["label"], _value(row), note])
    for label, value in _signatures(report):
        sheet.append(["", label, value, ""])
    sheet.column_dimensions["B"].width = 44
    sheet.column_dimensions["D"].width = 40
    return _save(book)


def _signatures(report: WebsiteReport) -> list[tuple[str, str]]:
    filled = report.published_on.isoformat() if report.published_on else ""
    return [
        ("单位负责人", report.head),
        ("审核人", report.reviewer),
        ("填报人", report.filler),
        ("联系电话", report.phone),
        ("填报日期", filled),
    ]


def report_pdf(report: WebsiteReport, rows: list[dict]) -> bytes:
    cells = [
        [
            TableCell("栏目", header=True),
            TableCell("指标", header=True),
            TableCell("数值", header=True),
        ]
    ]
    for row in rows:
        value = _value(row) + ("*" if row["source"] == "entered" else "")
        cells.append([TableCell(row["section"]), TableCell(row["label"]), TableCell(value)])
    for label, value in _signatures(report):
        cells.append([TableCell(""), TableCell(label), TableCell(value or "")])
    blocks: list = [Table(rows=cells, widths=(2, 6, 3), header_rows=1)]
    entered = [r for r in rows if r["source"] == "entered"]
    if entered:
        blocks.append(("note", "带*的数据由工作人员填报："))
        blocks += [("note", f"{r['label']}：{r['reason']}") for r in entered]
    return document_pdf(
        str(report), blocks, author=report.organization.name, date=report.published_on
    )
