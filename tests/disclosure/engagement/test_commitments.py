"""公开承诺事项: the status rule, the public page, XLSX import and export."""

import datetime
import io

import openpyxl
import pytest
import tablib
from django.utils import timezone

from disclosure.engagement.models import Commitment, CommitmentList, CommitmentStatus
from disclosure.engagement.resources import export_commitments, import_commitments
from tests.conftest import make_org
from tests.disclosure.engagement.builders import make_commitment, publish

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 6, 30)


def _status(commitment, today=TODAY) -> str:
    return commitment.status(today)


def test_a_task_without_a_completing_entry_is_running_until_its_deadline():
    task = make_commitment(deadline=TODAY, entries=[(D(2026, 3, 1), False)])
    assert _status(task) == CommitmentStatus.RUNNING


def test_a_task_not_done_the_day_after_its_deadline_is_overdue():
    task = make_commitment(deadline=TODAY - datetime.timedelta(days=1))
    assert _status(task) == CommitmentStatus.OVERDUE


def test_a_completing_entry_makes_the_task_done_even_after_the_deadline():
    task = make_commitment(deadline=D(2026, 3, 31), entries=[(D(2026, 4, 10), True)])
    assert _status(task) == CommitmentStatus.DONE
    annotated = Commitment.objects.with_status(TODAY).get(pk=task.pk)
    assert annotated.completed_on == D(2026, 4, 10)


def test_the_status_label_is_chinese():
    task = make_commitment(deadline=D(2026, 1, 1))
    assert task.status_label(TODAY) == "逾期未完成"


def _published_list():
    org = make_org(kind="government")
    clist = CommitmentList.objects.create(organization=org, year=2026, title="2026年承诺事项")
    today = timezone.localdate()
    make_commitment(clist, task="已完成的任务", deadline=today, entries=[(today, True)])
    make_commitment(clist, task="推进中的任务", deadline=today + datetime.timedelta(days=30))
    make_commitment(clist, task="逾期的任务", deadline=today - datetime.timedelta(days=3))
    return publish(clist)


def test_the_public_page_counts_each_status_and_lists_overdue_first(client):
    clist = _published_list()
    response = client.get(f"/xxgk/{clist.organization.slug}/gkcn/2026/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "逾期未完成 <strong>1</strong> 项" in html
    assert "已完成 <strong>1</strong> 项" in html
    assert "推进中 <strong>1</strong> 项" in html
    assert html.index("逾期的任务") < html.index("推进中的任务") < html.index("已完成的任务")


def test_a_draft_list_or_another_year_is_404(client):
    org = make_org()
    CommitmentList.objects.create(organization=org, year=2026, title="草稿")
    assert client.get(f"/xxgk/{org.slug}/gkcn/2026/").status_code == 404
    assert client.get(f"/xxgk/{org.slug}/gkcn/2020/").status_code == 404
    assert client.get("/xxgk/nosuchorg/gkcn/2026/").status_code == 404


def test_the_public_page_takes_a_constant_number_of_queries(client, django_assert_max_num_queries):
    clist = _published_list()
    for n in range(10):
        make_commitment(
            clist, task=f"补充任务{n}", deadline=D(2030, 1, 1), entries=[(D(2026, 1, 1), False)]
        )
    with django_assert_max_num_queries(8):
        assert client.get(f"/xxgk/{clist.organization.slug}/gkcn/2026/").status_code == 200


def _sheet(rows) -> tablib.Dataset:
    data = tablib.Dataset(
        headers=["序号", "工作任务", "完成时限", "责任单位", "责任人职务", "责任人姓名"]
    )
    for row in rows:
        data.append(row)
    return data


def test_import_adds_the_rows_of_a_valid_sheet():
    clist = CommitmentList.objects.create(organization=make_org(), year=2026, title="清单")
    report = import_commitments(
        _sheet(
            [
                (1, "任务甲", "2026-06-30", "市住建局", "局长", ""),
                (2, "任务乙", "2026年9月30日", "市教体局", "局长", "张三"),
            ]
        ),
        clist,
    )
    assert report.ok, report.messages()
    assert report.created == 2
    assert Commitment.objects.get(task="任务乙").deadline == D(2026, 9, 30)


def test_a_sheet_with_one_bad_row_imports_nothing_and_names_the_row_in_chinese():
    clist = CommitmentList.objects.create(organization=make_org(), year=2026, title="清单")
    report = import_commitments(
        _sheet(
            [
                (1, "任务甲", "2026-06-30", "市住建局", "局长", ""),
                (2, "任务乙", "明年", "市教体局", "局长", ""),
            ]
        ),
        clist,
    )
    assert not report.ok
    assert any(m.startswith("第 3 行：完成时限") for m in report.messages()), report.messages()
    assert not Commitment.objects.exists()


def test_export_writes_the_columns_and_the_computed_status():
    task = make_commitment(deadline=D(2020, 1, 1), task="逾期任务")
    content = export_commitments(task.commitment_list)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("序号", "工作任务", "完成时限")
    assert "逾期未完成" in rows[1]
