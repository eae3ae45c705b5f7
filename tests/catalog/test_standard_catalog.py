"""The 政务公开事项标准目录: XLSX import (all or nothing, Chinese row errors), export, page."""

import io

import openpyxl
import pytest
import tablib
from django.urls import reverse

from catalog.demo import STANDARD_CATALOG_XLSX
from catalog.models import Category, StandardCatalogItem
from catalog.resources import StandardCatalogResource
from catalog.standard_catalog import import_items, read_dataset
from tests.conftest import make_org, make_staff

pytestmark = pytest.mark.django_db

HEADERS = StandardCatalogResource.headers()


def row(**overrides):
    values = {
        "序号": 1,
        "领域": "社会救助",
        "一级事项": "最低生活保障",
        "二级事项": "审批结果",
        "公开内容（要素）": "保障对象姓名（隐去身份证号）、保障人数、保障金额",
        "公开依据": "《社会救助暂行办法》",
        "公开时限": "信息形成或变更之日起20个工作日内",
        "公开主体": "县级民政部门",
        "公开渠道和载体": "■政府网站 ■村（居）务公开栏",
        "公开对象（全社会）": "√",
        "公开对象（特定群体）": "",
        "公开方式（主动）": "√",
        "公开方式（依申请）": "",
        "公开层级（县级）": "√",
        "公开层级（乡级）": "√",
        "对应目录": "",
    }
    values.update(overrides)
    return [values[h] for h in HEADERS]


def dataset(*rows):
    data = tablib.Dataset(headers=HEADERS)
    for r in rows:
        data.append(r)
    return data


def test_the_committed_demo_catalog_imports_with_its_columns(org):
    jyj = make_org(name="测试教育局")
    Category.objects.create(
        organization=jyj,
        parent=Category.objects.statutory().get(name__startswith="扶贫、教育"),
        name="义务教育招生入学",
        scope="local",
    )
    report = import_items(read_dataset(STANDARD_CATALOG_XLSX), jyj)
    assert report.ok, report.errors
    assert report.created == 6
    item = StandardCatalogItem.objects.get(organization=jyj, sub_matter="招生政策")
    assert item.domain == "义务教育"
    assert item.category.name == "义务教育招生入学"
    assert (item.audience_display, item.mode_display, item.level_display) == (
        "全社会",
        "主动",
        "县级、乡级",
    )


def test_the_export_has_exactly_the_published_columns():
    assert HEADERS == [
        "序号",
        "领域",
        "一级事项",
        "二级事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象（全社会）",
        "公开对象（特定群体）",
        "公开方式（主动）",
        "公开方式（依申请）",
        "公开层级（县级）",
        "公开层级（乡级）",
        "对应目录",
    ]


def test_one_bad_row_means_nothing_is_written_and_the_row_is_named_in_chinese(org):
    report = import_items(
        dataset(
            row(), row(二级事项="审批程序", **{"公开方式（主动）": "", "公开方式（依申请）": ""})
        ),
        org,
    )
    assert not report.ok
    assert (3, "公开方式：主动：公开方式至少选择「主动」或「依申请」之一。") in report.errors
    assert StandardCatalogItem.objects.count() == 0


def test_an_unreadable_mark_is_reported_with_the_value(org):
    report = import_items(dataset(row(**{"公开层级（乡级）": "有"})), org)
    assert any(n == 2 and "无法识别「有」" in message for n, message in report.errors)


def test_an_empty_required_cell_is_reported(org):
    report = import_items(dataset(row(**{"公开时限": ""})), org)
    assert (2, "公开时限：此字段不能为空。") in report.errors


def test_a_node_outside_the_agencys_tree_is_refused(org, other_org):
    parent = Category.objects.statutory().get(name="财政预算、决算信息")
    Category.objects.create(organization=other_org, parent=parent, name="他局预算", scope="local")
    report = import_items(dataset(row(对应目录="他局预算")), org)
    assert any("对应目录「他局预算」不在本机关的主动公开目录中" in m for _, m in report.errors)


def test_a_row_repeated_in_the_file_is_reported_against_the_first(org):
    report = import_items(dataset(row(), row()), org)
    assert report.errors == [(3, "与第 1 行的领域、一级事项、二级事项重复。")]
    assert StandardCatalogItem.objects.count() == 0


def test_a_missing_column_is_reported_before_any_row(org):
    data = tablib.Dataset(headers=HEADERS[:-2])
    data.append(row()[:-2])
    report = import_items(data, org)
    assert report.errors and "表头缺少以下列：公开层级（乡级）、对应目录" in report.errors[0][1]


