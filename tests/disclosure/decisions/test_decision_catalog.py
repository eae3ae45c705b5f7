"""重大行政决策事项目录: XLSX import (all or nothing, Chinese errors per row), export, and
the public page per agency and year with links to what followed each decision."""

import datetime
import io

import pytest
import tablib
from django.urls import reverse
from django.utils import timezone

from disclosure.decisions.models import DecisionCatalog, DecisionItem, DecisionStatus
from disclosure.decisions.resources import (
    DecisionItemResource,
    export_decision_items,
    import_decision_items,
)
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document
from tests.disclosure.decisions.builders import (
    D,
    make_consultation,
    publish_consultation,
    staff_supervisor,
)
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation

pytestmark = pytest.mark.django_db


def row(**overrides) -> dict:
    values = {
        "年度": "2026",
        "序号": "1",
        "决策事项": "调整城区居民生活用水阶梯价格",
        "承办单位": "市发展改革委",
        "决策依据": "《政府制定价格听证办法》",
        "计划完成时间": "2026年12月",
        "是否听证": "是",
        "状态": "征求意见中",
        "备注": "",
    }
    values.update(overrides)
    return values


def dataset(*rows) -> tablib.Dataset:
    headers = DecisionItemResource.import_headers()
    data = tablib.Dataset(headers=headers)
    for r in rows:
        data.append([r.get(h, "") for h in headers])
    return data


def test_an_import_creates_the_years_catalog_and_its_items(org):
    report = import_decision_items(
        dataset(row(), row(决策事项="修订生活垃圾分类管理办法", 是否听证="", 状态="")), org
    )
    assert report.ok, report.messages()
    assert (report.created, report.updated) == (2, 0)
    catalog = DecisionCatalog.objects.get(organization=org, year=2026)
    assert not catalog.is_published  # staff publish it when it is approved
    first, second = catalog.items.order_by("pk")
    assert first.hearing_planned and first.status == DecisionStatus.CONSULTING
    assert not second.hearing_planned and second.status == DecisionStatus.NOT_STARTED


def test_a_file_with_one_bad_row_writes_nothing_and_names_row_and_column(org):
    report = import_decision_items(
        dataset(
            row(),
            row(决策事项="第二项", 年度="明年"),
            row(决策事项="第三项", 状态="已完成"),
            row(决策事项="第四项", 是否听证="也许"),
        ),
        org,
    )
    assert not report.ok
    messages = report.messages()
    assert any(m.startswith("第 3 行：年度：「明年」不是有效的年度") for m in messages), messages
    assert any(m.startswith("第 4 行：状态：状态「已完成」无法识别") for m in messages), messages
    assert any(m.startswith("第 5 行：是否听证：") and "是 或 否" in m for m in messages), messages
    assert not DecisionItem.objects.exists() and not DecisionCatalog.objects.exists()


def test_the_same_item_twice_in_one_file_is_an_error(org):
    report = import_decision_items(dataset(row(), row(序号="2")), org)
    assert report.messages() == [
        "第 3 行：决策事项：与第 2 行的年度和决策事项相同：同一事项只能出现一次。"
    ]


def test_missing_columns_are_named(org):
    data = tablib.Dataset(headers=["年度", "决策事项"])
    data.append(["2026", "事项"])
    report = import_decision_items(data, org)
    assert "表头缺少以下列：序号、承办单位" in report.messages()[0]


def test_a_second_import_updates_and_marks_a_published_catalog_adjusted(org):
    import_decision_items(dataset(row()), org)
    DecisionCatalog.objects.filter(organization=org).update(is_published=True)
    report = import_decision_items(dataset(row(状态="已决策")), org)
    assert (report.created, report.updated) == (0, 1)
    assert DecisionItem.objects.get().status == DecisionStatus.DECIDED
    assert DecisionCatalog.objects.get().adjusted_on == timezone.localdate()


def test_the_export_reads_back_as_an_import_and_shows_the_links(org):
    import_decision_items(dataset(row()), org)
    consultation = make_consultation(org, title="《水价方案（征求意见稿）》")
    DecisionItem.objects.update(consultation=consultation)
    other = make_org()
    import_decision_items(dataset(row(决策事项="别的机关的事项")), other)

    exported = tablib.Dataset().load(export_decision_items(org, "xlsx"), format="xlsx")

    assert exported.headers == DecisionItemResource.headers()
    assert [r["决策事项"] for r in exported.dict] == ["调整城区居民生活用水阶梯价格"]
    assert exported.dict[0]["意见征集"] == "《水价方案（征求意见稿）》"
    assert exported.dict[0]["是否听证"] == "是"
    report = import_decision_items(exported, org)
    assert (report.created, report.updated) == (0, 1), report.messages()


