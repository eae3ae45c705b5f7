"""Four-eyes review (拟公开信息保密审查, 先审查、后公开): the person who submits an item never
approves it; only a reviewer of the item's agency (or the supervising office) does, and the
reviewer is on record. Written once in the publishing core for documents, interpretations
and consultations."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from disclosure.library.models import Document
from disclosure.publishing import steps as publishing
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, supervisor
from tests.disclosure.decisions.builders import make_consultation
from tests.disclosure.interpretation_builders import make_interpretation

pytestmark = pytest.mark.django_db

D = datetime.date


def submitted(item, by):
    return publishing.submit_for_review(item, by=by)


def test_the_submitter_cannot_approve_their_own_document_even_as_a_reviewer():
    org = make_org()
    clerk = make_staff(org, reviewer=True)
    document = submitted(make_document(org), clerk)
    with pytest.raises(PermissionDenied, match="由您提交审核，不能由您本人审核通过"):
        publishing.publish(document, by=clerk)
    document.refresh_from_db()
    assert document.status == Document.Status.REVIEW


def test_staff_without_the_reviewer_role_cannot_approve():
    org = make_org()
    document = submitted(make_document(org), make_staff(org))
    with pytest.raises(
        PermissionDenied, match="的审核人（或政府信息公开工作主管部门）可以审核通过"
    ):
        publishing.publish(document, by=make_staff(org))


def test_a_reviewer_of_another_agency_cannot_approve():
    org = make_org()
    document = submitted(make_document(org), make_staff(org))
    with pytest.raises(PermissionDenied):
        publishing.publish(document, by=make_staff(make_org(), reviewer=True))


def test_a_reviewer_of_the_agency_approves_and_is_recorded_as_the_publisher():
    org = make_org()
    clerk, reviewer = make_staff(org), make_staff(org, reviewer=True)
    document = publishing.publish(submitted(make_document(org), clerk), by=reviewer)
    assert document.status == Document.Status.PUBLISHED
    actors = {e.action: e.actor for e in document.events.all()}
    assert actors["submitted"] == clerk and actors["published"] == reviewer


def test_the_supervising_office_may_review_for_every_agency():
    org = make_org()
    document = submitted(make_document(org), make_staff(org))
    assert publishing.publish(document, by=supervisor()).status == Document.Status.PUBLISHED


def test_an_interpretation_is_refused_to_its_submitter():
    interpretation = make_interpretation()
    clerk = make_staff(interpretation.organization, reviewer=True)
    submitted(interpretation, clerk)
    with pytest.raises(PermissionDenied, match="不能由您本人审核通过"):
        publishing.publish(interpretation, by=clerk)


def test_a_consultation_is_refused_to_its_submitter():
    consultation = make_consultation()
    clerk = make_staff(consultation.organization, reviewer=True)
    submitted(consultation, clerk)
    with pytest.raises(PermissionDenied, match="不能由您本人审核通过"):
        publishing.publish(consultation, by=clerk, on=D(2025, 3, 1))


def test_a_resubmitted_document_is_refused_to_whoever_submitted_it_last():
    org = make_org()
    first, second = make_staff(org, reviewer=True), make_staff(org, reviewer=True)
    document = submitted(make_document(org), first)
    publishing.return_to_draft(document, by=second, note="请补充文号")
    submitted(document, second)
    with pytest.raises(PermissionDenied):
        publishing.publish(document, by=second)
    assert publishing.publish(document, by=first).status == Document.Status.PUBLISHED


# -- two reviewers for the genres a local rule names --------------------------------------


def test_a_normative_document_needs_two_different_reviewers_when_the_setting_asks(settings):
    settings.PUBLISHING_TWO_REVIEWERS_GENRES = ["规范性文件"]
    org = make_org()
    first, second = make_staff(org, reviewer=True), make_staff(org, reviewer=True)
    document = submitted(make_document(org, genre="规范性文件"), make_staff(org))
    document = publishing.publish(document, by=first)
    assert document.status == Document.Status.REVIEW
    assert document.events.first().get_action_display() == "第一审核人审核通过"
    document = publishing.publish(document, by=second)
    assert document.status == Document.Status.PUBLISHED


def test_the_first_reviewer_cannot_also_be_the_second(settings):
    settings.PUBLISHING_TWO_REVIEWERS_GENRES = ["规范性文件"]
    org = make_org()
    first = make_staff(org, reviewer=True)
    document = submitted(make_document(org, genre="规范性文件"), make_staff(org))
    publishing.publish(document, by=first)
    with pytest.raises(PermissionDenied, match="须由另一位审核人审核通过后发布"):
        publishing.publish(document, by=first)


def test_other_genres_are_published_by_one_reviewer(settings):
    settings.PUBLISHING_TWO_REVIEWERS_GENRES = ["规范性文件"]
    org = make_org()
    document = submitted(make_document(org, genre="通知"), make_staff(org))
    published = publishing.publish(document, by=make_staff(org, reviewer=True))
    assert published.status == Document.Status.PUBLISHED


# -- clearing a personal-data finding -------------------------------------------------------


def test_only_a_reviewer_clears_a_personal_data_finding():
    org = make_org()
    document = make_document(org, summary="咨询电话13912345678")
    with pytest.raises(PermissionDenied, match="可以确认个人信息可以公开"):
        publishing.confirm_personal_data(document, by=make_staff(org), note="公开的服务热线")
    cleared = publishing.confirm_personal_data(
        document, by=make_staff(org, reviewer=True), note="公开的服务热线"
    )
    assert cleared.pii_confirmed_digests


def test_the_submitter_cannot_clear_the_finding_of_their_own_submission():
    org = make_org()
    clerk = make_staff(org, reviewer=True)
    document = submitted(make_document(org, summary="咨询电话13912345678"), clerk)
    with pytest.raises(PermissionDenied, match="不能由您本人确认个人信息可以公开"):
        publishing.confirm_personal_data(document, by=clerk, note="公开的服务热线")


def test_clearing_a_finding_needs_a_reason():
    org = make_org()
    document = make_document(org, summary="咨询电话13912345678")
    with pytest.raises(ValidationError, match="必须说明理由"):
        publishing.confirm_personal_data(document, by=make_staff(org, reviewer=True), note=" ")
