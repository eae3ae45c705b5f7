"""The document admin's XLSX import: preview with Chinese errors, drafts for one's agency."""

import io

import pytest
from django.urls import reverse

from disclosure.library.models import Document
from tests.conftest import make_staff
from tests.disclosure.test_documents_import_export import dataset, row

pytestmark = pytest.mark.django_db


def upload(data):
    buffer = io.BytesIO(data.export("xlsx"))
    buffer.name = "documents.xlsx"
    return buffer


def test_a_bad_row_is_shown_in_the_preview_and_nothing_is_written(client, org):
    client.force_login(make_staff(org))
    response = client.post(
        reverse("admin:library_document_import"),
        {
            "format": "0",
            "resource": "0",
            "import_file": upload(dataset(row(发文字号="聊政办字2025"))),
        },
    )
    assert "发文字号格式不正确" in response.content.decode()
    assert not Document.objects.exists()


def test_staff_import_drafts_for_their_own_agency_even_if_they_pick_another(client, org, other_org):
    client.force_login(make_staff(org))
    response = client.post(
        reverse("admin:library_document_import"),
        {
            "format": "0",
            "resource": "0",
            "import_file": upload(dataset(row())),
            "organization": other_org.pk,
        },
    )
    confirm = response.context["confirm_form"]
    response = client.post(
        reverse("admin:library_document_process_import"),
        {**confirm.initial, "organization": other_org.pk},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.organization == org
    assert document.status == Document.Status.DRAFT


def test_the_import_page_lists_every_row_error_in_chinese_with_the_columns_chinese_names(
    client, org
):
    client.force_login(make_staff(org))
    response = client.post(
        reverse("admin:library_document_import"),
        {
            "format": "0",
            "resource": "0",
            "import_file": upload(dataset(row(发文字号="聊政办字2025"), row(成文日期="昨天"))),
        },
    )
    page = response.content.decode()
    assert "部分行的数据未通过校验" in page
    assert "某些行验数据证失败" not in page  # the library's garbled translation
    problems = [row["errors"] for row in response.context["row_problems"]]
    assert len(problems) == 2
    errors = [error for row_errors in problems for error in row_errors]
    assert all("WRITTEN_ON" not in e and "written_on" not in e for e in errors)
    listed = page.split("部分行的数据未通过校验", 1)[1]
    assert "发文字号格式不正确" in listed
    assert any(e.startswith("成文日期：") for e in problems[1]), problems
