"""The JSON Lines exchange format: export an agency's documents, import them idempotently."""

import datetime
import hashlib
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from catalog.models import Category
from disclosure.library import steps as library_steps
from disclosure.library.models import Attachment, Document, DocumentEvent, DocumentRelation
from disclosure.opendata import exchange
from tests.conftest import make_org, make_staff
from tests.disclosure import files
from tests.disclosure.builders import make_document, publish_document, supervisor
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation

pytestmark = pytest.mark.django_db

D = datetime.date
PDF = files.pdf_bytes(pages=2)  # a real PDF without metadata: stored byte for byte
PDF_URL = "https://upper.example.gov.cn/media/documents/2024/03/form.pdf"


def export_lines(org) -> list[dict]:
    out = io.StringIO()
    exchange.export_documents(org, out, base_url="https://xxgk.example.gov.cn")
    return [json.loads(line) for line in out.getvalue().splitlines()]


def record(org, index_number: str, **fields) -> dict:
    """A line as another platform running this format would write it."""
    data = {
        "format": exchange.FORMAT,
        "index_number": index_number,
        "title": "关于进一步做好政务公开工作的通知",
        "doc_number": "聊政办字〔2023〕5号",
        "summary": "",
        "keywords": "",
        "registration_number": "",
        "organization": {"name": org.name, "credit_code": org.credit_code, "slug": "x"},
        "issuers": [{"name": org.name, "credit_code": org.credit_code}],
        "written_on": "2023-05-04",
        "published_on": "2023-05-08",
        "effective_on": None,
        "expires_on": None,
        "theme": "综合政务",
        "genre": "通知",
        "category": None,
        "disclosure": "proactive",
        "changes": [],
        "changed_by": [],
        "body_html": "<p>各县（市、区）人民政府：</p>",
        "url": "https://upper.example.gov.cn/zcwjk/1/",
        "attachments": [],
    }
    data.update(fields)
    return data


def lines(*records) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in records]


def fetcher(files: dict[str, bytes], calls: list | None = None):
    def fetch(url):
        if calls is not None:
            calls.append(url)
        return io.BytesIO(files[url])

    return fetch


@pytest.fixture
def org(db):
    return make_org(name="聊城市人民政府办公室")


@pytest.fixture
def admin_user(db):
    return supervisor()


