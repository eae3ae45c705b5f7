"""Letters as A4 PDF files with an embedded Chinese font.

The font is Noto Serif SC Regular (思源宋体, SIL Open Font License 1.1) from the PyPI
package ``pylopdf-fonts-zh-cn``, found through the installed package
(``importlib.resources``), never through a system path, so ``pip install`` is all a
machine needs and every reader sees the same glyphs. fpdf2 embeds only the glyphs a
letter uses (a CFF subset, ``/FontFile3``): a one- or two-page letter is 40-70 KB.
Rendering takes about a second, most of it reading the 11 MB font and subsetting it.

Layout follows GB/T 9704-2012 (党政机关公文格式) where a letter allows it: A4, a
156 mm × 225 mm text block (top 37 mm, left 28 mm), 28 characters a line and 22 lines a
page, the title centered, the number under it, body paragraphs indented two characters
(the salutation, ending with "：", is not), the agency's name centered over the date at
the bottom right with the date four characters from the right edge, the seal's place
(a dashed circle marked 「（印章）」) over them, and "— 1 —" page
numbers 7 mm under the text block. When a tighter line pitch (down to 1.5 lines) saves a
page, it is used (§7.3.5.4), and the signature block always keeps the last line of text
with it. Line breaking follows the usual Chinese rules: no line starts with closing
punctuation or ends with opening punctuation, Latin runs (numbers, tracking numbers,
URLs) stay whole unless longer than a line, and full lines are justified.

The same input gives the same bytes: the PDF's creation date is the letter's date.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import WrapMode
from fpdf.fonts import FontFace

__all__ = [
    "FONT_FILE",
    "FONT_PACKAGE",
    "Table",
    "TableCell",
    "document_pdf",
    "font_path",
    "letter_pdf",
]

# fontTools logs every subsetting step at INFO; one letter is not worth 100 log lines.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

FONT_PACKAGE = "pylopdf_fonts_zh_cn"
FONT_FILE = "NotoSerifSC-Regular.otf"
FONT_FAMILY = "NotoSerifSC"

MM = 72 / 25.4  # points per millimetre; the document unit is the point

PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
MARGIN_TOP, MARGIN_LEFT = 37 * MM, 28 * MM
TEXT_WIDTH, TEXT_HEIGHT = 156 * MM, 225 * MM
MARGIN_RIGHT = PAGE_WIDTH - MARGIN_LEFT - TEXT_WIDTH
TEXT_BOTTOM = MARGIN_TOP + TEXT_HEIGHT

CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
BODY_SIZE = TEXT_WIDTH / CHARS_PER_LINE  # ≈ 15.8 pt, 三号 is 16 pt
LINE_HEIGHT = TEXT_HEIGHT / LINES_PER_PAGE  # ≈ 29 pt
# The pitches tried, loosest first; the tightest is still 1.5 lines.
LINE_PITCHES = (LINE_HEIGHT, 27.0, 25.5, 24.0)
TITLE_SIZE = 22  # 二号
TITLE_LINE_HEIGHT = 34
FOOTER_SIZE = 14  # 四号
FOOTER_GAP = 7 * MM
# The seal's place (GB/T 9704 §7.3.5.1): a 42 mm circle, the size of an agency's seal,
# centered on the signature, the agency's name and the date a little below its center,
# its top within a line of the text. Printed as a light dashed outline with 「（印章）」
# in it, for the office to stamp over.
SEAL_RADIUS = 21 * MM
SEAL_LABEL = "（印章）"
SEAL_LABEL_SIZE = 10.5  # 五号
SEAL_GRAY = 160
# How far the seal's place may reach below the text block: clear of the page number.
SEAL_BOTTOM_ALLOWANCE = FOOTER_GAP - 4

# Chinese line-breaking rules (禁则).
NO_LINE_START = set("，。、；：？！）》」』〕】〉”’…—·%‰,.;:?!)]}")
NO_LINE_END = set("（《「『〔【〈“‘([{")
# Latin runs that must not be broken: numbers, tracking numbers, URLs, e-mail addresses.
_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z@#&+\-_/.:=?~%]*|.", re.DOTALL)


class FontNotFoundError(RuntimeError):
    pass


@functools.cache
def font_path() -> Path:
    """The Chinese font file inside the installed font package."""
    try:
        resource = importlib.resources.files(FONT_PACKAGE) / FONT_FILE
    except ModuleNotFoundError:
        raise FontNotFoundError(
            f"缺少中文字体包 {FONT_PACKAGE}（pip install pylopdf-fonts-zh-cn）"
        ) from None
    path = Path(str(resource))
    if not path.is_file():
        raise FontNotFoundError(f"中文字体包 {FONT_PACKAGE} 中没有 {FONT_FILE}")
    return path


class _LetterPDF(FPDF):
    def footer(self) -> None:
        self.set_font(FONT_FAMILY, size=FOOTER_SIZE)
        self.set_char_spacing(0)
        label = f"— {self.page_no()} —"
        width = self.get_string_width(label)
        self.text((PAGE_WIDTH - width) / 2, TEXT_BOTTOM + FOOTER_GAP + FOOTER_SIZE, label)


def letter_pdf(title: str, text: str, *, agency: str, number: str, date: dt.date | str) -> bytes:
    """An A4 PDF of a letter: ``text`` has one paragraph per line (blank lines ignored)."""
    pdf = _LetterPDF(orientation="portrait", unit="pt", format="A4")
    pdf.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
    pdf.set_auto_page_break(False)
    pdf.add_font(FONT_FAMILY, fname=str(font_path()))
    date_text = date if isinstance(date, str) else _cn_date(date)
    pdf.set_title(title)
    pdf.set_author(agency)
    pdf.set_subject(number)
    pdf.set_creator("政府信息公开平台")
    pdf.set_lang("zh-CN")
    if isinstance(date, dt.date):
        # Same letter, same bytes: the creation date is the letter's date.
        pdf.set_creation_date(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC))

    rows = _layout(pdf, title, text, number=number.strip(), agency=agency.strip(), date=date_text)
    # GB/T 9704 §7.3.5.4: rather than leave a page with next to nothing on it, tighten
    # the line pitch; the loosest pitch that gives the fewest pages wins.
    fewest = len(_paginate(rows, LINE_PITCHES[-1]))
    pitch = next(p for p in LINE_PITCHES if len(_paginate(rows, p)) == fewest)
    for placed in _paginate(rows, pitch):
        pdf.add_page()
        for row, y in placed:
            _draw(pdf, row, y, pitch)
    return bytes(pdf.output())


def _cn_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


@dataclass(frozen=True)
class _Row:
    """One printed line: its text, where it starts, and how it joins its neighbours."""

    text: str
    x: float = MARGIN_LEFT
    width: float = TEXT_WIDTH
    size: float = BODY_SIZE
    justify: bool = False
    height: float | None = None  # None: the body line pitch
    keep_with_next: bool = False  # never the last row of a page
    seal_x: float | None = None  # the center of the seal's place drawn over this row


def _layout(pdf: FPDF, title: str, text: str, *, number: str, agency: str, date: str) -> list[_Row]:
    rows: list[_Row] = []

    pdf.set_font(FONT_FAMILY, size=TITLE_SIZE)
    for line in _break_lines(pdf, title.strip(), TEXT_WIDTH, TEXT_WIDTH):
        rows.append(_centered(pdf, line, TITLE_SIZE, height=TITLE_LINE_HEIGHT, keep=True))
    pdf.set_font(FONT_FAMILY, size=BODY_SIZE)
    if number:
        rows.append(_centered(pdf, number, BODY_SIZE, keep=True))
    rows.append(_Row("", keep_with_next=True))

    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    for index, paragraph in enumerate(paragraphs):
        salutation = index == 0 and paragraph.endswith(("：", ":")) and len(paragraph) <= 40
        indent = 0 if salutation else 2 * BODY_SIZE
        lines = _break_lines(pdf, paragraph, TEXT_WIDTH - indent, TEXT_WIDTH)
        for n, line in enumerate(lines):
            rows.append(
                _Row(
                    line,
                    x=MARGIN_LEFT + (indent if n == 0 else 0),
                    width=TEXT_WIDTH - (indent if n == 0 else 0),
                    justify=n < len(lines) - 1,
                    keep_with_next=salutation,
                )
            )

    # The signature block never stands alone: it keeps the last line of text with it.
    if rows:
        rows[-1] = replace(rows[-1], keep_with_next=True)
    rows.append(_Row("", keep_with_next=True))
    rows.extend(_signature(pdf, agency, date))
    return rows


def _centered(pdf: FPDF, text: str, size: float, *, height=None, keep=False) -> _Row:
    width = pdf.get_string_width(text)
    x = MARGIN_LEFT + (TEXT_WIDTH - width) / 2
    return _Row(text, x=x, size=size, height=height, keep_with_next=keep)


def _signature(pdf: FPDF, agency: str, date: str) -> list[_Row]:
    """Agency centered over the date; the date four characters from the right edge.

    The first row carries the seal's place, centered on the block; it takes the blank
    line above the signature and the bottom margin, so it costs no line
    (:func:`_seal_center`).
    """
    em = BODY_SIZE
    right = MARGIN_LEFT + TEXT_WIDTH
    w_agency, w_date = pdf.get_string_width(agency), pdf.get_string_width(date)
    if w_agency <= w_date + 4 * em:
        date_x = right - 4 * em - w_date
        agency_x = min(max(MARGIN_LEFT, date_x + (w_date - w_agency) / 2), right - w_agency)
    else:  # a long name: two characters from the right, the date centered under it
        agency_x = max(MARGIN_LEFT, right - 2 * em - w_agency)
        date_x = agency_x + (w_agency - w_date) / 2
    if agency:
        center = agency_x + w_agency / 2
    else:
        center = date_x + w_date / 2
    seal_x = min(max(center, MARGIN_LEFT + SEAL_RADIUS), right - SEAL_RADIUS)
    rows = []
    if agency:
        rows.append(_Row(agency, x=agency_x, keep_with_next=bool(date), seal_x=seal_x))
    if date:
        rows.append(_Row(date, x=date_x, seal_x=None if agency else seal_x))
    return rows


def _paginate(rows: list[_Row], pitch: float) -> list[list[tuple[_Row, float]]]:
    """Rows placed on pages as (row, top); rows kept together move to the next page as one."""
    # Group rows that must stay together.
    groups: list[list[_Row]] = []
    for row in rows:
        if groups and groups[-1][-1].keep_with_next:
            groups[-1].append(row)
        else:
            groups.append([row])

    pages: list[list[tuple[_Row, float]]] = [[]]
    y = MARGIN_TOP

    def height(row: _Row) -> float:
        return pitch if row.height is None else row.height

    for group in groups:
        needed = sum(height(row) for row in group)
        if y + needed > TEXT_BOTTOM + 0.5 and pages[-1] and needed <= TEXT_HEIGHT:
            pages.append([])
            y = MARGIN_TOP
        for row in group:
            if y + height(row) > TEXT_BOTTOM + 0.5:
                pages.append([])
                y = MARGIN_TOP
            if not pages[-1] and not row.text:
                continue  # no blank line at the top of a page
            pages[-1].append((row, y))
            y += height(row)
    return [page for page in pages if page]


def _draw(pdf: FPDF, row: _Row, top: float, pitch: float) -> None:
    if not row.text:
        return
    height = pitch if row.height is None else row.height
    if row.seal_x is not None:
        _draw_seal_place(pdf, row.seal_x, _seal_center(top, height))
    pdf.set_font(FONT_FAMILY, size=row.size)
    pdf.set_char_spacing(0)
    if row.justify and len(row.text) > 1:
        slack = row.width - pdf.get_string_width(row.text)
        if 0 < slack < 0.6 * row.size * len(row.text):
            pdf.set_char_spacing(slack / (len(row.text) - 1))
    # Baseline: the glyphs sit centered on the line, as on the 公文 grid.
    pdf.text(row.x, top + (height + row.size * 0.76) / 2, row.text)
    pdf.set_char_spacing(0)


def _seal_center(row_top: float, pitch: float) -> float:
    """Where the seal's place is centered, given the top of the agency's row.

    The agency's name and the date a little below its center, its top about the last
    line of text (GB/T 9704 §7.3.5.1); near the foot of a page it moves up, over the
    text as a stamp would be, rather than push the signature onto a page of its own or
    reach the page number.
    """
    ideal = row_top + 0.8 * pitch
    return min(ideal, TEXT_BOTTOM + SEAL_BOTTOM_ALLOWANCE - SEAL_RADIUS)


def _draw_seal_place(pdf: FPDF, x: float, y: float) -> None:
    """A dashed circle centered on (x, y) with 「（印章）」 in its upper part."""
    pdf.set_draw_color(SEAL_GRAY)
    pdf.set_line_width(0.6)
    pdf.set_dash_pattern(dash=3, gap=2)
    pdf.circle(x, y, SEAL_RADIUS, style="D")  # fpdf2 ≥ 2.8.1: (x, y) is the center
    pdf.set_dash_pattern()
    pdf.set_draw_color(0)
    pdf.set_font(FONT_FAMILY, size=SEAL_LABEL_SIZE)
    pdf.set_char_spacing(0)
    pdf.set_text_color(SEAL_GRAY)
    width = pdf.get_string_width(SEAL_LABEL)
    pdf.text(x - width / 2, y - 0.45 * SEAL_RADIUS, SEAL_LABEL)
    pdf.set_text_color(0)


def _tokens(text: str) -> Iterator[str]:
    yield from _TOKEN.findall(text)


def _break_lines(pdf: FPDF, text: str, first_width: float, width: float) -> list[str]:
    """Greedy Chinese line breaking with 禁则; the first line may be narrower (indent)."""
    pdf.set_char_spacing(0)
    lines: list[list[str]] = []
    current: list[str] = []
    used = 0.0

    def available() -> float:
        return first_width if not lines else width

    def measure(tokens: list[str]) -> float:
        return pdf.get_string_width("".join(tokens))

    pending = list(_tokens(text))
    pending.reverse()
    while pending:
        token = pending.pop()
        token_width = pdf.get_string_width(token)
        if token_width > width and len(token) > 1:
            # A Latin run longer than a whole line: break it anywhere.
            pending.extend(reversed(list(token)))
            continue
        if used + token_width <= available() + 0.01 or not current:
            current.append(token)
            used += token_width
            continue
        carry: list[str] = []
        if token in NO_LINE_START:
            # Push the last character(s) down with the punctuation that cannot lead.
            while current and len(carry) < 3:
                carry.insert(0, current.pop())
                if carry[0] not in NO_LINE_START:
                    break
            if not current:  # nothing left to break at: let the punctuation hang
                current, carry = [*carry, token], []
                used = measure(current)
                continue
        while current and current[-1] in NO_LINE_END:
            carry.insert(0, current.pop())
        if not current:
            current, carry = carry, []
        lines.append(current)
        current = [*carry, token]
        used = measure(current)
    if current:
        lines.append(current)
    return ["".join(line).strip() for line in lines if "".join(line).strip()]


# -- documents with tables (generic; the annual report uses it) --------------------------


@dataclass(frozen=True)
class TableCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass(frozen=True)
class Table:
    """A table with merged cells: ``rows`` hold only the cells that start in each row."""

    rows: list[list[TableCell]]
    widths: tuple[float, ...]  # relative column widths
    header_rows: int = 0  # repeated on each page the table runs onto
    caption: str = ""
    font_size: float = 9


DOC_MARGIN = 20 * MM
# After each block, go back to the left margin on the next line.
_NEXT_LINE = {"new_x": "LMARGIN", "new_y": "NEXT"}
HEADER_FILL = (238, 238, 238)


class _DocumentPDF(FPDF):
    def footer(self) -> None:
        self.set_font(FONT_FAMILY, size=10)
        label = f"— {self.page_no()} —"
        self.text((PAGE_WIDTH - self.get_string_width(label)) / 2, PAGE_HEIGHT - 12 * MM, label)


def document_pdf(
    title: str,
    blocks,
    *,
    author: str,
    date: dt.date | None = None,
    subtitle: str = "",
) -> bytes:
    """An A4 PDF of a titled document: ``blocks`` are ``("heading", text)``,
    ``("paragraph", text)``, ``("note", text)`` or :class:`Table`.

    Same font as the letters (embedded Noto Serif SC); paragraphs are indented two
    characters and wrap anywhere (Chinese has no spaces to break at).
    """

    pdf = _DocumentPDF(orientation="portrait", unit="pt", format="A4")
    pdf.set_margins(DOC_MARGIN, DOC_MARGIN, DOC_MARGIN)
    pdf.set_auto_page_break(True, margin=DOC_MARGIN)
    pdf.add_font(FONT_FAMILY, fname=str(font_path()))
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("政府信息公开平台")
    pdf.set_lang("zh-CN")
    if date is not None:
        pdf.set_creation_date(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC))
    pdf.add_page()
    width = PAGE_WIDTH - 2 * DOC_MARGIN

    pdf.set_font(FONT_FAMILY, size=18)
    pdf.multi_cell(width, 26, title, align="C", wrapmode=WrapMode.CHAR, **_NEXT_LINE)
    if subtitle:
        pdf.set_font(FONT_FAMILY, size=11)
        pdf.multi_cell(width, 18, subtitle, align="C", wrapmode=WrapMode.CHAR, **_NEXT_LINE)
    pdf.ln(8)

    for block in blocks:
        if isinstance(block, Table):
            _draw_table(pdf, block, width, WrapMode.CHAR, FontFace)
            continue
        kind, text = block
        if kind == "heading":
            pdf.ln(4)
            pdf.set_font(FONT_FAMILY, size=14)
            pdf.multi_cell(width, 22, text, wrapmode=WrapMode.CHAR, **_NEXT_LINE)
            pdf.ln(2)
        elif kind == "note":
            pdf.set_font(FONT_FAMILY, size=9)
            pdf.multi_cell(width, 14, text, wrapmode=WrapMode.CHAR, **_NEXT_LINE)
        else:
            pdf.set_font(FONT_FAMILY, size=11)
            for paragraph in (p.strip() for p in text.splitlines()):
                if paragraph:
                    pdf.multi_cell(
                        width, 19, "\u3000\u3000" + paragraph, wrapmode=WrapMode.CHAR, **_NEXT_LINE
                    )
    return bytes(pdf.output())


def _draw_table(pdf: FPDF, table: Table, width: float, wrapmode, FontFace) -> None:
    if table.caption:
        pdf.set_font(FONT_FAMILY, size=11)
        pdf.multi_cell(width, 18, table.caption, align="C", wrapmode=wrapmode, **_NEXT_LINE)
    pdf.set_font(FONT_FAMILY, size=table.font_size)
    with pdf.table(
        width=width,
        col_widths=table.widths,
        line_height=table.font_size * 1.35,
        text_align="CENTER",
        v_align="MIDDLE",
        wrapmode=wrapmode,
        first_row_as_headings=table.header_rows > 0,
        num_heading_rows=max(table.header_rows, 1),
        headings_style=FontFace(emphasis=None, fill_color=HEADER_FILL),
        padding=2,
    ) as out:
        for cells in table.rows:
            row = out.row()
            for cell in cells:
                style = FontFace(fill_color=HEADER_FILL) if cell.header else None
                row.cell(cell.text, colspan=cell.colspan, rowspan=cell.rowspan, style=style)
    pdf.ln(8)
