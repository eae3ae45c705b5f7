"""The public pages of 政民互动 (2): every page without personal data, 404s, sign-up and
cancellation through the forms, constant queries on the lists."""

import datetime

import pytest
from django.urls import reverse

from disclosure.engagement.models import NewMediaAccount, ServiceHall, SignUp, SignUpStatus
from tests.conftest import make_org
from tests.disclosure.engagement.builders import (
    EMAIL,
    NAME,
    PHONE,
    answered_interview,
    ask,
    form_post,
    make_account,
    make_activity,
    make_commitment,
    make_interview,
    make_plan,
    publish,
    sign_up,
    upcoming_interview,
)

pytestmark = pytest.mark.django_db


def test_no_public_page_or_feed_shows_an_askers_or_a_visitors_data(client):
    org = make_org(kind="government")
    past = answered_interview(org)
    coming = upcoming_interview(organization=org)
    ask(coming)
    activity = make_activity(make_plan(org))
    signup = sign_up(activity, phone=PHONE, name=NAME)
    task = make_commitment(deadline=datetime.date(2026, 6, 30))
    publish(task.commitment_list)
    make_account(org)
    ServiceHall.objects.create(
        organization=org,
        name="专区",
        address="路1号",
        opening_hours="工作日",
        phone="0635-1",
        services="查阅",
    )
    pages = [
        reverse("disclosure:interview-list"),
        past.get_absolute_url(),
        coming.get_absolute_url(),
        reverse("disclosure:open-day-plan", args=[2026]),
        activity.get_absolute_url(),
        reverse("disclosure:signup-cancel"),
        reverse("disclosure:new-media"),
        reverse("disclosure:service-halls"),
        reverse("disclosure:org-service-halls", args=[org.slug]),
        task.commitment_list.get_absolute_url(),
        reverse("disclosure:interviews-rss"),
        reverse("disclosure:activities-rss"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for secret in (NAME, PHONE, EMAIL, signup.code):
            assert secret not in html, (url, secret)


def test_what_does_not_exist_or_is_not_public_is_404(client):
    draft = make_interview()
    activity = make_activity(make_plan(published=False))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/hdjl/ftzb/999999/").status_code == 404
    assert client.get(activity.get_absolute_url()).status_code == 404
    assert client.get("/hdjl/kfhd/hd/999999/").status_code == 404
    assert client.get("/hdjl/kfhd/1999/").status_code == 404
    assert client.get("/xxgk/nosuchorg/gkzq/").status_code == 404


def test_empty_pages_say_so(client):
    assert "暂无访谈预告" in client.get("/hdjl/ftzb/").content.decode()
    assert "暂无政务新媒体账号" in client.get("/hdjl/xmt/").content.decode()
    assert "暂无政务公开专区信息" in client.get("/hdjl/zq/").content.decode()
    assert "暂无公开的政府开放计划" in client.get("/hdjl/kfhd/").content.decode()


def test_a_citizen_signs_up_sees_the_code_once_and_cancels_with_it(client):
    activity = make_activity(quota=2)
    response = client.post(
        activity.get_absolute_url(),
        form_post(name=NAME, phone=PHONE, people="2", consent="on"),
    )
    assert response.status_code == 302
    signup = SignUp.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert signup.code in page and "报名成功（2人）" in page
    assert signup.code not in client.get(activity.get_absolute_url()).content.decode()
    response = client.post(
        reverse("disclosure:signup-cancel"), form_post(code=signup.code, phone=PHONE)
    )
    assert "已取消报名" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CANCELLED


def test_the_sign_up_form_keeps_each_error_beside_its_field(client):
    activity = make_activity(limit=2)
    response = client.post(
        activity.get_absolute_url(), form_post(name="", phone="123", people="5", consent="on")
    )
    html = response.content.decode()
    assert "请填写姓名。" in html and "请填写11位手机号码。" in html
    assert html.count('class="form-field form-field--error"') == 3
    assert not SignUp.objects.exists()


def test_a_full_activity_offers_the_waiting_list_and_a_closed_one_no_form(client):
    full = make_activity(quota=1, limit=1)
    sign_up(full)
    assert (
        "名额已满，现在报名将进入候补名单" in client.get(full.get_absolute_url()).content.decode()
    )
    closed = make_activity()
    type(closed).objects.filter(pk=closed.pk).update(
        signup_closes_at=closed.signup_closes_at - datetime.timedelta(days=30)
    )
    html = client.get(closed.get_absolute_url()).content.decode()
    assert "报名已于" in html and "提交报名" not in html


def test_the_matrix_groups_by_agency_and_platform_and_lists_closed_accounts(client):
    org = make_org(name="测试市政府")
    make_account(org, name="测试发布")
    make_account(org, name="测试微博", platform=NewMediaAccount.Platform.WEIBO)
    make_account(
        org,
        name="已关停的号",
        opened_on=datetime.date(2018, 1, 1),
        closed_on=datetime.date(2024, 12, 31),
        closing_notice="本账号已于2024年底注销。",
    )
    html = client.get("/hdjl/xmt/").content.decode()
    assert html.index("<h3>微信</h3>") < html.index("测试发布") < html.index("<h3>微博</h3>")
    closed = html[html.index("已关停的账号") :]
    assert (
        "已关停的号" in closed and "2024-12-31" in closed and "本账号已于2024年底注销。" in closed
    )


def test_the_lists_take_a_constant_number_of_queries(client, django_assert_max_num_queries):
    org = make_org()
    plan = make_plan(org)
    for _ in range(6):
        answered_interview(org)
        make_activity(plan)
        make_account(org)
    with django_assert_max_num_queries(6):
        assert client.get("/hdjl/ftzb/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/hdjl/kfhd/2026/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/hdjl/xmt/").status_code == 200
