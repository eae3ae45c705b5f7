"""The admin's single-file import: the same reader as import_site; staff see each field
with where it was found before saving a draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosure.library.models import Document
from tests.conftest import make_org, make_staff

pytestmark = pytest.mark.django_db

PAGE = (
    Path(__file__).resolve().parents[2]
    / "fixtures/site_import/oldsite/xxgk/2020/09/t20200901_2.html"
)
URL = reverse("admin:library_document_import_file")


@pytest.fixture
def clerk(client):
    agency = make_org(name="示例市人民政府", slug="slszf")
    user = make_staff(agency)
    client.force_login(user)
    return user


def upload(client, clerk):
    page = SimpleUploadedFile("t20200901_2.html", PAGE.read_bytes(), content_type="text/html")
    organization = clerk.staff_profile.organization
    return client.post(URL, {"organization": organization.pk, "file": page})


def test_the_document_list_links_to_the_file_import(client, clerk):
    response = client.get(reverse("admin:library_document_changelist"))
    assert URL in response.content.decode()


def test_the_fields_found_are_shown_with_where_they_were_found(client, clerk):
    html = upload(client, clerk).content.decode()
    assert "示例市人民政府关于加强政务公开标准化工作的意见" in html
    assert "11000000MB0000000X/2020-00045" in html
    assert "元数据表" in html and "标题区" in html
    assert "未找到：" in html
    assert Document.objects.count() == 0  # nothing saved before staff confirm


def test_confirming_saves_a_draft_of_the_clerks_agency(client, clerk):
    upload(client, clerk)
    organization = clerk.staff_profile.organization
    response = client.post(
        URL,
        {
            "confirm": "1",
            "organization": organization.pk,
            "title": "示例市人民政府关于加强政务公开标准化工作的意见",
            "doc_number": "示政发〔2020〕9号",
            "written_on": "2020-09-01",
            "index_number": "11000000MB0000000X/2020-00045",
            "body": "各县（市、区）人民政府：\n现就有关工作提出意见。",
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert document.status == Document.Status.DRAFT
    assert document.organization == organization
    assert document.original_index_number == "11000000MB0000000X/2020-00045"
    assert document.created_by == clerk


def test_a_clerk_cannot_import_for_another_agency(client, clerk):
    other = make_org()
    response = client.post(
        URL,
        {"confirm": "1", "organization": other.pk, "title": "X", "written_on": "2020-09-01"},
    )
    assert response.status_code == 200  # the choice is refused by the form
    assert Document.objects.count() == 0
