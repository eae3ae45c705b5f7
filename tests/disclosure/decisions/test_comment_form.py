"""The comment form: open until 24:00 Beijing time of the end date, closed on the server
after it, guarded like the request form (bot check, double submit, rate limit), Chinese
field errors, and the attachment kept private."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure.decisions import consultations
from disclosure.decisions.forms import CONTACT_REQUIRED
from disclosure.decisions.models import Comment
from tests.disclosure.decisions.builders import (
    EMAIL,
    NAME,
    PHONE,
    D,
    beijing,
    comment_post,
    now_at,
    open_consultation,
    publish_consultation,
    staff_supervisor,
    token,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


@pytest.fixture
def march():
    """Published, open from 1 to 31 March 2025."""
    return publish_consultation(starts_on=D(2025, 3, 1), ends_on=D(2025, 3, 31))


def test_comments_are_taken_until_2359_of_the_end_date_beijing_time(march):
    assert consultations.accepts_comments(march, at=beijing(D(2025, 3, 31), 23, 59))
    assert not consultations.accepts_comments(march, at=beijing(D(2025, 4, 1), 0, 0))
    # 23:59 on 31 March in Beijing is 15:59 UTC; 00:00 on 1 April is 16:00 UTC on 31 March.
    assert consultations.beijing_date(beijing(D(2025, 4, 1), 0, 0)) == D(2025, 4, 1)


def test_comments_are_taken_from_0000_of_the_start_date(march):
    assert consultations.accepts_comments(march, at=beijing(D(2025, 3, 1), 0, 0))
    assert not consultations.accepts_comments(march, at=beijing(D(2025, 2, 28), 23, 59))


def test_a_comment_sent_at_2359_on_the_last_day_is_taken(client, march, monkeypatch):
    now_at(monkeypatch, beijing(D(2025, 3, 31), 23, 59))
    response = client.post(march.get_absolute_url(), comment_post())
    assert response.status_code == 302
    assert Comment.objects.filter(consultation=march).count() == 1


def test_a_comment_sent_at_midnight_after_the_end_date_is_refused_and_the_page_says_so(
    client, march, monkeypatch
):
    now_at(monkeypatch, beijing(D(2025, 4, 1), 0, 0))
    response = client.post(march.get_absolute_url(), comment_post())
    html = response.content.decode()
    assert not Comment.objects.exists()
    assert "本次意见征集已于2025年3月31日24时截止，不再接收意见。" in html
    assert 'name="text"' not in html


def test_the_service_refuses_a_comment_after_the_end_date(march):
    with pytest.raises(Exception, match="已于2025年3月31日24时截止"):
        consultations.submit_comment(
            march,
            idempotency_key="late",
            text="意见",
            phone=PHONE,
            consent=True,
            at=beijing(D(2025, 4, 1), 0, 0),
        )


def test_a_comment_needs_a_phone_or_an_email_and_says_so_in_chinese(client):
    consultation = open_consultation()
    response = client.post(consultation.get_absolute_url(), comment_post(phone="", email=""))
    html = response.content.decode()
    assert CONTACT_REQUIRED in html
    assert "提交未成功，请按提示修改" in html
    assert "建议第三条增加过渡期规定。" in html  # what was typed is kept
    assert not Comment.objects.exists()


def test_a_bad_phone_number_and_a_missing_comment_get_field_errors(client):
    consultation = open_consultation()
    response = client.post(consultation.get_absolute_url(), comment_post(text="", phone="123"))
    html = response.content.decode()
    assert "请填写意见内容。" in html
    assert "请填写有效的手机号码" in html


def test_an_email_alone_is_enough_and_the_confirmation_shows_no_contact_data(client):
    consultation = open_consultation()
    response = client.post(
        consultation.get_absolute_url(), comment_post(phone="", name=NAME), follow=True
    )
    html = response.content.decode()
    assert "您的意见已提交" in html
    assert EMAIL not in html and NAME not in html
    comment = Comment.objects.get()
    assert (comment.email, comment.phone, comment.channel) == (EMAIL, "", Comment.Channel.ONLINE)
    # The confirmation is shown once.
    assert "您的意见已提交" not in client.get(consultation.get_absolute_url()).content.decode()


def test_a_double_submit_creates_one_comment(client):
    consultation = open_consultation()
    data = comment_post(form_token=token("same-key"))
    client.post(consultation.get_absolute_url(), data)
    client.post(consultation.get_absolute_url(), data)
    assert Comment.objects.count() == 1


def test_a_filled_honeypot_is_refused(client):
    consultation = open_consultation()
    client.post(consultation.get_absolute_url(), comment_post(website="http://spam.example"))
    assert not Comment.objects.exists()


def test_the_comment_form_is_rate_limited_with_the_429_page(client):
    consultation = open_consultation()
    url = consultation.get_absolute_url()
    for i in range(5):
        client.post(url, comment_post(form_token=token(f"k{i}")))
    response = client.post(url, comment_post(form_token=token("k9")))
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert Comment.objects.count() == 5


def test_an_attachment_is_kept_in_private_storage(client, private_media_root):
    consultation = open_consultation()
    pdf = SimpleUploadedFile("王某某的意见.pdf", b"%PDF-1.4\n%demo\n", "application/pdf")
    client.post(consultation.get_absolute_url(), {**comment_post(), "attachment": pdf})
    comment = Comment.objects.get()
    assert comment.attachment_kind == "PDF"
    assert comment.attachment.path.startswith(str(private_media_root))
    assert "王某某" not in comment.attachment.name
    with pytest.raises(ValueError):
        comment.attachment.url  # noqa: B018


def test_an_attachment_of_another_type_is_refused(client):
    consultation = open_consultation()
    exe = SimpleUploadedFile("a.pdf", io.BytesIO(b"MZ\x90\x00binary").read(), "application/pdf")
    response = client.post(consultation.get_absolute_url(), {**comment_post(), "attachment": exe})
    assert "附件只能是 PDF、JPG、PNG 或 Word 文件。" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_withdrawn_consultation_takes_no_comments_and_shows_the_withdrawal_notice(client):
    from disclosure.publishing import steps as publishing

    consultation = open_consultation()
    publishing.withdraw(consultation, by=staff_supervisor(), reason="草案撤回。")
    page = client.get(consultation.get_absolute_url())
    assert page.status_code == 410 and "该意见征集已撤回" in page.content.decode()
    assert client.post(consultation.get_absolute_url(), comment_post()).status_code == 410


def test_the_comment_form_marks_its_required_fields_with_a_star(client, march, monkeypatch):
    now_at(monkeypatch, beijing(D(2025, 3, 10), 10, 0))
    html = client.get(march.get_absolute_url()).content.decode()
    shown = '<span class="required-mark" aria-hidden="true">*</span>'
    hidden = '<span class="required-mark" aria-hidden="true" hidden>*</span>'
    assert f"意见内容{shown}" in html
    assert f"联系电话{hidden}" in html
    assert html.count(shown) == 2  # the text and the consent


def test_an_error_on_the_comment_form_stands_beside_its_field(client, march, monkeypatch):
    now_at(monkeypatch, beijing(D(2025, 3, 10), 10, 0))
    response = client.post(march.get_absolute_url(), comment_post(text=""))
    html = response.content.decode()
    assert "form-field--error" in html
    assert "请填写意见内容。" in html
