"""Security headers, no inline script or style, login throttling, password strength."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.security import build_policy

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "portal-demo-2026"


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in csp.split("; ") if part.strip()
    )
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin"}
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_public_page_carries_the_security_headers(client):
    response = client.get("/xxgk/")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_the_admin_login_carries_the_security_headers(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_a_404_carries_the_security_headers(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response)


@pytest.mark.django_db
def test_static_files_carry_the_content_security_policy(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_off_until_the_site_runs_behind_tls(settings):
    # Sent only when SECURE_HSTS_SECONDS is set (docs/deploy.md); never in development.
    assert settings.SECURE_HSTS_SECONDS == 0
    assert settings.SECURE_PROXY_SSL_HEADER is None  # TRUSTED_PROXIES=1 switches it on


def test_the_policy_is_written_as_the_header_expects():
    assert (
        build_policy({"default-src": ["'self'"], "upgrade-insecure-requests": []})
        == "default-src 'self'; upgrade-insecure-requests"
    )


def _templates():
    return sorted((ROOT / "templates").rglob("*.html"))


def test_no_template_has_inline_script_event_handlers_or_inline_style():
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.I):
            # Only external files, or JSON-LD data blocks, which browsers never execute.
            if "src=" not in tag and 'type="application/ld+json"' not in tag:
                offenders.append(f"{path.name}: {tag}")
        for pattern in (r"\son[a-z]+\s*=", r"\sstyle\s*=", r"<style\b", r"javascript:"):
            if re.search(pattern, text, flags=re.I):
                offenders.append(f"{path.name}: {pattern}")
    assert not offenders, offenders
    assert len(_templates()) > 20  # the test reads the real templates


def test_external_scripts_have_no_inline_code_either():
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*\bsrc=[^>]*>(.*?)</script>", text, re.I | re.S):
            assert not match.group(1).strip(), path.name


# -- passwords -------------------------------------------------------------------------


def test_staff_passwords_need_twelve_characters():
    with pytest.raises(ValidationError) as excinfo:
        validate_password("Xq7#pLm2vR9")  # 11 characters, otherwise strong
    assert any(e.code == "password_too_short" for e in excinfo.value.error_list)


@pytest.mark.django_db
def test_the_demo_password_is_strong_enough():
    user = get_user_model()(username="lcs_staff")
    validate_password(DEMO_PASSWORD, user)


def test_common_and_numeric_passwords_are_refused():
    for weak in ("password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak)


# -- login throttling (django-axes) ----------------------------------------------------


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(
        username="czj_staff", password=DEMO_PASSWORD, is_staff=True
    )


def login(client, password, ip="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "czj_staff", "password": password},
        REMOTE_ADDR=ip,
    )


def test_the_demo_password_logs_in(client, staff_user):
    response = login(client, DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_repeated_failed_logins_lock_out_with_a_chinese_message(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong-password-x").status_code == 200
    response = login(client, "wrong-password-x")
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已被暂时锁定" in page
    assert f"连续 {settings.AXES_FAILURE_LIMIT} 次登录失败" in page
    assert "30 分钟后再试" in page


def test_the_right_password_is_refused_until_the_cool_off_has_passed(client, staff_user, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wrong-password-x")
    response = login(client, DEMO_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    past = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=past)
    response = login(client, DEMO_PASSWORD)
    assert response.status_code == 302


def test_a_lockout_does_not_shut_out_the_same_account_from_another_address(
    client, staff_user, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wrong-password-x", ip="203.0.113.7")
    assert login(client, DEMO_PASSWORD, ip="198.51.100.20").status_code == 302


def test_a_forged_forwarded_address_does_not_dodge_the_lockout(client, staff_user, settings):
    settings.TRUSTED_PROXIES = 1  # behind nginx, which appends the address it saw
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/?next=/admin/",
            {"username": "czj_staff", "password": "wrong-password-x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.7",  # forged entry, nginx's entry
        )
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "czj_staff", "password": DEMO_PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.99, 203.0.113.7",
    )
    assert response.status_code == 429


def test_code_may_still_check_a_password_without_a_request(staff_user):
    from django.contrib.auth import authenticate

    assert authenticate(username="czj_staff", password=DEMO_PASSWORD) == staff_user
    assert authenticate(username="czj_staff", password="wrong-password-x") is None


@pytest.mark.django_db
def test_djangos_debug_error_pages_stay_readable_in_development(client, settings):
    settings.DEBUG = True
    assert "Content-Security-Policy" not in client.get("/no-such-page/")
    assert "Content-Security-Policy" in client.get("/xxgk/")
