"""The online application form in the browser: the fields of each applicant type, the *
marks, no empty choices, the layout at 360 px, the keyboard, and a failed submit."""

from __future__ import annotations

import pytest

from config.web import antibot
from tests.conftest import make_org

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PERSON_ONLY = ["id_type", "id_number"]
ORGANIZATION_ONLY = ["organization_kind", "credit_code", "legal_representative", "contact_name"]

# Every visible field block: its label text, whether its * is shown, whether it is required.
FIELD_MARKS = """() => [...document.querySelectorAll('form.apply-form .form-field')]
  .filter(f => f.checkVisibility())
  .map(f => {
    const label = f.querySelector('legend, label');
    const mark = f.querySelector('.required-mark');
    const inputs = [...f.querySelectorAll('input, select, textarea')];
    return {
      label: label.firstChild.textContent.trim(),
      starred: !!mark && mark.checkVisibility(),
      required: inputs.some(i => i.required),
    };
  })"""


@pytest.fixture(autouse=True)
def _no_bot_timer(monkeypatch):
    # The form refuses submissions faster than a person types; the browser is not a person.
    monkeypatch.setattr(antibot, "MIN_SECONDS", 0)


@pytest.fixture
def agency():
    return make_org(name="聊城市测试局", is_portal_main=True, kind="department")


def shown(page, name: str) -> bool:
    return page.locator(f'form.apply-form [name="{name}"]').first.is_visible()


def test_each_applicant_type_sees_only_its_own_fields(live_server, page, agency):
    page.goto(f"{live_server.url}/ysqgk/apply/")
    assert all(shown(page, n) for n in PERSON_ONLY)
    assert not any(shown(page, n) for n in ORGANIZATION_ONLY)

    page.get_by_label("法人或其他组织", exact=True).check()
    assert all(shown(page, n) for n in ORGANIZATION_ONLY)
    assert not any(shown(page, n) for n in PERSON_ONLY)
    # Hidden fields are out of the tab order and not sent.
    assert page.locator('[name="id_number"]').is_disabled()

    page.get_by_label("自然人", exact=True).check()
    assert all(shown(page, n) for n in PERSON_ONLY)
    assert not any(shown(page, n) for n in ORGANIZATION_ONLY)


def test_every_required_field_shows_a_star_and_no_optional_one_does(live_server, page, agency):
    page.goto(f"{live_server.url}/ysqgk/apply/")
    for applicant_type in ("自然人", "法人或其他组织"):
        page.get_by_label(applicant_type, exact=True).check()
        fields = page.evaluate(FIELD_MARKS)
        assert len(fields) > 10
        for field in fields:
            assert field["starred"] == field["required"], field
        starred = {f["label"] for f in fields if f["starred"]}
        assert {"申请公开的机关", "申请人姓名或名称", "联系电话", "申请公开的政府信息"} <= starred
        assert {"获取信息的形式", "获取信息的方式"} <= starred


def test_choosing_post_marks_the_postal_address_required(live_server, page, agency):
    page.goto(f"{live_server.url}/ysqgk/apply/")
    address = page.locator('[name="postal_address"]')
    assert not address.evaluate("el => el.required")
    page.get_by_label("邮寄", exact=True).check()
    assert address.evaluate("el => el.required")
    marks = {f["label"]: f["starred"] for f in page.evaluate(FIELD_MARKS)}
    assert marks["通信地址"] and not marks["电子邮箱"]


def test_no_choice_is_a_row_of_dashes(live_server, page, agency):
    page.goto(f"{live_server.url}/ysqgk/apply/")
    page.get_by_label("法人或其他组织", exact=True).check()
    texts = page.locator("form.apply-form option, form.apply-form label").all_inner_texts()
    assert texts and not any("---" in t for t in texts)
    assert page.locator('form.apply-form input[type="radio"][value=""]').count() == 0


@pytest.mark.parametrize("applicant_type", ["自然人", "法人或其他组织"])
def test_the_form_fits_a_360_px_screen(live_server, mobile_page, agency, applicant_type):
    page = mobile_page
    page.goto(f"{live_server.url}/ysqgk/apply/")
    page.get_by_label(applicant_type, exact=True).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('.apply-form :is(input, select, textarea, button)')]
            .filter(e => e.checkVisibility() && e.getBoundingClientRect().right > 360)
            .map(e => e.name || e.textContent)"""
    )
    assert too_wide == []


def test_the_submit_button_is_reached_by_tab_through_the_fields_in_order(live_server, page, agency):
    page.goto(f"{live_server.url}/ysqgk/apply/")
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        active = page.evaluate(
            "(() => { const e = document.activeElement; return [e.tagName, e.name || '',"
            " getComputedStyle(e).outlineStyle]; })()"
        )
        if active[0] == "BUTTON" and "apply-form" in page.evaluate(
            "document.activeElement.form ? document.activeElement.form.className : ''"
        ):
            break
        if active[1]:
            reached.append(active[1])
            assert active[2] != "none", f"{active[1]} has no visible focus"
    else:
        raise AssertionError("Tab never reached the submit button")
    expected = [
        "organization",
        "applicant_type",
        "name",
        "id_type",
        "id_number",
        "phone",
        "email",
        "postal_address",
        "postal_code",
        "description",
        "purpose",
        "form",
        "delivery",
        "supporting_file",
        "consent",
    ]
    assert [name for name in reached if name in expected] == expected
    assert "website" not in reached  # the honeypot is not in the tab order


def test_a_failed_submit_keeps_what_was_typed_and_shows_one_error_per_field(
    live_server, page, agency
):
    page.goto(f"{live_server.url}/ysqgk/apply/")
    page.locator('select[name="organization"]').select_option(label=agency.name)
    page.locator('input[name="name"]').fill("李四")
    page.locator('input[name="id_number"]').fill("371502198001011230")  # wrong check char
    page.locator('input[name="phone"]').fill("12345")
    page.locator('input[name="email"]').fill("lisi@")
    page.locator('textarea[name="description"]').fill("2025年本市城区老旧小区改造项目清单")
    page.locator('textarea[name="purpose"]').fill("核对补偿标准")
    page.get_by_label("电子邮件", exact=True).check()
    page.get_by_role("button", name="提交申请").click()

    summary = page.locator("#form-errors")
    summary.wait_for()
    assert summary.evaluate("el => el === document.activeElement")
    # Each field shows its own error only, once; the summary lists each error once.
    errors = {
        name: page.locator(f"#id_{name}_error li").all_inner_texts()
        for name in ("id_number", "phone", "email", "form", "consent")
    }
    assert all(len(messages) == 1 for messages in errors.values()), errors
    assert "校验位" in errors["id_number"][0]
    assert "电子邮箱地址" in errors["email"][0]
    assert page.locator(".errorlist li").count() == len(errors)
    assert summary.locator("li").count() == len(errors)
    # What was typed is kept.
    assert page.locator('input[name="name"]').input_value() == "李四"
    assert page.locator('input[name="phone"]').input_value() == "12345"
    assert page.locator('input[name="email"]').input_value() == "lisi@"
    assert page.locator('textarea[name="purpose"]').input_value() == "核对补偿标准"
    assert page.get_by_label("电子邮件", exact=True).is_checked()
    # A link of the summary takes the keyboard to its field.
    summary.get_by_role("link", name="联系电话").click()
    assert page.locator('input[name="phone"]').evaluate("el => el === document.activeElement")