def test_the_export_holds_each_public_document_with_relations_and_checksums(
    org, admin_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    old = publish_document(make_document(org, title="旧办法", theme="综合政务"), by=admin_user)
    new = publish_document(make_document(org, title="新办法"), by=admin_user)
    library_steps.repeal(old, by_document=new, by=admin_user, reason="新办法施行", on=D(2024, 3, 5))
    Attachment.objects.create(
        document=old, title="申请表", file=SimpleUploadedFile("form.pdf", PDF, "application/pdf")
    )
    publish_interpretation(make_interpretation(old), by=admin_user)
    make_document(org, title="草稿")
    publish_document(make_document(title="他局文件"), by=admin_user)

    rows = export_lines(org)
    assert [r["title"] for r in rows] == ["旧办法", "新办法"]
    first = rows[0]
    assert first["format"] == "xxgk-documents/1"
    assert first["index_number"] == old.index_number
    assert first["organization"]["credit_code"] == org.credit_code
    assert first["theme"] == "综合政务"
    assert first["validity"]["code"] == "repealed"
    assert first["changed_by"] == [
        {
            "kind": "repeals",
            "index_number": new.index_number,
            "title": "新办法",
            "effective_on": "2024-03-05",
        }
    ]
    assert rows[1]["changes"][0]["index_number"] == old.index_number
    [attachment] = first["attachments"]
    assert attachment["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert attachment["url"].startswith("https://xxgk.example.gov.cn/media/documents/")
    assert attachment["size"] == len(PDF) and attachment["file_name"] == "form.pdf"
    assert first["url"] == f"https://xxgk.example.gov.cn/zcwjk/{old.pk}/"
    assert len(first["interpretations"]) == 1


def test_importing_this_platforms_own_export_changes_nothing(org, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = publish_document(make_document(org, theme="综合政务"), by=admin_user)
    Attachment.objects.create(
        document=document, file=SimpleUploadedFile("form.pdf", PDF, "application/pdf")
    )
    before = Document.objects.get(pk=document.pk).updated_at
    events = DocumentEvent.objects.count()
    calls = []
    report = exchange.import_documents(
        lines(*export_lines(org)), by=admin_user, fetch=fetcher({}, calls)
    )
    assert report.ok, report.messages()
    assert report.unchanged == [document.index_number]
    assert (report.created, report.updated, calls) == ([], [], [])
    assert Document.objects.get(pk=document.pk).updated_at == before
    assert DocumentEvent.objects.count() == events


def test_a_new_document_is_published_with_its_index_number_and_date(org, admin_user):
    number = f"{org.credit_code}/2023-00042"
    report = exchange.import_documents(lines(record(org, number)), by=admin_user)
    assert report.ok, report.messages()
    assert report.created == [number]
    document = Document.objects.get(index_number=number)
    assert document.is_public
    assert document.published_on == D(2023, 5, 8)
    assert document.doc_number == "聊政办字〔2023〕5号"
    assert document.theme.name == "综合政务" and document.genre.name == "通知"
    event = document.events.get()
    assert event.action == "published" and event.actor == admin_user
    assert "依交换文件发布" in event.note and "upper.example.gov.cn" in event.note
    # The agency's own next number of that year comes after the imported one.
    local = publish_document(make_document(org), by=admin_user, on=D(2023, 6, 1))
    assert local.index_number == f"{org.credit_code}/2023-00043"


def test_a_second_run_creates_nothing_and_a_changed_record_updates(org, admin_user):
    number = f"{org.credit_code}/2023-00001"
    original = record(org, number)
    exchange.import_documents(lines(original), by=admin_user)
    again = exchange.import_documents(lines(original), by=admin_user)
    assert (again.created, again.updated, again.unchanged) == ([], [], [number])
    assert Document.objects.filter(index_number=number).count() == 1

    changed = record(
        org, number, title="关于进一步做好政务公开工作的通知（更正）", expires_on="2028-05-07"
    )
    report = exchange.import_documents(lines(changed), by=admin_user)
    assert report.updated == [number]
    document = Document.objects.get(index_number=number)
    assert document.title.endswith("（更正）")
    assert document.expires_on == D(2028, 5, 7)
    assert document.events.filter(action="validity_period").exists()
    assert document.status == "published" and document.published_on == D(2023, 5, 8)


def test_relations_by_index_number_are_recorded_through_the_workflow(org, admin_user):
    old, new = f"{org.credit_code}/2020-00001", f"{org.credit_code}/2024-00001"
    repeal = {"kind": "repeals", "index_number": old, "title": "旧", "effective_on": "2024-01-01"}
    report = exchange.import_documents(
        lines(record(org, new, title="新办法", changes=[repeal]), record(org, old, title="旧办法")),
        by=admin_user,
    )
    assert report.ok and report.relations == 1
    repealed = Document.objects.get(index_number=old)
    assert repealed.validity_on(D(2024, 6, 1)) == "repealed"
    assert repealed.events.filter(action="repealed").exists()
    assert repealed.validity_changes.get().validity == "repealed"
    rerun = exchange.import_documents(
        lines(record(org, new, title="新办法", changes=[repeal]), record(org, old, title="旧办法")),
        by=admin_user,
    )
    assert rerun.relations == 0 and DocumentRelation.objects.count() == 1


def test_attachments_are_fetched_checked_and_not_fetched_again(org, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    number = f"{org.credit_code}/2023-00007"
    attachment = {
        "title": "申请表",
        "file_name": "form.pdf",
        "url": PDF_URL,
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "size": len(PDF),
    }
    calls = []
    data = lines(record(org, number, attachments=[attachment]))
    exchange.import_documents(data, by=admin_user, fetch=fetcher({PDF_URL: PDF}, calls))
    stored = Document.objects.get(index_number=number).attachments.get()
    assert stored.title == "申请表" and stored.kind == "PDF" and stored.file.read() == PDF
    rerun = exchange.import_documents(data, by=admin_user, fetch=fetcher({PDF_URL: PDF}, calls))
    assert rerun.unchanged == [number] and calls == [PDF_URL]
    # Removed at the source: removed here.
    gone = exchange.import_documents(lines(record(org, number)), by=admin_user)
    assert gone.updated == [number]
    assert not Attachment.objects.filter(document__index_number=number).exists()


def test_a_received_attachment_is_stored_without_its_metadata_and_a_rerun_changes_nothing(
    org, admin_user, settings, tmp_path
):
    from pypdf import PdfReader

    settings.MEDIA_ROOT = tmp_path
    number = f"{org.credit_code}/2023-00008"
    source = files.pdf_bytes(pages=2, author="张三")
    attachment = {
        "title": "申请表",
        "file_name": "form.pdf",
        "url": PDF_URL,
        "sha256": hashlib.sha256(source).hexdigest(),
        "size": len(source),
    }
    data = lines(record(org, number, attachments=[attachment]))
    exchange.import_documents(data, by=admin_user, fetch=fetcher({PDF_URL: source}))
    stored = Document.objects.get(index_number=number).attachments.get()
    assert not PdfReader(stored.file.open("rb")).metadata
    rerun = exchange.import_documents(data, by=admin_user, fetch=fetcher({PDF_URL: source}))
    assert rerun.unchanged == [number]
    assert Document.objects.get(index_number=number).attachments.get().pk == stored.pk


def test_a_wrong_checksum_refuses_the_whole_file(org, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bad = {"title": "附件", "url": PDF_URL, "sha256": "0" * 64, "file_name": "form.pdf"}
    report = exchange.import_documents(
        lines(
            record(org, f"{org.credit_code}/2023-00001"),
            record(org, f"{org.credit_code}/2023-00002", attachments=[bad]),
        ),
        by=admin_user,
        fetch=fetcher({PDF_URL: PDF}),
    )
    assert not report.ok
    assert report.messages() == [
        "第 2 行：附件「附件」的 SHA-256 校验值不符，文件可能已损坏或被改动。"
    ]
    assert not Document.objects.exists()


def test_every_bad_line_is_named_in_chinese_and_nothing_is_written(org, admin_user):
    number = f"{org.credit_code}/2023-00001"
    stranger = {"name": "外省某局", "credit_code": "91110000000000000X"}
    report = exchange.import_documents(
        [
            json.dumps(record(org, number), ensure_ascii=False),
            "{这不是 JSON",
            json.dumps(record(org, "X/2023-1", organization=stranger), ensure_ascii=False),
            json.dumps(record(org, "Y/2023-1", theme="不存在的主题"), ensure_ascii=False),
            json.dumps(record(org, "Z/2023-1", title=""), ensure_ascii=False),
            json.dumps(record(org, number), ensure_ascii=False),
            json.dumps(record(org, "W/2023-1", written_on="2023-13-01"), ensure_ascii=False),
        ],
        by=admin_user,
    )
    messages = report.messages()
    assert [m.split("：")[0] for m in messages] == [f"第 {n} 行" for n in (2, 3, 4, 5, 6, 7)]
    assert "不是有效的 JSON" in messages[0]
    assert "外省某局" in messages[1] and "不存在" in messages[1]
    assert "主题分类「不存在的主题」" in messages[2]
    assert "缺少标题" in messages[3]
    assert "与第 1 行重复" in messages[4]
    assert "2023-13-01" in messages[5]
    assert not Document.objects.exists()


def test_an_account_of_another_agency_cannot_import_for_this_one(org):
    clerk = make_staff(make_org())
    report = exchange.import_documents(
        lines(record(org, f"{org.credit_code}/2023-00001")), by=clerk
    )
    assert "不能代聊城市人民政府办公室发布文件" in report.messages()[0]
    assert not Document.objects.exists()


def test_a_local_node_missing_here_falls_back_to_its_statutory_parent(org, admin_user):
    statutory = Category.objects.statutory().get(name="财政预算、决算信息")
    report = exchange.import_documents(
        lines(
            record(
                org, f"{org.credit_code}/2023-00001", category=["财政预算、决算信息", "部门预算"]
            )
        ),
        by=admin_user,
    )
    assert report.ok
    assert Document.objects.get().category == statutory
    assert "「财政预算、决算信息/部门预算」" in report.warning_messages()[0]


def test_the_commands_export_and_import_a_file(org, admin_user, tmp_path, capsys):
    admin_user.username = "importer"
    admin_user.save()
    publish_document(make_document(org, title="已发布文件"), by=admin_user)
    path = tmp_path / "lcs.jsonl"
    call_command("export_documents_jsonl", organization=org.slug, output=str(path))
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[0])["title"] == "已发布文件"
    out = io.StringIO()
    call_command("import_documents_jsonl", str(path), user="importer", dry_run=True, stdout=out)
    assert "检查通过（未写入）" in out.getvalue() and "未改动 1 件" in out.getvalue()
    path.write_text('{"format": "other"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_documents_jsonl", str(path), user="importer", stderr=io.StringIO())


def test_a_failure_while_writing_rolls_back_every_line_and_file(
    org, admin_user, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    attachment = {
        "title": "申请表",
        "file_name": "form.pdf",
        "url": PDF_URL,
        "sha256": hashlib.sha256(PDF).hexdigest(),
    }
    real = library_steps.publish_received

    def refuse_second(document, **kwargs):
        if kwargs["index_number"].endswith("00002"):
            raise library_steps.ValidationError("模拟的发布失败。")
        return real(document, **kwargs)

    monkeypatch.setattr(library_steps, "publish_received", refuse_second)
    report = exchange.import_documents(
        lines(
            record(org, f"{org.credit_code}/2023-00001", attachments=[attachment]),
            record(org, f"{org.credit_code}/2023-00002"),
        ),
        by=admin_user,
        fetch=fetcher({PDF_URL: PDF}),
    )
    assert report.messages() == ["第 2 行：模拟的发布失败。"]
    assert report.created == []
    assert not Document.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))
