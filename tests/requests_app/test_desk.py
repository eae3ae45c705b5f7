"""The clerk's desk: the staff request page, its step forms, the reply with its material,
and the applicant's download of that material from the tracking page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.web.pdf import letter_pdf
from requests_app import notifications, steps
from requests_app.models import RequestAttachment, RequestEvent, StaffAccessLog, Status
from requests_app.outcomes import Outcome
from tests.conftest import make_staff
from tests.disclosure.files import pdf_bytes
from tests.requests_app.builders import make_request
from tests.security.builders import file_online

D = datetime.date
pytestmark = pytest.mark.django_db


def _page(client, req):
    return client.get(reverse("requests_app:staff-request", args=[req.tracking_number]))


def _step(client, req, slug, data):
    return client.post(reverse("requests_app:staff-step", args=[req.tracking_number, slug]), data)


def _pdf(name: str, author: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(author=author), content_type="application/pdf")


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    # Several tests file online from the same test client address.
    cache.clear()


@pytest.fixture
def registered(agency, staff):
    today = timezone.localdate()
    return make_request(agency, staff, today - datetime.timedelta(days=1))


def _reply_data(**extra) -> dict:
    return {
        "on": timezone.localdate().isoformat(),
        "review_body": "测试市人民政府",
        "court": "测试市人民法院",
        "issue": "1",
        **extra,
    }


# -- the page ------------------------------------------------------------------------------


def test_the_staff_page_shows_the_clarification_text_the_applicant_sent_online(
    client, agency, staff
):
    applicant = Client()
    req = file_online(applicant, agency)
    req = steps.register(req, by=staff, received_on=timezone.localdate())
    steps.request_clarification(
        req,
        by=staff,
        items=["请写明文件的文号"],
        reply_by=timezone.localdate() + datetime.timedelta(days=10),
    )
    applicant.post(
        reverse("requests_app:track-detail", args=[req.tracking_number]),
        {"text": "所需文件为测发改〔2025〕12号"},
    )
    client.force_login(staff)
    text = _page(client, req).content.decode()
    assert "所需文件为测发改〔2025〕12号" in text
    assert "申请人网上提交" in text


def test_opening_the_staff_page_is_logged_as_a_view_of_the_full_record(client, registered, staff):
    client.force_login(staff)
    _page(client, registered)
    assert StaffAccessLog.objects.filter(request=registered, user=staff, where="办理页面").exists()


def test_staff_of_another_agency_cannot_open_the_staff_page(client, registered, outsider):
    client.force_login(outsider)
    assert _page(client, registered).status_code == 403


def test_the_supervisor_opens_the_staff_page_of_any_agency(client, registered, supervisor):
    client.force_login(supervisor)
    assert _page(client, registered).status_code == 200


def test_a_pending_application_offers_only_registration(client, agency, staff):
    req = file_online(Client(), agency)
    client.force_login(staff)
    text = _page(client, req).content.decode()
    assert "<summary>登记</summary>" in text
    assert "<summary>答复</summary>" not in text


def test_a_step_not_allowed_now_is_refused(client, agency, staff):
    req = file_online(Client(), agency)
    client.force_login(staff)
    assert _step(client, req, "reply", _reply_data(reply_type="not_exist")).status_code == 404


def test_every_dashboard_row_leads_to_the_staff_page(client, registered, staff):
    client.force_login(staff)
    text = client.get(reverse("requests_app:staff-dashboard")).content.decode()
    assert reverse("requests_app:staff-request", args=[registered.tracking_number]) in text
    assert reverse("requests_app:staff-letters") in text


def test_the_handler_list_shows_names_not_logins(client, registered, agency, staff):
    clerk = make_staff(agency, username="wangwu")
    clerk.first_name = "王五"
    clerk.save()
    client.force_login(staff)
    text = _page(client, registered).content.decode()
    assert ">王五<" in text
    assert ">wangwu<" not in text


def test_registering_from_the_staff_page_issues_the_receipt_and_returns_to_the_page(
    client, agency, staff
):
    req = file_online(Client(), agency)
    client.force_login(staff)
    response = _step(
        client, req, "register", {"on": timezone.localdate().isoformat(), "issue": "1"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已登记。" in page
    assert "登记回执" in page


def test_the_preview_shows_the_letter_text_and_issues_nothing(client, agency, staff):
    req = file_online(Client(), agency)
    client.force_login(staff)
    response = _step(
        client, req, "register", {"on": timezone.localdate().isoformat(), "preview": "1"}
    )
    assert "现予登记" in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.PENDING


# -- the reply and its material --------------------------------------------------------------


def test_a_partial_reply_takes_two_files_and_a_published_link(client, registered, staff):
    client.force_login(staff)
    response = _step(
        client,
        registered,
        "reply",
        _reply_data(
            reply_type="partial",
            part_1="第三页所列个人联系方式",
            part_ground_1="third_party",
            part_reason_1="属于第三方个人信息",
            file_title_1="收费项目清单",
            file_1=_pdf("清单.pdf"),
            file_title_2="收费标准说明",
            file_2=_pdf("说明.pdf"),
            link_title_1="测试市行政事业性收费目录",
            link_index_1="11370000-2025-00012",
            link_url_1="/zcwjk/12/",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    registered.refresh_from_db()
    assert registered.outcome == Outcome.PARTIAL
    titles = [a.title for a in steps.reply_material(registered)]
    assert titles == ["收费项目清单", "收费标准说明"]
    letter = registered.attachments.get(letter_kind="reply")
    assert "附件：" in letter.text
    assert "收费项目清单" in letter.text and "收费标准说明" in letter.text
    assert "测试市行政事业性收费目录" in letter.text
    assert "11370000-2025-00012" in letter.text


def test_the_hidden_author_of_a_reply_file_is_removed(registered, staff):
    steps.reply(
        registered,
        by=staff,
        outcome=Outcome.DISCLOSED,
        files=[steps.ReplyFile("清单", _pdf("清单.pdf", author="张三"))],
    )
    stored = steps.reply_material(registered)[0].file.open("rb").read()
    assert "张三".encode("utf-16-be") not in stored and b"/Author" not in stored


def test_a_reply_file_that_is_no_document_is_refused_in_chinese(client, registered, staff):
    client.force_login(staff)
    response = _step(
        client,
        registered,
        "reply",
        _reply_data(
            reply_type="disclosed",
            file_title_1="清单",
            file_1=SimpleUploadedFile("清单.pdf", b"MZ\x90\x00 not a pdf"),
        ),
    )
    assert response.status_code == 400
    assert "不支持的附件类型" in response.content.decode()
    registered.refresh_from_db()
    assert registered.status == Status.REGISTERED


def test_a_file_without_a_title_is_refused(client, registered, staff):
    client.force_login(staff)
    response = _step(
        client, registered, "reply", _reply_data(reply_type="disclosed", file_1=_pdf("a.pdf"))
    )
    assert "请填写材料名称。" in response.content.decode()


def test_the_applicant_downloads_the_reply_files_and_each_download_is_logged(agency, staff):
    applicant = Client()
    req = file_online(applicant, agency)
    req = steps.register(req, by=staff, received_on=timezone.localdate())
    steps.reply(
        req,
        by=staff,
        outcome=Outcome.DISCLOSED,
        files=[steps.ReplyFile("收费项目清单", _pdf("清单.pdf"))],
    )
    page = applicant.get(reverse("requests_app:track-detail", args=[req.tracking_number]))
    assert "收费项目清单" in page.content.decode()
    material = steps.reply_material(req)[0]
    response = applicant.get(
        reverse("requests_app:track-file", args=[req.tracking_number, material.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    logged = req.events.filter(kind=RequestEvent.Kind.NOTE, visible_to_applicant=False)
    assert logged.filter(note="申请人在查询页面下载：收费项目清单").exists()


def test_another_browser_cannot_download_the_reply_files(agency, staff):
    req = file_online(Client(), agency)
    req = steps.register(req, by=staff, received_on=timezone.localdate())
    steps.reply(
        req, by=staff, outcome=Outcome.DISCLOSED, files=[steps.ReplyFile("清单", _pdf("a.pdf"))]
    )
    material = steps.reply_material(req)[0]
    response = Client().get(
        reverse("requests_app:track-file", args=[req.tracking_number, material.pk])
    )
    assert response.status_code == 404


def test_the_tracking_page_links_the_published_document(agency, staff):
    applicant = Client()
    req = file_online(applicant, agency)
    req = steps.register(req, by=staff, received_on=timezone.localdate())
    steps.reply(
        req,
        by=staff,
        outcome=Outcome.DISCLOSED,
        reply_type="already_public",
        links=[steps.PublishedLink("收费目录", "/zcwjk/12/", "11370000-2025-00012")],
    )
    text = applicant.get(
        reverse("requests_app:track-detail", args=[req.tracking_number])
    ).content.decode()
    assert '<a href="/zcwjk/12/">收费目录</a>' in text


def test_a_link_that_is_no_web_address_is_refused(registered, staff):
    with pytest.raises(steps.WorkflowError, match="网址应以"):
        steps.reply(
            registered,
            by=staff,
            outcome=Outcome.DISCLOSED,
            reply_type="already_public",
            links=[steps.PublishedLink("收费目录", "javascript:alert(1)")],
        )


def test_delivery_by_post_records_what_was_sent(registered, staff):
    req = steps.reply(
        registered,
        by=staff,
        outcome=Outcome.DISCLOSED,
        files=[steps.ReplyFile("收费项目清单", _pdf("a.pdf"))],
    )
    steps.deliver(req, by=staff, method="post")
    sent = req.events.get(kind=RequestEvent.Kind.DELIVERED).data["sent"]
    assert "收费项目清单" in sent
    assert any(title.startswith("政府信息公开申请答复告知书") for title in sent)


# -- the reply form by type -----------------------------------------------------------------


def test_the_reply_form_marks_each_fieldset_with_the_reply_types_needing_it(
    client, registered, staff
):
    client.force_login(staff)
    text = _page(client, registered).content.decode()
    assert 'data-reply-types="withheld"' in text
    assert 'data-reply-types="partial"' in text
    assert "js/staff-desk.js" in text


def test_a_withholding_ground_is_chosen_by_its_chinese_label(client, registered, staff):
    client.force_login(staff)
    text = _page(client, registered).content.decode()
    assert '<option value="third_party">保护第三方合法权益</option>' in text
    response = _step(
        client,
        registered,
        "reply",
        _reply_data(
            reply_type="withheld", withhold_ground="third_party", withhold_reason="涉及商业秘密"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    registered.refresh_from_db()
    assert registered.outcome == Outcome.THIRD_PARTY_RIGHTS


def test_a_withheld_reply_without_a_ground_is_refused_in_chinese(client, registered, staff):
    client.force_login(staff)
    response = _step(client, registered, "reply", _reply_data(reply_type="withheld"))
    text = response.content.decode()
    assert "请选择不予公开的依据。" in text
    assert "请填写不予公开的理由。" in text


def test_a_partial_reply_without_withheld_parts_is_refused(client, registered, staff):
    client.force_login(staff)
    response = _step(client, registered, "reply", _reply_data(reply_type="partial"))
    assert "应逐项说明不予公开的内容、依据和理由" in response.content.decode()


def test_a_repeated_request_reply_takes_the_date_of_the_earlier_reply(client, agency, staff):
    earlier = make_request(agency, staff, D(2025, 9, 1), id_number="110105194912310011")
    steps.reply(earlier, by=staff, outcome=Outcome.DISCLOSED, on=D(2025, 9, 10))
    req = make_request(
        agency,
        staff,
        timezone.localdate() - datetime.timedelta(days=1),
        id_number="110105194912310011",
    )
    client.force_login(staff)
    page = _page(client, req).content.decode()
    assert f"{earlier.tracking_number}（2025-09-10答复" in page
    response = _step(
        client, req, "reply", _reply_data(reply_type="repeated", previous_request=earlier.pk)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    letter = req.attachments.get(letter_kind="reply")
    assert "2025年9月10日" in letter.text


def test_a_repeated_request_reply_without_the_earlier_request_is_refused(client, registered, staff):
    client.force_login(staff)
    response = _step(client, registered, "reply", _reply_data(reply_type="repeated"))
    assert "请选择原申请，或填写原答复日期。" in response.content.decode()


# -- letters ----------------------------------------------------------------------------------


def test_agency_staff_see_the_letters_their_agency_issued_and_no_others(
    client, agency, staff, outsider
):
    req = make_request(agency, staff, timezone.localdate(), channel="letter")
    letter = req.attachments.get(kind=RequestAttachment.Kind.LETTER)
    client.force_login(staff)
    assert letter.number in client.get(reverse("requests_app:staff-letters")).content.decode()
    client.force_login(outsider)
    assert letter.number not in client.get(reverse("requests_app:staff-letters")).content.decode()


def test_a_letter_downloads_as_pdf_and_prints_from_the_staff_page(client, agency, staff):
    req = make_request(agency, staff, timezone.localdate(), channel="letter")
    letter = req.attachments.get(kind=RequestAttachment.Kind.LETTER)
    client.force_login(staff)
    pdf = client.get(reverse("requests_app:staff-file", args=[req.tracking_number, letter.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    printed = client.get(
        reverse("requests_app:staff-letter-print", args=[req.tracking_number, letter.pk])
    ).content.decode()
    assert letter.number in printed
    assert "data-print" in printed


def test_the_printed_letter_is_signed_by_the_agency_with_a_place_for_its_seal(
    client, agency, staff
):
    req = make_request(agency, staff, D(2025, 9, 26), channel="letter")
    letter = req.attachments.get(kind=RequestAttachment.Kind.LETTER)
    client.force_login(staff)
    printed = client.get(
        reverse("requests_app:staff-letter-print", args=[req.tracking_number, letter.pk])
    ).content.decode()
    signature = re.search(r'<div class="letter-signature">(.*?)</div>', printed, re.S)
    assert signature is not None
    assert '<span class="letter-seal"' in signature.group(1)
    assert "（印章）" in signature.group(1)
    assert f"<p>{agency.name}</p>" in signature.group(1)
    assert "<p>2025年9月26日</p>" in signature.group(1)


def test_the_handler_reminder_links_each_request_to_its_staff_page(agency, staff, mailoutbox):
    staff.email = "clerk@example.com"
    req = make_request(agency, staff, timezone.localdate())
    notifications.remind_handler(staff, [(req, 3)])
    assert f"/ysqgk/staff/{req.tracking_number}/" in mailoutbox[0].body


# -- personal data in reply files ------------------------------------------------------------


def _pdf_with_text(text: str) -> SimpleUploadedFile:
    data = letter_pdf("名单", text, agency="测试局", number="", date=D(2025, 6, 1))
    return SimpleUploadedFile("名单.pdf", data, content_type="application/pdf")


THIRD_PARTY_ID = "11010519491231002X"


def test_a_reply_file_with_an_id_number_is_refused_until_staff_confirm_it(registered, staff):
    with pytest.raises(steps.WorkflowError, match="答复材料含有个人信息") as refused:
        steps.reply(
            registered,
            by=staff,
            outcome=Outcome.DISCLOSED,
            files=[steps.ReplyFile("补贴名单", _pdf_with_text(f"张三 {THIRD_PARTY_ID}"))],
        )
    assert THIRD_PARTY_ID not in str(refused.value)
    assert "1101**********002X" in str(refused.value)
    registered.refresh_from_db()
    assert registered.status == Status.REGISTERED


def test_a_confirmed_reply_file_is_sent_and_the_log_keeps_only_the_masked_number(registered, staff):
    steps.reply(
        registered,
        by=staff,
        outcome=Outcome.DISCLOSED,
        files=[steps.ReplyFile("补贴名单", _pdf_with_text(f"张三 {THIRD_PARTY_ID}"))],
        personal_data_checked=True,
    )
    event = registered.events.get(kind=RequestEvent.Kind.REPLIED)
    logged = str(event.data["personal_data_checked"])
    assert "1101**********002X" in logged and THIRD_PARTY_ID not in logged


def test_the_reply_form_shows_the_findings_and_the_confirmation_box(client, registered, staff):
    client.force_login(staff)
    response = _step(
        client,
        registered,
        "reply",
        _reply_data(
            reply_type="disclosed",
            file_title_1="补贴名单",
            file_1=_pdf_with_text(f"李四 {THIRD_PARTY_ID}"),
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "1101**********002X" in page and "已核对答复材料中的个人信息" in page
