"""Which attachment files the library accepts, recognized by their content (magic bytes).

The file name is only a hint: an attachment is accepted when its first bytes say it is a
PDF, an OFD (the national 版式文档 standard GB/T 33190, a ZIP with OFD.xml), a Word or
Excel file (OLE2 or OOXML), or a JPEG/PNG image, and its name agrees.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat


@dataclass(frozen=True)
class FileKind:
    kind: str  # PDF, OFD, DOC, DOCX, XLS, XLSX, JPEG, PNG
    mime: str
    size: int


MIME = {
    "PDF": "application/pdf",
    "OFD": "application/ofd",
    "DOC": "application/msword",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "XLS": "application/vnd.ms-excel",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "JPEG": "image/jpeg",
    "PNG": "image/png",
}
EXTENSIONS = {
    "PDF": {"pdf"},
    "OFD": {"ofd"},
    "DOC": {"doc"},
    "DOCX": {"docx"},
    "XLS": {"xls"},
    "XLSX": {"xlsx"},
    "JPEG": {"jpg", "jpeg"},
    "PNG": {"png"},
}
ALLOWED_LABEL = "PDF、OFD、DOC/DOCX、XLS/XLSX、JPG/PNG"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_kind(fileobj) -> str | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    if "OFD.xml" in names:
        return "OFD"
    if any(n.startswith("word/") for n in names):
        return "DOCX"
    if any(n.startswith("xl/") for n in names):
        return "XLSX"
    return None


def detect(fileobj, name: str) -> str | None:
    """The kind of file by its content (the extension only tells DOC from XLS), or None."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(_OLE2):
        # Both legacy Office formats are OLE2 compound files.
        return {"doc": "DOC", "xls": "XLS"}.get(extension)
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(fileobj)
        fileobj.seek(0)
        return kind
    return None


def check_upload(upload, *, max_bytes: int) -> FileKind:
    """Validate an uploaded attachment; raise ValidationError in Chinese if it is refused."""
    size = upload.size
    if size > max_bytes:
        raise ValidationError(
            "附件过大：%(size)s，上限为 %(limit)s。",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    name = upload.name or ""
    kind = detect(upload, name)
    if kind is None:
        raise ValidationError(
            "不支持的附件类型（按文件内容判断）。只接受 %(allowed)s。",
            params={"allowed": ALLOWED_LABEL},
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS[kind]:
        raise ValidationError(
            "文件扩展名「.%(ext)s」与文件内容（%(kind)s）不符。",
            params={"ext": extension, "kind": kind},
        )
    return FileKind(kind=kind, mime=MIME[kind], size=size)
