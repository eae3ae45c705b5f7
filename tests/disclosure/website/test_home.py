"""The home page: the newest items with dates, the search box, the entrances, the website
annual report in January; the 网站地图; a constant number of queries."""

import datetime

import pytest
from django.urls import reverse

from catalog.models import Category
from disclosure.website.models import WebsiteReport
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document
from tests.disclosure.decisions.builders import publish_consultation
from tests.disclosure.interpretation_builders import publish_interpretation

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_home_page_shows_the_newest_documents_notices_interpretations_and_consultations(
    client,
):
    org = make_org(is_portal_main=True)
    old = publish_document(organization=org, title="较早的文件", on=D(2024, 1, 2))
    new = publish_document(organization=org, title="最新的文件", on=D(2024, 6, 3))
    notice = publish_document(organization=org, title="关于停水的通知", genre="通知")
    interpretation = publish_interpretation(title="《最新政策》解读")
    consultation = publish_consultation(organization=org, title="《征求意见稿》意见征集")
    body = client.get(reverse("disclosure:home")).content.decode()
    assert body.index(new.title) < body.index(old.title)
    assert "2024-06-03" in body
    for item in (notice, interpretation, consultation):
        assert item.title in body
    assert 'action="/ss/"' in body
    assert reverse("requests_app:guide") in body
    assert reverse("disclosure:consultation-list") in body


def test_a_draft_never_reaches_the_home_page(client):
    make_document(title="尚未发布的草稿")
    assert "尚未发布的草稿" not in client.get(reverse("disclosure:home")).content.decode()


def test_the_home_page_costs_the_same_queries_with_more_items(
    client, django_assert_max_num_queries
):
    org = make_org(is_portal_main=True)
    publish_document(organization=org)
    with django_assert_max_num_queries(8):
        client.get(reverse("disclosure:home"))
    for _ in range(12):
        publish_document(organization=org)
    publish_interpretation()
    with django_assert_max_num_queries(8):
        client.get(reverse("disclosure:home"))


def test_the_website_annual_report_is_prominent_in_january(client, monkeypatch):
    org = make_org(is_portal_main=True)
    report = WebsiteReport.objects.create(organization=org, year=2025)
    WebsiteReport.objects.filter(pk=report.pk).update(
        status=WebsiteReport.Status.PUBLISHED, published_on=D(2026, 1, 20)
    )
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: D(2026, 1, 25))
    body = client.get(reverse("disclosure:home")).content.decode()
    assert 'class="notice home-report"' in body
    assert "2025年政府网站工作年度报表" in body


def test_the_site_map_lists_every_column_of_every_agency(client):
    first, second = make_org(), make_org()
    own = Category.objects.create(name="本局自设目录", organization=second)
    body = client.get(reverse("disclosure:site-map")).content.decode()
    for org in (first, second):
        assert org.name in body
        assert reverse("disclosure:guide", args=[org.slug]) in body
        assert reverse("disclosure:standard-catalog", args=[org.slug]) in body
        for node in Category.objects.for_organization(org):
            assert reverse("disclosure:category-items", args=[org.slug, node.pk]) in body
    assert own.name in body


def test_the_site_map_costs_the_same_queries_with_more_agencies(
    client, django_assert_max_num_queries
):
    make_org()
    with django_assert_max_num_queries(5):
        client.get(reverse("disclosure:site-map"))
    for _ in range(5):
        make_org()
    with django_assert_max_num_queries(5):
        client.get(reverse("disclosure:site-map"))


def test_the_site_search_finds_documents_interpretations_and_consultations(client):
    org = make_org()
    publish_document(organization=org, title="关于垃圾分类的通知")
    publish_consultation(organization=org, title="《垃圾分类管理办法》意见征集")
    body = client.get(reverse("disclosure:site-search"), {"q": "垃圾分类"}).content.decode()
    assert "关于垃圾分类的通知" in body
    assert "《垃圾分类管理办法》意见征集" in body


def test_the_site_search_says_when_nothing_is_found(client):
    body = client.get(reverse("disclosure:site-search"), {"q": "不存在的词语"}).content.decode()
    assert "没有找到" in body
