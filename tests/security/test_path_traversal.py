"""Downloads give only the file the URL's record owns: ``../``, its encoded forms, absolute
paths and another request's attachment id get 404 (or 400/403), never a file outside the
storage; the storages refuse names that climb out of their directory."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.views.static import serve

from config.web.storage import PrivateStorage
from requests_app.models import RequestAttachment
from tests.conftest import make_org, make_staff
from tests.security.builders import file_online

pytestmark = pytest.mark.django_db

SECRET = b"SECRET-OUTSIDE-THE-STORAGE"
TRAVERSALS = [
    "../secret.txt",
    "..%2fsecret.txt",
    "%2e%2e%2fsecret.txt",
    "%2e%2e/%2e%2e/secret.txt",
    "....//secret.txt",
    "..\\secret.txt",
    "%252e%252e%252fsecret.txt",
]


@pytest.fixture
def secret_beside(private_media_root):
    """A file right next to the private storage's directory (where ``../`` would lead)."""
    path = private_media_root.parent / "secret.txt"
    path.write_bytes(SECRET)
    return path


@pytest.fixture
def agency(db):
    return make_org()


def _letter(req, **fields) -> RequestAttachment:
    fields.setdefault("title", "答复告知书")
    attachment = RequestAttachment(
        request=req, kind=RequestAttachment.Kind.MATERIAL, visible_to_applicant=True, **fields
    )
    attachment.file.save("reply.pdf", ContentFile(b"%PDF-1.4 reply"), save=True)
    return attachment


def _never_the_secret(response) -> None:
    assert response.status_code in (400, 403, 404), response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert SECRET not in body


# -- the applicant's download ------------------------------------------------------------


@pytest.mark.parametrize("tail", [*TRAVERSALS, "/etc/passwd", "%2fetc%2fpasswd"])
def test_the_tracking_download_refuses_a_path_instead_of_an_attachment_id(
    client, agency, secret_beside, tail
):
    req = file_online(client, agency)
    base = reverse("requests_app:track-detail", args=[req.tracking_number])
    _never_the_secret(client.get(f"{base}files/{tail}/"))
    _never_the_secret(client.get(f"{base}files/{tail}"))


@pytest.mark.parametrize("number", [*TRAVERSALS, "..", "%2e%2e"])
def test_a_path_in_place_of_the_tracking_number_is_a_404(client, agency, secret_beside, number):
    file_online(client, agency)
    _never_the_secret(client.get(f"/ysqgk/track/{number}/files/1/"))


def test_the_applicant_cannot_download_another_requests_attachment_by_id(client, agency):
    mine = file_online(client, agency)
    theirs = file_online(client.__class__(), agency)
    their_file = _letter(theirs)
    url = reverse("requests_app:track-file", args=[mine.tracking_number, their_file.pk])
    assert client.get(url).status_code == 404
    own = _letter(mine)
    response = client.get(reverse("requests_app:track-file", args=[mine.tracking_number, own.pk]))
    assert response.status_code == 200  # the check is the id's owner, not a broken route


