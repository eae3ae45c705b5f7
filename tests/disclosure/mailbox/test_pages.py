"""The public pages (/hdjl/): the letter form and its protections, tracking and rating,
the published letters, figures, XLSX and feed without any personal data of writers; 404s;
and the staff pages' permission refusals and step screens."""

import datetime
import time
from io import BytesIO

import pytest
from django.core import signing
from django.urls import reverse
from openpyxl import load_workbook

from config.web import antibot
from disclosure.mailbox import workflow
from disclosure.mailbox.models import Letter, Rating
from tests.conftest import make_staff
from tests.disclosure.mailbox.builders import WRITER, make_letter

pytestmark = pytest.mark.django_db


def token(key="k-1", seconds_ago=30):
    return signing.dumps({"t": time.time() - seconds_ago, "k": key}, salt=antibot.SALT)


def letter_data(org, **overrides):
    data = {
        "form_token": token(),
        "website": "",
        "addressed_to": org.pk,
        "kind": "consult",
        "title": "小区供暖温度不达标",
        "body": "今年冬天小区供暖温度不达标，请有关部门督促供热公司整改。",
        "name": WRITER["name"],
        "phone": WRITER["phone"],
        "email": WRITER["email"],
        "may_publish": "on",
    }
    data.update(overrides)
    return data


def _published(org, clerk):
    letter = make_letter(org, may_publish=True)
    workflow.accept(letter, by=clerk)
    workflow.answer(letter, by=clerk, reply="已督促供热公司于三日内整改。")
    workflow.publish(letter, by=clerk)
    letter.refresh_from_db()
    return letter


# -- the letter form --------------------------------------------------------------------


def test_writing_a_letter_shows_the_code_and_what_happens_next(client, org):
    response = client.post(reverse("disclosure:mailbox-write"), letter_data(org), follow=True)
    letter = Letter.objects.get()
    text = response.content.decode()
    assert letter.code in text and "个工作日" in text
    assert letter.may_publish and letter.phone == WRITER["phone"]


def test_the_honeypot_refuses_a_bot(client, org):
    response = client.post(reverse("disclosure:mailbox-write"), letter_data(org, website="x"))
    assert response.status_code == 200 and not Letter.objects.exists()
    assert "提交未通过校验" in response.content.decode()


def test_a_form_sent_too_fast_is_refused(client, org):
    data = letter_data(org, form_token=token(seconds_ago=0))
    response = client.post(reverse("disclosure:mailbox-write"), data)
    assert "提交过快" in response.content.decode() and not Letter.objects.exists()


def test_errors_are_in_chinese_beside_the_field_and_keep_what_was_typed(client, org):
    data = letter_data(org, title="短", phone="12345")
    text = client.post(reverse("disclosure:mailbox-write"), data).content.decode()
    assert "有效的手机号码" in text
    assert "今年冬天小区供暖温度不达标" in text  # the body as typed
    assert 'value="短"' in text
    assert not Letter.objects.exists()


def test_a_body_beyond_the_limit_is_refused(client, org, settings):
    settings.MAILBOX_BODY_MAX_LENGTH = 20
    response = client.post(reverse("disclosure:mailbox-write"), letter_data(org))
    assert not Letter.objects.exists() and response.status_code == 200


def test_a_double_submit_stores_one_letter(client, org):
    data = letter_data(org)
    client.post(reverse("disclosure:mailbox-write"), data)
    client.post(reverse("disclosure:mailbox-write"), data)
    assert Letter.objects.count() == 1


def test_the_form_is_rate_limited(client, org, settings):
    settings.MAILBOX_RATE_LIMIT = 1
    client.post(reverse("disclosure:mailbox-write"), letter_data(org, form_token=token("a")))
    response = client.post(
        reverse("disclosure:mailbox-write"), letter_data(org, form_token=token("b"))
    )
    assert response.status_code == 429


