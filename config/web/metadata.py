"""Hidden metadata removed from public files before they are published.

Staff publish files made on their own computers: a photo carries EXIF (camera, time, GPS
position), a Word file its author, the last editor, the company, the people who commented
or changed it, a PDF the author and the program. None of that is the information being
disclosed, and some of it is personal data of staff. :func:`strip_metadata` removes it,
losslessly: images are not re-encoded (the markers and chunks are dropped, the image data
is copied byte for byte), office files keep every part but the metadata ones.

What cannot be cleaned without changing the content is refused with a Chinese message
telling staff what to do: Word files with tracked changes or comments, workbooks with
comments or a shared-workbook revision log, legacy DOC/XLS (OLE2 files keep deleted text
and authors in places no tool here can clean reliably), encrypted or signed PDFs (a new
file would break the signature) and OFD files whose signature covers ``OFD.xml``.

A file with nothing to remove is returned unchanged (the same bytes), so cleaning a file
twice, or importing one exported by another portal that cleans, changes nothing.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib

from django.core.exceptions import ValidationError
from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError, PyPdfError

# An archive (DOCX, XLSX, OFD) is read part by part; these bound what a crafted one
# (a "zip bomb") can make us decompress or parse.
ZIP_MAX_UNCOMPRESSED = 1024 * 1024 * 1024
XML_PART_MAX_BYTES = 128 * 1024 * 1024

LEGACY_OFFICE_MESSAGE = (
    "旧版 Word/Excel 文件（DOC/XLS）无法可靠清除其中的作者、修订等隐藏信息，"
    "请另存为 DOCX/XLSX 或 PDF 后上传。"
)


def strip_metadata(data: bytes, kind: str) -> bytes:
    """``data`` without its hidden metadata (``kind`` as ``config.web.filetypes`` names it).

    Raises ValidationError (Chinese) when the file cannot be cleaned without changing its
    content, or is damaged.
    """
    if kind in ("DOC", "XLS"):
        raise ValidationError(LEGACY_OFFICE_MESSAGE, code="legacy_office")
    cleaner = _CLEANERS.get(kind)
    if cleaner is None:
        raise ValueError(f"no metadata cleaner for {kind!r}")
    cleaned = cleaner(data)
    return data if cleaned == data else cleaned


def _damaged(kind: str) -> ValidationError:
    return ValidationError(
        "%(kind)s 文件已损坏或结构不完整，无法处理，请重新导出后上传。",
        params={"kind": kind},
        code="damaged",
    )


# -- images -------------------------------------------------------------------------------

_ORIENTATION_TAG = 0x0112


def _exif_orientation(tiff: bytes) -> int | None:
    """The Orientation tag of an EXIF (TIFF) block's first IFD, or None."""
    try:
        order = {b"II": "<", b"MM": ">"}[tiff[:2]]
        (offset,) = struct.unpack(order + "I", tiff[4:8])
        (count,) = struct.unpack(order + "H", tiff[offset : offset + 2])
        for n in range(count):
            entry = tiff[offset + 2 + 12 * n : offset + 14 + 12 * n]
            tag, kind, _count = struct.unpack(order + "HHI", entry[:8])
            if tag == _ORIENTATION_TAG and kind == 3:
                (value,) = struct.unpack(order + "H", entry[8:10])
                return value if 1 <= value <= 8 else None
    except (KeyError, struct.error, IndexError):
        return None
    return None


def _minimal_exif(orientation: int) -> bytes:
    """A TIFF block holding the Orientation tag only: photos taken on their side keep
    being shown upright, and nothing else of the camera's EXIF survives."""
    entry = struct.pack(">HHIH2x", _ORIENTATION_TAG, 3, 1, orientation)
    return b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) + entry + b"\x00" * 4


# JPEG markers kept as they are: everything but APPn and COM, plus the APPn the picture
# needs to look the same (JFIF, the ICC colour profile, Adobe's colour transform).
_APP0, _APP2, _APP14, _COM, _SOS, _EOI = 0xE0, 0xE2, 0xEE, 0xFE, 0xDA, 0xD9


def _keep_jpeg_segment(marker: int, payload: bytes) -> bool:
    if marker == _APP0:
        return True
    if marker == _APP2:
        return payload.startswith(b"ICC_PROFILE\x00")
    if marker == _APP14:
        return payload.startswith(b"Adobe")
    return not (0xE0 <= marker <= 0xEF or marker == _COM)


