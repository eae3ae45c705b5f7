"""Letters issued by workflow steps: numbered, editable, stored as PDF, downloaded safely."""

from __future__ import annotations

import re
from datetime import date as D
from io import BytesIO

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from requests_app import notices, steps
from requests_app.letters import LetterKind
from requests_app.models import InformationRequest, RequestAttachment
from requests_app.outcomes import Outcome
from requests_app.steps import WorkflowError
from tests.conftest import make_org, make_staff
from tests.requests_app.builders import make_request


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def flat(text: str) -> str:
    """pypdf puts NULs between the glyphs of a CID font; whitespace does not matter."""
    return re.sub(r"[\s\x00]+", "", text)


def pdf_text(attachment: RequestAttachment) -> str:
    notices.ensure_pdf(attachment)
    with attachment.file.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return flat("".join(page.extract_text() for page in reader.pages))


def letters(req, kind=None) -> list[RequestAttachment]:
    qs = req.attachments.filter(kind=RequestAttachment.Kind.LETTER).order_by("pk")
    if kind:
        qs = qs.filter(letter_kind=kind)
    return list(qs)


def replied(org, staff, received_on=D(2025, 9, 26), on=D(2025, 10, 9), **reply):
    req = make_request(org, staff, received_on)
    return steps.reply(req, by=staff, outcome=Outcome.DISCLOSED, on=on, **reply)


def test_reply_letters_are_numbered_per_agency_and_year(agency, staff):
    agency.short_name = "测发改"
    agency.save()
    first = replied(agency, staff)
    second = replied(agency, staff)
    other_org = make_org(short_name="测财")
    elsewhere = replied(other_org, make_staff(other_org))
    next_year = replied(agency, staff, received_on=D(2025, 12, 29), on=D(2026, 1, 5))

    numbers = [
        letters(r, LetterKind.REPLY)[0].number for r in (first, second, elsewhere, next_year)
    ]
    assert numbers == [
        "测发改信公复〔2025〕1号",
        "测发改信公复〔2025〕2号",
        "测财信公复〔2025〕1号",
        "测发改信公复〔2026〕1号",
    ]


def test_the_reply_letter_states_the_remedies_and_is_a_pdf_the_applicant_sees(agency, staff):
    req = replied(agency, staff)
    (letter,) = letters(req)
    assert letter.letter_kind == LetterKind.REPLY and letter.visible_to_applicant
    assert letter.event.kind == "replied"
    text = pdf_text(letter)
    assert "政府信息公开申请答复告知书" in text
    assert "60日内" in text and "申请行政复议" in text
    assert "6个月内" in text and "提起行政诉讼" in text
    assert req.tracking_number in text
    assert letter in steps.applicant_letters(req)


