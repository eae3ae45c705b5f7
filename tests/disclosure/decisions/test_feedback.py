"""意见采纳情况反馈: tags with reasons, counts computed from the records plus staff's counts
for letters and meetings, publication after the end date, tags frozen afterwards."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from disclosure.decisions import consultations
from disclosure.decisions.models import (
    Adoption,
    Comment,
    Consultation,
    ConsultationEvent,
    Viewpoint,
)
from tests.conftest import make_org, make_staff
from tests.disclosure.decisions.builders import (
    EMAIL,
    NAME,
    PHONE,
    D,
    add_comment,
    publish_consultation,
    staff_supervisor,
)

pytestmark = pytest.mark.django_db

A = Adoption


@pytest.fixture
def staff():
    return staff_supervisor()


@pytest.fixture
def consultation():
    return publish_consultation(starts_on=D(2025, 3, 1), ends_on=D(2025, 3, 31))


def tagged(consultation, staff, adoption, reason="", **fields):
    comment = add_comment(consultation)
    return consultations.tag_comment(comment, by=staff, adoption=adoption, reason=reason, **fields)


def test_the_counts_come_from_the_tagged_comments_plus_letters_and_meetings(consultation, staff):
    tagged(consultation, staff, A.ADOPTED)
    tagged(consultation, staff, A.ADOPTED)
    tagged(consultation, staff, A.PARTLY, "部分采纳：过渡期定为一年。")
    tagged(consultation, staff, A.NOT_ADOPTED, "与上位法不一致。")
    tagged(consultation, staff, A.OUT_OF_SCOPE, "不属于本办法调整范围。")
    add_comment(consultation)  # not yet tagged
    Consultation.objects.filter(pk=consultation.pk).update(letter_count=3, meeting_count=4)
    consultation.refresh_from_db()

    counts = consultations.feedback_counts(consultation)

    assert (counts.recorded, counts.letters, counts.meetings) == (6, 3, 4)
    assert counts.received == 13
    assert counts.adopted == 3  # 采纳 2 + 部分采纳 1
    assert counts.untagged == 1
    assert counts.rows() == [("采纳", 2), ("部分采纳", 1), ("未采纳", 1), ("不属于征求范围", 1)]


def test_every_tag_but_adopted_needs_its_reason(consultation, staff):
    comment = add_comment(consultation)
    for adoption in (A.PARTLY, A.NOT_ADOPTED, A.OUT_OF_SCOPE):
        with pytest.raises(ValidationError, match="须说明理由"):
            consultations.tag_comment(comment, by=staff, adoption=adoption, reason="  ")
    consultations.tag_comment(comment, by=staff, adoption=A.ADOPTED)


def test_the_database_refuses_a_not_adopted_comment_without_a_reason(consultation):
    comment = add_comment(consultation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(adoption=A.NOT_ADOPTED, reason="")


def test_a_comment_goes_only_under_a_viewpoint_of_its_own_consultation(consultation, staff):
    other = publish_consultation(organization=consultation.organization)
    foreign = Viewpoint.objects.create(consultation=other, summary="别处的观点")
    with pytest.raises(ValidationError, match="只能归入本次意见征集的主要观点"):
        tagged(consultation, staff, A.ADOPTED, viewpoint=foreign)


def test_staff_of_another_agency_cannot_tag(consultation):
    comment = add_comment(consultation)
    with pytest.raises(PermissionDenied):
        consultations.tag_comment(comment, by=make_staff(make_org()), adoption=A.ADOPTED)


def test_the_feedback_waits_for_the_end_of_the_period(consultation, staff):
    Consultation.objects.filter(pk=consultation.pk).update(feedback_summary="情况说明。")
    with pytest.raises(ValidationError, match="期限届满后才能发布"):
        consultations.publish_feedback(consultation, by=staff, on=D(2025, 3, 31))


def test_the_feedback_waits_until_every_comment_is_tagged(consultation, staff):
    Consultation.objects.filter(pk=consultation.pk).update(feedback_summary="情况说明。")
    add_comment(consultation)
    with pytest.raises(ValidationError, match="尚有 1 条意见未标注"):
        consultations.publish_feedback(consultation, by=staff, on=D(2025, 4, 10))


def test_published_feedback_freezes_the_tags_and_is_logged(consultation, staff):
    comment = tagged(consultation, staff, A.ADOPTED)
    Consultation.objects.filter(pk=consultation.pk).update(feedback_summary="情况说明。")
    answered = consultations.publish_feedback(consultation, by=staff, on=D(2025, 4, 10))
    assert answered.feedback_published_on == D(2025, 4, 10)
    assert answered.phase() == "answered"
    event = answered.events.get(action=ConsultationEvent.Action.FEEDBACK)
    assert "收到意见 1 条" in event.note
    with pytest.raises(ValidationError, match="反馈已发布"):
        consultations.tag_comment(comment, by=staff, adoption=A.NOT_ADOPTED, reason="改主意")
    with pytest.raises(ValidationError, match="反馈已发布"):
        consultations.publish_feedback(answered, by=staff, on=D(2025, 4, 11))


def test_the_public_feedback_carries_reasons_and_excerpts_but_no_commenter(consultation, staff):
    point = Viewpoint.objects.create(consultation=consultation, summary="建议延长过渡期")
    comment = add_comment(consultation, name=NAME, phone=PHONE, email=EMAIL)
    consultations.tag_comment(
        comment, by=staff, adoption=A.NOT_ADOPTED, reason="上位法已有规定。", viewpoint=point
    )
    other = add_comment(consultation, name=NAME, phone=PHONE)
    consultations.tag_comment(
        other, by=staff, adoption=A.OUT_OF_SCOPE, reason="属于交通管理事项。", excerpt="建议限行。"
    )
    Consultation.objects.filter(pk=consultation.pk).update(feedback_summary="情况说明。")
    consultations.publish_feedback(consultation, by=staff, on=D(2025, 4, 10))
    consultation.refresh_from_db()

    feedback = consultations.public_feedback(consultation)

    assert [(v.summary, n) for v, n in feedback.viewpoints] == [("建议延长过渡期", 1)]
    texts = {(c.text, c.adoption, c.reason) for c in feedback.not_adopted}
    assert texts == {
        ("建议延长过渡期", "未采纳", "上位法已有规定。"),
        ("建议限行。", "不属于征求范围", "属于交通管理事项。"),
    }
    dump = repr(feedback)
    assert NAME not in dump and PHONE not in dump and EMAIL not in dump


def test_there_is_no_public_feedback_before_it_is_published(consultation):
    assert consultations.public_feedback(consultation) is None


def test_the_final_document_must_be_public(consultation, staff):
    from tests.disclosure.builders import make_document, publish_document

    with pytest.raises(ValidationError, match="已主动公开发布"):
        consultations.link_final_document(consultation, by=staff, document=make_document())
    document = publish_document(by=staff_supervisor())
    linked = consultations.link_final_document(consultation, by=staff, document=document)
    assert linked.final_document == document
    assert linked.events.filter(action=ConsultationEvent.Action.FINAL_DOCUMENT).exists()
