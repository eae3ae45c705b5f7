"""The public 依申请公开 channel: guide, online form, receipt, e-mail and tracking."""

from __future__ import annotations

import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.urls import reverse

from config.web import antibot
from config.web.validators import id_check_char
from requests_app import steps
from requests_app.models import InformationRequest, Status

ID17 = "37150219800101123"
VALID_ID = ID17 + id_check_char(ID17)


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def token(key="k-1", seconds_ago=30):
    return signing.dumps({"t": time.time() - seconds_ago, "k": key}, salt=antibot.SALT)


def application(agency, **overrides):
    data = {
        "form_token": token(),
        "website": "",
        "organization": agency.pk,
        "applicant_type": "person",
        "name": "李四",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13912345678",
        "email": "lisi@example.com",
        "postal_address": "聊城市东昌府区柳园路1号",
        "postal_code": "252000",
        "description": "2025年本市城区老旧小区改造项目清单",
        "purpose": "",
        "form": "electronic",
        "delivery": "email",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_the_guide_shows_the_limits_fees_and_the_agencys_contact(client, agency):
    page = client.get(reverse("requests_app:guide") + f"?org={agency.slug}").content.decode()
    assert "20个工作日内答复" in page
    assert "最长不超过20个工作日" in page
    assert "7个工作日内一次性告知补正" in page
    assert agency.office_address in page and agency.phone in page
    assert "31—100页" in page or "31-100页" in page


def test_an_unknown_agency_in_the_guide_is_a_404(client, agency):
    assert client.get(reverse("requests_app:guide") + "?org=nope").status_code == 404


def test_a_valid_application_creates_one_pending_request_and_shows_the_receipt(client, agency):
    response = client.post(reverse("requests_app:apply"), application(agency), follow=True)
    req = InformationRequest.objects.get()
    assert req.status == Status.PENDING
    assert req.channel == InformationRequest.Channel.ONLINE
    page = response.content.decode()
    assert req.tracking_number in page
    assert "打印回执" in page and "接下来会怎样" in page
    assert VALID_ID not in page  # the receipt page shows no ID number
    assert req.tracking_number.startswith("YSQ-")


def test_submitting_the_same_form_twice_creates_one_request(client, agency):
    data = application(agency)
    client.post(reverse("requests_app:apply"), data)
    client.post(reverse("requests_app:apply"), data)
    assert InformationRequest.objects.count() == 1


def test_the_applicant_gets_an_email_with_the_tracking_number(client, agency):
    client.post(reverse("requests_app:apply"), application(agency))
    req = InformationRequest.objects.get()
    assert len(mail.outbox) == 1
    assert req.tracking_number in mail.outbox[0].body
    assert mail.outbox[0].to == ["lisi@example.com"]


def test_errors_are_shown_in_chinese_next_to_their_fields_and_nothing_is_lost(client, agency):
    data = application(agency, id_number=ID17 + "0" if VALID_ID[-1] != "0" else ID17 + "1")
    data["phone"] = "12345"
    response = client.post(reverse("requests_app:apply"), data)
    page = response.content.decode()
    assert "居民身份证号码校验位不正确" in page
    assert response.context["form"].errors["id_number"] == [
        "居民身份证号码校验位不正确，请核对后重新填写。"  # not also 「请填写身份证件号码」
    ]
    assert "请填写有效的手机号码" in page
    assert "2025年本市城区老旧小区改造项目清单" in page  # what was typed is kept
    assert InformationRequest.objects.count() == 0


def test_a_legal_person_must_give_its_credit_code(client, agency):
    data = application(
        agency, applicant_type="organization", organization_kind="business", id_number=""
    )
    data["id_type"] = ""
    page = client.post(reverse("requests_app:apply"), data).content.decode()
    assert "请填写统一社会信用代码" in page


def test_consent_is_required(client, agency):
    data = application(agency)
    del data["consent"]
    page = client.post(reverse("requests_app:apply"), data).content.decode()
    assert "请阅读并勾选申请须知后再提交" in page


def test_a_bot_filling_the_honeypot_creates_nothing(client, agency):
    client.post(reverse("requests_app:apply"), application(agency, website="http://x.example"))
    assert InformationRequest.objects.count() == 0


def test_too_many_applications_from_one_client_get_a_429(client, agency):
    for i in range(5):
        client.post(reverse("requests_app:apply"), application(agency, form_token=token(f"k{i}")))
    response = client.post(reverse("requests_app:apply"), application(agency, form_token=token()))
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()


def test_the_receipt_page_is_not_visible_to_another_browser(client, agency):
    client.post(reverse("requests_app:apply"), application(agency))
    req = InformationRequest.objects.get()
    from django.test import Client

    other = Client()
    assert other.get(reverse("requests_app:done", args=[req.tracking_number])).status_code == 404


def submit(client, agency):
    client.post(reverse("requests_app:apply"), application(agency))
    client.cookies.clear()  # a new visit, without the submitting session
    return InformationRequest.objects.get()


def test_tracking_with_number_and_phone_shows_the_status(client, agency):
    req = submit(client, agency)
    response = client.post(
        reverse("requests_app:track"),
        {"tracking_number": req.tracking_number.lower(), "verifier": "139 1234 5678"},
        follow=True,
    )
    page = response.content.decode()
    assert "待登记" in page and req.tracking_number in page


def test_tracking_with_the_last_six_of_the_id_number_works(client, agency):
    req = submit(client, agency)
    response = client.post(
        reverse("requests_app:track"),
        {"tracking_number": req.tracking_number, "verifier": VALID_ID[-6:]},
    )
    assert response.status_code == 302


def test_a_wrong_combination_reveals_nothing(client, agency):
    req = submit(client, agency)
    wrong_phone = client.post(
        reverse("requests_app:track"),
        {"tracking_number": req.tracking_number, "verifier": "13800000000"},
    ).content.decode()
    no_such = client.post(
        reverse("requests_app:track"),
        {"tracking_number": "YSQ-2026-AAAAAAAA", "verifier": "13912345678"},
    ).content.decode()
    assert "没有找到与申请编号和验证信息相符的申请" in wrong_phone
    assert "没有找到与申请编号和验证信息相符的申请" in no_such
    assert "李四" not in wrong_phone and "待登记" not in wrong_phone


def test_guessing_tracking_numbers_in_bulk_is_rate_limited(client, agency):
    for i in range(10):
        client.post(
            reverse("requests_app:track"),
            {"tracking_number": f"YSQ-2026-AAAAAA{i:02d}", "verifier": "13912345678"},
        )
    response = client.post(
        reverse("requests_app:track"),
        {"tracking_number": "YSQ-2026-AAAAAAZZ", "verifier": "13912345678"},
    )
    assert response.status_code == 429


def test_the_tracking_page_of_an_unproven_request_is_a_404(client, agency):
    req = submit(client, agency)
    url = reverse("requests_app:track-detail", args=[req.tracking_number])
    assert client.get(url).status_code == 404


def test_the_applicant_answers_a_clarification_on_the_tracking_page(client, agency, staff):
    import datetime

    req = submit(client, agency)
    today = datetime.date.today()
    req = steps.register(req, by=staff, received_on=today)
    req = steps.request_clarification(
        req, by=staff, items=["请写明项目所在街道"], reply_by=today + datetime.timedelta(days=15)
    )
    client.post(
        reverse("requests_app:track"),
        {"tracking_number": req.tracking_number, "verifier": "13912345678"},
    )
    url = reverse("requests_app:track-detail", args=[req.tracking_number])
    page = client.get(url).content.decode()
    assert "请写明项目所在街道" in page and "提交补正" in page
    client.post(url, {"text": "古楼街道辖区内的老旧小区"})
    req.refresh_from_db()
    assert req.status in (Status.REGISTERED, Status.PROCESSING)
    assert req.due_on is not None
    assert "补正收到" in client.get(url).content.decode()


def test_the_clarification_box_lists_each_item_to_add_and_the_guidance(client, agency, staff):
    import datetime

    req = submit(client, agency)
    today = datetime.date.today()
    req = steps.register(req, by=staff, received_on=today)
    steps.request_clarification(
        req,
        by=staff,
        items=["请写明项目所在街道", "请写明年份范围"],
        guidance="可参考本机关公开指南。",
        reply_by=today + datetime.timedelta(days=15),
    )
    client.post(
        reverse("requests_app:track"),
        {"tracking_number": req.tracking_number, "verifier": "13912345678"},
    )
    page = client.get(reverse("requests_app:track-detail", args=[req.tracking_number]))
    box = page.content.decode().split('id="clar-heading"')[1].split("</section>")[0]

    assert "<li>请写明项目所在街道</li><li>请写明年份范围</li>" in box
    assert "可参考本机关公开指南。" in box
