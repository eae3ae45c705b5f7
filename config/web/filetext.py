"""The text of a file (txt, html, docx, pdf), for the personal-data check and the
metadata extractor: one reader per file type, chosen by suffix."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import docx
from docx.table import Table
from pypdf import PdfReader


class UnsupportedFileType(ValueError):
    """``read_text`` was given a file type it cannot read."""


def read_text(path: str | Path) -> str:
    """The plain text of a .txt/.md, .html/.htm/.shtml, .docx or .pdf file, line by line."""
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFileType(
            f"不支持的文件类型「{path.suffix or path.name}」："
            "只能读取 txt、md、html（htm、shtml）、docx 和 pdf 文件。"
        )
    return reader(path)


def _decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), falling back to GB18030 (a superset of GBK)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _read_plain(path: Path) -> str:
    return _decode(path.read_bytes())


# Markdown marks that are layout, not text: heading hashes, emphasis, table pipes and rules.
_MARKDOWN = re.compile(r"^\s{0,3}#{1,6}\s+|\*\*|__|^\s*\|?\s*:?-{3,}.*$|^\s*>\s?", re.MULTILINE)


def _read_markdown(path: Path) -> str:
    text = _MARKDOWN.sub("", _decode(path.read_bytes()))
    # A table row | 索引号 | X | 主题分类 | Y | reads as cells separated by spaces.
    return "\n".join(line.strip().strip("|").replace("|", "  ") for line in text.splitlines())


def _read_html(path: Path) -> str:
    return html_to_text(_decode(path.read_bytes()))


def _read_docx(path: Path) -> str:

    lines: list[str] = []
    for block in docx.Document(str(path)).iter_inner_content():
        if isinstance(block, Table):
            lines.extend("\t".join(cell.text for cell in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _read_pdf(path: Path) -> str:
    # Some fonts' two-byte codes come out with a NUL before each character (our own
    # letters' embedded CFF font among them); a NUL is never text.
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return text.replace("\x00", "")


_READERS = {
    ".txt": _read_plain,
    ".text": _read_plain,
    ".html": _read_html,
    ".htm": _read_html,
    ".shtml": _read_html,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}


class _HTMLText(HTMLParser):
    """Collects the visible text of an HTML page, one line per block element."""

    # Elements whose content is never visible text.
    SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe"})
    # Elements that start and end a line.
    BLOCKS = frozenset(
        {
            "address", "article", "aside", "blockquote", "body", "dd", "div", "dl", "dt",
            "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
            "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
            "table", "tbody", "thead", "tfoot", "tr", "ul",
        }
    )  # fmt: skip
    # Elements that separate text on the same line.
    CELLS = frozenset({"td", "th"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIPPED:
            self.skip_depth += 1
        elif tag == "br" or tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in self.CELLS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in self.CELLS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            # Whitespace in HTML source (including line breaks) is insignificant.
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page: tags, scripts and styles dropped, one line per block."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    lines = (re.sub(" {2,}", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
