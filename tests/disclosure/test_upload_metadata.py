"""Public uploads: hidden metadata (author, GPS, revisions) removed before publication,
files that cannot be cleaned refused in Chinese, sizes limited, and media served so
nothing uploaded ever runs as a page."""

import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from config.web.filetypes import INLINE_EXTENSIONS, accept_public_upload, safe_upload_name
from config.web.metadata import strip_metadata
from disclosure.library.models import Attachment
from tests.conftest import make_staff
from tests.disclosure import files
from tests.disclosure.builders import make_document

ROOT = Path(__file__).resolve().parents[2]


# -- images -------------------------------------------------------------------------------


def test_a_photos_gps_position_camera_and_comment_are_removed_and_its_pixels_kept():
    original = files.jpeg_bytes(gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the fixture has GPS

    cleaned = strip_metadata(original, "JPEG")

    image = Image.open(io.BytesIO(cleaned))
    assert not image.getexif()
    assert "comment" not in image.info
    assert "张三".encode() not in cleaned and b"zhangsan" not in cleaned
    assert image.tobytes() == Image.open(io.BytesIO(original)).tobytes()


def test_a_photo_taken_on_its_side_keeps_only_its_orientation():
    cleaned = strip_metadata(files.jpeg_bytes(gps=True, orientation=6), "JPEG")
    assert dict(Image.open(io.BytesIO(cleaned)).getexif()) == {0x0112: 6}


def test_a_pngs_text_chunks_are_removed_and_the_image_is_unchanged():
    original = files.png_bytes(text={"Author": "Zhang San", "Comment": "内部草图"})
    cleaned = strip_metadata(original, "PNG")
    assert b"Zhang San" in original and b"Zhang San" not in cleaned
    assert b"iTXt" not in cleaned and b"tEXt" not in cleaned
    assert Image.open(io.BytesIO(cleaned)).tobytes() == Image.open(io.BytesIO(original)).tobytes()


def test_a_damaged_image_is_refused():
    with pytest.raises(ValidationError, match="已损坏"):
        strip_metadata(files.jpeg_bytes()[:200], "JPEG")


# -- Word, Excel ------------------------------------------------------------------------


def test_a_word_files_author_and_revision_ids_are_removed_and_its_text_kept():
    import docx

    original = files.docx_bytes(
        ["第一条 为规范管理，制定本办法。", "第二条 本办法自发布之日起施行。"], author="张三"
    )
    assert "张三".encode() in files.zip_part(original, "docProps/core.xml")
    assert b"w:rsid" in files.zip_part(original, "word/settings.xml")

    cleaned = strip_metadata(original, "DOCX")

    for part in files.zip_names(cleaned):
        assert "张三".encode() not in files.zip_part(cleaned, part), part
        assert b"w:rsid" not in files.zip_part(cleaned, part), part
    reopened = docx.Document(io.BytesIO(cleaned))
    assert reopened.core_properties.author == ""
    assert reopened.core_properties.last_modified_by == ""
    assert [p.text for p in reopened.paragraphs] == [
        "第一条 为规范管理，制定本办法。",
        "第二条 本办法自发布之日起施行。",
    ]


def test_a_word_file_with_tracked_changes_is_refused_with_what_to_do():
    with pytest.raises(ValidationError) as refused:
        strip_metadata(files.docx_bytes(tracked_change=True), "DOCX")
    assert "修订" in refused.value.messages[0]
    assert "接受所有修订" in refused.value.messages[0]


def test_a_word_file_with_comments_is_refused():
    with pytest.raises(ValidationError, match="批注"):
        strip_metadata(files.docx_bytes(comment=True), "DOCX")


def test_a_workbooks_author_is_removed():
    from openpyxl import load_workbook

    original = files.xlsx_bytes(author="张三")
    assert "张三".encode() in files.zip_part(original, "docProps/core.xml")
    cleaned = strip_metadata(original, "XLSX")
    assert "张三".encode() not in files.zip_part(cleaned, "docProps/core.xml")
    assert load_workbook(io.BytesIO(cleaned)).active["B1"].value == "承办单位"


def test_a_workbook_with_comments_is_refused():
    with pytest.raises(ValidationError, match="批注"):
        strip_metadata(files.xlsx_bytes(comment=True), "XLSX")


def test_a_legacy_word_file_is_refused_for_publication():
    with pytest.raises(ValidationError, match="请另存为 DOCX/XLSX 或 PDF 后上传"):
        accept_public_upload(
            files.upload("通知.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 512),
            max_bytes=1024 * 1024,
        )


# -- PDF, OFD ---------------------------------------------------------------------------


def test_a_pdfs_author_and_xmp_metadata_are_removed_and_its_pages_kept():
    from pypdf import PdfReader

    original = files.pdf_bytes(pages=3, author="张三", xmp=True)
    cleaned = strip_metadata(original, "PDF")

    reader = PdfReader(io.BytesIO(cleaned))
    assert len(reader.pages) == 3
    assert not reader.metadata
    assert "/Metadata" not in reader.trailer["/Root"]
    assert "张三".encode("utf-16-be") not in cleaned and b"dc:creator" not in cleaned


def test_an_encrypted_pdf_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files.pdf_bytes())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ValidationError, match="加密"):
        strip_metadata(out.getvalue(), "PDF")


