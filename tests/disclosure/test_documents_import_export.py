"""Bulk metadata import and export of the 政策文件库 (XLSX/CSV): drafts only, all or nothing."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
import tablib

from catalog.models import Category, Genre, Theme
from disclosure.library.models import Document
from disclosure.library.openness import Openness
from disclosure.library.resources import DocumentResource, export_documents, import_metadata
from tests.conftest import make_staff
from tests.disclosure.builders import make_document, publish_document

pytestmark = pytest.mark.django_db

HEADERS = DocumentResource.headers()
IMPORT_HEADERS = DocumentResource.import_headers()


def row(**overrides) -> dict:
    values = {
        "标题": "聊城市人民政府办公室关于印发2025年聊城市政务公开工作要点的通知",
        "发文字号": "聊政办字〔2025〕12号",
        "发文机关": "",
        "成文日期": "2025-06-26",
        "施行日期": "",
        "有效期至": "",
        "主题分类": "综合政务",
        "体裁": "通知",
        "目录": "",
        "关键词": "政务公开 工作要点",
        "公开属性": "主动公开",
        "不公开理由": "",
        "统一登记号": "",
        "内容概述": "",
    }
    values.update(overrides)
    return values


def dataset(*rows, headers=None) -> tablib.Dataset:
    headers = headers or IMPORT_HEADERS
    data = tablib.Dataset(headers=headers)
    for r in rows:
        data.append([r.get(h, "") for h in headers])
    return data


def test_the_columns_are_the_libraries_chinese_metadata_names():
    assert HEADERS == [
        "索引号",
        "标题",
        "发文字号",
        "发布机关",
        "发文机关",
        "成文日期",
        "发布日期",
        "施行日期",
        "有效期至",
        "主题分类",
        "体裁",
        "目录",
        "关键词",
        "公开属性",
        "不公开理由",
        "有效性",
        "统一登记号",
        "内容概述",
        "状态",
    ]
    assert set(HEADERS) - set(IMPORT_HEADERS) == {
        "索引号",
        "发布机关",
        "发布日期",
        "有效性",
        "状态",
    }


def test_a_valid_file_creates_drafts_of_the_importing_agency_only(org, other_org):
    user = make_staff(org)
    report = import_metadata(
        dataset(
            row(),
            row(
                标题="聊城市行政规范性文件管理办法",
                发文字号="聊政发[2018]第6号",
                成文日期="2018年3月12日",
                施行日期="2018/4/15",
                有效期至="２０２３－０４－１４",
                体裁="规范性文件",
                统一登记号="SDLC01-2018-0001",
                发文机关=f"{org.name}、{other_org.name}",
            ),
        ),
        org,
        by=user,
    )
    assert report.ok, report.errors
    assert (report.created, report.updated) == (2, 0)

    plan = Document.objects.get(doc_number="聊政办字〔2025〕12号")
    assert plan.organization == org
    assert plan.status == Document.Status.DRAFT
    assert plan.index_number is None and plan.published_on is None
    assert plan.theme == Theme.objects.get(name="综合政务")
    assert plan.genre == Genre.objects.get(name="通知")
    assert plan.written_on == datetime.date(2025, 6, 26)
    assert plan.created_by == user
    assert list(plan.issuing_organizations.all()) == []

    rule = Document.objects.get(title="聊城市行政规范性文件管理办法")
    # The 文号 is normalized and split; the dates are read in every usual notation.
    assert rule.doc_number == "聊政发〔2018〕6号"
    assert (rule.doc_number_agency, rule.doc_number_year, rule.doc_number_seq) == (
        "聊政发",
        2018,
        6,
    )
    assert (rule.written_on, rule.effective_on, rule.expires_on) == (
        datetime.date(2018, 3, 12),
        datetime.date(2018, 4, 15),
        datetime.date(2023, 4, 14),
    )
    assert rule.registration_number == "SDLC01-2018-0001"
    assert set(rule.issuing_organizations.all()) == {org, other_org}
    assert not Document.objects.public().exists()


def test_one_invalid_row_means_nothing_is_written_and_each_error_names_row_and_column(org):
    report = import_metadata(
        dataset(
            row(),
            row(标题="关于二的通知", 发文字号="聊政办字2025第3号", 成文日期="2025-02-30"),
            row(标题="关于三的通知", 发文字号="", 主题分类="综合服务", 体裁="通告书"),
            row(标题="关于四的通知", 发文字号="", 公开属性="依申请公开", 不公开理由=""),
            row(标题="关于五的通知", 发文字号="", 公开属性="内部公开"),
        ),
        org,
    )
    assert not report.ok
    assert Document.objects.count() == 0
    assert (
        3,
        "发文字号：发文字号格式不正确：缺少年份，应在机关代字后用〔〕括注四位年份，如〔2020〕。",
    ) in report.errors
    assert (3, "成文日期：「2025-02-30」不是有效的日期，请写作 2020-08-07。") in report.errors
    assert (
        4,
        "主题分类：主题分类「综合服务」不存在：请填写本库主题分类中的名称，如“综合政务”。",
    ) in report.errors
    assert (4, "体裁：体裁「通告书」不存在：请填写本库体裁中的名称，如“通知”。") in report.errors
    assert (
        5,
        "不公开理由：公开属性为「依申请公开」时必须写明理由及法律依据。",
    ) in report.errors
    assert (
        6,
        "公开属性：「内部公开」无法识别：请填写 主动公开、依申请公开 或 不予公开。",
    ) in report.errors
    assert "第 3 行：成文日期：「2025-02-30」不是有效的日期，请写作 2020-08-07。" in (
        report.messages()
    )


def test_withholding_with_a_stated_reason_is_accepted(org):
    report = import_metadata(
        dataset(
            row(
                公开属性="不予公开",
                不公开理由="条例第十六条：内部事务信息",
            )
        ),
        org,
    )
    assert report.ok, report.errors
    document = Document.objects.get()
    assert document.disclosure == Openness.NOT_PUBLIC
    assert document.disclosure_reason == "条例第十六条：内部事务信息"


def test_an_empty_title_or_date_is_reported(org):
    report = import_metadata(dataset(row(标题="", 成文日期="")), org)
    assert (2, "标题：此字段不能为空。") in report.errors
    assert (2, "成文日期：此字段不能为空，请写作 2020-08-07。") in report.errors


def test_the_expiry_must_not_precede_the_start(org):
    report = import_metadata(dataset(row(施行日期="2025-07-01", 有效期至="2025-06-30")), org)
    assert (2, "有效期至：有效期至不能早于施行日期。") in report.errors


def test_a_catalog_node_must_be_in_the_agencys_tree(org, other_org):
    parent = Category.objects.statutory().get(name="财政预算、决算信息")
    Category.objects.create(organization=org, parent=parent, name="市级预算", scope="local")
    Category.objects.create(organization=other_org, parent=parent, name="他局预算", scope="local")
    report = import_metadata(dataset(row(目录="他局预算")), org)
    assert (2, "目录：目录「他局预算」不在本机关的主动公开目录中。") in report.errors
    report = import_metadata(dataset(row(目录="财政预算、决算信息/市级预算")), org)
    assert report.ok, report.errors
    assert Document.objects.get().category.name == "市级预算"


def test_importing_again_updates_the_draft_with_the_same_doc_number(org):
    import_metadata(dataset(row()), org)
    report = import_metadata(dataset(row(发文字号="聊政办字【2025】12号", 关键词="要点")), org)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (0, 1)
    assert Document.objects.get().keywords == "要点"


def test_a_row_without_doc_number_updates_the_draft_with_the_same_title(org):
    import_metadata(dataset(row(发文字号="")), org)
    import_metadata(dataset(row(发文字号="", 体裁="意见")), org)
    assert Document.objects.get().genre.name == "意见"


def test_a_published_document_is_never_changed_by_an_import(org):
    published = publish_document(
        make_document(org, title="已发布的通知", doc_number="聊政办字〔2025〕12号")
    )
    report = import_metadata(dataset(row(关键词="改动")), org)
    assert report.errors == [
        (
            2,
            f"发文字号：发文字号「聊政办字〔2025〕12号」的文件《已发布的通知》"
            f"（索引号 {published.index_number}）当前为「已发布」，导入只能新建或修改草稿，"
            "请在管理后台修改该文件。",
        )
    ]
    published.refresh_from_db()
    assert published.keywords == ""


def test_another_agency_in_the_file_is_refused(org, other_org):
    # An 索引号 is the document's original one (kept at publication); the agency is not.
    report = import_metadata(
        dataset(
            row(索引号="113715000000000012/2025-00001", 发布机关=other_org.name), headers=HEADERS
        ),
        org,
    )
    messages = dict(report.errors)
    assert len(report.errors) == 1 and 2 in messages
    assert any(f"发布机关：「{other_org.name}」不是本机关" in m for _, m in report.errors)
    assert Document.objects.count() == 0


def test_the_same_document_twice_in_a_file_is_reported_against_the_first(org):
    report = import_metadata(dataset(row(), row(发文字号="聊政办字[2025]12号")), org)
    assert report.errors == [(3, "发文字号：与第 2 行的发文字号相同：同一文件只能出现一次。")]


def test_a_missing_column_is_reported_before_any_row(org):
    headers = [h for h in IMPORT_HEADERS if h not in ("体裁", "目录")]
    report = import_metadata(dataset(row(), headers=headers), org)
    assert report.errors == [(None, "表头缺少以下列：体裁、目录。请使用导出的表格作为模板填写。")]


def test_a_dry_run_validates_but_writes_nothing(org):
    report = import_metadata(dataset(row()), org, dry_run=True)
    assert report.ok and report.created == 1
    assert Document.objects.count() == 0


def test_the_export_shows_the_agencys_documents_with_derived_values(org, other_org):
    published = publish_document(
        make_document(
            org,
            title="聊城市行政规范性文件管理办法",
            doc_number="聊政发〔2018〕6号",
            written_on=datetime.date(2018, 3, 12),
            expires_on=datetime.date(2023, 4, 14),
            theme="综合政务",
            genre="规范性文件",
        ),
        on=datetime.date(2018, 3, 15),
    )
    make_document(other_org, title="他局的文件")

    book = openpyxl.load_workbook(io.BytesIO(export_documents(org, "xlsx")))
    sheet = book.active
    rows = list(sheet.values)
    assert list(rows[0]) == HEADERS
    assert len(rows) == 2
    exported = dict(zip(HEADERS, rows[1], strict=True))
    assert exported["索引号"] == published.index_number
    assert exported["发布机关"] == org.name
    assert exported["成文日期"] == "2018-03-12"
    assert exported["发布日期"] == "2018-03-15"
    assert exported["有效期至"] == "2023-04-14"
    assert exported["有效性"] == "失效"
    assert exported["状态"] == "已发布"
    assert exported["主题分类"] == "综合政务"
    assert exported["公开属性"] == "主动公开"


def test_an_exported_csv_of_drafts_imports_back_unchanged(org):
    import_metadata(dataset(row(), row(标题="关于二的通知", 发文字号="聊政办字〔2025〕13号")), org)
    csv = export_documents(org, "csv")
    data = tablib.Dataset().load(csv, format="csv")
    report = import_metadata(data, org)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (0, 2)
    assert Document.objects.count() == 2


def test_the_supervisors_export_covers_every_agency(org, other_org):
    make_document(org)
    make_document(other_org)
    data = tablib.Dataset().load(export_documents(None, "csv"), format="csv")
    assert {r[HEADERS.index("发布机关")] for r in data} == {org.name, other_org.name}