def test_a_wrong_file_type_is_refused(client, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = letter_data(org, attachments=SimpleUploadedFile("a.exe", b"MZ\x90\x00binary"))
    text = client.post(reverse("disclosure:mailbox-write"), data).content.decode()
    assert "附件只能是" in text and not Letter.objects.exists()


# -- tracking and rating -----------------------------------------------------------------


def test_the_code_and_phone_open_the_letter_and_its_reply_which_is_rated_once(client, org, clerk):
    letter = make_letter(org)
    workflow.accept(letter, by=clerk)
    workflow.answer(letter, by=clerk, reply="已督促整改。")
    response = client.post(
        reverse("disclosure:mailbox-track"), {"code": letter.code.lower(), "phone": WRITER["phone"]}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已督促整改" in page and "评价答复" in page
    client.post(response["Location"], {"rating": Rating.FAIRLY, "comment": "还可以"})
    page = client.get(response["Location"]).content.decode()
    assert "基本满意" in page and "评价答复" not in page
    client.post(response["Location"], {"rating": Rating.UNSATISFIED})
    assert Letter.objects.get(pk=letter.pk).rating == Rating.FAIRLY


def test_a_wrong_phone_finds_nothing(client, org):
    letter = make_letter(org)
    response = client.post(
        reverse("disclosure:mailbox-track"), {"code": letter.code, "phone": "13900000000"}
    )
    assert "没有找到" in response.content.decode()


def test_a_letter_is_not_shown_to_a_session_that_did_not_look_it_up(client, org):
    letter = make_letter(org)
    assert (
        client.get(reverse("disclosure:mailbox-track-detail", args=[letter.pk])).status_code == 404
    )


# -- public pages carry no personal data -------------------------------------------------


def test_no_writer_personal_data_on_any_public_page_or_the_feed(client, org, clerk):
    letter = _published(org, clerk)
    today = datetime.date.today()
    urls = [
        reverse("disclosure:mailbox-list"),
        reverse("disclosure:mailbox-detail", args=[letter.pk]),
        reverse("disclosure:mailbox-feed"),
        reverse("disclosure:mailbox-figures-year", args=[today.year]),
        reverse("disclosure:mailbox-figures-month", args=[today.year, today.month]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for value in WRITER.values():
            assert value not in text, (url, value)
    assert letter.public_title in client.get(urls[0]).content.decode()
    assert letter.public_title in client.get(urls[2]).content.decode()


def test_the_list_filters_by_agency_type_year_and_keyword(client, org, other_org, clerk):
    letter = _published(org, clerk)
    url = reverse("disclosure:mailbox-list")
    assert letter.public_title in client.get(url, {"q": "供暖"}).content.decode()
    assert "暂无符合条件" in client.get(url, {"q": "不存在的词"}).content.decode()
    assert "暂无符合条件" in client.get(url, {"organization": other_org.slug}).content.decode()
    assert "暂无符合条件" in client.get(url, {"kind": "complaint"}).content.decode()
    assert "暂无符合条件" in client.get(url, {"year": "2001"}).content.decode()


def test_unpublished_and_unknown_letters_are_404(client, org, clerk):
    letter = make_letter(org, may_publish=True)
    assert client.get(reverse("disclosure:mailbox-detail", args=[letter.pk])).status_code == 404
    assert client.get(reverse("disclosure:mailbox-detail", args=[99999])).status_code == 404
    assert (
        client.get(reverse("disclosure:mailbox-figures-month", args=[2025, 13])).status_code == 404
    )


def test_a_reply_file_is_served_only_while_its_letter_is_published(client, org, clerk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    letter = make_letter(org, may_publish=True)
    workflow.accept(letter, by=clerk)
    pdf = SimpleUploadedFile("整改通知.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    workflow.answer(letter, by=clerk, reply="见附件", files=[pdf])
    attachment = letter.attachments.get()
    url = reverse("disclosure:mailbox-file", args=[letter.pk, attachment.pk])
    assert client.get(url).status_code == 404
    workflow.publish(letter, by=clerk)
    assert client.get(url).status_code == 200
    workflow.unpublish(letter, by=clerk, reason="撤下")
    assert client.get(url).status_code == 404


def test_the_figures_download_as_xlsx(client, org):
    make_letter(org, received_on=datetime.date(2025, 3, 3))
    response = client.get(reverse("disclosure:mailbox-figures-month-xlsx", args=[2025, 3]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "机关" and (org.name, 1) == rows[2][:2]


def test_the_public_list_runs_a_constant_number_of_queries(
    client, org, clerk, django_assert_max_num_queries
):
    for _ in range(3):
        _published(org, clerk)
    with django_assert_max_num_queries(8):
        client.get(reverse("disclosure:mailbox-list"))


# -- staff pages -------------------------------------------------------------------------


def test_staff_of_another_agency_are_refused_the_letter(client, org, other_clerk):
    letter = make_letter(org)
    client.force_login(other_clerk)
    assert (
        client.get(reverse("disclosure:mailbox-staff-letter", args=[letter.pk])).status_code == 403
    )
    url = reverse("disclosure:mailbox-staff-step", args=[letter.pk, "screen"])
    assert client.post(url, {"outcome": "valid"}).status_code == 403
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.PENDING


def test_anonymous_visitors_are_sent_to_log_in(client, org):
    letter = make_letter(org)
    response = client.get(reverse("disclosure:mailbox-staff-letter", args=[letter.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_queues_list_overdue_letters_first(client, org, clerk):
    late = make_letter(org, received_on=datetime.date(2025, 1, 6), title="很久以前的留言")
    make_letter(org, received_on=datetime.date.today(), title="今天的留言")
    client.force_login(clerk)
    text = client.get(reverse("disclosure:mailbox-staff")).content.decode()
    assert text.index(late.title) < text.index("今天的留言") and "已超期" in text


def test_staff_screen_answer_and_publish_through_the_step_screens(client, org, clerk):
    letter = make_letter(org, may_publish=True)
    client.force_login(clerk)
    step = lambda slug: reverse("disclosure:mailbox-staff-step", args=[letter.pk, slug])  # noqa: E731
    assert client.get(step("screen")).status_code == 200
    client.post(step("screen"), {"outcome": "valid", "complexity": "complex"})
    client.post(step("answer"), {"reply": "已处理。"})
    assert client.get(step("publish")).status_code == 200
    response = client.post(
        step("publish"), {"title": "供暖咨询", "body": "请回电13812345678", "reply": "已处理。"}
    )
    assert response.status_code == 400 and "个人信息" in response.content.decode()
    client.post(step("publish"), {"title": "供暖咨询", "body": "供暖不达标。", "reply": "已处理。"})
    letter.refresh_from_db()
    assert letter.published and letter.complexity == "complex"


def test_a_step_not_allowed_now_is_refused(client, org, clerk):
    letter = make_letter(org)
    client.force_login(clerk)
    url = reverse("disclosure:mailbox-staff-step", args=[letter.pk, "publish"])
    assert client.get(url).status_code == 403


def test_the_supervisor_sees_every_agency_s_alarm(client, org, other_org, supervisor):
    old = make_letter(other_org, received_on=datetime.date.today() - datetime.timedelta(days=70))
    client.force_login(supervisor)
    assert old.code in client.get(reverse("disclosure:mailbox-staff-alarm")).content.decode()


def test_agency_staff_see_only_their_own_alarm(client, org, other_org, clerk):
    other = make_letter(other_org, received_on=datetime.date.today() - datetime.timedelta(days=70))
    client.force_login(clerk)
    text = client.get(reverse("disclosure:mailbox-staff-alarm")).content.decode()
    assert other.code not in text and "没有超过60天" in text


def test_staff_record_and_handle_an_error_report(client, org, clerk):
    client.force_login(clerk)
    today = datetime.date.today()
    client.post(
        reverse("disclosure:mailbox-error-reports"),
        {
            "organization": org.pk,
            "number": "ZC2025000123",
            "received_on": today.isoformat(),
            "page_url": "https://example.gov.cn/a",
            "problem": "链接失效",
        },
    )
    report = org.error_reports.get()
    client.post(
        reverse("disclosure:mailbox-error-report", args=[report.pk]),
        {"fix": "已修复链接", "answer": "感谢指正", "handled_on": today.isoformat()},
    )
    report.refresh_from_db()
    assert report.handled_on == today and report.on_time


def test_a_user_without_the_staff_role_is_refused(client, org):
    user = make_staff(org)
    user.groups.clear()
    client.force_login(user)
    assert client.get(reverse("disclosure:mailbox-staff")).status_code == 403


def test_the_footer_links_to_the_national_error_report_entry(client, settings):
    settings.ZHAOCUO_URL = "https://zfwzzc.www.gov.cn/"
    text = client.get(reverse("disclosure:mailbox-list")).content.decode()
    assert 'href="https://zfwzzc.www.gov.cn/"' in text and "我为政府网站找错" in text


def test_the_staff_queue_runs_a_constant_number_of_queries(
    client, org, clerk, django_assert_max_num_queries
):
    for _ in range(3):
        make_letter(org)
    client.force_login(clerk)
    url = reverse("disclosure:mailbox-staff")
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for _ in range(10):
        make_letter(org)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