def _entropy_end(data: bytes, pos: int) -> int:
    """Where the entropy-coded data after an SOS header ends (the next real marker)."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            raise _damaged("JPEG")
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            pos += 1  # stuffed byte, restart marker or fill byte: still image data
            continue
        return pos


def _strip_jpeg(data: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        raise _damaged("JPEG")
    out: list[bytes] = [b"\xff\xd8"]
    insert_at = 1  # where a minimal EXIF goes: after SOI and a leading APP0
    orientation = None
    pos, size = 2, len(data)
    while True:
        if pos >= size or data[pos] != 0xFF:
            raise _damaged("JPEG")
        while pos < size and data[pos] == 0xFF:
            pos += 1
        if pos >= size:
            raise _damaged("JPEG")
        marker = data[pos]
        pos += 1
        if marker == _EOI:
            out.append(b"\xff\xd9")  # anything after the image is dropped
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out.append(bytes((0xFF, marker)))
            continue
        if pos + 2 > size:
            raise _damaged("JPEG")
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2 or pos + length > size:
            raise _damaged("JPEG")
        payload = data[pos + 2 : pos + length]
        segment = data[pos - 2 : pos + length]
        pos += length
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00") and orientation is None:
            orientation = _exif_orientation(payload[6:])
        if _keep_jpeg_segment(marker, payload):
            out.append(segment)
            if marker == _APP0 and len(out) == 2:
                insert_at = 2
        if marker == _SOS:
            end = _entropy_end(data, pos)
            out.append(data[pos:end])
            pos = end
    if orientation and orientation != 1:
        tiff = b"Exif\x00\x00" + _minimal_exif(orientation)
        out.insert(insert_at, b"\xff\xe1" + struct.pack(">H", len(tiff) + 2) + tiff)
    return b"".join(out)


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Text chunks (author, software, comments, XMP), EXIF and the last-modified time.
_PNG_DROPPED = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _strip_png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        raise _damaged("PNG")
    out = [_PNG_SIGNATURE]
    pos, size = len(_PNG_SIGNATURE), len(data)
    while True:
        if pos + 8 > size:
            raise _damaged("PNG")
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > size:
            raise _damaged("PNG")
        if kind == b"eXIf":
            orientation = _exif_orientation(data[pos + 8 : pos + 8 + length])
            if orientation and orientation != 1:
                out.append(_png_chunk(b"eXIf", _minimal_exif(orientation)))
        elif kind not in _PNG_DROPPED:
            out.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            return b"".join(out)  # anything after the image is dropped


# -- PDF ----------------------------------------------------------------------------------


def _pdf_is_signed(reader) -> bool:
    root = reader.trailer["/Root"]
    if "/Perms" in root:
        return True
    form = root.get("/AcroForm")
    if form is None:
        return False
    form = form.get_object()
    if int(form.get("/SigFlags", 0)) & 1:
        return True
    for field in form.get("/Fields", []):
        field = field.get_object()
        if field.get("/FT") == "/Sig" and field.get("/V") is not None:
            return True
    return False


def _strip_pdf(data: bytes) -> bytes:

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                "PDF 文件已加密或设有打开密码，无法检查和清除其中的隐藏信息，"
                "请取消加密后重新上传。",
                code="encrypted",
            )
        if _pdf_is_signed(reader):
            raise ValidationError(
                "PDF 文件带有电子签名（签章），清除作者等隐藏信息会使签名失效。"
                "请在签章前清除文档属性中的作者等信息后重新生成，或上传未签章的版本。",
                code="signed",
            )
        root = reader.trailer["/Root"]
        pages = list(reader.pages)
        info = reader.trailer.get("/Info")
        dirty = (
            bool(info is not None and len(info.get_object()))
            or "/Metadata" in root
            or "/PieceInfo" in root
            or any("/Metadata" in page or "/PieceInfo" in page for page in pages)
            # An incremental update keeps the earlier revision, metadata included.
            or data.count(b"%%EOF") > 1
        )
        if not dirty:
            return data
        # Removed from what is read, so the copy never reaches them (the writer writes
        # every object it has, referenced or not).
        for owner in (root, *pages):
            for name in ("/Metadata", "/PieceInfo"):
                if name in owner:
                    del owner[name]
        if "/Info" in reader.trailer:
            del reader.trailer["/Info"]
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        out = io.BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except (PyPdfError, PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _damaged("PDF") from exc
    return out.getvalue()


# -- archives: OOXML (DOCX, XLSX) and OFD -------------------------------------------------

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
OFD = "http://www.ofdspec.org/2016"
X15AC = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

EMPTY_CORE_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
    b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)

# Word's revision marks: inserted, deleted and moved text, changed formatting.
TRACKED_CHANGES = {
    f"{{{W}}}{name}"
    for name in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblGridChange",
        "trPrChange",
        "tcPrChange",
        "numberingChange",
        "cellIns",
        "cellDel",
        "cellMerge",
    )
}
TRACKED_CHANGES_MESSAGE = (
    "Word 文件仍含修订记录（修订人和被修改、删除的内容）。请在 Word 中「审阅」→"
    "「接受所有修订」（或「拒绝所有修订」），删除全部批注，保存后重新上传。"
)
COMMENTS_MESSAGE = (
    "Word 文件含批注（批注人和批注内容）。请在 Word 中「审阅」→「删除文档中的所有批注」，"
    "并接受或拒绝所有修订，保存后重新上传。"
)
SHEET_COMMENTS_MESSAGE = "Excel 工作簿含批注（批注人和批注内容）。请删除全部批注后保存，重新上传。"
SHEET_REVISIONS_MESSAGE = (
    "Excel 工作簿含共享工作簿的修订记录。请取消共享（停止跟踪修订）后保存，重新上传。"
)


class _Archive:
    """The parts of a ZIP package, read lazily and bounded; changes kept until written."""

    def __init__(self, data: bytes, kind: str):
        self.kind = kind
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise _damaged(kind) from exc
        if sum(info.file_size for info in self.infos) > ZIP_MAX_UNCOMPRESSED:
            raise _damaged(kind)
        self.names = {info.filename for info in self.infos}
        self.replaced: dict[str, bytes] = {}
        self.removed: set[str] = set()

    def read(self, name: str) -> bytes:
        if name in self.replaced:
            return self.replaced[name]
        try:
            with self.zip.open(name) as handle:
                data = handle.read(XML_PART_MAX_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise _damaged(self.kind) from exc
        if len(data) > XML_PART_MAX_BYTES:
            raise _damaged(self.kind)
        return data

    def xml(self, name: str):
        try:
            return etree.fromstring(self.read(name), _XML_PARSER)
        except etree.XMLSyntaxError as exc:
            raise _damaged(self.kind) from exc

    def replace_xml(self, name: str, root) -> None:
        self.replaced[name] = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )

    def remove_part(self, name: str) -> None:
        """Drop a part with the relationships pointing at it and its content type."""
        if name not in self.names:
            return
        self.removed.add(name)
        for rels in [n for n in self.names if n.endswith(".rels") and n not in self.removed]:
            root = self.xml(rels)
            base = posixpath.dirname(posixpath.dirname(rels))
            changed = False
            for rel in root.findall(f"{{{REL}}}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target", "")
                resolved = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(base, target))
                )
                if resolved == name:
                    root.remove(rel)
                    changed = True
            if changed:
                self.replace_xml(rels, root)
        if "[Content_Types].xml" in self.names:
            root = self.xml("[Content_Types].xml")
            for override in root.findall(f"{{{CT}}}Override"):
                if override.get("PartName", "").lstrip("/") == name:
                    root.remove(override)
                    self.replace_xml("[Content_Types].xml", root)

    def write(self) -> bytes:
        if not self.replaced and not self.removed:
            return b""
        out = io.BytesIO()
        budget = ZIP_MAX_UNCOMPRESSED
        try:
            with zipfile.ZipFile(out, "w") as target:
                for info in self.infos:
                    if info.filename in self.removed:
                        continue
                    copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                    copy.compress_type = info.compress_type
                    copy.external_attr = info.external_attr
                    if info.filename in self.replaced:
                        target.writestr(copy, self.replaced[info.filename])
                        continue
                    copy.file_size = info.file_size
                    with self.zip.open(info) as source, target.open(copy, "w") as sink:
                        for chunk in iter(lambda: source.read(1 << 16), b""):
                            budget -= len(chunk)
                            if budget < 0:
                                raise _damaged(self.kind)
                            sink.write(chunk)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise _damaged(self.kind) from exc
        return out.getvalue()


def _clean_core_and_app(archive: _Archive) -> None:
    core = "docProps/core.xml"
    if core in archive.names and len(archive.xml(core)):
        archive.replaced[core] = EMPTY_CORE_PROPERTIES
    app = "docProps/app.xml"
    if app in archive.names:
        root = archive.xml(app)
        changed = False
        for name in ("Company", "Manager", "HyperlinkBase"):
            for element in root.findall(f"{{{EP}}}{name}"):
                if element.text:
                    element.text = None
                    changed = True
        if changed:
            archive.replace_xml(app, root)
    archive.remove_part("docProps/custom.xml")


def _word_parts(archive: _Archive) -> list[str]:
    return sorted(
        n
        for n in archive.names
        if n.startswith("word/") and n.endswith(".xml") and "/_rels/" not in n
    )


def _clean_docx(archive: _Archive) -> None:
    for name in _word_parts(archive):
        root = archive.xml(name)
        if name == "word/comments.xml" and root.find(f".//{{{W}}}comment") is not None:
            raise ValidationError(COMMENTS_MESSAGE, code="comments")
        changed = False
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag in TRACKED_CHANGES:
                raise ValidationError(TRACKED_CHANGES_MESSAGE, code="tracked_changes")
            # Revision-save ids tie every paragraph to an editing session.
            for attribute in [a for a in element.attrib if a.startswith(f"{{{W}}}rsid")]:
                del element.attrib[attribute]
                changed = True
        # The list of those sessions (settings.xml) and a style's own (styles.xml).
        for element in [*root.iter(f"{{{W}}}rsids"), *root.iter(f"{{{W}}}rsid")]:
            element.getparent().remove(element)
            changed = True
        if changed:
            archive.replace_xml(name, root)
    archive.remove_part("word/people.xml")


def _clean_xlsx(archive: _Archive) -> None:
    for name in sorted(archive.names):
        if name.startswith("xl/revisions/"):
            raise ValidationError(SHEET_REVISIONS_MESSAGE, code="revisions")
        lower = name.lower()
        # Excel writes xl/comments1.xml, others xl/comments/comment1.xml; threaded
        # comments (Excel 365) live in xl/threadedComments/.
        if (
            lower.startswith("xl/")
            and lower.endswith(".xml")
            and (posixpath.basename(lower).startswith("comment") or "/threadedcomments/" in lower)
        ):
            root = archive.xml(name)
            names = {etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)}
            if names & {"comment", "threadedComment"}:
                raise ValidationError(SHEET_COMMENTS_MESSAGE, code="comments")
    workbook = "xl/workbook.xml"
    if workbook in archive.names:
        # Excel writes the folder the file was saved in (C:\Users\<name>\...).
        root = archive.xml(workbook)
        paths = list(root.iter(f"{{{X15AC}}}absPath"))
        for element in paths:
            parent = element.getparent()
            parent.remove(element)
            choice = parent
            if etree.QName(choice).namespace == MC and not len(choice):
                holder = choice.getparent()
                holder.remove(choice)
                if etree.QName(holder).namespace == MC and not len(holder):
                    holder.getparent().remove(holder)
        if paths:
            archive.replace_xml(workbook, root)
    for name in sorted(archive.names):
        if name.startswith("xl/persons/") and name.endswith(".xml"):
            archive.remove_part(name)


def _strip_ooxml(kind: str):
    def clean(data: bytes) -> bytes:
        archive = _Archive(data, kind)
        _clean_core_and_app(archive)
        if kind == "DOCX":
            _clean_docx(archive)
        else:
            _clean_xlsx(archive)
        return archive.write() or data

    return clean


# DocInfo fields naming people or the program, or free text about the file (GB/T 33190).
_OFD_DROPPED = {"Title", "Author", "Subject", "Abstract", "Keywords", "Creator"}
_OFD_DROPPED |= {"CreatorVersion", "CustomDatas"}


def _ofd_signed_parts(archive: _Archive) -> set[str]:
    signed: set[str] = set()
    for name in archive.names:
        if posixpath.basename(name).lower() != "signature.xml":
            continue
        for reference in archive.xml(name).iter(f"{{{OFD}}}Reference"):
            signed.add(reference.get("FileRef", "").lstrip("/"))
    return signed


def _strip_ofd(data: bytes) -> bytes:
    archive = _Archive(data, "OFD")
    if "OFD.xml" not in archive.names:
        raise _damaged("OFD")
    root = archive.xml("OFD.xml")
    dropped = [
        element
        for info in root.iter(f"{{{OFD}}}DocInfo")
        for element in info
        if isinstance(element.tag, str) and etree.QName(element).localname in _OFD_DROPPED
    ]
    if not dropped:
        return data
    if "OFD.xml" in _ofd_signed_parts(archive):
        raise ValidationError(
            "OFD 文件的电子签章覆盖文档属性，清除作者等隐藏信息会使签章失效。"
            "请在签章前清除文档属性中的作者等信息后重新生成，或上传未签章的版本。",
            code="signed",
        )
    for element in dropped:
        element.getparent().remove(element)
    archive.replace_xml("OFD.xml", root)
    return archive.write()


_CLEANERS = {
    "JPEG": _strip_jpeg,
    "PNG": _strip_png,
    "PDF": _strip_pdf,
    "DOCX": _strip_ooxml("DOCX"),
    "XLSX": _strip_ooxml("XLSX"),
    "OFD": _strip_ofd,
}