def test_a_file_that_only_looks_like_a_pdf_is_refused():
    with pytest.raises(ValidationError, match="PDF 文件已损坏"):
        strip_metadata(b"%PDF-1.7\n" + b"0" * 100, "PDF")


def test_an_ofds_author_and_creator_are_removed_from_its_docinfo():
    cleaned = strip_metadata(files.ofd_bytes(author="张三"), "OFD")
    ofd_xml = files.zip_part(cleaned, "OFD.xml").decode()
    assert "张三" not in ofd_xml and "WPS" not in ofd_xml
    assert "<ofd:DocID>6f1c9c1e2b6f4a1d</ofd:DocID>" in ofd_xml
    assert "Doc_0/Document.xml" in files.zip_names(cleaned)


def test_an_ofd_whose_signature_covers_its_properties_is_refused():
    with pytest.raises(ValidationError, match="签章"):
        strip_metadata(files.ofd_bytes(signed_ofd_xml=True), "OFD")


@pytest.mark.parametrize(
    "kind, data",
    [
        ("PDF", files.pdf_bytes()),
        ("JPEG", strip_metadata(files.jpeg_bytes(gps=True), "JPEG")),
        ("PNG", files.png_bytes()),
        ("DOCX", strip_metadata(files.docx_bytes(author="张三"), "DOCX")),
        ("OFD", strip_metadata(files.ofd_bytes(), "OFD")),
    ],
)
def test_a_file_without_metadata_is_kept_byte_for_byte(kind, data):
    assert strip_metadata(data, kind) == data


