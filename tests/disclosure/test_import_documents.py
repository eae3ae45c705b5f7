"""manage.py import_documents: the real samples in the repository become checked drafts."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.models import Genre, Theme
from disclosure.library.demo_samples import SAMPLES_DIR
from disclosure.library.models import Document
from disclosure.library.openness import Openness
from disclosure.publishing import steps as publishing
from tests.conftest import make_org
from tests.disclosure.builders import supervisor

pytestmark = pytest.mark.django_db

SAMPLES = SAMPLES_DIR
NAMES = [
    "laiyang-2020-gongkai-fangan.txt",
    "liaocheng-2020-gongkai-yaodian.txt",
    "liaocheng-2025-gongkai-yaodian.txt",
]

LAIYANG_TITLE = "莱阳市人民政府办公室关于印发2020年莱阳市政务公开工作实施方案的通知"
LIAOCHENG_2020_TITLE = "聊城市人民政府办公室关于印发2020年聊城市政务公开工作要点的通知"
LIAOCHENG_2025_TITLE = "聊城市人民政府办公室关于印发2025年聊城市政务公开工作要点的通知"


@pytest.fixture
def samples() -> list[Path]:
    return [SAMPLES / name for name in NAMES]


@pytest.fixture
def agencies():
    return {
        "laiyang": make_org(name="莱阳市人民政府办公室", slug="lyszfb"),
        "liaocheng": make_org(name="聊城市人民政府办公室", slug="lcszfb"),
        "liaocheng_gov": make_org(name="聊城市人民政府", slug="lcs"),
    }


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_documents", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_each_sample_becomes_a_draft_with_what_a_careful_reader_finds(samples, agencies):
    run(*samples)

    laiyang = Document.objects.get(title=LAIYANG_TITLE)
    assert laiyang.status == Document.Status.DRAFT
    assert laiyang.organization == agencies["laiyang"]
    assert laiyang.doc_number == "莱政办字〔2020〕34号"
    assert (laiyang.doc_number_agency, laiyang.doc_number_year, laiyang.doc_number_seq) == (
        "莱政办字",
        2020,
        34,
    )
    assert laiyang.written_on == datetime.date(2020, 8, 7)
    assert laiyang.genre == Genre.objects.get(name="通知")
    assert laiyang.theme is None  # 综合服务 is not a 主题分类 of the State Council's scheme
    assert laiyang.keywords == "莱阳 政务公开"
    assert laiyang.disclosure == Openness.PROACTIVE
    # Never published by the import: the library assigns its own 索引号 and 发布日期.
    assert laiyang.index_number is None and laiyang.published_on is None
    assert laiyang.body.startswith("<p>各镇政府、街道办事处")
    assert "<p>一、总体目标</p>" in laiyang.body
    assert "打印" not in laiyang.body and "版权所有" not in laiyang.body
    assert laiyang.import_source == "file:lyszfb/laiyang-2020-gongkai-fangan.txt"

    y2020 = Document.objects.get(title=LIAOCHENG_2020_TITLE)
    assert y2020.organization == agencies["liaocheng"]
    assert y2020.doc_number == ""
    assert y2020.written_on == datetime.date(2020, 6, 19)
    assert y2020.disclosure == Openness.PROACTIVE

    y2025 = Document.objects.get(title=LIAOCHENG_2025_TITLE)
    assert y2025.written_on == datetime.date(2025, 6, 26)
    assert "<p>2025年聊城市政务公开工作要点</p>" in y2025.body

    assert Document.objects.count() == 3
    assert set(Document.objects.values_list("status", flat=True)) == {"draft"}
    assert not Document.objects.public().exists()


def test_the_report_names_each_field_with_its_value_and_what_it_could_not(samples, agencies):
    out = run(*samples)

    laiyang, liaocheng_2020, liaocheng_2025 = out.split(str(SAMPLES))[1:]
    assert f"新建草稿（文件编号 {Document.objects.get(title=LAIYANG_TITLE).pk}）" in laiyang
    assert "所属机关：莱阳市人民政府办公室（按发文机关匹配）" in laiyang
    for line in [
        f"标题：{LAIYANG_TITLE}",
        "发文字号：莱政办字〔2020〕34号",
        "发文机关：莱阳市人民政府办公室",
        "成文日期：2020-08-07",
        "发布日期：2020-08-10",
        "索引号：11370682004276012B/2020-20291",
        "体裁：通知",
        "关键词：莱阳 政务公开",
        "公开属性：此件公开发布（主动公开）",
    ]:
        assert f"    {line}" in laiyang
    assert "未找到" not in laiyang
    assert "    索引号：11370682004276012B/2020-20291（元数据表）" in laiyang
    assert "    发文字号：莱政办字〔2020〕34号（标题区）" in laiyang
    assert "主题分类「综合服务」不在本库的主题分类中，未设置" in laiyang

    # The title of the 2020 notice is rebuilt from its 「现印发给你们」 sentence.
    assert f"    标题（推断）：{LIAOCHENG_2020_TITLE}" in liaocheng_2020
    assert "    成文日期：2020-06-19" in liaocheng_2020
    assert "未找到：发文字号、发布日期、索引号、主题分类、体裁、有效性、关键词" in liaocheng_2020

    assert f"    标题：{LIAOCHENG_2025_TITLE}" in liaocheng_2025
    assert "    成文日期：2025-06-26" in liaocheng_2025
    assert "（推断）" not in liaocheng_2025

    assert "共 3 个文件：新建草稿 3，更新草稿 0，未改动 0，未导入 0，无法读取 0。" in out


def test_importing_the_same_files_again_updates_their_drafts(samples, agencies):
    run(*samples)
    draft = Document.objects.get(title=LAIYANG_TITLE)
    # Staff fix what the import could not, and someone mangles the title.
    theme_chosen = draft.theme = Theme.objects.get(name="综合政务")
    draft.title = "临时标题"
    draft.save()

    out = run(*samples)

    assert Document.objects.count() == 3
    assert out.count("更新草稿（文件编号") == 3
    draft.refresh_from_db()
    assert draft.title == LAIYANG_TITLE  # what the file says again
    assert draft.theme == theme_chosen  # not found in the file: the staff's choice stays


def test_a_copy_of_the_file_elsewhere_updates_the_same_draft(samples, agencies, tmp_path):
    run(samples[0])
    copy = tmp_path / samples[0].name
    copy.write_bytes(samples[0].read_bytes())
    out = run(copy)
    assert "更新草稿" in out
    assert Document.objects.count() == 1


def test_a_draft_published_meanwhile_is_not_touched(samples, agencies):
    run(samples[0])
    document = Document.objects.get()
    user = supervisor()
    publishing.submit_for_review(document, by=user)
    publishing.publish(document, by=supervisor(), on=datetime.date(2020, 8, 10))
    Document.objects.filter(pk=document.pk).update(keywords="已由工作人员核对")

    out = run(samples[0])

    assert f"未改动（文件编号 {document.pk}）" in out
    assert "该文件此前导入的草稿现为「已发布」，导入不再修改它" in out
    document.refresh_from_db()
    assert document.keywords == "已由工作人员核对"
    assert document.status == Document.Status.PUBLISHED
    assert Document.objects.count() == 1


def test_the_organization_option_sets_the_owner_and_keeps_the_issuer(samples, agencies):
    out = run(samples[1], "--organization", "lcs")
    document = Document.objects.get()
    assert document.organization == agencies["liaocheng_gov"]
    assert list(document.issuing_organizations.all()) == [agencies["liaocheng"]]
    assert "所属机关：聊城市人民政府（按命令参数指定）" in out


def test_an_unknown_organization_option_is_refused(samples, agencies):
    with pytest.raises(CommandError, match="没有网址标识为「nosuch」的机关"):
        run(samples[0], "--organization", "nosuch")


def test_a_file_whose_issuer_is_no_known_agency_is_reported_not_imported(samples):
    out = run(samples[0])  # no agencies exist
    assert "未导入" in out
    assert "发文机关「莱阳市人民政府办公室」未找到对应的机关" in out
    assert "请用 --organization 指定" in out
    assert not Document.objects.exists()


def test_only_unreadable_paths_make_the_command_fail(samples, agencies, tmp_path):
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 个文件无法读取"):
        call_command(
            "import_documents", str(samples[0]), str(tmp_path / "gone.txt"), str(scan), stdout=out
        )
    text = out.getvalue()
    assert "gone.txt：无法读取" in text and "文件不存在" in text
    assert "scan.png：无法读取" in text and "不支持的文件类型「.png」" in text
    assert Document.objects.count() == 1  # the readable file was still imported


def test_an_html_page_marked_on_request_becomes_a_draft_that_asks_for_the_reason(
    agencies, tmp_path
):
    page = tmp_path / "notice.html"
    page.write_text(
        "<html><body><div>首页 > 政府信息公开</div>"
        "<h1>聊城市人民政府办公室关于做好防汛工作的通知</h1>"
        "<p>聊政办字［２０２４］第７号</p>"
        "<p>各县（市、区）人民政府，市政府各部门：</p>"
        "<p>现就做好防汛工作有关事项通知如下，请认真贯彻执行。</p>"
        "<p>聊城市人民政府办公室</p><p>2024年6月3日</p><p>（此件依申请公开）</p>"
        "<p>打印 关闭</p></body></html>",
        encoding="utf-8",
    )
    out = run(page)
    document = Document.objects.get()
    assert document.doc_number == "聊政办字〔2024〕7号"
    assert document.written_on == datetime.date(2024, 6, 3)
    assert document.disclosure == Openness.ON_REQUEST
    assert "原文标注「此件依申请公开」" in document.disclosure_reason
    assert "公开属性为「依申请公开」：请在草稿中补充理由及法律依据" in out
    assert "<script" not in document.body and "打印" not in document.body
