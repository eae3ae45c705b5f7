"""Small real files for tests of public uploads (every public file is parsed and cleaned
of its metadata by ``config.web.metadata``, so fake bytes with a magic number no longer
pass). Each builder returns bytes; ``upload()`` wraps them for a FileField."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def pdf_bytes(*, pages: int = 1, author: str | None = None, xmp: bool = False) -> bytes:
    """A PDF of blank A4 pages; without ``author``/``xmp`` it has no metadata at all."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if author:
        writer.add_metadata({"/Author": author, "/Creator": "Microsoft Word - 张三的草稿.docx"})
    else:
        writer.metadata = None
    if xmp:
        stream = DecodedStreamObject()
        stream.set_data(
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>'
            + (author or "xmp").encode()
            + b"</dc:creator></x:xmpmeta>"
        )
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf(name: str = "a.pdf", **options) -> SimpleUploadedFile:
    return upload(name, pdf_bytes(**options))


def jpeg_bytes(*, gps: bool = False, orientation: int | None = None, size=(40, 30)) -> bytes:
    from PIL import Image

    image = Image.new("RGB", size, (180, 30, 30))
    for x in range(size[0]):
        image.putpixel((x, x % size[1]), (0, 0, 255))
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "相机厂商"
        exif[0x013B] = "张三"  # Artist
        exif[0x8825] = {1: "N", 2: (36.0, 27.0, 5.5), 3: "E", 4: (115.0, 58.0, 12.0)}
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes(), comment=b"shot by zhangsan")
    return out.getvalue()


def png_bytes(*, text: dict[str, str] | None = None) -> bytes:
    from PIL import Image, PngImagePlugin

    image = Image.new("RGB", (20, 10), (10, 120, 40))
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        if value.isascii():
            info.add_text(key, value)
        else:
            info.add_itxt(key, value)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def docx_bytes(
    paragraphs=("第一条 为规范管理，制定本办法。",),
    *,
    author: str | None = None,
    comment: bool = False,
    tracked_change: bool = False,
) -> bytes:
    """A Word file (python-docx's template carries rsids); optionally an author in
    docProps/core.xml, a comment or a tracked insertion by 李四."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    core = document.core_properties
    core.author = author or ""
    core.last_modified_by = author or ""
    core.comments = "内部讨论稿" if author else ""
    core.revision = 3 if author else 1
    if comment:
        paragraph = document.paragraphs[0]
        document.add_comment(paragraph.runs, text="这一条再斟酌", author="王五")
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    if tracked_change:
        data = _replace_part(
            data,
            "word/document.xml",
            lambda xml: xml.replace(
                b"</w:p>",
                '<w:ins w:id="90" w:author="李四" w:date="2025-03-01T10:00:00Z">'
                "<w:r><w:t>（新增）</w:t></w:r></w:ins></w:p>".encode(),
                1,
            ),
        )
    return data


def xlsx_bytes(*, author: str | None = None, comment: bool = False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "事项"
    sheet["B1"] = "承办单位"
    if comment:
        sheet["A1"].comment = Comment("请核对", "王五")
    workbook.properties.creator = author or ""
    workbook.properties.lastModifiedBy = author or ""
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ofd_bytes(*, author: str | None = "张三", signed_ofd_xml: bool = False) -> bytes:
    """A minimal OFD (GB/T 33190): OFD.xml with a DocInfo, and the document it points at."""
    person = f"<ofd:Author>{author}</ofd:Author><ofd:Creator>WPS Office</ofd:Creator>"
    ofd_xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD">'
        "<ofd:DocBody><ofd:DocInfo><ofd:DocID>6f1c9c1e2b6f4a1d</ofd:DocID>"
        "<ofd:Title>关于印发某办法的通知</ofd:Title>"
        f"{person if author else ''}"
        "<ofd:CreationDate>2025-03-01</ofd:CreationDate></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
        "</ofd:DocBody></ofd:OFD>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", ofd_xml)
        archive.writestr(
            "Doc_0/Document.xml",
            '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData>'
            "<ofd:MaxUnitID>1</ofd:MaxUnitID></ofd:CommonData></ofd:Document>",
        )
        if signed_ofd_xml:
            archive.writestr(
                "Doc_0/Signs/Sign_0/Signature.xml",
                '<ofd:Signature xmlns:ofd="http://www.ofdspec.org/2016"><ofd:SignedInfo>'
                '<ofd:References><ofd:Reference FileRef="/OFD.xml"/></ofd:References>'
                "</ofd:SignedInfo></ofd:Signature>",
            )
    return out.getvalue()


def zip_part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def zip_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def _replace_part(data: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == name else content)
    return out.getvalue()
