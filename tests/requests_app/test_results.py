"""Results on the desk: 协查 answered by the unit asked (or the clerk), and the result of a
行政复议 or 行政诉讼 recorded as a step that feeds the annual report's table 四."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app import stats, steps
from requests_app.models import RequestEvent, ReviewCase, SubTask
from requests_app.outcomes import Outcome
from tests.conftest import make_org, make_staff
from tests.requests_app.builders import make_request

D = datetime.date
K = RequestEvent.Kind
pytestmark = pytest.mark.django_db


def _step(client, req, slug, data):
    return client.post(reverse("requests_app:staff-step", args=[req.tracking_number, slug]), data)


@pytest.fixture
def registered(agency, staff):
    return make_request(agency, staff, timezone.localdate() - datetime.timedelta(days=2))


@pytest.fixture
def other_agency(db):
    return make_org(name="测试市自然资源和规划局")


@pytest.fixture
def other_staff(other_agency):
    return make_staff(other_agency)


def _ask(req, staff, unit_organization=None, unit=""):
    return steps.create_subtask(
        req,
        by=staff,
        unit=unit or (unit_organization.name if unit_organization else "档案科"),
        unit_organization=unit_organization,
        question="请协助查找2019年该地块的规划许可文件。",
        on=timezone.localdate() - datetime.timedelta(days=1),
    )


# -- 协查 ----------------------------------------------------------------------------------


def test_a_subtask_to_an_agency_of_the_portal_is_started_from_the_request_page(
    client, registered, staff, other_agency
):
    client.force_login(staff)
    response = _step(
        client,
        registered,
        "subtask",
        {
            "on": timezone.localdate().isoformat(),
            "unit_organization": other_agency.pk,
            "question": "请协助确认该文件是否由贵局制作。",
        },
    )
    assert response.status_code == 302
    task = registered.subtasks.get()
    assert (task.unit_organization, task.unit) == (other_agency, other_agency.name)


def test_a_subtask_needs_a_unit_named_or_chosen(client, registered, staff):
    client.force_login(staff)
    response = _step(
        client, registered, "subtask", {"on": timezone.localdate().isoformat(), "question": "x"}
    )
    assert response.status_code == 400
    assert "请选择协查机关或填写协查单位" in response.content.decode()
    assert not registered.subtasks.exists()


def test_the_asked_agency_sees_the_subtask_on_its_queue_without_the_applicants_data(
    client, registered, staff, other_agency, other_staff
):
    _ask(registered, staff, other_agency)
    client.force_login(other_staff)
    page = client.get(reverse("requests_app:subtasks")).content.decode()
    assert "请协助查找2019年该地块的规划许可文件" in page
    assert registered.tracking_number in page
    assert registered.name not in page
    assert registered.phone not in page


def test_the_asked_agency_answers_on_its_queue_and_the_request_log_shows_it(
    client, registered, staff, other_agency, other_staff
):
    task = _ask(registered, staff, other_agency)
    client.force_login(other_staff)
    response = client.post(
        reverse("requests_app:answer-subtask", args=[task.pk]),
        {
            f"t{task.pk}-answer": "经查，该文件由本局2019年制作。",
            f"t{task.pk}-on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.state, task.answered_by) == (SubTask.State.ANSWERED, other_staff)
    event = registered.events.get(kind=K.SUBTASK_ANSWERED)
    assert event.actor == other_staff


def test_an_answer_dated_in_the_future_is_refused_in_chinese(
    client, registered, staff, other_agency, other_staff
):
    task = _ask(registered, staff, other_agency)
    client.force_login(other_staff)
    response = client.post(
        reverse("requests_app:answer-subtask", args=[task.pk]),
        {f"t{task.pk}-answer": "经查无此文件。", f"t{task.pk}-on": "2099-01-01"},
    )
    assert response.status_code == 400
    assert "协查答复日期不能晚于今天" in response.content.decode()
    task.refresh_from_db()
    assert task.state == SubTask.State.OPEN


def test_an_empty_answer_is_refused_and_the_subtask_stays_open(
    client, registered, staff, other_agency, other_staff
):
    task = _ask(registered, staff, other_agency)
    client.force_login(other_staff)
    response = client.post(
        reverse("requests_app:answer-subtask", args=[task.pk]), {f"t{task.pk}-answer": ""}
    )
    assert response.status_code == 400
    assert "请填写协查答复" in response.content.decode()


def test_a_third_agency_can_neither_see_nor_answer_the_subtask(
    client, registered, staff, other_agency
):
    task = _ask(registered, staff, other_agency)
    third = make_staff(make_org())
    client.force_login(third)
    assert "规划许可文件" not in client.get(reverse("requests_app:subtasks")).content.decode()
    response = client.post(
        reverse("requests_app:answer-subtask", args=[task.pk]),
        {f"t{task.pk}-answer": "x", f"t{task.pk}-on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.state == SubTask.State.OPEN


def test_the_queue_is_empty_for_an_agency_asked_nothing(client, other_staff):
    client.force_login(other_staff)
    page = client.get(reverse("requests_app:subtasks")).content.decode()
    assert "暂无待答复的协查" in page


def test_the_dashboard_counts_the_subtasks_waiting_for_the_agency(
    client, registered, staff, other_agency, other_staff
):
    _ask(registered, staff, other_agency)
    client.force_login(other_staff)
    page = client.get(reverse("requests_app:staff-dashboard")).content.decode()
    assert "协查事项（待答复 1）" in page


def test_the_clerk_records_the_answer_of_a_unit_outside_the_portal(client, registered, staff):
    task = _ask(registered, staff, unit="档案科")
    client.force_login(staff)
    response = _step(
        client,
        registered,
        "subtask-answer",
        {"on": timezone.localdate().isoformat(), "task": task.pk, "answer": "档案中未找到。"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.state, task.answer) == (SubTask.State.ANSWERED, "档案中未找到。")


def test_the_answer_step_is_offered_only_while_a_subtask_is_open(client, registered, staff):
    client.force_login(staff)
    url = reverse("requests_app:staff-request", args=[registered.tracking_number])
    assert "登记协查答复" not in client.get(url).content.decode()
    _ask(registered, staff, unit="档案科")
    assert "登记协查答复" in client.get(url).content.decode()


def test_an_answered_subtask_cannot_be_answered_again(registered, staff):
    task = _ask(registered, staff, unit="档案科")
    steps.answer_subtask(task, by=staff, answer="已找到。")
    with pytest.raises(steps.WorkflowError, match="已办结"):
        steps.answer_subtask(task, by=staff, answer="再次答复。")


# -- 行政复议、行政诉讼 ----------------------------------------------------------------------


@pytest.fixture
def replied(agency, staff):
    req = make_request(agency, staff, D(2025, 3, 3))
    steps.reply(req, by=staff, outcome=Outcome.DISCLOSED, on=D(2025, 3, 10), details={})
    req.refresh_from_db()
    return req


FILED_ON = D(2025, 4, 1)


def _file_review(req, staff, filed_on=FILED_ON):
    return steps.record_review(
        req, by=staff, kind=ReviewCase.Kind.REVIEW, filed_on=filed_on, body="测试市人民政府"
    )


def test_the_result_of_a_review_is_recorded_from_the_request_page(client, replied, staff):
    case = _file_review(replied, staff)
    client.force_login(staff)
    response = _step(
        client,
        replied,
        "review-result",
        {"on": "2025-05-20", "case": case.pk, "result": ReviewCase.Result.UPHELD, "note": "维持"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.result, case.concluded_on) == (ReviewCase.Result.UPHELD, D(2025, 5, 20))
    assert replied.events.filter(kind=K.REVIEW_CONCLUDED, actor=staff).exists()


def test_the_result_form_does_not_offer_pending_as_a_result(client, replied, staff):
    _file_review(replied, staff)
    client.force_login(staff)
    url = reverse("requests_app:staff-request", args=[replied.tracking_number])
    page = client.get(url).content.decode()
    form = page[page.index('id="step-review-result"') :]
    form = form[: form.index("</details>")]
    assert "结果维持" in form and "尚未审结" not in form


def test_a_result_dated_before_the_filing_is_refused_in_chinese(client, replied, staff):
    case = _file_review(replied, staff)
    client.force_login(staff)
    response = _step(
        client,
        replied,
        "review-result",
        {"on": "2025-03-20", "case": case.pk, "result": ReviewCase.Result.CORRECTED},
    )
    assert response.status_code == 400
    assert "审结日期不能早于申请或起诉日期" in response.content.decode()


def test_a_review_filed_before_the_reply_is_refused(replied, staff):
    with pytest.raises(steps.WorkflowError, match="不能早于答复或终止日期"):
        _file_review(replied, staff, filed_on=D(2025, 3, 1))


def test_table_four_counts_a_result_recorded_on_the_desk(client, replied, staff, agency):
    case = _file_review(replied, staff)
    steps.record_review_result(case, by=staff, result=ReviewCase.Result.CORRECTED, on=D(2025, 6, 1))
    figures = stats.review_figures([agency], 2025)
    assert figures[ReviewCase.Kind.REVIEW][ReviewCase.Result.CORRECTED] == 1
    assert figures[ReviewCase.Kind.REVIEW][ReviewCase.Result.PENDING] == 0


def test_table_four_shows_pending_a_result_dated_after_the_year(replied, staff, agency):
    case = _file_review(replied, staff, filed_on=D(2025, 12, 1))
    steps.record_review_result(case, by=staff, result=ReviewCase.Result.UPHELD, on=D(2026, 1, 15))
    figures = stats.review_figures([agency], 2025)
    assert figures[ReviewCase.Kind.REVIEW][ReviewCase.Result.PENDING] == 1


def test_no_step_takes_a_date_still_to_come(registered, staff):
    with pytest.raises(steps.WorkflowError, match="办理日期不能晚于今天"):
        steps.assign(
            registered,
            by=staff,
            handler=staff,
            on=timezone.localdate() + datetime.timedelta(days=1),
        )
