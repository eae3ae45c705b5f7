"""回应关切: the 5-hour and 24-hour clocks of serious emergencies, the working-day clock of
other concerns, publication through the publishing core, the public list and the staff page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from disclosure.library import concerns
from disclosure.library.models import Concern
from disclosure.publishing import steps as publishing
from tests.conftest import make_staff
from tests.disclosure.builders import builder_reviewer, supervisor
from tests.disclosure.concern_builders import answered, make_concern
from tests.disclosure.decisions.builders import beijing

pytestmark = pytest.mark.django_db

D = datetime.date
UTC = datetime.UTC


def clock(concern, label):
    return next(c for c in concerns.clocks(concern) if c.label == label)


# -- serious emergencies: 5 hours and 24 hours (国办发〔2016〕61号) -----------------------


def serious(org, **fields):
    return make_concern(org, seriousness=Concern.Seriousness.SERIOUS, **fields)


def test_authoritative_information_is_due_five_hours_after_learning_across_midnight(org):
    concern = serious(org, learned_at=beijing(D(2025, 10, 1), 21, 30))
    assert clock(concern, "发布权威信息").due_at == beijing(D(2025, 10, 2), 2, 30)


def test_a_press_conference_is_due_twenty_four_hours_after_learning(org):
    concern = serious(org, learned_at=beijing(D(2025, 10, 1), 21, 30))
    assert clock(concern, "举行新闻发布会").due_at == beijing(D(2025, 10, 2), 21, 30)


def test_information_released_at_the_fifth_hour_is_on_time_and_a_minute_later_is_late(org):
    learned = beijing(D(2025, 10, 1), 21, 30)
    on_time = serious(org, learned_at=learned, responded_at=beijing(D(2025, 10, 2), 2, 30))
    late = serious(org, learned_at=learned, responded_at=beijing(D(2025, 10, 2), 2, 31))
    now = beijing(D(2025, 10, 9))
    assert not clock(on_time, "发布权威信息").is_late(now)
    assert clock(late, "发布权威信息").is_late(now)


def test_the_clocks_read_the_moment_in_beijing_whatever_zone_it_was_given_in(org):
    concern = serious(org, learned_at=datetime.datetime(2025, 10, 1, 13, 30, tzinfo=UTC))
    assert clock(concern, "发布权威信息").due_text == "2025-10-02 02:30"


def test_an_unanswered_serious_concern_is_late_once_five_hours_have_passed(org):
    concern = serious(org, learned_at=beijing(D(2025, 10, 1), 21, 30))
    info = clock(concern, "发布权威信息")
    assert not info.is_late(beijing(D(2025, 10, 2), 2, 29))
    assert info.is_late(beijing(D(2025, 10, 2), 2, 31))


def test_a_serious_concern_answered_without_a_press_conference_stays_open(org):
    concern = serious(org, responded_at=beijing(D(2025, 10, 1), 23))
    status = concerns.ConcernStatus(
        concern, concerns.clocks(concern), beijing(D(2025, 10, 1), 23, 30)
    )
    assert status.is_open and not status.is_late


# -- other concerns: working days ----------------------------------------------------------


def test_a_general_concern_is_due_five_working_days_later_over_the_national_day_holiday(org):
    concern = make_concern(org, learned_at=beijing(D(2025, 9, 30), 16))
    # 1–8 October are holidays; Saturday 11 October is a 调休 working day.
    assert clock(concern, "作出回应").due_text == "2025-10-14 24:00"


def test_the_working_day_clock_starts_on_the_beijing_date(org):
    # 00:30 on Saturday 11 October in Beijing is still Friday 10 October in UTC.
    concern = make_concern(org, learned_at=datetime.datetime(2025, 10, 10, 16, 30, tzinfo=UTC))
    assert concerns.response_due_on(concern.learned_at) == D(2025, 10, 17)


def test_the_number_of_working_days_is_a_setting(org):
    concern = make_concern(org, learned_at=beijing(D(2025, 9, 30), 16))
    with override_settings(CONCERN_RESPONSE_WORKING_DAYS=1):
        assert concerns.response_due_on(concern.learned_at) == D(2025, 10, 9)


def test_a_response_late_in_the_last_day_is_on_time_and_the_next_day_is_late(org):
    learned = beijing(D(2025, 9, 30), 16)
    on_time = make_concern(org, learned_at=learned, responded_at=beijing(D(2025, 10, 14), 23, 59))
    late = make_concern(org, learned_at=learned, responded_at=beijing(D(2025, 10, 15), 0, 1))
    now = beijing(D(2025, 11, 1))
    assert not clock(on_time, "作出回应").is_late(now)
    assert clock(late, "作出回应").is_late(now)


# -- the record and its publication -------------------------------------------------------


def test_a_response_is_not_published_without_its_text_and_time(org):
    concern = make_concern(org)
    publishing.submit_for_review(concern, by=supervisor())
    with pytest.raises(ValidationError, match="请填写回应内容"):
        publishing.publish(concern, by=builder_reviewer(), on=D(2025, 10, 2))


def test_a_response_cannot_come_before_the_concern_was_learned_of(org):
    with pytest.raises(ValidationError, match="回应时间不能早于获知时间"):
        make_concern(org, responded_at=beijing(D(2025, 9, 1)))


def test_a_response_cannot_be_recorded_in_the_future(org):
    with pytest.raises(ValidationError, match="回应时间不能晚于当前时间"):
        make_concern(org, responded_at=beijing(D(2099, 1, 1)))


def test_links_must_be_https_addresses(org):
    with pytest.raises(ValidationError, match="不是有效的 https 地址"):
        make_concern(org, links="https://example.gov.cn/a\nftp://example.gov.cn/b")


# -- pages ---------------------------------------------------------------------------------


def test_the_public_list_shows_published_responses_of_the_agency_only(client, org, other_org):
    answered(org, topic="已回应的关切")
    make_concern(org, topic="尚未回应的关切")
    answered(other_org, topic="别的机关的关切")
    html = client.get(f"/xxgk/{org.slug}/hygq/").content.decode()
    assert "已回应的关切" in html
    assert "尚未回应的关切" not in html and "别的机关的关切" not in html


def test_the_public_list_says_so_when_there_is_nothing(client, org):
    assert "暂无公开的回应关切信息" in client.get(f"/xxgk/{org.slug}/hygq/").content.decode()


def test_the_public_list_is_paginated(client, org):
    for n in range(21):
        answered(org, topic=f"关切{n:02d}", learned_at=beijing(D(2025, 10, 1), 0, n))
    first = client.get(f"/xxgk/{org.slug}/hygq/").content.decode()
    second = client.get(f"/xxgk/{org.slug}/hygq/", {"page": 2}).content.decode()
    assert "关切20" in first and "关切00" not in first and "关切00" in second


def test_staff_see_their_open_and_late_concerns_and_not_the_answered_in_time(client, org):
    now_concern = make_concern(org, topic="刚获知的关切", learned_at=timezone.now())
    make_concern(org, topic="早已超时的关切", learned_at=beijing(D(2025, 9, 1)))
    answered(org, topic="按时回应的关切")
    client.force_login(make_staff(org))
    html = client.get("/hygq/staff/").content.decode()
    late_part, open_part = html.split('id="open-title"')
    assert "早已超时的关切" in late_part and "刚获知的关切" in open_part
    assert "按时回应的关切" not in html
    assert now_concern.topic not in late_part


def test_the_supervisor_sees_the_concerns_of_every_agency(client, org, other_org):
    make_concern(org, topic="甲机关的关切")
    make_concern(other_org, topic="乙机关的关切")
    client.force_login(make_staff(org))
    assert "乙机关的关切" not in client.get("/hygq/staff/").content.decode()
    client.force_login(supervisor())
    html = client.get("/hygq/staff/").content.decode()
    assert "甲机关的关切" in html and "乙机关的关切" in html


def test_the_agency_feed_carries_its_published_responses(client, org, other_org):
    answered(org, topic="已回应的关切")
    make_concern(org, topic="尚未回应的关切")
    answered(other_org, topic="别的机关的关切")
    response = client.get(f"/xxgk/{org.slug}/hygq/rss/")
    xml = response.content.decode()
    assert response.status_code == 200 and "已回应的关切" in xml
    assert "尚未回应的关切" not in xml and "别的机关的关切" not in xml
    assert f"/xxgk/{org.slug}/hygq/#concern-" in xml
