"""Hints for the handler: requests this month, possible 重复申请 (Art. 36(6)), Art. 44."""

from __future__ import annotations

from datetime import date as D

from django.urls import reverse

from requests_app import flags, steps
from requests_app.models import InformationRequest
from requests_app.outcomes import Outcome
from tests.requests_app.builders import make_request

ID_A = "110105194912310011"
ID_B = "110105194912310022"
ID_C = "110105194912310033"
ASKED = "2024年度本机关行政事业性收费项目清单"


def _answered(agency, staff, id_number, description=ASKED, received_on=D(2025, 9, 1)):
    req = make_request(agency, staff, received_on, id_number=id_number, description=description)
    return steps.reply(req, by=staff, outcome=Outcome.NOT_HELD, on=D(2025, 9, 10))


def test_normalisation_ignores_width_case_spaces_and_punctuation():
    assert flags.similarity("２０２４年度 收费项目清单。", "2024年度收费项目清单") == 1.0
    assert flags.similarity("2024年度收费项目清单", "2023年城区道路维修计划") < 0.5


def test_a_similar_request_by_the_same_applicant_already_answered_is_flagged(agency, staff):
    earlier = _answered(agency, staff, ID_A)
    again = make_request(
        agency,
        staff,
        D(2025, 10, 9),
        id_number=ID_A,
        description="2024年度本机关行政事业性收费项目清单。",
    )
    assert again.possible_repeat_of == earlier
    assert InformationRequest.objects.possible_repeats().get() == again


def test_no_repeat_flag_for_another_applicant_other_information_or_an_open_request(agency, staff):
    _answered(agency, staff, ID_A)
    other_person = make_request(agency, staff, D(2025, 10, 9), id_number=ID_B)
    other_info = make_request(
        agency, staff, D(2025, 10, 9), id_number=ID_A, description="2023年城区道路维修计划"
    )
    open_first = make_request(agency, staff, D(2025, 10, 9), id_number=ID_C)
    open_again = make_request(agency, staff, D(2025, 10, 10), id_number=ID_C)
    for req in (other_person, other_info, open_first, open_again):
        req.refresh_from_db()
        assert req.possible_repeat_of is None


def test_three_applicants_asking_for_similar_information_are_flagged_for_art_44(agency, staff):
    first = make_request(agency, staff, D(2025, 9, 1), id_number=ID_A)
    second = make_request(agency, staff, D(2025, 9, 2), id_number=ID_B)
    second.refresh_from_db()
    assert second.similar_applicants == 2
    assert not InformationRequest.objects.asked_by_many().exists()
    third = make_request(agency, staff, D(2025, 9, 3), id_number=ID_C, description=ASKED + "。")
    flagged = set(InformationRequest.objects.asked_by_many())
    assert flagged == {first, second, third}


def test_one_applicant_asking_three_times_is_not_an_art_44_case(agency, staff):
    for day in (1, 2, 3):
        make_request(agency, staff, D(2025, 9, day), id_number=ID_A)
    assert not InformationRequest.objects.asked_by_many().exists()


def test_requests_older_than_twelve_months_do_not_count(agency, staff):
    make_request(agency, staff, D(2024, 8, 1), id_number=ID_A)
    make_request(agency, staff, D(2025, 9, 2), id_number=ID_B)
    third = make_request(agency, staff, D(2025, 9, 3), id_number=ID_C)
    third.refresh_from_db()
    assert third.similar_applicants == 2


def test_the_admin_shows_the_hints_in_the_list_filter_and_change_page(client, agency, staff):
    earlier = _answered(agency, staff, ID_A)
    make_request(agency, staff, D(2025, 10, 8), id_number=ID_B)
    make_request(agency, staff, D(2025, 10, 8), id_number=ID_C)
    other = make_request(agency, staff, D(2025, 10, 8), id_number=ID_A, description="其他内容")
    again = make_request(agency, staff, D(2025, 10, 9), id_number=ID_A)
    client.force_login(staff)
    changelist = reverse("admin:requests_app_informationrequest_changelist")

    page = client.get(changelist).content.decode()
    assert "可能重复" in page and "3人申请相似信息" in page
    filtered = client.get(changelist + "?flag=repeat").content.decode()
    assert again.tracking_number in filtered and other.tracking_number not in filtered
    many = client.get(changelist + "?flag=many").content.decode()
    assert earlier.tracking_number in many and other.tracking_number not in many

    change = client.get(
        reverse("admin:requests_app_informationrequest_change", args=[again.pk])
    ).content.decode()
    assert "同一申请人曾申请相似内容并已于2025-09-10答复" in change
    assert earlier.tracking_number in change
    assert "近12个月共3名申请人申请相似信息" in change
    assert "可考虑转为主动公开" in change
    assert "本月第2件" in change  # the applicant's 2nd request received in October 2025


def test_a_repeated_request_reply_letter_cites_the_earlier_reply(agency, staff):
    _answered(agency, staff, ID_A)
    again = make_request(agency, staff, D(2025, 10, 9), id_number=ID_A)
    again = steps.reply(again, by=staff, outcome=Outcome.REPEATED, on=D(2025, 10, 10))
    letter = again.attachments.get(letter_kind="reply")
    assert "2025年9月10日" in letter.text
