"""Staff work on documents in the admin: scoped to their agency, steps through the workflow."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from config.web.filetypes import detect
from disclosure.library.models import Attachment, Document, DocumentRelation
from tests.conftest import make_org, make_staff
from tests.disclosure import files
from tests.disclosure.builders import make_document, publish_document, supervisor

pytestmark = pytest.mark.django_db

URL = "/admin/library/document/"


def test_staff_see_only_their_own_agencys_documents(client):
    own, other = make_org(), make_org()
    make_document(own, title="本机关的草稿")
    make_document(other, title="其他机关的草稿")
    client.force_login(make_staff(own))
    page = client.get(URL).content.decode()
    assert "本机关的草稿" in page
    assert "其他机关的草稿" not in page


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"status__exact": "published"},
        {"validity_now": "expired"},
        {"validity_now": "expiring"},
        {"year": "2024"},
        {"q": "莱政办字"},
    ],
)
def test_the_document_list_filters_and_searches(client, query):
    publish_document(make_document(doc_number="莱政办字〔2020〕34号"))
    client.force_login(supervisor())
    assert client.get(URL, query).status_code == 200


def test_the_publish_action_publishes_through_the_workflow(client):
    org = make_org()
    clerk = make_staff(org)
    document = make_document(org)
    client.force_login(clerk)
    client.post(URL, {"action": "submit_for_review_action", "_selected_action": [document.pk]})
    client.force_login(make_staff(org, reviewer=True))
    client.post(URL, {"action": "publish_action", "_selected_action": [document.pk]})
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED
    assert document.index_number.startswith(org.credit_code)


def test_the_submitter_is_told_in_chinese_that_they_cannot_approve_their_own_document(client):
    org = make_org()
    clerk = make_staff(org, reviewer=True)
    document = make_document(org, title="本人提交的通知")
    client.force_login(clerk)
    client.post(URL, {"action": "submit_for_review_action", "_selected_action": [document.pk]})
    response = client.post(
        URL, {"action": "publish_action", "_selected_action": [document.pk]}, follow=True
    )
    page = response.content.decode()
    assert "「本人提交的通知」由您提交审核，不能由您本人审核通过" in page
    document.refresh_from_db()
    assert document.status == Document.Status.REVIEW


def test_the_document_list_shows_who_submitted_and_who_approved(client):
    org = make_org()
    clerk = make_staff(org, username="zhang-clerk")
    reviewer = make_staff(org, reviewer=True, username="li-reviewer")
    publish_document(make_document(org, title="两人经手的通知"), by=clerk, reviewer=reviewer)
    client.force_login(clerk)
    page = client.get(URL).content.decode()
    assert "提交人" in page and "审核发布人" in page
    assert '<td class="field-submitted_by">zhang-clerk</td>' in page
    assert '<td class="field-approved_by">li-reviewer</td>' in page


def test_the_event_log_shows_local_time_only(client):
    document = publish_document()
    event = document.events.get(action="published")
    # 02:30 UTC is 10:30 in Beijing.
    document.events.filter(pk=event.pk).update(
        at=datetime.datetime(2024, 3, 5, 2, 30, tzinfo=datetime.UTC)
    )
    client.force_login(supervisor())
    page = client.get(f"{URL}{document.pk}/change/").content.decode()
    assert "2024-03-05 10:30" in page
    assert "2024-03-05 02:30" not in page  # (the clock on the page may read 02:30)


def test_the_withdraw_action_asks_for_a_reason_first(client):
    user = supervisor()
    document = publish_document(by=user)
    client.force_login(user)
    form = client.post(URL, {"action": "withdraw_action", "_selected_action": [document.pk]})
    assert "撤回原因（必填）" in form.content.decode()
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED
    client.post(
        URL,
        {
            "action": "withdraw_action",
            "_selected_action": [document.pk],
            "confirm": "1",
            "category": "error",
            "reason": "发现错误，撤回。",
        },
    )
    document.refresh_from_db()
    assert document.status == Document.Status.WITHDRAWN
    assert document.events.first().note == "发现错误，撤回。"


def test_status_and_index_number_are_read_only_in_the_form(client):
    user = supervisor()
    document = publish_document(by=user)
    client.force_login(user)
    page = client.get(f"{URL}{document.pk}/change/").content.decode()
    assert 'name="status"' not in page
    assert 'name="index_number"' not in page
    assert document.index_number in page


def test_a_repeal_recorded_in_the_admin_goes_through_the_workflow(client):
    user = supervisor()
    old = publish_document(by=user)
    new = publish_document(by=user)
    client.force_login(user)
    response = client.post(
        "/admin/library/documentrelation/add/",
        {
            "to_document": old.pk,
            "kind": "repeals",
            "from_document": new.pk,
            "effective_on": "2025-01-01",
            "reason": "已被新文件替代。",
        },
    )
    assert response.status_code == 302
    relation = DocumentRelation.objects.get()
    assert relation.created_by == user
    assert old.validity_changes.get().reason == "已被新文件替代。"


def pdf(name="a.pdf", pages=1):
    return SimpleUploadedFile(name, files.pdf_bytes(pages=pages))


def ooxml(name, folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.parametrize(
    "upload, kind",
    [
        (pdf(), "PDF"),
        (ooxml("a.docx", "word"), "DOCX"),
        (ooxml("a.xlsx", "xl"), "XLSX"),
        (ooxml("a.ofd", "Doc_0"), None),
        (SimpleUploadedFile("a.jpg", files.jpeg_bytes()), "JPEG"),
        (SimpleUploadedFile("a.png", files.png_bytes()), "PNG"),
    ],
)
def test_attachments_are_recognized_by_their_content(upload, kind, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = Attachment(document=make_document(), file=upload)
    if kind is None:
        with pytest.raises(ValidationError):
            attachment.full_clean()
    else:
        attachment.full_clean()
        assert attachment.kind == kind


def test_an_ofd_file_is_accepted(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = Attachment(
        document=make_document(), file=SimpleUploadedFile("a.ofd", files.ofd_bytes())
    )
    attachment.full_clean()
    assert attachment.kind == "OFD"


def test_a_legacy_word_file_is_recognized_but_refused_for_publication(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 10
    assert detect(io.BytesIO(data), "a.doc") == "DOC"
    attachment = Attachment(document=make_document(), file=SimpleUploadedFile("a.doc", data))
    with pytest.raises(ValidationError, match="请另存为 DOCX/XLSX 或 PDF 后上传"):
        attachment.full_clean()


def test_a_renamed_executable_is_refused_as_an_attachment(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = Attachment(
        document=make_document(), file=SimpleUploadedFile("report.pdf", b"MZ\x90\x00binary")
    )
    with pytest.raises(ValidationError) as exc:
        attachment.full_clean()
    assert "不支持的附件类型" in exc.value.message_dict["file"][0]


def test_a_file_whose_name_disagrees_with_its_content_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = Attachment(document=make_document(), file=pdf("scan.png"))
    with pytest.raises(ValidationError, match="不符"):
        attachment.full_clean()


def test_attachments_over_the_size_limit_are_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DOCUMENT_ATTACHMENT_MAX_BYTES = 1024
    attachment = Attachment(document=make_document(), file=pdf(pages=8))
    with pytest.raises(ValidationError, match="文件过大"):
        attachment.full_clean()


def test_changing_a_published_documents_expiry_in_the_admin_needs_a_reason_and_is_logged(client):
    user = supervisor()
    document = publish_document(by=user, expires_on=datetime.date(2026, 12, 31))
    client.force_login(user)
    page = client.get(f"{URL}{document.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data.pop("issuing_organizations", None)
    for prefix in ("attachments", "validity_changes", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data["expires_on"] = "2028-12-31"
    refused = client.post(f"{URL}{document.pk}/change/", data)
    assert "请说明调整施行日期或有效期的原因" in refused.content.decode()
    data["validity_reason"] = "经评估，有效期延长两年。"
    client.post(f"{URL}{document.pk}/change/", data)
    document.refresh_from_db()
    assert document.expires_on == datetime.date(2028, 12, 31)
    assert document.status == Document.Status.PUBLISHED
    assert "有效期延长两年" in document.validity_changes.get().reason
