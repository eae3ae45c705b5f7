"""意见征集: the minimum comment period (Art. 15) and the publishing workflow."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from disclosure.decisions.models import Consultation, ConsultationEvent
from disclosure.publishing import steps as publishing
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import builder_reviewer
from tests.disclosure.decisions.builders import (
    D,
    make_consultation,
    publish_consultation,
    staff_supervisor,
)

pytestmark = pytest.mark.django_db


def test_a_major_decision_open_for_29_days_needs_a_stated_reason(org):
    consultation = Consultation(
        organization=org,
        title="草案",
        kind=Consultation.Kind.MAJOR,
        draft="<p>正文</p>",
        contact="电话",
        starts_on=D(2025, 3, 1),
        ends_on=D(2025, 3, 29),
    )
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert "一般不少于30日，本次为29日" in str(error.value.message_dict["ends_on"])
    consultation.short_period_reason = "防汛形势紧迫，须在汛期前出台。"
    consultation.full_clean()


def test_thirty_days_counting_the_first_and_the_last_day_are_enough(org):
    make_consultation(org, starts_on=D(2025, 3, 1), ends_on=D(2025, 3, 30))


def test_the_minimum_is_a_setting_per_kind_of_draft(org, settings):
    settings.CONSULTATION_MINIMUM_DAYS = {"major": 30, "normative": 7, "other": 0}
    week = {"starts_on": D(2025, 3, 3), "ends_on": D(2025, 3, 9)}
    make_consultation(org, kind=Consultation.Kind.NORMATIVE, **week)
    make_consultation(org, kind=Consultation.Kind.OTHER, **week)
    with pytest.raises(ValidationError, match="一般不少于30日"):
        make_consultation(org, kind=Consultation.Kind.MAJOR, **week)


def test_the_end_cannot_come_before_the_start(org):
    with pytest.raises(ValidationError, match="截止日期不能早于开始日期"):
        make_consultation(org, starts_on=D(2025, 3, 10), ends_on=D(2025, 3, 9))


def test_published_late_the_period_left_must_still_reach_the_minimum():
    consultation = make_consultation(starts_on=D(2025, 3, 1), ends_on=D(2025, 3, 31))
    by = staff_supervisor()
    publishing.submit_for_review(consultation, by=by)
    with pytest.raises(ValidationError, match="按发布日期2025-03-10起算"):
        publishing.publish(consultation, by=builder_reviewer(), on=D(2025, 3, 10))
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.REVIEW


def test_a_consultation_goes_through_review_publication_and_withdrawal_with_events():
    consultation = make_consultation()
    by = staff_supervisor()
    publishing.submit_for_review(consultation, by=by)
    publishing.return_to_draft(consultation, by=by, note="补充起草说明。")
    publishing.submit_for_review(consultation, by=by)
    published = publishing.publish(consultation, by=builder_reviewer(), on=D(2025, 2, 28))
    assert published.status == Consultation.Status.PUBLISHED
    assert published.published_on == D(2025, 2, 28)
    publishing.withdraw(published, by=by, reason="草案需重大修改。")
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.WITHDRAWN
    actions = list(consultation.events.order_by("at", "pk").values_list("action", flat=True))
    A = ConsultationEvent.Action
    assert actions == [A.SUBMITTED, A.RETURNED, A.SUBMITTED, A.PUBLISHED, A.WITHDRAWN]


def test_a_draft_cannot_be_published_without_review():
    consultation = make_consultation()
    with pytest.raises(ValidationError, match="只有待审核"):
        publishing.publish(consultation, by=staff_supervisor())


def test_staff_of_another_agency_cannot_publish_a_consultation():
    consultation = make_consultation()
    stranger = make_staff(make_org())
    with pytest.raises(PermissionDenied):
        publishing.submit_for_review(consultation, by=stranger)


def test_an_edit_form_saved_after_publication_does_not_undo_it():
    consultation = make_consultation()
    stale = Consultation.objects.get(pk=consultation.pk)
    publish_consultation(consultation)
    stale.title = "修改后的标题"
    stale.save()
    stale.refresh_from_db()
    assert stale.status == Consultation.Status.PUBLISHED
    assert stale.title == "修改后的标题"


def test_the_draft_is_sanitized(org):
    consultation = make_consultation(
        org, draft='<p onclick="x()">正文</p><script>alert(1)</script>'
    )
    assert "script" not in consultation.draft and "onclick" not in consultation.draft


def test_days_left_count_after_today():
    consultation = make_consultation(starts_on=D(2025, 3, 1), ends_on=D(2025, 3, 31))
    assert consultation.days_left(D(2025, 3, 31)) == 0
    assert consultation.days_left(D(2025, 3, 1)) == 30
    assert consultation.phase(D(2025, 2, 28)) == "upcoming"
    assert consultation.phase(D(2025, 4, 1)) == "closed"
    assert consultation.period_days == 31
