"""The engagement admin: scoped to the staff member's agency, screening and answering
through the workflow, sign-ups read-only, XLSX import of commitments."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosure.engagement.models import Commitment, CommitmentList, Question
from tests.conftest import make_staff
from tests.disclosure.engagement.builders import (
    PHONE,
    ask,
    make_activity,
    make_plan,
    sign_up,
    upcoming_interview,
)

pytestmark = pytest.mark.django_db


def _screen_post(question, **fields):
    data = {
        "decision": "",
        "shown_as": "",
        "reason": "",
        "guest": "",
        "answer_text": "",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": str(question.events.count()),
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_staff_see_only_their_own_agencys_questions(client, org, other_org):
    ask(upcoming_interview(organization=org), text="本机关的问题")
    foreign = ask(upcoming_interview(organization=other_org), text="别的机关的问题")
    client.force_login(make_staff(org))
    html = client.get(reverse("admin:engagement_question_changelist")).content.decode()
    assert "本机关的问题" in html and "别的机关的问题" not in html
    url = reverse("admin:engagement_question_change", args=[foreign.pk])
    assert client.get(url).status_code == 302


def test_screening_and_answering_in_the_admin_go_through_the_workflow(client, org):
    interview = upcoming_interview(organization=org)
    question = ask(interview)
    client.force_login(make_staff(org))
    url = reverse("admin:engagement_question_change", args=[question.pk])
    response = client.post(url, _screen_post(question, decision="reject"))
    assert "不予显示须说明理由" in response.content.decode()
    response = client.post(url, _screen_post(question, decision="show"))
    assert response.status_code == 302
    guest = interview.guests.get()
    response = client.post(url, _screen_post(question, guest=guest.pk, answer_text="答复内容"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.SHOWN
    assert (question.answer, question.answered_by) == ("答复内容", guest)
    assert question.phone == PHONE
    assert [e.action for e in question.events.order_by("pk")] == ["shown", "answered"]


def test_sign_ups_are_read_only_and_of_the_own_agency(client, org, other_org):
    own = sign_up(make_activity(make_plan(org)))
    foreign = sign_up(make_activity(make_plan(other_org)))
    client.force_login(make_staff(org))
    html = client.get(reverse("admin:engagement_signup_changelist")).content.decode()
    assert own.code in html and foreign.code not in html
    response = client.get(reverse("admin:engagement_signup_change", args=[own.pk]))
    assert response.status_code == 200 and 'name="_save"' not in response.content.decode()


def _xlsx(rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "工作任务", "完成时限", "责任单位", "责任人职务", "责任人姓名"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("承诺事项.xlsx", buffer.getvalue())


def test_the_xlsx_import_is_all_or_nothing_with_chinese_row_errors(client, org):
    clist = CommitmentList.objects.create(organization=org, year=2026, title="清单")
    client.force_login(make_staff(org))
    url = reverse("admin:engagement_commitmentlist_import", args=[clist.pk])
    bad = _xlsx(
        [(1, "任务甲", "2026-06-30", "局", "局长", ""), (2, "", "2026-06-30", "局", "局长", "")]
    )
    html = client.post(url, {"file": bad}).content.decode()
    assert "未导入任何一行" in html and "第 3 行" in html
    assert not Commitment.objects.exists()
    good = _xlsx([(1, "任务甲", "2026-06-30", "局", "局长", "")])
    assert client.post(url, {"file": good}).status_code == 302
    assert Commitment.objects.get().task == "任务甲"
    export = client.get(reverse("admin:engagement_commitmentlist_export", args=[clist.pk]))
    assert export.status_code == 200


def test_staff_cannot_import_into_another_agencys_list(client, org, other_org):
    clist = CommitmentList.objects.create(organization=other_org, year=2026, title="清单")
    client.force_login(make_staff(org))
    url = reverse("admin:engagement_commitmentlist_import", args=[clist.pk])
    assert client.get(url).status_code == 404
