"""Which public files the portal accepts, recognized by their content (magic bytes).

The file name is only a hint: an attachment is accepted when its first bytes say it is a
PDF, an OFD (the national 版式文档 standard GB/T 33190, a ZIP with OFD.xml), a Word or
Excel file (OOXML), or a JPEG/PNG image, and its name agrees.

:func:`accept_public_upload` is the one gate for every file that will be published
(documents' attachments, interpretations' images, consultations' materials, files
received by ``disclosure.opendata.exchange``): type by content, size, then the hidden metadata
removed by ``config.web.metadata``. Models call it through :func:`clean_public_file`.
Applicants' private files (``config.web.filetypes.check_supporting_file``) are checked for
type and size only: they are never published.

How public files are served lives here too (:data:`INLINE_EXTENSIONS`): nginx
(``deploy/nginx-portal.conf``), the DEBUG media view (``config/media.py``) and the S3
storage (``disclosure/storage.py``) send everything else as a download.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat

from config.web.metadata import strip_metadata


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
ALLOWED_LABEL = "PDF、OFD、DOCX、XLSX、JPG/PNG"

# The admin's hint under every public file field.
PUBLIC_UPLOAD_HELP = (
    "PDF、OFD、DOCX、XLSX、JPG 或 PNG（按文件内容判断）。上传时自动清除作者、单位、"
    "拍摄地点等隐藏信息；含修订或批注的 Word 文件须先接受所有修订、删除批注。"
    "发布前文件不公开，仅本机关工作人员可下载；发布后以随机文件名公开，撤回时立即删除公开文件。"
)

# Opened in the browser: images, PDF and the interpretations' audio and video (played by
# the page's <audio>/<video> elements; a browser never runs them as code). Everything else
# (DOCX, XLSX, OFD, and any file a future format adds) is sent as a download
# (Content-Disposition: attachment), so nothing uploaded is ever rendered as a page.
INLINE_EXTENSIONS = frozenset(
    {"pdf", "jpg", "jpeg", "png", "gif", "webp", "mp3", "m4a", "wav", "mp4", "webm"}
)


def is_inline(name: str) -> bool:
    """Whether a public file of this name is shown in the browser rather than downloaded."""
    return file_extension(name) in INLINE_EXTENSIONS


def file_extension(name: str) -> str:
    base = posixpath.basename(name or "")
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def safe_upload_name(filename: str) -> str:
    """The stored name of an uploaded file: its own readable name, without any folder, with
    one lower-case extension (``办法.v2.PHP.pdf`` → ``办法_v2_PHP.pdf``), so no server can
    treat an inner extension as a script and no name can leave the upload folder."""
    base = unicodedata.normalize("NFKC", posixpath.basename(filename.replace("\\", "/")))
    stem, _, extension = base.rpartition(".") if "." in base else (base, "", "")
    stem = re.sub(r"[^\w-]+", "_", stem, flags=re.UNICODE).strip("_.-")[:80] or "file"
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:10]
    return f"{stem}.{extension}" if extension else stem


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


def check_size(size: int, max_bytes: int) -> None:
    """The size limit of uploads, in one message: ValidationError (Chinese) when over."""
    if size > max_bytes:
        raise ValidationError(
            "文件过大：%(size)s，上限为 %(limit)s。",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="too_big",
        )


def check_upload(upload, *, max_bytes: int) -> FileKind:
    """Validate an uploaded file's size and type; ValidationError in Chinese if refused."""
    size = upload.size
    check_size(size, max_bytes)
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


@dataclass(frozen=True)
class AcceptedFile:
    kind: str
    mime: str
    size: int  # of the cleaned content
    content: bytes
    changed: bool  # whether metadata was removed


def accept_public_upload(
    upload, *, max_bytes: int, kinds: frozenset[str] | None = None
) -> AcceptedFile:
    """Check a file that will be published (type by content, size, ``kinds`` if given) and
    return its content without hidden metadata; ValidationError (Chinese) if refused."""
    detected = check_upload(upload, max_bytes=max_bytes)
    if kinds is not None and detected.kind not in kinds:
        raise ValidationError(
            "只接受 %(allowed)s 格式。",
            params={"allowed": "、".join(sorted(kinds))},
            code="kind",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    cleaned = strip_metadata(data, detected.kind)
    return AcceptedFile(
        kind=detected.kind,
        mime=detected.mime,
        size=len(cleaned),
        content=cleaned,
        changed=cleaned is not data,
    )


def clean_public_file(fieldfile, *, max_bytes: int, kinds=None) -> AcceptedFile:
    """Run :func:`accept_public_upload` on a model's new, not yet stored file and put the
    cleaned content in its place, so what is saved has no metadata. The work is done once
    when ``clean()`` and then ``save()`` both ask."""
    accepted = getattr(fieldfile, "_accepted_upload", None)
    if accepted is not None:
        return accepted
    accepted = accept_public_upload(fieldfile, max_bytes=max_bytes, kinds=kinds)
    instance, field = fieldfile.instance, fieldfile.field
    if accepted.changed:
        name = posixpath.basename(fieldfile.name or "")
        setattr(instance, field.attname, ContentFile(accepted.content, name=name))
        fieldfile = getattr(instance, field.attname)
    fieldfile._accepted_upload = accepted
    return accepted


# What an applicant may attach to an application: PDF, images, Word (checked by content).
SUPPORTING_FILE_SIGNATURES = {
    b"%PDF-": "PDF",
    b"\xff\xd8\xff": "JPEG",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"PK\x03\x04": "DOCX",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "DOC",
}


def check_supporting_file(upload) -> str:
    """The file's type by its first bytes; ValidationError (Chinese) when not allowed."""
    limit = getattr(settings, "REQUEST_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    if upload.size > limit:
        raise ValidationError(
            "附件不能超过 %(mb)d MB。", params={"mb": limit // (1024 * 1024)}, code="too_big"
        )
    head = upload.read(16)
    upload.seek(0)
    for signature, kind in SUPPORTING_FILE_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    raise ValidationError("附件只能是 PDF、JPG、PNG 或 Word 文件。", code="type")
