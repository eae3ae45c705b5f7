"""The personal-data check before publication and over what is already public."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from config.web import pii
from config.web.validators import id_check_char
from disclosure.library.demo_samples import SAMPLES_DIR
from disclosure.library.models import Attachment, Document, DocumentEvent
from disclosure.publishing import steps as publishing
from tests.conftest import make_org
from tests.disclosure.builders import (
    builder_reviewer,
    make_document,
    publish_document,
    supervisor,
)
from tests.disclosure.interpretation_builders import make_interpretation

SAMPLES = SAMPLES_DIR


def resident_id(first17: str = "37010219900307123") -> str:
    return first17 + id_check_char(first17)


def luhn_card(first: str = "622202123456789012") -> str:
    """``first`` plus the Luhn check digit."""
    for digit in "0123456789":
        if pii.luhn_ok(first + digit):
            return first + digit
    raise AssertionError


def wrong_check(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def kinds(text: str) -> list[str]:
    return [f.kind for f in pii.scan_text(text, "正文")]


# -- the scanner ------------------------------------------------------------------------


def test_a_resident_id_with_a_valid_check_character_is_found():
    assert kinds(f"申请人身份证号码{resident_id()}，住址略。") == [pii.KIND_ID]


def test_a_resident_id_ending_in_x_written_full_width_is_found():
    first17 = next(
        f"3701021990030712{d}" for d in "0123456789" if id_check_char(f"3701021990030712{d}") == "X"
    )
    full_width = (first17 + "Ｘ").translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert kinds(f"身份证：{full_width}") == [pii.KIND_ID]


def test_a_resident_id_with_a_wrong_check_character_is_not_found():
    assert kinds(f"编号{wrong_check(resident_id())}") == []


def test_mobile_numbers_are_found_plain_full_width_and_grouped():
    text = "联系电话13812345678，或１３９１２３４５６７８，或 137 1234 5678、150-1234-5678。"
    assert kinds(text) == [pii.KIND_MOBILE] * 4


def test_a_mobile_number_inside_a_longer_run_of_digits_is_not_found():
    assert kinds("订单号 2013812345678901 和 0635-13812345678X") == []


def test_a_bank_card_passing_luhn_is_found_plain_and_in_groups_of_four():
    card = luhn_card()
    grouped = " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    assert kinds(f"收款账号{card}；另一账号 {grouped}。") == [pii.KIND_BANK_CARD] * 2


def test_a_bank_card_failing_luhn_is_not_found():
    assert kinds(f"账号{wrong_check(luhn_card())}") == []


def test_a_valid_resident_id_is_reported_once_and_not_also_as_a_card():
    candidates = (resident_id(f"370102199003071{n:02d}") for n in range(100))
    number = next(n for n in candidates if pii.luhn_ok(n))
    assert kinds(number) == [pii.KIND_ID]


def test_government_numbers_are_not_personal_data():
    text = (
        "索引号：11370682004276012B/2020-20291 文号：莱政办字〔2020〕34号 "
        "统一社会信用代码 113715000042817281 成文日期：2020-08-07 "
        "咨询电话：0635-8241234，0535-7212345 转 8012；邮编 252000；"
        "项目总投资 1234567890123.50 元；年份 2020 2021 2022 2023 2024；"
        "文号 聊政办发〔2025〕12号；日期 20200807。"
    )
    assert pii.scan_text(text, "正文") == []


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_the_real_published_samples_contain_no_findings(sample):
    assert pii.scan_text(sample.read_text(encoding="utf-8"), "正文") == []


def test_findings_are_masked_and_never_carry_the_full_number():
    number, card = resident_id(), luhn_card()
    findings = pii.scan_text(f"身份证{number}，电话13812345678，卡号{card}", "正文")
    assert [f.masked for f in findings] == [
        number[:4] + "*" * 10 + number[-4:],
        "138****5678",
        card[:4] + "*" * (len(card) - 8) + card[-4:],
    ]
    for finding in findings:
        shown = str(finding) + repr(finding)
        for full in (number, card, "13812345678"):
            assert full not in shown


# -- publishing -------------------------------------------------------------------------


def _review(document: Document, user) -> Document:
    publishing.submit_for_review(document, by=user)
    return document


@pytest.mark.django_db
def test_publishing_a_document_with_a_mobile_number_is_refused_with_the_masked_finding():
    user, reviewer = supervisor(), builder_reviewer()
    document = _review(make_document(body="<p>联系人：张三，13812345678。</p>"), user)
    with pytest.raises(ValidationError) as refused:
        publishing.publish(document, by=reviewer)
    message = " ".join(refused.value.messages)
    assert "138****5678" in message and "13812345678" not in message
    document.refresh_from_db()
    assert document.status == Document.Status.REVIEW


@pytest.mark.django_db
def test_a_confirmed_finding_no_longer_blocks_and_the_reason_is_logged():
    user, reviewer = supervisor(), builder_reviewer()
    document = _review(make_document(summary="服务热线13812345678"), user)
    publishing.confirm_personal_data(document, by=reviewer, note="该号码为单位公开服务热线。")
    publishing.publish(document, by=reviewer)
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED
    assert document.pii_confirmed_by == reviewer
    event = document.events.get(action=DocumentEvent.Action.PII_CONFIRMED)
    assert "公开服务热线" in event.note and "138****5678" in event.note
    assert "13812345678" not in event.note


@pytest.mark.django_db
def test_a_number_added_after_the_confirmation_blocks_again():
    user, reviewer = supervisor(), builder_reviewer()
    document = _review(make_document(summary="服务热线13812345678"), user)
    publishing.confirm_personal_data(document, by=reviewer, note="公开服务热线。")
    document.refresh_from_db()
    document.body = f"<p>申请人身份证号码{resident_id()}</p>"
    document.save()
    with pytest.raises(ValidationError, match="居民身份证号码"):
        publishing.publish(document, by=reviewer)


@pytest.mark.django_db
def test_confirming_needs_a_reason():
    document = make_document(summary="13812345678")
    with pytest.raises(ValidationError):
        publishing.confirm_personal_data(document, by=supervisor(), note=" ")


@pytest.mark.django_db
def test_a_number_in_a_docx_attachment_blocks_publication(settings, tmp_path):
    import docx

    settings.MEDIA_ROOT = tmp_path
    user, reviewer = supervisor(), builder_reviewer()
    document = make_document()
    buffer = io.BytesIO()
    word = docx.Document()
    word.add_paragraph(f"附件：补贴发放名单 李四 {luhn_card()}")
    word.save(buffer)
    attachment = Attachment(
        document=document, file=SimpleUploadedFile("名单.docx", buffer.getvalue())
    )
    attachment.full_clean()
    attachment.save()
    _review(document, user)
    with pytest.raises(ValidationError, match=r"附件「名单\.docx」：银行卡号"):
        publishing.publish(document, by=reviewer)


@pytest.mark.django_db
def test_publishing_an_interpretation_with_an_id_number_is_refused():
    user, reviewer = supervisor(), builder_reviewer()
    interpretation = make_interpretation(body=f"<p>咨询人身份证{resident_id()}</p>")
    publishing.submit_for_review(interpretation, by=user)
    with pytest.raises(ValidationError, match=r"3701\*{10}"):
        publishing.publish(interpretation, by=reviewer)
    publishing.confirm_personal_data(interpretation, by=reviewer, note="已征得本人同意。")
    publishing.publish(interpretation, by=reviewer)


@pytest.mark.django_db
def test_the_admin_change_page_shows_the_masked_findings(client):
    user = supervisor()
    document = make_document(body="<p>联系人13812345678</p>")
    client.force_login(user)
    page = client.get(f"/admin/library/document/{document.pk}/change/").content.decode()
    # The editor shows the body as typed; the check shows the finding masked.
    assert "正文：手机号码 138****5678" in page
    assert "未核实，发布前须删除或核实" in page


@pytest.mark.django_db
def test_the_admin_confirm_action_lists_the_findings_and_needs_a_reason(client):
    user = supervisor()
    document = make_document(summary="服务热线13812345678")
    client.force_login(user)
    url = "/admin/library/document/"
    chosen = {"action": "confirm_personal_data_action", "_selected_action": [document.pk]}
    form = client.post(url, chosen).content.decode()
    assert "内容概述：手机号码 138****5678" in form and "可以公开的理由（必填）" in form
    client.post(url, {**chosen, "confirm": "1", "reason": "单位公开服务热线。"})
    document.refresh_from_db()
    assert document.pii_confirmed_by == user and document.pii_confirmed_digests


# -- the scan of what is already public -------------------------------------------------


def _published_with_number(org, text: str) -> Document:
    """A public document whose body got a number after publication (e.g. by an old import)."""
    document = publish_document(make_document(org))
    Document.objects.filter(pk=document.pk).update(body=text)
    return document


@pytest.mark.django_db
def test_the_scan_reports_published_findings_masked_and_exits_non_zero():
    org = make_org()
    document = _published_with_number(org, "<p>联系人13812345678</p>")
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("scan_published_pii", stdout=out)
    assert failed.value.returncode == 1
    report = out.getvalue()
    assert org.name in report and document.index_number in report
    assert document.get_absolute_url() in report
    assert "138****5678" in report and "13812345678" not in report


@pytest.mark.django_db
def test_the_scan_passes_when_nothing_is_found_or_findings_were_confirmed():
    org = make_org()
    document = _published_with_number(org, "<p>服务热线13812345678</p>")
    publishing.confirm_personal_data(document, by=supervisor(), note="公开服务热线。")
    out = io.StringIO()
    call_command("scan_published_pii", "--organization", org.slug, stdout=out)
    assert "已检查 1 件，发现 0 件" in out.getvalue()


@pytest.mark.django_db
def test_the_scan_is_limited_to_one_agency():
    _published_with_number(make_org(), "<p>13812345678</p>")
    other = make_org()
    publish_document(make_document(other))
    out = io.StringIO()
    call_command("scan_published_pii", "--organization", other.slug, stdout=out)
    assert "已检查 1 件，发现 0 件" in out.getvalue()


@pytest.mark.django_db
def test_the_scan_query_count_does_not_grow_with_the_documents():
    org = make_org()
    for _ in range(3):
        publish_document(make_document(org))

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            call_command("scan_published_pii", stdout=io.StringIO())
        return len(captured)

    few = queries()
    for _ in range(3):
        publish_document(make_document(org))
    assert queries() == few