def test_the_applicant_cannot_download_the_staffs_internal_files(client, agency):
    req = file_online(client, agency, supporting_file=SimpleUploadedFile("id.pdf", b"%PDF-1.4"))
    hidden = req.attachments.get(visible_to_applicant=False)
    url = reverse("requests_app:track-file", args=[req.tracking_number, hidden.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("stored", ["../secret.txt", "../../secret.txt", "/etc/passwd"])
def test_a_stored_name_that_climbs_out_is_never_served(client, agency, secret_beside, stored):
    req = file_online(client, agency)
    attachment = _letter(req)
    RequestAttachment.objects.filter(pk=attachment.pk).update(file=stored)
    url = reverse("requests_app:track-file", args=[req.tracking_number, attachment.pk])
    _never_the_secret(client.get(url))


@pytest.mark.parametrize("stored", ["../secret.txt", "/etc/passwd"])
def test_a_stored_name_that_climbs_out_is_never_handed_to_nginx(
    client, agency, settings, secret_beside, stored
):
    settings.PRIVATE_MEDIA_X_ACCEL = "/private-media/"
    req = file_online(client, agency)
    attachment = _letter(req)
    RequestAttachment.objects.filter(pk=attachment.pk).update(file=stored)
    url = reverse("requests_app:track-file", args=[req.tracking_number, attachment.pk])
    response = client.get(url)
    _never_the_secret(response)
    assert "X-Accel-Redirect" not in response


# -- the staff's downloads in the admin --------------------------------------------------


@pytest.mark.parametrize("object_id", [*TRAVERSALS, "1/../2", "/etc/passwd", "abc"])
def test_the_admin_request_download_refuses_a_path_as_the_request(
    client, agency, secret_beside, object_id
):
    req = file_online(client, agency)
    attachment = _letter(req)
    client.force_login(make_staff(agency))
    response = client.get(
        f"/admin/requests_app/informationrequest/{object_id}/file/{attachment.pk}/"
    )
    _never_the_secret(response)


def test_the_admin_download_refuses_an_attachment_of_another_request(client, agency):
    one, other = file_online(client, agency), file_online(client, agency)
    other_file = _letter(other)
    client.force_login(make_staff(agency))
    url = reverse("admin:requests_app_informationrequest_file", args=[one.pk, other_file.pk])
    assert client.get(url).status_code == 404
    own = reverse("admin:requests_app_informationrequest_file", args=[other.pk, other_file.pk])
    assert client.get(own).status_code == 200


@pytest.mark.parametrize("object_id", [*TRAVERSALS, "/etc/passwd"])
def test_the_admin_comment_download_refuses_a_path_as_the_comment(
    admin_client, secret_beside, object_id
):
    _never_the_secret(admin_client.get(f"/admin/decisions/comment/{object_id}/attachment/"))


@pytest.mark.parametrize("year", ["..", "%2e%2e", "2025%2f..%2f..", "../2025"])
@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_the_annual_report_files_take_no_path(client, secret_beside, year, kind):
    org = make_org()
    _never_the_secret(client.get(f"/xxgk/{org.slug}/nb/{year}/{kind}/"))


@pytest.mark.parametrize("section", TRAVERSALS)
def test_the_sitemap_sections_take_no_path(client, secret_beside, section):
    _never_the_secret(client.get(f"/sitemap-{section}.xml"))


# -- the public media (served by Django only with DEBUG) and the storages ----------------


@pytest.mark.parametrize("name", [*TRAVERSALS, "/etc/passwd", "documents/../../secret.txt"])
def test_the_debug_media_view_never_leaves_media_root(tmp_path, name):
    root = tmp_path / "media"
    root.mkdir()
    (tmp_path / "secret.txt").write_bytes(SECRET)
    from urllib.parse import unquote

    request = RequestFactory().get("/media/x")
    # Http404, or SuspiciousFileOperation (which Django answers with a 400).
    with pytest.raises((Http404, SuspiciousFileOperation)):
        serve(request, unquote(name), document_root=str(root))


@pytest.mark.parametrize("name", ["../evil.pdf", "a/../../evil.pdf", "/etc/evil.pdf"])
def test_the_private_storage_refuses_names_outside_its_directory(name):
    with pytest.raises(SuspiciousFileOperation):
        PrivateStorage().save(name, ContentFile(b"x"))


@pytest.mark.parametrize("name", ["../evil.pdf", "a/../../evil.pdf", "/etc/evil.pdf"])
def test_the_public_media_storage_refuses_names_outside_its_directory(tmp_path, settings, name):
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(SuspiciousFileOperation):
        FileSystemStorage().save(name, ContentFile(b"x"))
    if isinstance(default_storage, FileSystemStorage):
        with pytest.raises(SuspiciousFileOperation):
            default_storage.path(name)


@pytest.mark.parametrize("name", ["../../../evil.pdf", "..\\..\\evil.pdf", "/etc/cron.d/evil.pdf"])
def test_an_uploaded_file_name_never_places_the_file_outside_the_storage(
    client, agency, private_media_root, name
):
    upload = SimpleUploadedFile(name, b"%PDF-1.4 proof", content_type="application/pdf")
    req = file_online(client, agency, supporting_file=upload)
    stored = req.attachments.get()
    assert ".." not in stored.file.name and not stored.file.name.startswith("/")
    path = stored.file.path
    assert path.startswith(str(private_media_root))
    assert django_settings.PRIVATE_MEDIA_ROOT == private_media_root