def test_staff_import_through_the_admin_for_their_own_agency(client, org, other_org):
    client.force_login(make_staff(org))
    upload = io.BytesIO(dataset(row()).export("xlsx"))
    upload.name = "jcml.xlsx"
    response = client.post(
        reverse("admin:decisions_decisionitem_import"),
        {"format": "0", "resource": "0", "import_file": upload, "organization": other_org.pk},
    )
    confirm = response.context["confirm_form"]
    response = client.post(
        reverse("admin:decisions_decisionitem_process_import"),
        {**confirm.initial, "organization": other_org.pk},
    )
    assert response.status_code == 302
    assert DecisionItem.objects.get().catalog.organization == org


# -- the public page ------------------------------------------------------------------------


def catalog(org, year, *, published=True, **fields):
    return DecisionCatalog.objects.create(
        organization=org, year=year, is_published=published, **fields
    )


def page(client, org, **params):
    return client.get(reverse("disclosure:decision-catalog", args=[org.slug]), params)


def test_the_page_shows_the_newest_published_year_and_links_to_the_others(client, org):
    catalog(org, 2025).items.create(title="二〇二五年的事项", lead_unit="市司法局")
    catalog(org, 2026, published_on=D(2026, 2, 20)).items.create(
        title="二〇二六年的事项", lead_unit="市发展改革委", hearing_planned=True
    )
    catalog(org, 2027, published=False).items.create(title="未公开的事项", lead_unit="某局")
    html = page(client, org).content.decode()
    assert "2026年度重大行政决策事项目录" in html and "二〇二六年的事项" in html
    assert "发布日期：2026年2月20日" in html
    assert "二〇二五年的事项" not in html and "未公开的事项" not in html
    assert "?year=2025" in html and "?year=2027" not in html
    older = page(client, org, year="2025").content.decode()
    assert "二〇二五年的事项" in older and "二〇二六年的事项" not in older
    assert page(client, org, year="2027").status_code == 404
    assert page(client, org, year="x").status_code == 404


def test_items_link_to_the_consultation_and_documents_only_when_public(client, org):
    consultation = publish_consultation(organization=org)
    decision = publish_document(by=staff_supervisor(), organization=org, title="决策文件")
    draft_report = make_document(organization=org, title="未发布的评估报告")
    catalog(org, 2026).items.create(
        title="事项",
        lead_unit="市司法局",
        consultation=consultation,
        decision_document=decision,
        evaluation_report=draft_report,
    )
    html = page(client, org).content.decode()
    assert f'href="{consultation.get_absolute_url()}">意见征集' in html
    assert f'href="{decision.get_absolute_url()}">决策文件' in html
    assert "执行效果评估报告</a>" not in html


def test_an_item_links_its_published_implementation_evaluation_interpretation(client, org):
    decision = publish_document(by=staff_supervisor(), organization=org, title="决策文件")
    evaluation = publish_interpretation(
        make_interpretation(decision, title="实施效能评估", stage="evaluation")
    )
    draft = make_interpretation(decision, title="未发布的评估", stage="evaluation")
    items = catalog(org, 2026).items
    items.create(title="甲事项", lead_unit="市司法局", evaluation=evaluation)
    items.create(title="乙事项", lead_unit="市司法局", evaluation=draft)
    html = page(client, org).content.decode()
    assert f'href="{evaluation.get_absolute_url()}">实施效能评估' in html
    assert f'href="{draft.get_absolute_url()}"' not in html


def test_an_item_consulting_says_so_only_while_its_consultation_runs(client, org):
    # The consultation of March 2025 is long over: the page no longer says 征求意见中.
    consultation = publish_consultation(organization=org)
    catalog(org, 2025).items.create(
        title="事项",
        lead_unit="市司法局",
        status=DecisionStatus.CONSULTING,
        consultation=consultation,
    )
    html = page(client, org).content.decode()
    assert "<td>征求意见已结束</td>" in html
    assert "征求意见中" not in html


def test_an_item_whose_consultation_runs_today_says_consulting(client, org):
    today = timezone.localdate()
    running = publish_consultation(
        organization=org, starts_on=today, ends_on=today + datetime.timedelta(days=30)
    )
    catalog(org, today.year).items.create(
        title="事项", lead_unit="市司法局", status=DecisionStatus.CONSULTING, consultation=running
    )
    assert "<td>征求意见中</td>" in page(client, org).content.decode()


def test_an_agency_without_a_catalog_sees_an_empty_state(client, org):
    assert "本机关尚未公开重大行政决策事项目录" in page(client, org).content.decode()


def test_the_page_runs_a_constant_number_of_queries(client, org, django_assert_max_num_queries):
    year = catalog(org, 2026)
    for i in range(8):
        year.items.create(
            title=f"事项{i}", lead_unit="局", consultation=publish_consultation(organization=org)
        )
    with django_assert_max_num_queries(4):
        page(client, org)
