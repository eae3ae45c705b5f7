"""The letter's steps: due dates over holidays, screening, routing and hand-back once,
publication only with consent and without personal numbers, rating once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure.mailbox import workflow
from disclosure.mailbox.models import Complexity, Letter, LetterEvent, Rating, Referral
from tests.disclosure.mailbox.builders import make_letter

D = datetime.date
pytestmark = pytest.mark.django_db


def test_three_working_days_from_the_friday_before_national_day_2025_skip_the_holiday():
    # Sun 9-28 is a make-up working day; 10-01..10-08 are holidays.
    assert workflow.due_on_for(D(2025, 9, 26), Complexity.SIMPLE) == D(2025, 9, 30)
    assert workflow.due_on_for(D(2025, 9, 29), Complexity.SIMPLE) == D(2025, 10, 10)


def test_a_complex_letter_gets_ten_working_days_counted_over_the_holiday():
    assert workflow.due_on_for(D(2025, 9, 29), Complexity.COMPLEX) == D(2025, 10, 20)


def test_the_limits_are_settings(settings):
    settings.MAILBOX_SIMPLE_WORKING_DAYS = 5
    assert workflow.due_on_for(D(2025, 3, 3), Complexity.SIMPLE) == D(2025, 3, 10)


def test_submitting_receives_the_letter_with_a_random_code_and_an_event(org):
    letter = workflow.submit(
        org, kind="consult", title="供暖咨询问题", body="内容", name="王五", phone="13800000000"
    )
    assert letter.status == Letter.Status.PENDING
    assert len(letter.code) == workflow.CODE_LENGTH
    assert set(letter.code) <= set(workflow.CODE_ALPHABET)
    assert letter.due_on == workflow.due_on_for(letter.received_on, Complexity.SIMPLE)
    assert list(letter.events.values_list("kind", flat=True)) == [LetterEvent.Kind.RECEIVED]


def test_submitting_twice_with_the_same_key_stores_one_letter(org):
    args = {"kind": "consult", "title": "供暖咨询问题", "body": "内容", "name": "王五"}
    first = workflow.submit(org, phone="13800000000", submission_key="k1", **args)
    second = workflow.submit(org, phone="13800000000", submission_key="k1", **args)
    assert first.pk == second.pk
    assert Letter.objects.count() == 1


def test_accepting_a_complex_letter_sets_its_due_date_by_the_complexity(org, clerk):
    letter = make_letter(org, received_on=D(2025, 9, 29))
    workflow.accept(letter, by=clerk, complexity=Complexity.COMPLEX)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ACCEPTED
    assert letter.due_on == D(2025, 10, 20)


def test_an_invalid_letter_needs_a_reason(org, clerk):
    letter = make_letter(org)
    with pytest.raises(workflow.WorkflowError):
        workflow.reject(letter, by=clerk, reason=" ")
    workflow.reject(letter, by=clerk, reason="内容与政务无关")
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.INVALID


def test_a_petition_matter_is_closed_with_a_reply_saying_where_and_why(org, clerk):
    letter = make_letter(org)
    workflow.refer(
        letter, by=clerk, referral=Referral.PETITION, reply="属于信访事项，请向市信访局反映。"
    )
    letter.refresh_from_db()
    assert letter.status == Letter.Status.REFERRED
    assert letter in Letter.objects.closed()
    assert letter in Letter.objects.valid()
    assert "信访" in letter.reply and letter.replied_on is not None


def test_routing_gives_the_letter_to_the_other_agency(org, other_org, clerk, other_clerk):
    letter = make_letter(org)
    workflow.route(letter, by=clerk, to=other_org)
    letter.refresh_from_db()
    assert letter.organization == other_org and letter.routed_from == org
    with pytest.raises(PermissionDenied):
        workflow.accept(letter, by=clerk)
    workflow.accept(letter, by=other_clerk)


def test_the_receiving_agency_hands_back_only_once(org, other_org, clerk, other_clerk):
    letter = make_letter(org)
    workflow.route(letter, by=clerk, to=other_org)
    workflow.hand_back(letter, by=other_clerk, reason="不属于本机关职责")
    letter.refresh_from_db()
    assert letter.organization == org and letter.handed_back
    workflow.route(letter, by=clerk, to=other_org)
    with pytest.raises(workflow.WorkflowError, match="已退回过一次"):
        workflow.hand_back(letter, by=other_clerk, reason="再次退回")
    kinds = list(letter.events.values_list("kind", flat=True))
    assert kinds == ["routed", "handed_back", "routed"]


def test_a_letter_that_was_not_routed_cannot_be_handed_back(org, clerk):
    with pytest.raises(workflow.WorkflowError):
        workflow.hand_back(make_letter(org), by=clerk, reason="退回")


def test_staff_of_another_agency_cannot_act(org, other_clerk):
    with pytest.raises(PermissionDenied):
        workflow.accept(make_letter(org), by=other_clerk)


def test_the_supervisor_may_act_for_every_agency(org, supervisor):
    workflow.accept(make_letter(org), by=supervisor)


def _answered(org, clerk, **overrides):
    letter = make_letter(org, **overrides)
    workflow.accept(letter, by=clerk)
    return workflow.answer(letter, by=clerk, reply="已转供热公司处理。")


def test_answering_keeps_the_reply_files_private_with_the_letter(org, clerk):
    letter = make_letter(org)
    workflow.accept(letter, by=clerk)
    upload = SimpleUploadedFile("答复.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    workflow.answer(letter, by=clerk, reply="答复", files=[upload])
    attachment = letter.attachments.get()
    assert attachment.from_reply
    with pytest.raises(ValueError):
        _ = attachment.file.url


def test_a_letter_is_published_only_if_the_writer_agreed(org, clerk):
    letter = _answered(org, clerk, may_publish=False)
    with pytest.raises(workflow.WorkflowError, match="未同意公开"):
        workflow.publish(letter, by=clerk)
    assert not Letter.objects.public().exists()


def test_a_consenting_letter_is_published_with_the_texts_staff_checked(org, clerk):
    letter = _answered(org, clerk, may_publish=True)
    workflow.publish(
        letter, by=clerk, title="供暖问题咨询", body="小区供暖不达标。", reply="已处理。"
    )
    assert list(Letter.objects.public()) == [letter]
    assert Letter.objects.get(pk=letter.pk).public_body == "小区供暖不达标。"


def test_publication_is_refused_while_the_text_carries_a_phone_number(org, clerk):
    letter = _answered(org, clerk, may_publish=True)
    with pytest.raises(workflow.WorkflowError, match="个人信息"):
        workflow.publish(
            letter, by=clerk, title="供暖问题", body="请回电13812345678", reply="已处理"
        )
    assert not Letter.objects.public().exists()


def test_publication_is_refused_while_the_text_names_the_writer(org, clerk):
    letter = _answered(org, clerk, may_publish=True)
    with pytest.raises(workflow.WorkflowError, match="姓名"):
        workflow.publish(letter, by=clerk, title="供暖问题", body="我是张建国", reply="已处理")


def test_unpublishing_takes_the_letter_off_the_public_list(org, clerk):
    letter = _answered(org, clerk, may_publish=True)
    workflow.publish(letter, by=clerk)
    workflow.unpublish(letter, by=clerk, reason="当事人要求")
    assert not Letter.objects.public().exists()


def test_the_writer_rates_a_reply_once(org, clerk):
    letter = _answered(org, clerk)
    workflow.rate(letter, rating=Rating.SATISFIED, comment="很及时")
    with pytest.raises(workflow.WorkflowError, match="只能评价一次"):
        workflow.rate(letter, rating=Rating.UNSATISFIED)
    assert Letter.objects.get(pk=letter.pk).rating == Rating.SATISFIED


def test_an_unanswered_letter_cannot_be_rated(org):
    with pytest.raises(workflow.WorkflowError):
        workflow.rate(make_letter(org), rating=Rating.SATISFIED)


def test_error_reports_are_due_three_working_days_after_receipt(org, clerk):
    report = workflow.record_error_report(
        org,
        by=clerk,
        number="ZC1",
        received_on=D(2025, 9, 29),
        page_url="https://example.gov.cn/",
        problem="错别字",
    )
    assert report.due_on == D(2025, 10, 10)
    workflow.handle_error_report(
        report, by=clerk, fix="已改正", answer="感谢指正", on=D(2025, 10, 9)
    )
    report.refresh_from_db()
    assert report.on_time
    with pytest.raises(workflow.WorkflowError):
        workflow.handle_error_report(report, by=clerk, fix="x", answer="y", on=D(2025, 10, 9))