# -- where files enter --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_attachment_uploaded_through_the_admin_is_stored_without_its_metadata(
    client, settings, tmp_path
):
    from pypdf import PdfReader

    settings.MEDIA_ROOT = tmp_path
    document = make_document()
    client.force_login(make_staff(document.organization))
    url = f"/admin/library/document/{document.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data.pop("issuing_organizations", None)
    for prefix in ("validity_changes", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(
        {
            "attachments-TOTAL_FORMS": 1,
            "attachments-INITIAL_FORMS": 0,
            "attachments-0-title": "申请表",
            "attachments-0-position": 0,
            "attachments-0-file": files.pdf("申请表.pdf", pages=2, author="张三"),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    attachment = document.attachments.get()
    stored = attachment.file.read()
    assert not PdfReader(io.BytesIO(stored)).metadata
    assert len(PdfReader(io.BytesIO(stored)).pages) == 2
    assert attachment.size == len(stored)
    assert attachment.file.name.endswith("/申请表.pdf")


@pytest.mark.django_db
def test_a_tracked_change_word_file_is_refused_in_the_admin_with_the_message(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = Attachment(
        document=make_document(),
        file=files.upload("办法.docx", files.docx_bytes(tracked_change=True)),
    )
    with pytest.raises(ValidationError) as refused:
        attachment.full_clean()
    assert "接受所有修订" in refused.value.message_dict["file"][0]
    assert not list(tmp_path.rglob("*.docx"))


@pytest.mark.django_db
def test_an_interpretation_image_is_stored_without_its_gps_position(settings, tmp_path):
    from tests.disclosure.interpretation_builders import make_interpretation

    settings.MEDIA_ROOT = tmp_path
    interpretation = make_interpretation()
    media = interpretation.media.create(
        kind="image",
        file=files.upload("tujie.jpg", files.jpeg_bytes(gps=True)),
        text_alternative="图解：办法的三项要点。",
    )
    with media.file.open("rb") as handle:
        assert not Image.open(handle).getexif()


@pytest.mark.django_db
def test_a_consultation_draft_is_stored_without_its_author(settings, tmp_path):
    from tests.disclosure.decisions.builders import make_consultation

    settings.MEDIA_ROOT = tmp_path
    consultation = make_consultation()
    attachment = consultation.attachments.create(
        title="征求意见稿", file=files.upload("稿.docx", files.docx_bytes(author="张三"))
    )
    with attachment.file.open("rb") as handle:
        assert "张三".encode() not in files.zip_part(handle.read(), "docProps/core.xml")


@pytest.mark.django_db
def test_a_too_large_attachment_is_refused_with_a_chinese_message(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DOCUMENT_ATTACHMENT_MAX_BYTES = 1024
    attachment = Attachment(document=make_document(), file=files.pdf(pages=8))
    with pytest.raises(ValidationError) as refused:
        attachment.full_clean()
    assert "文件过大" in refused.value.message_dict["file"][0]
    assert "上限为 1.0\xa0KB" in refused.value.message_dict["file"][0]


@pytest.mark.django_db
def test_audio_over_its_own_limit_is_refused(settings, tmp_path):
    from tests.disclosure.interpretation_builders import make_interpretation

    settings.MEDIA_ROOT = tmp_path
    settings.INTERPRETATION_MEDIA_MAX_BYTES = 100
    from disclosure.library.models import InterpretationMedia

    media = InterpretationMedia(
        interpretation=make_interpretation(),
        kind="audio",
        file=files.upload("jiedu.mp3", b"ID3" + b"\x00" * 500),
        text_alternative="文字稿",
    )
    with pytest.raises(ValidationError, match="文件过大"):
        media.full_clean()


@pytest.mark.parametrize(
    "uploaded, stored",
    [
        ("办法.pdf", "办法.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\张三\\通知.PDF", "通知.pdf"),
        ("shell.php.pdf", "shell_php.pdf"),
        (".pdf", "file.pdf"),
    ],
)
def test_stored_names_keep_no_folder_and_no_inner_extension(uploaded, stored):
    assert safe_upload_name(uploaded) == stored


# -- serving ------------------------------------------------------------------------------


@pytest.fixture
def media_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "a.docx").write_bytes(files.docx_bytes())
    (tmp_path / "documents" / "a.pdf").write_bytes(files.pdf_bytes())
    (tmp_path / "documents" / "a.png").write_bytes(files.png_bytes())
    return tmp_path


@pytest.mark.parametrize(
    "name, disposition",
    [("a.docx", "attachment"), ("a.pdf", "inline"), ("a.png", "inline")],
)
def test_the_development_media_view_downloads_what_is_not_an_image_or_pdf(
    rf, media_files, name, disposition
):
    from config.media import serve_media

    response = serve_media(rf.get(f"/media/documents/{name}"), f"documents/{name}", media_files)
    assert response["Content-Disposition"].split(";")[0] == disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    if name != "a.pdf":
        assert "sandbox" in response["Content-Security-Policy"]


def test_the_public_bucket_stores_office_files_as_downloads():
    from config import services
    from config.web.storage_s3 import PublicS3Storage

    options = services.storages(
        {"S3_BUCKET": "portal-media", "S3_ACCESS_KEY_ID": "k", "S3_SECRET_ACCESS_KEY": "s"},
        staticfiles_backend="x",
    )["default"]["OPTIONS"]
    storage = PublicS3Storage(**options)
    assert storage.get_object_parameters("documents/2026/01/办法.docx")["ContentDisposition"] == (
        "attachment"
    )
    assert "ContentDisposition" not in storage.get_object_parameters("documents/2026/01/a.pdf")
    assert "ContentDisposition" not in storage.get_object_parameters("interpretations/t.png")


def test_nginx_shows_inline_exactly_the_kinds_the_app_does_and_accepts_the_largest_upload(
    settings,
):
    conf = (ROOT / "deploy" / "nginx-portal.conf").read_text()
    media = conf[conf.index("location ^~ /media/") :]
    media = media[: media.index("location /_private/")]
    assert "add_header Content-Disposition attachment always;" in media
    inline = set()
    for pattern in re.findall(r"location ~\* \\\.\((.+?)\)\$", media) + re.findall(
        r"location ~\* \\\.(\w+)\$", media
    ):
        for alternative in pattern.split("|"):
            inline |= {alternative.replace("e?", "e"), alternative.replace("e?", "")}
    assert inline == INLINE_EXTENSIONS
    limit = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1)) * 1024 * 1024
    largest = max(settings.DOCUMENT_ATTACHMENT_MAX_BYTES, settings.INTERPRETATION_MEDIA_MAX_BYTES)
    assert limit > largest


@pytest.mark.django_db
def test_a_form_over_the_size_limit_gets_a_chinese_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(make_staff(make_document().organization))
    response = client.post("/admin/library/document/add/", {"body": "正文" * 1000})
    assert response.status_code == 400
    assert "表单没有保存" in response.content.decode()
