"""Project-level promises: demo data, settings, deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from catalog.models import Organization, StaffProfile
from disclosure.models import Guide, Regulation

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_load_demo_twice_adds_no_duplicates():
    call_command("load_demo", verbosity=0)
    counts = (Organization.objects.count(), Guide.objects.count(), Regulation.objects.count())
    call_command("load_demo", verbosity=0)
    assert counts == (
        Organization.objects.count(),
        Guide.objects.count(),
        Regulation.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_has_the_sample_documents_issuers_and_an_account_per_agency():
    call_command("load_demo", verbosity=0)
    names = set(Organization.objects.values_list("name", flat=True))
    assert {"聊城市人民政府办公室", "莱阳市人民政府办公室"} <= names
    assert Organization.objects.filter(kind="department").count() >= 4
    assert Organization.objects.filter(level="county").exists()
    assert StaffProfile.objects.count() >= Organization.objects.count()
    from catalog.demo import DEMO_PASSWORD

    assert authenticate(username="supervisor", password=DEMO_PASSWORD) is not None
    assert authenticate(username="lcs_staff", password=DEMO_PASSWORD) is not None


def test_check_deploy_reports_only_what_the_reverse_proxy_sets():
    env = dict(os.environ, DEBUG="0", SECRET_KEY="x" * 30 + "prod-secret-key-ABCDEFGHIJKLMNOP")
    env["ALLOWED_HOSTS"] = "xxgk.example.gov.cn"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    reported = {line.split(":")[0].strip() for line in output.splitlines() if "security.W" in line}
    # HSTS (W004) and the HTTP->HTTPS redirect (W008) are the proxy's job (README).
    assert reported <= {"?"} or {r.split()[-1] for r in reported} <= {
        "(security.W004)",
        "(security.W008)",
    }, output
    assert "security.W004" in output and "security.W008" in output


def test_settings_follow_the_chinese_locale():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
