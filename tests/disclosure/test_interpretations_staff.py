"""政策解读 staff side: the timeliness page per agency and the admin that calls the workflow."""

import datetime

import pytest
from django.urls import reverse

from disclosure.library.models import Interpretation
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import publish_document, supervisor
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation

pytestmark = pytest.mark.django_db

D = datetime.date
PAGE = "/zcjd/staff/"
EVE_OF_NATIONAL_DAY = D(2025, 9, 30)


def regulatory(org, title):
    return publish_document(
        organization=org, title=title, genre="规范性文件", on=EVE_OF_NATIONAL_DAY
    )


def test_the_page_lists_documents_past_the_limit_and_interpretations_published_late(client, org):
    missing = regulatory(org, "没有解读的管理办法")
    late = regulatory(org, "解读晚了的实施细则")
    publish_interpretation(make_interpretation(late, title="迟到的解读"), on=D(2025, 10, 13))
    on_time = regulatory(org, "按时解读的办法")
    publish_interpretation(make_interpretation(on_time), on=D(2025, 10, 11))
    client.force_login(make_staff(org))
    html = client.get(PAGE).content.decode()
    missing_part, late_part = html.split('id="late-title"')[0], html.split('id="late-title"')[1]
    assert "没有解读的管理办法" in missing_part
    assert "2025-10-11" in missing_part  # its due date, across the National Day holiday
    assert "迟到的解读" in late_part and "1个工作日" in late_part
    # (It may be due a follow-up by now, listed further down: not a 3-day problem.)
    assert "按时解读的办法" not in html.split('id="follow-up-title"')[0]
    assert f"?documents={missing.pk}" in html  # a shortcut to write the missing one


def test_staff_see_only_their_own_agency_and_may_not_ask_for_another(client, org):
    other = make_org()
    regulatory(org, "本机关的办法")
    regulatory(other, "别的机关的办法")
    client.force_login(make_staff(org))
    html = client.get(PAGE).content.decode()
    assert "本机关的办法" in html and "别的机关的办法" not in html
    assert client.get(PAGE, {"org": other.slug}).status_code == 403


def test_the_supervisor_sees_all_agencies_and_can_filter_by_one(client, org):
    other = make_org()
    regulatory(org, "甲机关的办法")
    regulatory(other, "乙机关的办法")
    client.force_login(supervisor())
    html = client.get(PAGE).content.decode()
    assert "甲机关的办法" in html and "乙机关的办法" in html
    only = client.get(PAGE, {"org": other.slug}).content.decode()
    assert "乙机关的办法" in only and "甲机关的办法" not in only


def test_the_page_needs_a_staff_login(client, org):
    assert client.get(PAGE).status_code == 302
    from django.contrib.auth import get_user_model

    citizen = get_user_model().objects.create_user("citizen", password="pw-123456789")
    client.force_login(citizen)
    assert client.get(PAGE).status_code == 403


def test_the_page_is_not_cached_publicly(client, org):
    client.force_login(make_staff(org))
    assert "public" not in client.get(PAGE).get("Cache-Control", "")


# -- admin ----------------------------------------------------------------------------------


def test_the_admin_publishes_through_the_workflow(client, org):
    document = publish_document(organization=org)
    interpretation = make_interpretation(document, title="后台发布的解读")
    clerk, reviewer = make_staff(org), make_staff(org, reviewer=True)
    url = reverse("admin:library_interpretation_changelist")
    for staff, action in ((clerk, "submit_for_review_action"), (reviewer, "publish_action")):
        client.force_login(staff)
        response = client.post(url, {"action": action, "_selected_action": [interpretation.pk]})
        assert response.status_code == 302
    interpretation.refresh_from_db()
    assert interpretation.status == Interpretation.Status.PUBLISHED
    assert interpretation.index_number
    assert interpretation.events.filter(actor=reviewer, action="published").exists()


def test_the_admin_says_why_an_interpretation_cannot_be_published(client, org):
    interpretation = make_interpretation(publish_document(organization=org), form="graphic")
    client.force_login(make_staff(org))
    url = reverse("admin:library_interpretation_changelist")
    client.post(
        url, {"action": "submit_for_review_action", "_selected_action": [interpretation.pk]}
    )
    client.force_login(make_staff(org, reviewer=True))
    response = client.post(
        url, {"action": "publish_action", "_selected_action": [interpretation.pk]}, follow=True
    )
    assert "图片图解须至少上传或嵌入一个图片" in response.content.decode()


def test_withdrawing_in_the_admin_asks_for_a_reason(client, org):
    interpretation = publish_interpretation(make_interpretation(publish_document(organization=org)))
    client.force_login(make_staff(org))
    url = reverse("admin:library_interpretation_changelist")
    form = client.post(url, {"action": "withdraw_action", "_selected_action": [interpretation.pk]})
    assert "撤回原因（必填）" in form.content.decode()
    client.post(
        url,
        {
            "action": "withdraw_action",
            "_selected_action": [interpretation.pk],
            "confirm": "1",
            "category": "error",
            "reason": "解读内容需要更新。",
        },
    )
    interpretation.refresh_from_db()
    assert interpretation.status == Interpretation.Status.WITHDRAWN


def test_staff_do_not_see_another_agencys_interpretations_in_the_admin(client, org):
    mine = make_interpretation(publish_document(organization=org), title="本机关解读")
    theirs = make_interpretation(publish_document(organization=make_org()), title="别的机关解读")
    client.force_login(make_staff(org))
    html = client.get(reverse("admin:library_interpretation_changelist")).content.decode()
    assert "本机关解读" in html and "别的机关解读" not in html
    change = reverse("admin:library_interpretation_change", args=[theirs.pk])
    assert client.get(change).status_code in (302, 403, 404)
    own = client.get(reverse("admin:library_interpretation_change", args=[mine.pk]))
    assert own.status_code == 200
    assert "解读期限" in own.content.decode()


def test_the_admin_add_form_opens_with_the_document_to_interpret(client, org):
    document = publish_document(organization=org, title="待解读的文件")
    client.force_login(make_staff(org))
    url = reverse("admin:library_interpretation_add") + f"?documents={document.pk}"
    html = client.get(url).content.decode()
    assert "待解读的文件" in html
    assert "第一解读人" in html
