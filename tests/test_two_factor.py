"""The optional second factor for staff (config/two_factor/): login, enrollment, turning off."""

from __future__ import annotations

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import make_staff

PASSWORD = "pw-for-tests-123"
REFUSED = "用户名、密码或动态验证码不正确"


def code_for(device, *, steps_ahead=0) -> str:
    """The code the staff member's phone shows now (or ``steps_ahead`` periods later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def login(client, user, code=None, *, next_url="/admin/", ip="203.0.113.7"):
    data = {"username": user.username, "password": PASSWORD, "next": next_url}
    if code is not None:
        data["otp_token"] = code
    return client.post(f"/admin/login/?next={next_url}", data, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def staff(org):
    return make_staff(org)


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="验证器应用", confirmed=True)


@pytest.fixture
def backup_codes(staff):
    backup = StaticDevice.objects.create(user=staff, name="备用码", confirmed=True)
    for token in ("abcd2345", "efgh6723"):
        backup.token_set.create(token=token)
    return ["abcd2345", "efgh6723"]


def enroll(client, user) -> list[str]:
    """Log in with the password and enroll through the pages; returns the backup codes."""
    client.force_login(user)
    client.get("/admin/otp/setup/")
    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/admin/otp/setup/", {"otp_token": code_for(pending)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


# -- logging in ------------------------------------------------------------------------


def test_a_user_without_a_device_logs_in_with_the_password_alone(client, staff):
    response = login(client, staff)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert logged_in(client)


def test_the_login_page_offers_the_optional_code_field(client, db):
    page = client.get("/admin/login/").content.decode()
    assert "动态验证码" in page
    assert 'name="otp_token"' in page
    assert "未启用的请留空" in page


def test_a_user_with_a_device_is_refused_without_a_code(client, staff, device):
    response = login(client, staff)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert "6位动态验证码" in response.content.decode()
    assert not logged_in(client)


def test_a_wrong_code_refuses_the_login(client, staff, device):
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = login(client, staff, wrong)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not logged_in(client)


def test_the_right_code_admits_a_user_with_a_device(client, staff, device):
    response = login(client, staff, code_for(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert logged_in(client)
    assert client.session["otp_device_id"] == device.persistent_id


def test_a_code_is_accepted_only_once(client, staff, device):
    code = code_for(device)
    assert login(client, staff, code).status_code == 302
    client.logout()
    assert login(client, staff, code).status_code == 200
    assert not logged_in(client)


def test_a_backup_code_works_once_only(client, staff, device, backup_codes):
    assert login(client, staff, backup_codes[0]).status_code == 302
    client.logout()
    response = login(client, staff, backup_codes[0])
    assert REFUSED in response.content.decode()
    assert not logged_in(client)
    assert list(StaticToken.objects.values_list("token", flat=True)) == [backup_codes[1]]


def test_a_backup_code_may_be_typed_in_capitals_with_spaces(client, staff, device, backup_codes):
    assert login(client, staff, " ABCD 2345 ").status_code == 302


def test_an_unconfirmed_device_does_not_demand_a_code(client, staff):
    TOTPDevice.objects.create(user=staff, name="验证器应用", confirmed=False)
    assert login(client, staff).status_code == 302
    assert logged_in(client)


def test_a_wrong_password_and_a_wrong_code_read_alike(client, staff, device):
    # Otherwise the message would tell whoever tries passwords that one was right.
    wrong_password = client.post(
        "/admin/login/", {"username": staff.username, "password": "not-the-password-1"}
    )
    wrong_code = login(client, staff, "000000" if code_for(device) != "000000" else "111111")
    assert REFUSED in wrong_password.content.decode()
    assert REFUSED in wrong_code.content.decode()


def test_wrong_codes_count_toward_the_lockout(client, staff, device, settings):
    right = code_for(device)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, staff, wrong).status_code == 200
    assert login(client, staff, wrong).status_code == 429
    # Locked out: even the right password with the right code is refused.
    response = login(client, staff, right)
    assert response.status_code == 429
    assert "登录已被暂时锁定" in response.content.decode()
    assert not logged_in(client)


def test_a_code_typed_at_a_failed_login_is_not_stored(client, staff, backup_codes):
    from axes.models import AccessAttempt

    client.post(
        "/admin/login/",
        {"username": staff.username, "password": "not-the-password-1", "otp_token": "abcd2345"},
    )
    attempt = AccessAttempt.objects.get()
    assert "abcd2345" not in attempt.post_data


def test_the_staff_pages_outside_the_admin_use_the_same_login(client, staff, device):
    response = client.get("/ysqgk/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/ysqgk/staff/"
    assert login(client, staff, next_url="/ysqgk/staff/").status_code == 200
    response = login(client, staff, code_for(device), next_url="/ysqgk/staff/")
    assert response["Location"] == "/ysqgk/staff/"
    assert client.get("/ysqgk/staff/").status_code == 200


@pytest.mark.parametrize(
    "url", ["/nb/staff/", "/yjzj/staff/", "/zcjd/staff/", "/fdzdgknr/staff/", "/ysqgk/staff/"]
)
def test_every_staff_page_sends_to_the_login_that_asks_for_the_code(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


# -- enrollment --------------------------------------------------------------------------


def test_the_admin_user_tools_link_to_the_two_factor_page(client, staff):
    client.force_login(staff)
    assert 'href="/admin/otp/">两步验证</a>' in client.get("/admin/").content.decode()


def test_the_enrollment_pages_need_a_staff_login(client, db):
    for url in ("/admin/otp/", "/admin/otp/setup/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_the_setup_page_shows_a_qr_code_and_the_secret(client, staff):
    client.force_login(staff)
    response = client.get("/admin/otp/setup/")
    page = response.content.decode()
    pending = TOTPDevice.objects.get(user=staff)
    assert not pending.confirmed
    assert '<img src="data:image/svg+xml' in page
    from base64 import b32encode

    secret = b32encode(pending.bin_key).decode()
    assert secret[:4] + " " + secret[4:8] in page
    assert "no-cache" in response["Cache-Control"]


def test_the_setup_page_has_no_inline_script_or_style(client, staff):
    client.force_login(staff)
    page = client.get("/admin/otp/setup/").content.decode()
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", page))
    assert not re.search(r"\sstyle\s*=|<style\b|\son[a-z]+\s*=", page)


def test_enrollment_confirms_the_device_only_with_a_correct_code(client, staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no pause after the wrong code
    client.force_login(staff)
    client.get("/admin/otp/setup/")
    pending = TOTPDevice.objects.get(user=staff)
    right = code_for(pending)
    wrong = "000000" if right != "000000" else "111111"

    response = client.post("/admin/otp/setup/", {"otp_token": wrong})
    assert response.status_code == 400
    assert "动态验证码不正确或已过期" in response.content.decode()
    pending.refresh_from_db()
    assert not pending.confirmed
    assert not StaticDevice.objects.exists()

    response = client.post("/admin/otp/setup/", {"otp_token": right})
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.confirmed


def test_enrollment_shows_ten_backup_codes_once(client, staff):
    codes = enroll(client, staff)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    overview = client.get("/admin/otp/").content.decode()
    assert "两步验证已启用" in overview and "剩余备用码：10 个" in overview
    assert not any(code in overview for code in codes)


def test_after_enrollment_the_login_asks_for_the_code(client, staff):
    codes = enroll(client, staff)
    client.logout()
    assert login(client, staff).status_code == 200
    assert login(client, staff, codes[3]).status_code == 302


def test_re_enrolling_replaces_the_old_device_and_codes(client, staff):
    old_codes = enroll(client, staff)
    old = TOTPDevice.objects.get(user=staff, confirmed=True)
    client.get("/admin/otp/setup/")
    new = TOTPDevice.objects.get(user=staff, confirmed=False)
    response = client.post("/admin/otp/setup/", {"otp_token": code_for(new)})
    assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=staff)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert not StaticToken.objects.filter(token__in=old_codes).exists()


def test_a_session_without_a_code_cannot_replace_the_device(client, staff, device):
    client.force_login(staff)  # e.g. a session opened before the device was confirmed
    response = client.get("/admin/otp/setup/", follow=True)
    assert "须先退出，再用动态验证码重新登录" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=False).exists()


# -- turning it off --------------------------------------------------------------------


def test_turning_the_factor_off_needs_the_password_and_a_current_code(
    client, staff, device, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no pause after the wrong code
    login(client, staff, code_for(device))
    response = client.post(
        "/admin/otp/remove/",
        {"password": "not-the-password-1", "otp_token": code_for(device, steps_ahead=1)},
    )
    assert response.status_code == 400 and "密码或动态验证码不正确" in response.content.decode()
    response = client.post("/admin/otp/remove/", {"password": PASSWORD, "otp_token": "12345"})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=staff).exists()

    response = client.post(
        "/admin/otp/remove/", {"password": PASSWORD, "otp_token": code_for(device, steps_ahead=1)}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    client.logout()
    assert login(client, staff).status_code == 302


def test_wrong_passwords_on_the_turn_off_form_count_toward_the_lockout(
    client, staff, device, settings
):
    login(client, staff, code_for(device))
    data = {"password": "not-the-password-1", "otp_token": code_for(device, steps_ahead=1)}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/admin/otp/remove/", data, REMOTE_ADDR="203.0.113.7").status_code == 400
    response = client.post("/admin/otp/remove/", data, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    data["password"] = PASSWORD
    assert client.post("/admin/otp/remove/", data, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_user_cannot_see_or_remove_a_colleagues_device(client, staff, org):
    colleague = make_staff(org)
    theirs = TOTPDevice.objects.create(user=colleague, name="验证器应用", confirmed=True)
    client.force_login(staff)
    page = client.get("/admin/otp/setup/").content.decode()
    from base64 import b32encode

    assert b32encode(theirs.bin_key).decode()[:8] not in page.replace(" ", "")
    response = client.post(
        "/admin/otp/remove/", {"password": PASSWORD, "otp_token": code_for(theirs)}
    )
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(pk=theirs.pk, confirmed=True).exists()


def test_the_forms_refuse_a_post_without_the_csrf_token(staff, device):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post("/admin/otp/setup/", {"otp_token": "123456"}).status_code == 403
    data = {"password": PASSWORD, "otp_token": code_for(device)}
    assert client.post("/admin/otp/remove/", data).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


# -- STAFF_OTP_REQUIRED -------------------------------------------------------------------


@pytest.fixture
def required(settings):
    settings.STAFF_OTP_REQUIRED = True


def test_when_required_staff_without_a_device_are_sent_to_enrollment_after_login(
    client, staff, required
):
    response = login(client, staff)
    assert response["Location"] == "/admin/"
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/otp/setup/?next=%2Fadmin%2F"
    assert "本平台要求工作人员启用两步验证" in client.get(response["Location"]).content.decode()


def test_when_required_the_staff_pages_send_to_enrollment_too(client, staff, required):
    client.force_login(staff)
    response = client.get("/ysqgk/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/otp/setup/?next=%2Fysqgk%2Fstaff%2F"


def test_when_required_an_enrolled_staff_member_uses_the_admin(client, staff, required):
    enroll(client, staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/ysqgk/staff/").status_code == 200


def test_when_required_a_session_not_verified_by_a_code_is_logged_out(
    client, staff, device, required
):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"
    assert not logged_in(client)


def test_when_not_required_staff_without_a_device_use_the_admin(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_a_superuser_can_reset_a_lost_device_without_seeing_its_secret(client, staff, device):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("root_admin", password=PASSWORD)
    client.force_login(admin_user)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    client.logout()
    assert login(client, staff).status_code == 302
