"""Project-level promises: demo data, settings, deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def test_old_admin_addresses_of_the_disclosure_models_lead_to_their_apps(client):
    response = client.get("/admin/disclosure/document/12/change/?_changelist_filters=x")
    assert response.status_code == 301
    assert response["Location"] == "/admin/library/document/12/change/?_changelist_filters=x"
    assert (
        client.get("/admin/disclosure/annualreport/")["Location"] == "/admin/reports/annualreport/"
    )


def test_an_old_admin_address_of_no_model_is_not_found(client):
    assert client.get("/admin/disclosure/nothing/").status_code == 404