def test_importing_the_same_file_again_updates_instead_of_duplicating(org):
    import_items(dataset(row()), org)
    report = import_items(dataset(row(公开时限="每月10日前")), org)
    assert report.ok and report.updated == 1
    assert StandardCatalogItem.objects.get().time_limit == "每月10日前"


def test_the_same_matter_in_two_agencies_is_two_items(org, other_org):
    import_items(dataset(row()), org)
    import_items(dataset(row()), other_org)
    assert StandardCatalogItem.objects.count() == 2


def test_staff_export_their_catalog_as_xlsx_with_check_marks(client, org, other_org):
    import_items(dataset(row()), org)
    import_items(dataset(row(一级事项="他局事项")), other_org)
    client.force_login(make_staff(org))
    response = client.post(
        reverse("admin:catalog_standardcatalogitem_export"),
        {"format": "0", "resource": "0"},
    )
    assert response.status_code == 200, response.content.decode()[:500]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert list(rows[0]) == HEADERS
    assert len(rows) == 2 and rows[1][2] == "最低生活保障" and rows[1][9] == "√"


def test_staff_import_preview_shows_row_errors_and_writes_nothing(client, org):
    client.force_login(make_staff(org))
    buffer = io.BytesIO()
    dataset(row(公开时限="")).export("xlsx")
    buffer.write(dataset(row(公开时限="")).export("xlsx"))
    buffer.seek(0)
    buffer.name = "catalog.xlsx"
    response = client.post(
        reverse("admin:catalog_standardcatalogitem_import"),
        {"format": "0", "resource": "0", "import_file": buffer},
    )
    page = response.content.decode()
    assert "此字段不能为空" in page
    assert StandardCatalogItem.objects.count() == 0


def test_staff_import_for_their_own_agency_even_if_they_choose_another(client, org, other_org):
    client.force_login(make_staff(org))
    data = dataset(row())
    buffer = io.BytesIO(data.export("xlsx"))
    buffer.name = "catalog.xlsx"
    response = client.post(
        reverse("admin:catalog_standardcatalogitem_import"),
        {"format": "0", "resource": "0", "import_file": buffer, "organization": other_org.pk},
    )
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    response = client.post(
        reverse("admin:catalog_standardcatalogitem_process_import"),
        {**confirm.initial, "organization": other_org.pk},
    )
    assert response.status_code == 302
    assert StandardCatalogItem.objects.get().organization == org


def test_agency_staff_open_their_own_catalog_rows_in_the_admin(client, org, other_org):
    import_items(dataset(row(一级事项="本局事项")), org)
    import_items(dataset(row(一级事项="他局事项")), other_org)
    client.force_login(make_staff(org))
    response = client.get(reverse("admin:catalog_standardcatalogitem_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "本局事项" in page and "他局事项" not in page
    assert reverse("admin:catalog_standardcatalogitem_import") in page


def test_agency_staff_change_their_own_row_but_not_another_agencys(client, org, other_org):
    import_items(dataset(row(一级事项="本局事项")), org)
    import_items(dataset(row(一级事项="他局事项")), other_org)
    own = StandardCatalogItem.objects.get(organization=org)
    other = StandardCatalogItem.objects.get(organization=other_org)
    client.force_login(make_staff(org))
    change = "admin:catalog_standardcatalogitem_change"
    assert client.get(reverse(change, args=[own.pk])).status_code == 200
    assert client.get(reverse(change, args=[other.pk])).status_code in (302, 403, 404)


def test_the_public_page_groups_items_by_domain_and_links_the_node(client, org):
    parent = Category.objects.statutory().get(name="财政预算、决算信息")
    node = Category.objects.create(organization=org, parent=parent, name="部门预算", scope="local")
    import_items(dataset(row(对应目录="部门预算"), row(领域="义务教育", 一级事项="招生")), org)
    page = client.get(reverse("disclosure:standard-catalog", args=[org.slug])).content.decode()
    assert "社会救助领域" in page and "义务教育领域" in page
    assert f"#node-{node.pk}" in page
    filtered = client.get(
        reverse("disclosure:standard-catalog", args=[org.slug]) + "?domain=义务教育"
    )
    assert "社会救助领域" not in filtered.content.decode()


def test_the_public_page_has_an_empty_state(client, org):
    page = client.get(reverse("disclosure:standard-catalog", args=[org.slug])).content.decode()
    assert "尚未发布政务公开事项标准目录" in page
