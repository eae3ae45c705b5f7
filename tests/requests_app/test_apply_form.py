"""The online application form's server side: choices, required fields per applicant type,
errors shown once each, and the per-address limit (kiosks exempt)."""

from __future__ import annotations

import re
import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.validators import credit_code_check_char
from config.web import antibot
from config.web.validators import id_check_char
from requests_app.forms.public import ApplicationForm
from requests_app.models import InformationRequest

ID17 = "37150219800101123"
VALID_ID = ID17 + id_check_char(ID17)
CODE17 = "91371500MA3C0000"
CREDIT_CODE = CODE17 + "1" + credit_code_check_char(CODE17 + "1")


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def token(key="k-1", seconds_ago=30):
    return signing.dumps({"t": time.time() - seconds_ago, "k": key}, salt=antibot.SALT)


def person(agency, **overrides):
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
        "postal_address": "",
        "postal_code": "",
        "description": "2025年本市城区老旧小区改造项目清单",
        "purpose": "",
        "form": "electronic",
        "delivery": "email",
        "consent": "on",
    }
    data.update(overrides)
    return data


def organization(agency, **overrides):
    data = person(
        agency,
        applicant_type="organization",
        name="聊城某某建设有限公司",
        id_type="",
        id_number="",
        organization_kind="business",
        credit_code=CREDIT_CODE,
        legal_representative="王五",
        contact_name="赵六",
    )
    data.update(overrides)
    return data


def post(client, data, **extra):
    return client.post(reverse("requests_app:apply"), data, **extra)


def field_block(page: str, field_id: str) -> str:
    """The HTML of one field's block (its label, help, errors and input)."""
    start = page.rindex('<div class="form-field', 0, page.index(f'id="{field_id}"'))
    end = page.find('<div class="form-field', start + 1)
    return page[start : end if end > 0 else page.index("</form>")]


# -- choices -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["applicant_type", "organization_kind", "id_type", "form", "delivery"]
)
def test_a_required_choice_offers_no_empty_choice(db, name):
    values = [value for value, _label in ApplicationForm().fields[name].choices]
    assert "" not in values


def test_the_form_page_shows_no_dashes_choice(client, agency):
    page = client.get(reverse("requests_app:apply")).content.decode()
    assert "---------" not in page


def test_the_id_type_starts_on_the_resident_id_card(client, agency):
    page = client.get(reverse("requests_app:apply")).content.decode()
    assert re.search(r'<option value="resident_id" selected>', page)


def test_the_agency_prompt_cannot_be_chosen(client, agency):
    page = client.get(reverse("requests_app:apply")).content.decode()
    assert re.search(r'<option value="" [^>]*disabled[^>]*>请选择机关</option>', page)


# -- required per applicant type ---------------------------------------------------------


def test_a_person_need_not_fill_the_organization_fields(client, agency):
    post(client, person(agency))
    req = InformationRequest.objects.get()
    assert req.applicant_type == "person"
    assert (req.organization_kind, req.credit_code) == ("", "")


def test_what_a_person_typed_in_the_organization_fields_is_neither_checked_nor_stored(
    client, agency
):
    post(client, person(agency, organization_kind="business", credit_code="123", contact_name="X"))
    req = InformationRequest.objects.get()
    assert (req.organization_kind, req.credit_code, req.contact_name) == ("", "", "")


def test_an_organization_need_not_give_an_id_number(client, agency):
    post(client, organization(agency))
    req = InformationRequest.objects.get()
    assert req.applicant_type == "organization"
    assert req.credit_code == CREDIT_CODE
    assert (req.id_type, req.id_number) == ("", "")


def test_an_organization_does_not_store_an_id_number_typed_before_changing_the_type(client, agency):
    post(client, organization(agency, id_type="resident_id", id_number="1234"))
    req = InformationRequest.objects.get()
    assert (req.id_type, req.id_number) == ("", "")


def test_an_organization_still_needs_its_kind_and_credit_code(client, agency):
    page = post(client, organization(agency, organization_kind="", credit_code="")).content
    page = page.decode()
    assert "请选择法人或其他组织的类型" in page and "请填写统一社会信用代码" in page
    assert "请填写身份证件号码" not in page
    assert not InformationRequest.objects.exists()


def test_a_person_still_needs_an_id_number(client, agency):
    page = post(client, person(agency, id_number="")).content.decode()
    assert "请填写身份证件号码" in page
    assert "统一社会信用代码" not in field_block(page, "id_id_number")


# -- required marks ----------------------------------------------------------------------

ALWAYS_REQUIRED = [
    "id_organization",
    "id_applicant_type_0",
    "id_name",
    "id_phone",
    "id_description",
    "id_form_0",
    "id_delivery_0",
    "id_consent",
]
REQUIRED_FOR_ONE_TYPE = ["id_id_type", "id_id_number", "id_organization_kind_0", "id_credit_code"]
VISIBLE_MARK = '<span class="required-mark" aria-hidden="true">*</span>'


@pytest.mark.parametrize("field_id", ALWAYS_REQUIRED + REQUIRED_FOR_ONE_TYPE)
def test_a_required_field_is_marked_with_a_star_and_required(client, agency, field_id):
    block = field_block(client.get(reverse("requests_app:apply")).content.decode(), field_id)
    assert VISIBLE_MARK in block
    assert re.search(rf'id="{field_id}"', block)
    input_tag = re.search(rf'<(input|select|textarea)[^>]*id="{field_id}"[^>]*>', block).group(0)
    assert " required" in input_tag


