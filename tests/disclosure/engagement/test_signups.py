"""Open-day sign-up: quota, waiting list and promotion, limits, closing time, cancellation."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from disclosure.engagement import signups
from disclosure.engagement.models import SignUp, SignUpEvent, SignUpStatus
from tests.disclosure.engagement.builders import beijing, make_activity, sign_up

pytestmark = pytest.mark.django_db


def test_sign_ups_within_the_quota_are_confirmed_with_a_code_and_an_event():
    activity = make_activity(quota=3)
    signup = sign_up(activity, people=2)
    assert signup.status == SignUpStatus.CONFIRMED
    assert len(signup.code) == signups.CODE_LENGTH
    assert list(signup.events.values_list("action", flat=True)) == [SignUpEvent.Action.CONFIRMED]


def test_a_sign_up_that_does_not_fit_goes_on_the_waiting_list():
    activity = make_activity(quota=3)
    sign_up(activity, people=2)
    waiting = sign_up(activity, people=2)
    assert waiting.status == SignUpStatus.WAITING
    assert signups.waiting_position(waiting) == 1


def test_nobody_passes_the_waiting_list_even_when_a_smaller_party_would_fit():
    activity = make_activity(quota=3)
    sign_up(activity, people=2)
    sign_up(activity, people=2)  # waits
    assert sign_up(activity, people=1).status == SignUpStatus.WAITING


def test_a_cancellation_promotes_the_waiting_list_in_order():
    activity = make_activity(quota=4)
    first = sign_up(activity, people=2, phone="13800000001")
    sign_up(activity, people=2)
    second_waiting = sign_up(activity, people=2)
    third_waiting = sign_up(activity, people=1)
    signups.cancel(first.code, "13800000001")
    second_waiting.refresh_from_db()
    third_waiting.refresh_from_db()
    assert second_waiting.status == SignUpStatus.CONFIRMED
    assert third_waiting.status == SignUpStatus.WAITING
    assert second_waiting.events.filter(action=SignUpEvent.Action.PROMOTED).exists()
    assert signups.waiting_position(third_waiting) == 1


def test_cancelling_needs_the_phone_it_was_made_with():
    activity = make_activity()
    signup = sign_up(activity, phone="13800000002")
    with pytest.raises(ValidationError, match="确认码或手机号码不正确"):
        signups.cancel(signup.code, "13900000000")
    with pytest.raises(ValidationError, match="确认码或手机号码不正确"):
        signups.cancel("WRONGCODE2", "13800000002")
    assert signups.cancel(signup.code.lower(), "138 0000 0002").status == SignUpStatus.CANCELLED
    with pytest.raises(ValidationError, match="已取消"):
        signups.cancel(signup.code, "13800000002")


def test_the_per_person_limit_is_enforced():
    activity = make_activity(limit=2)
    with pytest.raises(ValidationError) as error:
        sign_up(activity, people=3)
    assert "1至2人" in str(error.value)


def test_one_phone_signs_up_once_per_activity():
    activity = make_activity()
    sign_up(activity, phone="13800000003")
    with pytest.raises(ValidationError, match="已报名本活动"):
        sign_up(activity, phone="13800000003")


def test_the_same_submission_key_gives_the_same_sign_up():
    activity = make_activity()
    one = sign_up(activity, idempotency_key="same", phone="13800000004")
    two = sign_up(activity, idempotency_key="same", phone="13800000004")
    assert one.pk == two.pk
    assert SignUp.objects.count() == 1


def test_sign_up_closes_at_the_set_time_in_beijing():
    closes = beijing(2026, 5, 1, 18, 0)  # 10:00 UTC
    activity = make_activity(starts_at=beijing(2026, 5, 3, 9), closes_at=closes)
    just_before = beijing(2026, 5, 1, 17, 59, 59)
    assert sign_up(activity, at=just_before).status == SignUpStatus.CONFIRMED
    at_utc = datetime.datetime(2026, 5, 1, 10, 0, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError, match="2026年05月01日 18:00"):
        sign_up(activity, at=at_utc)


def test_an_unpublished_plan_takes_no_sign_up():
    from tests.disclosure.engagement.builders import make_plan

    activity = make_activity(make_plan(published=False))
    with pytest.raises(ValidationError, match="未公开"):
        sign_up(activity)


def test_no_cancellation_once_the_activity_has_started():
    activity = make_activity(starts_at=beijing(2026, 5, 3, 9), closes_at=beijing(2026, 5, 2, 9))
    signup = sign_up(activity, phone="13800000005", at=beijing(2026, 5, 1, 9))
    with pytest.raises(ValidationError, match="活动已开始"):
        signups.cancel(signup.code, "13800000005", at=beijing(2026, 5, 3, 9, 1))