def test_the_edited_text_is_what_the_pdf_contains(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    edited = (
        "张三丰：\n经检索，本机关向您提供修改后的答复内容。\n"
        "您对本答复不服的，可以依法申请行政复议或者提起行政诉讼。\n特此告知。"
    )
    req = steps.reply(
        req, by=staff, outcome=Outcome.DISCLOSED, on=D(2025, 10, 9), letter_body=edited
    )
    (letter,) = letters(req)
    assert letter.text == edited
    text = pdf_text(letter)
    assert "经检索，本机关向您提供修改后的答复内容。" in text
    assert "根据《中华人民共和国政府信息公开条例》第三十六条第二项" not in text
    assert letter.number in text


def test_a_reply_missing_a_fact_its_letter_needs_is_refused(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    with pytest.raises(WorkflowError, match="需另行制作的情形"):
        steps.reply(req, by=staff, outcome=Outcome.NEEDS_CREATION, on=D(2025, 10, 9))
    req.refresh_from_db()
    assert req.status == "registered" and not letters(req)


def test_online_and_postal_applications_get_a_receipt_and_in_person_ones_do_not(agency, staff):
    posted = make_request(
        agency, staff, D(2025, 9, 26), channel=InformationRequest.Channel.REGISTERED_MAIL
    )
    in_person = make_request(agency, staff, D(2025, 9, 26))
    (receipt,) = letters(posted)
    assert receipt.letter_kind == LetterKind.RECEIPT
    text = pdf_text(receipt)
    due = posted.due_on
    assert "2025年9月26日" in text and f"答复期限截至{due.year}年{due.month}月{due.day}日" in text
    assert not letters(in_person)


def test_each_notice_the_law_requires_comes_with_its_step(agency, staff, head):
    req = make_request(agency, staff, D(2025, 9, 26))
    req = steps.request_clarification(
        req, by=staff, items=["请说明所需文件的年份"], reply_by=D(2025, 10, 20), on=D(2025, 9, 29)
    )
    req = steps.receive_clarification(req, by=staff, on=D(2025, 10, 13))
    req = steps.consult_third_party(
        req, by=staff, party="某某有限公司", concern="涉及贵单位的商业秘密", on=D(2025, 10, 14)
    )
    req = steps.receive_third_party_opinion(req, by=staff, on=D(2025, 10, 20), opinion="同意")
    req = steps.extend(
        req, by=staff, approver=head, days=10, reason="需要协调多个部门", on=D(2025, 10, 21)
    )
    kinds = [a.letter_kind for a in letters(req)]
    assert kinds == [LetterKind.CLARIFICATION, LetterKind.THIRD_PARTY, LetterKind.EXTENSION]
    assert "请说明所需文件的年份" in pdf_text(letters(req, LetterKind.CLARIFICATION)[0])
    third_party = letters(req, LetterKind.THIRD_PARTY)[0]
    assert not third_party.visible_to_applicant
    assert third_party not in steps.applicant_letters(req)
    assert "张三丰" not in third_party.text and req.tracking_number not in third_party.text
    extension = letters(req, LetterKind.EXTENSION)[0].text
    assert "需要协调多个部门" in extension and "10个工作日" in extension


def test_a_fee_notice_comes_with_its_letter(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26), form=InformationRequest.Form.PAPER)
    steps.issue_fee_notice(req, by=staff, method="per_page", pages=200, on=D(2025, 9, 29))
    (fee,) = letters(req)
    assert fee.letter_kind == LetterKind.FEE
    assert "2,700.00元" in fee.text


def test_a_draft_shows_the_letter_and_keeps_nothing(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    draft = steps.draft_letter(
        lambda: steps.reply(req, by=staff, outcome=Outcome.DISCLOSED, on=D(2025, 10, 9))
    )
    assert draft.title == "政府信息公开申请答复告知书"
    assert "申请行政复议" in draft.body
    req.refresh_from_db()
    assert req.status == "registered" and not req.attachments.exists()
    req = steps.reply(req, by=staff, outcome=Outcome.DISCLOSED, on=D(2025, 10, 9))
    assert letters(req)[0].number.endswith("〔2025〕1号")  # the draft used no number


def test_request_files_have_no_public_url(agency, staff):
    (letter,) = letters(replied(agency, staff))
    with pytest.raises(ValueError):
        _ = letter.file.url


# -- downloads ----------------------------------------------------------------------------


def _track(client, req, verifier="13812345678"):
    client.post(
        reverse("requests_app:track"),
        {"tracking_number": req.tracking_number, "verifier": verifier},
    )


def test_the_applicant_downloads_the_reply_from_the_tracking_page(client, agency, staff):
    req = replied(agency, staff)
    (letter,) = letters(req)
    _track(client, req)
    page = client.get(reverse("requests_app:track-detail", args=[req.tracking_number]))
    url = reverse("requests_app:track-file", args=[req.tracking_number, letter.pk])
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")


def test_another_browser_cannot_download_the_letter(client, agency, staff):
    from django.test import Client

    req = replied(agency, staff)
    (letter,) = letters(req)
    url = reverse("requests_app:track-file", args=[req.tracking_number, letter.pk])
    assert Client().get(url).status_code == 404
    someone_else = Client()
    _track(someone_else, req, verifier="13800000000")  # wrong phone
    assert someone_else.get(url).status_code == 404


def test_the_applicant_cannot_download_the_third_party_letter(client, agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    steps.consult_third_party(req, by=staff, party="某某有限公司", on=D(2025, 9, 29))
    (letter,) = letters(req)
    _track(client, req)
    url = reverse("requests_app:track-file", args=[req.tracking_number, letter.pk])
    assert client.get(url).status_code == 404


# -- the admin: edit before sending, download ---------------------------------------------


def _step_url(req, step):
    return reverse("admin:requests_app_informationrequest_step", args=[req.pk, step])


def test_the_admin_shows_the_letter_for_editing_and_stores_what_staff_send(client, agency, staff):
    req = make_request(agency, staff, D(2025, 9, 26))
    client.force_login(staff)
    fields = {
        "on": "2025-10-09",
        "outcome": Outcome.DISCLOSED,
        "reply_type": "disclosed",
        "review_body": "测试市人民政府",
        "court": "测试市中级人民法院",
    }
    first = client.post(_step_url(req, "reply"), fields)
    assert first.status_code == 200
    form = first.context["form"]
    generated = form["letter_text"].value()
    assert "向测试市人民政府申请行政复议" in generated
    assert "向测试市中级人民法院提起行政诉讼" in generated
    assert 'name="stage" value="issue"' in first.content.decode()
    req.refresh_from_db()
    assert req.status == "registered"  # nothing issued yet

    edited = generated.replace("现答复如下：", "经认真检索，现答复如下：")
    second = client.post(
        _step_url(req, "reply"), {**fields, "stage": "issue", "letter_text": edited}
    )
    assert second.status_code == 302
    req.refresh_from_db()
    (letter,) = letters(req)
    assert req.status == "replied"
    assert letter.text == edited
    assert "经认真检索，现答复如下" in pdf_text(letter)

    download = client.get(
        reverse("admin:requests_app_informationrequest_file", args=[req.pk, letter.pk])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")


def test_staff_of_another_agency_cannot_download_a_letter(client, agency, staff, outsider):
    req = replied(agency, staff)
    (letter,) = letters(req)
    client.force_login(outsider)
    url = reverse("admin:requests_app_informationrequest_file", args=[req.pk, letter.pk])
    assert client.get(url).status_code in (403, 404)


def test_registering_an_online_application_in_the_admin_issues_the_receipt(client, agency, staff):
    req = steps.submit_online(
        agency,
        idempotency_key="k-admin-1",
        applicant_type="person",
        name="李四",
        id_type="resident_id",
        id_number="110105194912310011",
        phone="13912345678",
        description="2025年城区道路维修计划",
        form="electronic",
        delivery="download",
    )
    client.force_login(staff)
    today = timezone.localdate(req.created_at).isoformat()  # Beijing date, not UTC
    first = client.post(_step_url(req, "register"), {"on": today, "note": ""})
    text = first.context["form"]["letter_text"].value()
    assert "现予登记" in text and req.tracking_number in text
    second = client.post(
        _step_url(req, "register"), {"on": today, "stage": "issue", "letter_text": text}
    )
    assert second.status_code == 302
    (receipt,) = letters(req)
    assert receipt.letter_kind == LetterKind.RECEIPT and receipt.text == text


def test_the_letter_pdf_is_made_after_the_step_commits(
    agency, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        req = replied(agency, staff)
    (reply,) = letters(req)
    assert not reply.file  # nothing rendered inside the step's transaction
    for callback in callbacks:
        callback()
    reply.refresh_from_db()
    assert reply.file.name.endswith(".pdf")
    assert "政府信息公开申请答复告知书" in pdf_text(reply)


def test_rendering_a_letter_twice_keeps_one_file(agency, staff):
    (reply,) = letters(replied(agency, staff))
    first = notices.ensure_pdf(reply).file.name
    assert notices.ensure_pdf(RequestAttachment.objects.get(pk=reply.pk)).file.name == first


def test_the_receipt_of_a_5000_character_application_quotes_a_summary_on_two_pages(agency, staff):
    description = "请公开本机关2015年至2025年各年度城区道路改造项目的立项批复及其附件。" * 140
    assert len(description) >= 5000
    req = make_request(
        agency,
        staff,
        D(2025, 9, 26),
        channel=InformationRequest.Channel.ONLINE,
        description=description,
    )
    (receipt,) = letters(req)
    assert len(receipt.text) < 1200
    assert f"（申请内容较长，详见申请编号{req.tracking_number}的申请表）" in receipt.text
    notices.ensure_pdf(receipt)
    with receipt.file.open("rb") as handle:
        assert len(PdfReader(BytesIO(handle.read())).pages) <= 2


def test_a_reply_names_the_review_body_the_agency_entered(agency, staff):
    agency.review_body = "国家税务总局山东省税务局"
    agency.save()
    (reply,) = letters(replied(agency, staff), LetterKind.REPLY)
    assert "向国家税务总局山东省税务局申请行政复议" in reply.text