@pytest.mark.parametrize("field_id", ["id_purpose", "id_postal_code", "id_supporting_file"])
def test_an_optional_field_has_no_star(client, agency, field_id):
    block = field_block(client.get(reverse("requests_app:apply")).content.decode(), field_id)
    assert VISIBLE_MARK not in block


def test_the_postal_address_is_marked_required_after_a_failed_submit_by_post(client, agency):
    page = post(client, person(agency, delivery="post", phone="1")).content.decode()
    block = field_block(page, "id_postal_address")
    assert VISIBLE_MARK in block
    assert 'aria-required="true"' in block


# -- errors ------------------------------------------------------------------------------


def test_a_mistyped_email_gets_only_its_own_error(client, agency):
    page = post(client, person(agency, email="lisi@")).content.decode()
    block = field_block(page, "id_email")
    assert "请填写有效的电子邮箱地址" in block
    assert "请填写电子邮箱" not in page  # not also told the address is missing


def test_a_wrong_resident_id_gets_only_its_check_character_error(client, agency):
    wrong = ID17 + ("0" if VALID_ID[-1] != "0" else "1")
    page = post(client, person(agency, id_number=wrong)).content.decode()
    assert "居民身份证号码校验位不正确" in page
    assert "请填写身份证件号码" not in page


def test_a_wrong_credit_code_gets_only_its_own_error(client, agency):
    wrong = CREDIT_CODE[:17] + ("0" if CREDIT_CODE[-1] != "0" else "1")
    page = post(client, organization(agency, credit_code=wrong)).content.decode()
    assert "统一社会信用代码校验位错误" in field_block(page, "id_credit_code")
    assert "请填写统一社会信用代码" not in page


def test_each_field_error_is_shown_once_beside_its_field_and_once_in_the_summary(client, agency):
    page = post(client, person(agency, phone="12345", description="")).content.decode()
    for message, field_id in [
        ("请填写有效的手机号码", "id_phone"),
        ("请描述申请公开", "id_description"),
    ]:
        assert page.count(message) == 2
        assert message in field_block(page, field_id)
        assert re.search(rf'<a href="#{field_id}">[^<]*{message}', page)


def test_a_non_field_error_is_shown_in_the_summary_only(client, agency):
    page = post(client, person(agency, form_token=token(seconds_ago=0))).content.decode()
    assert page.count("提交过快") == 1
    summary = page[page.index('id="form-errors"') : page.index("<form ")]
    assert "提交过快" in summary


def test_the_summary_counts_every_error(client, agency):
    page = post(client, person(agency, phone="12345", description="")).content.decode()
    assert "请修改以下 2 处内容" in page


def test_everything_typed_is_kept_after_a_failed_submit(client, agency):
    data = person(agency, phone="12345", purpose="用于核对补偿标准", postal_code="252000")
    page = post(client, data).content.decode()
    for value in ["李四", VALID_ID, "lisi@example.com", "用于核对补偿标准", "252000", "12345"]:
        assert value in page
    assert re.search(r'value="electronic"[^>]*checked', page)
    assert re.search(r'value="email"[^>]*checked', page)


def test_a_file_chosen_before_a_failed_submit_must_be_chosen_again(client, agency):
    upload = SimpleUploadedFile("id.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    page = post(client, person(agency, phone="12345", supporting_file=upload)).content.decode()
    assert "证明材料没有保留，请重新选择" in page


def test_no_file_note_when_no_file_was_chosen(client, agency):
    page = post(client, person(agency, phone="12345")).content.decode()
    assert "请重新选择" not in page


# -- the per-address limit ---------------------------------------------------------------


def test_the_apply_limit_per_address_is_a_setting(client, agency, settings):
    settings.APPLY_RATE_LIMIT = 2
    statuses = [
        post(
            client, person(agency, form_token=token(f"k{i}")), REMOTE_ADDR="203.0.113.9"
        ).status_code
        for i in range(3)
    ]
    assert statuses[-1] == 429 and 429 not in statuses[:2]


def test_a_kiosk_in_an_exempt_network_may_submit_beyond_the_limit(client, agency, settings):
    settings.APPLY_RATE_LIMIT = 2
    settings.RATE_LIMIT_EXEMPT_NETWORKS = ["10.8.0.0/24"]
    for i in range(4):
        response = post(client, person(agency, form_token=token(f"k{i}")), REMOTE_ADDR="10.8.0.17")
        assert response.status_code == 302
    assert InformationRequest.objects.count() == 4


def test_an_address_outside_the_exempt_networks_is_still_limited(client, agency, settings):
    settings.APPLY_RATE_LIMIT = 2
    settings.RATE_LIMIT_EXEMPT_NETWORKS = ["10.8.0.0/24"]
    for i in range(2):
        post(client, person(agency, form_token=token(f"k{i}")), REMOTE_ADDR="10.9.0.17")
    response = post(client, person(agency, form_token=token("k9")), REMOTE_ADDR="10.9.0.17")
    assert response.status_code == 429
