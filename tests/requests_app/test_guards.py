"""Identity checks, bot protection and rate limiting for the public forms."""

import time

import pytest
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from config.web import antibot
from config.web.ratelimit import hit, ratelimit
from config.web.validators import id_check_char, validate_phone, validate_resident_id

# A well-formed test number (check character computed, not a real person's).
VALID_ID = "11010519491231002" + id_check_char("11010519491231002")


def test_a_resident_id_with_a_correct_check_character_passes():
    validate_resident_id(VALID_ID)
    validate_resident_id(VALID_ID.lower())


def test_a_resident_id_with_a_wrong_check_character_is_refused():
    wrong = VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位不正确"):
        validate_resident_id(wrong)


def test_a_resident_id_with_an_impossible_birth_date_is_refused():
    number = "11010519491331002"
    with pytest.raises(ValidationError, match="出生日期无效"):
        validate_resident_id(number + id_check_char(number))


def test_a_short_resident_id_says_how_long_it_should_be():
    with pytest.raises(ValidationError, match="应为18位"):
        validate_resident_id("1101051949123100")


@pytest.mark.parametrize("phone", ["13812345678", "0635-8241234", "06358241234", "138 1234 5678"])
def test_mobile_and_landline_numbers_are_accepted(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "23812345678", "电话"])
def test_other_phone_numbers_are_refused(phone):
    with pytest.raises(ValidationError, match="有效的手机号码"):
        validate_phone(phone)


class GuardedForm(antibot.GuardedFormMixin):
    text = forms.CharField()


def submitted(token, **extra):
    return GuardedForm({"text": "x", "form_token": token, **extra})


def old_token(seconds_ago=10):
    from django.core import signing

    return signing.dumps({"t": time.time() - seconds_ago, "k": "key-1"}, salt=antibot.SALT)


def test_a_form_filled_by_a_person_passes_and_carries_its_submission_key():
    form = submitted(old_token())
    assert form.is_valid(), form.errors
    assert form.submission_key == "key-1"


def test_a_filled_honeypot_is_refused():
    form = submitted(old_token(), website="http://spam.example")
    assert not form.is_valid()


def test_a_form_sent_back_within_seconds_is_refused():
    form = submitted(antibot.new_token())
    assert not form.is_valid()
    assert "提交过快" in str(form.non_field_errors())


def test_a_forged_token_is_refused():
    form = submitted("forged-token")
    assert not form.is_valid()
    assert "请刷新页面" in str(form.non_field_errors())


def test_an_unbound_form_carries_a_fresh_token():
    assert GuardedForm().initial["form_token"]


def test_the_rate_limit_allows_the_limit_and_refuses_the_next():
    cache.clear()
    assert all(hit("t", "1.2.3.4", limit=3, window=60) for _ in range(3))
    assert not hit("t", "1.2.3.4", limit=3, window=60)
    assert hit("t", "5.6.7.8", limit=3, window=60)


@pytest.mark.django_db
def test_a_limited_view_answers_429_in_chinese_with_retry_after():
    cache.clear()

    @ratelimit("view", limit=1, window=60)
    def view(request):
        from django.http import HttpResponse

        return HttpResponse("ok")

    rf = RequestFactory()
    assert view(rf.post("/")).status_code == 200
    response = view(rf.post("/"))
    response.render()
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "操作过于频繁" in response.content.decode()


def _counting_view():
    @ratelimit("kiosk", limit="APPLY_RATE_LIMIT", window="APPLY_RATE_WINDOW")
    def view(request):
        return HttpResponse("ok")

    return view


@pytest.mark.django_db
def test_the_per_address_limit_of_applications_is_a_setting(settings):
    cache.clear()
    settings.APPLY_RATE_LIMIT = 2
    view, rf = _counting_view(), RequestFactory()
    assert [view(rf.post("/")).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.django_db
def test_a_kiosk_in_a_trusted_network_is_not_limited(settings):
    cache.clear()
    settings.APPLY_RATE_LIMIT = 2
    settings.RATE_LIMIT_EXEMPT_NETWORKS = ["10.8.0.0/24"]
    view, rf = _counting_view(), RequestFactory()
    statuses = {view(rf.post("/", REMOTE_ADDR="10.8.0.17")).status_code for _ in range(10)}
    assert statuses == {200}
