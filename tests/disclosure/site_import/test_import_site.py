"""manage.py import_site: a small saved column (nested folders, attachments, cross links,
GB18030 pages) round-trips into the 政策文件库; re-running changes nothing; failures are
report lines that stop nothing else."""

from __future__ import annotations

import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from disclosure.library.models import Document
from tests.conftest import make_org, make_staff

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "site_import" / "oldsite"
PAGE_1 = "xxgk/2020/08/t20200810_1.html"
PAGE_2 = "xxgk/2020/09/t20200901_2.html"
PAGE_3 = "xxgk/gfxwj/t20210105_3.shtml"


@pytest.fixture
def site(tmp_path) -> Path:
    copy = tmp_path / "oldsite"
    shutil.copytree(FIXTURE, copy)
    return copy


@pytest.fixture
def agency():
    return make_org(name="示例市人民政府办公室", slug="slszfb")


def run(site: Path, tmp_path: Path, *args) -> tuple[str, list[dict]]:
    out = io.StringIO()
    report = tmp_path / "report.xlsx"
    call_command(
        "import_site",
        str(site),
        "--organization",
        "slszfb",
        "--host",
        "www.example.gov.cn",
        "--report",
        str(report),
        *args,
        stdout=out,
    )
    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    return out.getvalue(), [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def doc(path: str) -> Document:
    return Document.objects.get(import_source=f"site:slszfb/{path}")


def test_every_page_becomes_a_draft_of_the_agency(site, tmp_path, agency):
    run(site, tmp_path)
    drafts = Document.objects.filter(organization=agency)
    assert drafts.count() == 3
    assert {d.status for d in drafts} == {Document.Status.DRAFT}


def test_the_metadata_of_each_layout_is_read(site, tmp_path, agency):
    run(site, tmp_path)
    first, second, third = doc(PAGE_1), doc(PAGE_2), doc(PAGE_3)
    assert first.title == "示例市人民政府办公室关于印发2020年政务公开工作实施方案的通知"
    assert first.doc_number == "示政办字〔2020〕34号"
    assert first.written_on == datetime.date(2020, 8, 7)
    assert first.original_index_number == "11000000MB0000000X/2020-00031"
    assert second.title == "示例市人民政府关于加强政务公开标准化工作的意见"
    assert second.doc_number == "示政发〔2020〕9号"
    assert second.written_on == datetime.date(2020, 9, 1)
    assert third.registration_number == "SLGS—2021—1"
    assert third.doc_number == "示政发〔2021〕1号"
    assert third.written_on == datetime.date(2021, 1, 5)


def test_links_between_migrated_pages_point_to_their_new_addresses(site, tmp_path, agency):
    run(site, tmp_path)
    first, second, third = doc(PAGE_1), doc(PAGE_2), doc(PAGE_3)
    assert f'href="{second.get_absolute_url()}"' in first.body
    assert f'href="{third.get_absolute_url()}"' in first.body
    assert f'href="{first.get_absolute_url()}"' in second.body  # absolute URL on the old host
    assert f'href="{second.get_absolute_url()}"' in third.body  # with a #fragment
    assert "http://www.other.gov.cn/zwgk/index.html" in second.body  # external stays


def test_nothing_of_the_text_is_lost(site, tmp_path, agency):
    run(site, tmp_path)
    first = doc(PAGE_1).body
    for text in (
        "各县（市、区）人民政府，市政府各部门：",
        "请认真贯彻落实",
        "示省办发〔2020〕12号",
    ):
        assert text in first
    assert "二、保障措施" in doc(PAGE_2).body


def test_navigation_and_boilerplate_are_dropped_from_the_body(site, tmp_path, agency):
    run(site, tmp_path)
    for path in (PAGE_1, PAGE_2, PAGE_3):
        body = doc(path).body
        for chrome in (
            "打印本页",
            "关闭窗口",
            "分享到",
            "当前位置",
            "版权所有",
            "网站首页",
            "<script",
        ):
            assert chrome not in body, (path, chrome)


def test_attachments_are_attached_and_cleaned(site, tmp_path, agency):
    run(site, tmp_path)
    attachments = doc(PAGE_1).attachments.order_by("position")
    assert [(a.title, a.kind) for a in attachments] == [
        ("1.任务分解表", "PDF"),
        ("2.联系表", "DOCX"),
    ]
    assert doc(PAGE_3).attachments.count() == 1


def test_running_again_changes_nothing(site, tmp_path, agency):
    run(site, tmp_path)
    before = {d.pk: (d.updated_at, d.body) for d in Document.objects.all()}
    _, rows = run(site, tmp_path)
    assert {r["结果"] for r in rows} == {"未改动"}
    assert {d.pk: (d.updated_at, d.body) for d in Document.objects.all()} == before
    assert doc(PAGE_1).attachments.count() == 2


def test_a_changed_page_updates_its_draft(site, tmp_path, agency):
    run(site, tmp_path)
    page = site / PAGE_1
    page.write_text(page.read_text(encoding="utf-8").replace("请认真贯彻落实", "请抓好落实"))
    _, rows = run(site, tmp_path)
    assert {r["源页面"]: r["结果"] for r in rows}[PAGE_1] == "更新草稿"
    assert "请抓好落实" in doc(PAGE_1).body
    assert doc(PAGE_1).attachments.count() == 2


def test_the_report_has_a_row_per_page_with_fields_sources_and_new_address(site, tmp_path, agency):
    _, rows = run(site, tmp_path)
    row = {r["源页面"]: r for r in rows}[PAGE_1]
    assert row["结果"] == "新建草稿"
    assert row["新网址"] == doc(PAGE_1).get_absolute_url()
    assert "索引号：11000000MB0000000X/2020-00031（元数据表）" in row["找到的字段"]
    assert "发布日期：2020-08-10（元数据表）" in row["找到的字段"]
    assert row["附件数"] == 2


def test_a_malformed_page_a_missing_attachment_and_an_unreadable_file_are_reported(
    site, tmp_path, agency
):
    (site / "xxgk/bad.html").write_bytes(b"\xff\xfe\x00\x81\x30<html><body><p>\xff\xff")
    (site / "xxgk/gone.html").symlink_to(site / "xxgk/nowhere.html")
    (site / "xxgk/2020/08/P020200810_files/联系表.docx").unlink()
    out, rows = run(site, tmp_path)
    by_page = {r["源页面"]: r for r in rows}
    assert by_page["xxgk/bad.html"]["结果"] == "页面格式错误"
    assert "编码无法识别" in by_page["xxgk/bad.html"]["警告与问题"]
    assert by_page["xxgk/gone.html"]["结果"] == "无法读取"
    assert "附件「2.联系表」" in by_page[PAGE_1]["警告与问题"]
    assert "未找到" in by_page[PAGE_1]["警告与问题"]
    # Everything else went through.
    assert Document.objects.count() == 3
    assert doc(PAGE_1).attachments.count() == 1
    assert "xxgk/bad.html：页面格式错误" in out


def test_dry_run_writes_nothing_and_reports_every_page(site, tmp_path, agency):
    out, rows = run(site, tmp_path, "--dry-run")
    assert Document.objects.count() == 0
    assert [r["结果"] for r in rows] == ["将新建"] * 3
    assert "试运行" in out


def test_publish_keeps_the_pages_date_and_index_number(site, tmp_path, agency):
    reviewer = make_staff(agency, reviewer=True, username="rev")
    run(site, tmp_path, "--publish", "--reviewer", reviewer.username)
    first = doc(PAGE_1)
    assert first.status == Document.Status.PUBLISHED
    assert first.published_on == datetime.date(2020, 8, 10)
    assert first.index_number == "11000000MB0000000X/2020-00031"
    assert all(a.public_url for a in first.attachments.all())
    assert first.attachments.first().public_url in first.body


def test_publish_without_a_reviewer_is_refused(site, tmp_path, agency):
    with pytest.raises(CommandError, match="审核人"):
        run(site, tmp_path, "--publish")


def test_a_link_to_a_page_that_cannot_be_migrated_is_reported_not_pointed_at_nothing(
    site, tmp_path, agency
):
    (site / "xxgk/undated.html").write_text(
        "<html><body><h1>无日期的页面</h1><div id='zoom'><p>正文。</p></div></body></html>",
        encoding="utf-8",
    )
    page = site / PAGE_1
    text = page.read_text(encoding="utf-8").replace(
        "请认真贯彻落实。", '请认真贯彻落实。<a href="../../undated.html">无日期</a>'
    )
    page.write_text(text, encoding="utf-8")
    _, rows = run(site, tmp_path)
    by_page = {r["源页面"]: r for r in rows}
    assert by_page["xxgk/undated.html"]["结果"] == "未导入"
    assert "../../undated.html" in by_page[PAGE_1]["警告与问题"]
    assert 'href="../../undated.html"' in doc(PAGE_1).body


def test_the_progress_bar_shows_on_a_terminal_only():
    from disclosure.library.management.commands.import_site import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = ProgressBar(stream, "迁移")
        for done in range(1, 5):
            bar(done, 4)
    assert "100%" in terminal.getvalue() and "2/2 页" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_the_benchmark_imports_generated_pages_and_rolls_back():
    out = io.StringIO()
    call_command("bench_import_site", "--pages", "6", "--attachment-every", "3", stdout=out)
    assert "新建 6" in out.getvalue() and "已回滚" in out.getvalue()
    assert Document.objects.count() == 0


def test_an_issuer_other_than_the_owner_is_linked_as_issuing_agency(site, tmp_path, agency):
    government = make_org(name="示例市人民政府", slug="slszf")
    run(site, tmp_path)
    assert list(doc(PAGE_2).issuing_organizations.all()) == [government]
    assert list(doc(PAGE_1).issuing_organizations.all()) == []  # the owner itself


def test_a_page_declaring_gb2312_but_saved_as_utf8_is_read_as_utf8():
    from disclosure.library.site_import import decode_page

    page = '<meta charset="gb2312"><p>索引号：X/2020-1</p>'
    assert decode_page(page.encode("utf-8")) == page
    assert decode_page(page.encode("gb18030")) == page


def test_publish_by_someone_who_is_not_the_agencys_reviewer_is_refused(site, tmp_path, agency):
    clerk = make_staff(agency, username="clerk")
    with pytest.raises(CommandError, match="审核人"):
        run(site, tmp_path, "--publish", "--reviewer", clerk.username)
    assert Document.objects.count() == 0


def test_an_image_in_the_text_is_kept_as_a_file_and_shown_in_place_once_published(
    site, tmp_path, agency
):
    reviewer = make_staff(agency, reviewer=True, username="rev")
    run(site, tmp_path, "--publish", "--reviewer", reviewer.username)
    second = doc(PAGE_2)
    image = second.attachments.get()
    assert (image.title, image.kind) == ("图解：标准化工作流程", "PNG")
    assert f'src="{image.public_url}"' in second.body
