"""在线访谈: question screening, answers by guests, the 预告 form, the transcript, figures."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from disclosure.engagement import figures, interviews
from disclosure.engagement.models import Guest, NewMediaAccount, Question, QuestionEvent
from disclosure.publishing import site_figures
from tests.conftest import make_org, make_staff
from tests.disclosure.decisions.builders import staff_supervisor
from tests.disclosure.engagement.builders import (
    EMAIL,
    NAME,
    PHONE,
    answered_interview,
    ask,
    form_post,
    make_account,
    upcoming_interview,
)

pytestmark = pytest.mark.django_db


def test_a_new_question_waits_for_screening_and_is_not_shown(client):
    interview = upcoming_interview()
    ask(interview, text="还没审核的问题")
    html = client.get(interview.get_absolute_url()).content.decode()
    assert "还没审核的问题" not in html


def test_a_shown_question_appears_on_the_preview_without_its_asker(client):
    interview = upcoming_interview()
    question = interviews.show(ask(interview, text="审核通过的问题"), by=staff_supervisor())
    html = client.get(interview.get_absolute_url()).content.decode()
    assert "审核通过的问题" in html
    for secret in (NAME, PHONE, EMAIL):
        assert secret not in html
    assert question.events.get().action == QuestionEvent.Action.SHOWN


def test_staff_may_publish_an_edited_text_instead_of_the_original(client):
    interview = upcoming_interview()
    interviews.show(
        ask(interview, text="我的电话13912345678，请回电"),
        by=staff_supervisor(),
        public_text="请回电",
    )
    html = client.get(interview.get_absolute_url()).content.decode()
    assert "请回电" in html and "13912345678" not in html


def test_a_rejected_question_needs_a_reason_and_never_appears(client):
    interview = upcoming_interview()
    question = ask(interview, text="广告")
    with pytest.raises(ValidationError):
        interviews.reject(question, by=staff_supervisor(), reason=" ")
    interviews.reject(question, by=staff_supervisor(), reason="广告")
    assert "广告" not in client.get(interview.get_absolute_url()).content.decode()


def test_only_a_shown_question_is_answered_and_only_by_a_guest_of_the_interview():
    interview = upcoming_interview()
    staff = staff_supervisor()
    guest = interview.guests.get()
    pending = ask(interview)
    with pytest.raises(ValidationError, match="审核通过"):
        interviews.answer(pending, by=staff, guest=guest, text="答复")
    shown = interviews.show(pending, by=staff)
    stranger = Guest.objects.create(interview=upcoming_interview(), name="外人", post="处长")
    with pytest.raises(ValidationError, match="本期访谈的嘉宾"):
        interviews.answer(shown, by=staff, guest=stranger, text="答复")
    answered = interviews.answer(shown, by=staff, guest=guest, text="答复")
    assert answered.answered_by == guest and answered.position == 1


def test_staff_of_another_agency_cannot_screen_questions():
    interview = upcoming_interview()
    outsider = make_staff(make_org())
    with pytest.raises(PermissionDenied):
        interviews.show(ask(interview), by=outsider)


def test_a_past_interview_shows_its_transcript_with_the_answering_guest(client):
    interview = answered_interview()
    html = client.get(interview.get_absolute_url()).content.decode()
    assert "文字实录" in html
    assert "问题甲：补贴怎么申请？" in html and "答复甲：网上申请。" in html
    assert "局长 嘉宾乙" in html
    assert "无关内容" not in html and "待审核的问题" not in html
    assert "我要提问" not in html
    for secret in (NAME, PHONE, EMAIL):
        assert secret not in html


def test_the_question_form_takes_a_question_into_screening(client):
    interview = upcoming_interview()
    response = client.post(
        interview.get_absolute_url(), form_post(text="网上提的问题", phone=PHONE, name=NAME)
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.status == Question.Status.PENDING and question.phone == PHONE
    assert "您的问题已提交" in client.get(response["Location"]).content.decode()


def test_the_question_form_requires_a_contact_and_keeps_the_error_beside_the_field(client):
    interview = upcoming_interview()
    response = client.post(interview.get_absolute_url(), form_post(text="没有联系方式"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写联系电话或电子邮箱" in html
    assert 'class="form-field form-field--error"' in html
    assert 'class="required-mark"' in html
    assert not Question.objects.exists()


def test_the_honeypot_refuses_a_bot(client):
    interview = upcoming_interview()
    client.post(
        interview.get_absolute_url(), form_post(text="机器人", phone=PHONE, website="http://x")
    )
    assert not Question.objects.exists()


def test_no_question_is_taken_once_the_interview_is_over():
    interview = answered_interview()
    with pytest.raises(ValidationError, match="已结束"):
        ask(interview)


def test_the_yearly_figures_are_registered_and_count_interviews_questions_answers():
    for key in (
        site_figures.INTERVIEWS,
        site_figures.INTERVIEW_QUESTIONS,
        site_figures.INTERVIEW_ANSWERS,
        site_figures.NEW_MEDIA_ACCOUNTS,
    ):
        assert site_figures.is_registered(key)
    org = make_org()
    answered_interview(org)
    year = timezone.localdate().year
    assert site_figures.figure(site_figures.INTERVIEWS, year, [org]) == 1
    assert site_figures.figure(site_figures.INTERVIEW_QUESTIONS, year, [org]) == 3
    assert site_figures.figure(site_figures.INTERVIEW_ANSWERS, year, [org]) == 1
    assert site_figures.figure(site_figures.INTERVIEWS, year, [make_org()]) == 0
    assert figures.interviews(year - 1, [org]) == 0


def test_the_new_media_figure_counts_accounts_open_at_the_years_end():
    org = make_org()
    make_account(org, opened_on=datetime.date(2020, 1, 1))
    make_account(
        org,
        platform=NewMediaAccount.Platform.WEIBO,
        opened_on=datetime.date(2020, 1, 1),
        closed_on=datetime.date(2025, 6, 1),
        closing_notice="已注销。",
    )
    make_account(org, opened_on=datetime.date(2026, 3, 1))
    assert site_figures.figure(site_figures.NEW_MEDIA_ACCOUNTS, 2025, [org]) == 1
    assert site_figures.figure(site_figures.NEW_MEDIA_ACCOUNTS, 2024, [org]) == 2
