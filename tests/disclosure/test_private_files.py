"""Files follow the status of what they belong to: every upload of every publishable kind
is private until its item is published, public under a random name while it is, and gone
from public storage once it is withdrawn; withdrawn items answer 410 with a notice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.http import Http404, HttpResponseNotFound
from django.test import RequestFactory
from django.urls import reverse

from config.media import serve_media
from disclosure.decisions.models import ConsultationAttachment
from disclosure.library.models import Attachment, InterpretationMedia
from disclosure.opendata import sitemaps
from disclosure.publishing import steps
from disclosure.publishing.files import PublicFile, move_existing_files
from disclosure.publishing.models import WithdrawalReason
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document, supervisor
from tests.disclosure.decisions.builders import make_consultation, publish_consultation
from tests.disclosure.files import pdf
from tests.disclosure.interpretation_builders import (
    add_media,
    make_interpretation,
    png_file,
    publish_interpretation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def public_media(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _document_file(org):
    document = make_document(org)
    row = Attachment(document=document, title="实施办法", file=pdf("实施办法（含身份证号）.pdf"))
    row.full_clean()
    row.save()
    return document, row, lambda item, by: publish_document(item, by=by)


def _interpretation_file(org):
    item = make_interpretation(publish_document(organization=org), form="graphic")
    row = add_media(
        item, kind=InterpretationMedia.Kind.IMAGE, file=png_file("图解.png"), text_alternative="图"
    )
    return item, row, lambda item, by: publish_interpretation(item, by=by)


def _consultation_file(org):
    item = make_consultation(org)
    row = ConsultationAttachment(consultation=item, title="征求意见稿", file=pdf("征求意见稿.pdf"))
    row.full_clean()
    row.save()
    return item, row, lambda item, by: publish_consultation(item, by=by)


# Every FileField of every publishable kind, with a builder of an item holding a file.
UPLOADS = {
    "library.attachment": _document_file,
    "library.interpretationmedia": _interpretation_file,
    "decisions.consultationattachment": _consultation_file,
}


def test_the_walk_covers_every_upload_field_of_every_publishable_kind():
    fields = {
        m._meta.label_lower
        for m in apps.get_models()
        if m._meta.app_label in ("library", "decisions", "reports")
        for f in m._meta.concrete_fields
        if isinstance(f, models.FileField)
        and m._meta.label_lower != "decisions.comment"  # commenters' files: always private
    }
    assert fields == set(UPLOADS)
    assert all(issubclass(apps.get_model(label), PublicFile) for label in UPLOADS)


def _media(name_or_url: str):
    """What the public media URL answers (the DEBUG view, which sends nginx's headers),
    served from the test's MEDIA_ROOT."""
    path = name_or_url.removeprefix(settings.MEDIA_URL)
    try:
        return serve_media(RequestFactory().get("/media/" + path), path, settings.MEDIA_ROOT)
    except Http404:
        return HttpResponseNotFound()


@pytest.mark.parametrize("label", sorted(UPLOADS))
def test_a_file_is_private_until_publication_public_under_a_random_name_then_gone(
    client, label, public_media
):
    org = make_org()
    item, row, publish = UPLOADS[label](org)
    draft_name = row.file.name
    original = row.original_name
    assert original.endswith((".pdf", ".png"))

    # The draft: no public URL, nothing under MEDIA_ROOT, 404 at the guessable address.
    assert row.public_url == ""
    with pytest.raises(ValueError):
        row.file.url  # noqa: B018
    assert not default_storage.exists(draft_name)
    assert _media(draft_name).status_code == 404
    assert not list(Path(public_media).rglob("*.*"))

    # Staff of the agency download it through the checked view, with its original name.
    download = reverse("disclosure:staff-file", args=[label, row.pk])
    client.force_login(make_staff(org))
    response = client.get(download)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    client.force_login(make_staff(make_org()))
    assert client.get(download).status_code == 403
    client.logout()
    assert client.get(download).status_code == 302  # to the login page
    client.force_login(make_staff(None, supervisor=True))
    assert client.get(download).status_code == 200
    client.logout()

    # Published: a random name, the old name gone, the original name kept for the download.
    user = supervisor()
    publish(item, user)
    row.refresh_from_db()
    assert row.public_name and row.public_name != draft_name
    assert re.fullmatch(r"[a-z]+/[A-Za-z0-9_-]{32}\.(pdf|png)", row.public_name)
    assert Path(original).stem not in row.public_name
    assert not default_storage.exists(draft_name)
    assert _media(draft_name).status_code == 404
    public = _media(row.public_url)
    assert public.status_code == 200
    assert "filename" in public["Content-Disposition"]
    assert row.download_name == original
    page = client.get(item.get_absolute_url())
    assert f'download="{original}"' in page.content.decode() or label.endswith("media")
    assert row.public_url in page.content.decode()

    # Withdrawn: the public copy leaves at once, the private one stays for the record.
    steps.withdraw(item, by=user, reason="内容需要更正。", category=WithdrawalReason.ERROR)
    old_url = row.public_url
    row.refresh_from_db()
    assert row.public_name == "" and row.public_url == ""
    assert _media(old_url).status_code == 404
    assert not list(Path(public_media).rglob("*.*"))
    assert row.file.storage.exists(row.file.name)


def test_a_file_added_to_a_published_document_is_public_at_once_under_a_random_name(client):
    document = publish_document()
    row = Attachment(document=document, title="补充材料", file=pdf("补充材料.pdf"))
    row.full_clean()
    row.save()
    assert row.public_name.startswith("documents/")
    assert _media(row.public_url).status_code == 200
    row.delete()
    assert not default_storage.exists(row.public_name or "documents/none")


def test_the_admin_links_a_drafts_file_to_the_checked_download(client):
    org = make_org()
    document, row, _ = _document_file(org)
    client.force_login(make_staff(org))
    page = client.get(reverse("admin:library_document_change", args=[document.pk]))
    assert page.status_code == 200
    assert reverse("disclosure:staff-file", args=["library.attachment", row.pk]) in (
        page.content.decode()
    )


# -- the withdrawal notice ---------------------------------------------------------------


def test_a_withdrawn_document_answers_410_with_the_notice_and_its_replacement(client):
    user = supervisor()
    org = make_org()
    old = publish_document(make_document(org, title="关于旧办法的通知"), by=user)
    new = publish_document(make_document(org, title="关于新办法的通知"), by=user)
    steps.withdraw(
        old,
        by=user,
        reason="内部：办法已重新印发。",
        category=WithdrawalReason.REPLACED,
        replacement=new,
    )
    response = client.get(f"/zcwjk/{old.pk}/")
    assert response.status_code == 410
    text = response.content.decode()
    assert "该政策文件已撤回" in text
    assert "关于旧办法的通知" in text and old.index_number in text
    assert "已被新发布的信息替代" in text
    assert "内部：办法已重新印发" not in text
    assert f'href="/zcwjk/{new.pk}/"' in text
    old.refresh_from_db()
    assert f"{old.withdrawn_at:%Y}年" in text


def test_withdrawn_interpretations_and_consultations_answer_410(client):
    user = supervisor()
    interpretation = publish_interpretation(make_interpretation(), by=user)
    consultation = publish_consultation(make_consultation(), by=user)
    for item, url, noun in (
        (interpretation, f"/zcjd/{interpretation.pk}/", "政策解读"),
        (consultation, f"/yjzj/{consultation.pk}/", "意见征集"),
    ):
        steps.withdraw(item, by=user, reason="依法不再公开。", category="not_disclosable")
        response = client.get(url)
        assert response.status_code == 410
        assert f"该{noun}已撤回" in response.content.decode()
        assert "经审查依法不予公开" in response.content.decode()


def test_drafts_and_what_never_existed_stay_404(client):
    draft = make_document()
    assert client.get(f"/zcwjk/{draft.pk}/").status_code == 404
    assert client.get("/zcwjk/999999/").status_code == 404
    assert client.get(f"/api/v1/documents/{draft.pk}/").status_code == 404


def test_only_another_published_item_can_replace_a_withdrawn_one():
    user = supervisor()
    document = publish_document(by=user)
    with pytest.raises(steps.ValidationError):
        steps.withdraw(document, by=user, reason="x", replacement=make_document())
    with pytest.raises(steps.ValidationError):
        steps.withdraw(document, by=user, reason="x", category="made-up")
    interpretation = publish_interpretation(by=user)
    with pytest.raises(steps.ValidationError):
        steps.withdraw(interpretation, by=user, reason="x", replacement=document)


def test_the_api_detail_answers_410_and_lists_drop_the_withdrawn_item(client):
    user = supervisor()
    document = publish_document(by=user)
    interpretation = publish_interpretation(by=user)
    consultation = publish_consultation(make_consultation(), by=user)
    for item in (document, interpretation, consultation):
        steps.withdraw(item, by=user, reason="撤回。", category=WithdrawalReason.ERROR)
    for path, listing in (
        (f"/api/v1/documents/{document.pk}/", "/api/v1/documents/"),
        (f"/api/v1/interpretations/{interpretation.pk}/", "/api/v1/interpretations/"),
        (f"/api/v1/consultations/{consultation.pk}/", "/api/v1/consultations/"),
    ):
        response = client.get(path)
        assert response.status_code == 410, path
        body = response.json()
        assert body["error"] == "withdrawn"
        assert "撤回" in body["detail"] and body["withdrawn_on"]
        assert body["withdrawal_reason"] == "内容有误，已撤回更正"
        assert path not in client.get(listing).content.decode()


def test_a_withdrawn_item_leaves_every_feed_and_sitemap(client):
    user = supervisor()
    org = make_org(slug="chjd")
    document = publish_document(make_document(org, title="将被撤回的通知"), by=user)
    interpretation = publish_interpretation(
        make_interpretation(document, title="将被撤回的解读"), by=user
    )
    consultation = publish_consultation(make_consultation(org, title="将被撤回的意见征集"), by=user)
    feeds = [
        "/zcwjk/rss/",
        "/zcwjk/atom/",
        "/xxgk/chjd/rss/",
        "/xxgk/chjd/atom/",
        "/zcjd/rss/",
        "/zcjd/atom/",
        "/yjzj/rss/",
        "/yjzj/atom/",
    ]
    maps = [f"/sitemap-{section}.xml" for section in sitemaps.SITEMAPS]

    def everything() -> str:
        return "".join(client.get(url).content.decode() for url in feeds + maps)

    before = everything()
    assert "将被撤回的通知" in before and f"/zcwjk/{document.pk}/" in before
    assert f"/zcjd/{interpretation.pk}/" in before
    for item in (interpretation, document, consultation):
        steps.withdraw(item, by=user, reason="撤回。", category=WithdrawalReason.OTHER)
    after = everything()
    for gone in (
        "将被撤回的通知",
        "将被撤回的解读",
        "将被撤回的意见征集",
        f"/zcwjk/{document.pk}/",
        f"/zcjd/{interpretation.pk}/",
        f"/yjzj/{consultation.pk}/",
    ):
        assert gone not in after


def test_the_admin_withdraw_page_asks_for_the_reason_category_and_a_replacement(client):
    user = supervisor()
    old, new = publish_document(by=user), publish_document(by=user)
    client.force_login(user)
    url = reverse("admin:library_document_changelist")
    form = client.post(url, {"action": "withdraw_action", "_selected_action": [old.pk]})
    text = form.content.decode()
    assert "撤回原因类别" in text and "已被新发布的信息替代" in text and "替代文件的索引号" in text
    client.post(
        url,
        {
            "action": "withdraw_action",
            "_selected_action": [old.pk],
            "confirm": "1",
            "reason": "已重新印发。",
            "category": "replaced",
            "replacement": new.index_number,
        },
    )
    old.refresh_from_db()
    assert old.status == old.Status.WITHDRAWN
    assert old.withdrawal_reason == "replaced" and old.replaced_by_id == new.pk


def test_the_data_migration_hides_drafts_files_and_leaves_published_ones_public(public_media):
    user = supervisor()
    draft, published = make_document(), publish_document(by=user)
    rows = {}
    for document, name in (
        (draft, "documents/2025/01/draft.pdf"),
        (published, "documents/2025/01/pub.pdf"),
    ):
        # As stored before the rule: in public storage, under the upload's own name.
        default_storage.save(name, ContentFile(b"%PDF-1.4 old"))
        row = Attachment.objects.create(document=document, title="旧附件", file=pdf("x.pdf"))
        Attachment.objects.filter(pk=row.pk).update(file=name, public_name="", original_name="")
        rows[document.pk] = (row.pk, name)
    move_existing_files(Attachment, "document")

    pk, name = rows[draft.pk]
    row = Attachment.objects.get(pk=pk)
    assert not default_storage.exists(name) and row.public_name == ""
    assert row.file.storage.exists(row.file.name)
    pk, name = rows[published.pk]
    row = Attachment.objects.get(pk=pk)
    assert default_storage.exists(name) and row.public_name == name
    assert row.file.storage.exists(row.file.name) and row.original_name == "pub.pdf"
