"""The public column shell: home, agency list, an agency's column, the guide, the rules."""

import datetime

import pytest
from django.urls import reverse

from catalog.models import Category, Organization
from disclosure.column.models import Guide, Regulation
from tests.conftest import make_org

pytestmark = pytest.mark.django_db


def guide_for(org, updated_on, **extra):
    return Guide.objects.create(
        organization=org,
        title=f"{org.name}政府信息公开指南",
        classification=extra.pop("classification", "按第二十条分类编排。"),
        how_to_obtain=extra.pop("how_to_obtain", "可在线申请。"),
        updated_on=updated_on,
        **extra,
    )


def test_the_home_page_leads_into_the_disclosure_column(client):
    page = client.get("/").content.decode()
    assert "进入「政府信息公开」专栏" in page
    assert 'href="/xxgk/"' in page


def test_the_column_home_lists_agencies_and_the_main_agencys_parts(client):
    main = make_org(name="测试市人民政府", is_portal_main=True, kind="government")
    make_org(name="测试市教育局")
    page = client.get("/xxgk/").content.decode()
    assert "测试市教育局" in page
    assert reverse("disclosure:guide", args=[main.slug]) in page
    assert "法定主动公开内容" in page


def test_the_agency_list_can_be_searched_and_says_when_nothing_matches(client):
    make_org(name="测试市财政局")
    assert "测试市财政局" in client.get("/xxgk/?q=财政").content.decode()
    page = client.get("/xxgk/?q=不存在的机关").content.decode()
    assert "没有找到符合条件的机关" in page


def test_an_agencys_column_has_the_standard_navigation(client, org):
    page = client.get(f"/xxgk/{org.slug}/").content.decode()
    assert '<p class="column-name">政府信息公开</p>' in page
    for label in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "依申请公开"):
        assert label in page
    assert 'aria-label="当前位置"' in page  # breadcrumbs
    assert 'role="search"' in page


def test_an_unknown_agency_is_a_404(client):
    response = client.get("/xxgk/no-such-agency/zn/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_an_inactive_agency_is_a_404(client):
    inactive = make_org(is_active=False)
    assert client.get(f"/xxgk/{inactive.slug}/").status_code == 404


def test_the_guide_shows_the_article_12_contact_data_and_its_update_date(client, org):
    guide_for(org, datetime.date(2025, 3, 1))
    page = client.get(f"/xxgk/{org.slug}/zn/").content.decode()
    for value in (
        org.office_name,
        org.office_address,
        org.office_hours,
        org.phone,
        org.fax,
        org.email,
        org.postal_address,
        org.postal_code,
    ):
        assert value in page
    assert "更新日期" in page and "2025年3月1日" in page


def test_the_guide_shows_the_newest_version_and_links_the_older_one(client, org):
    old = guide_for(org, datetime.date(2024, 1, 10), classification="旧的分类说明")
    guide_for(org, datetime.date(2025, 6, 1), classification="新的分类说明")
    page = client.get(f"/xxgk/{org.slug}/zn/").content.decode()
    assert "新的分类说明" in page and "旧的分类说明" not in page
    assert reverse("disclosure:guide-version", args=[org.slug, old.pk]) in page
    old_page = client.get(reverse("disclosure:guide-version", args=[org.slug, old.pk]))
    assert "这是历史版本" in old_page.content.decode()
    assert "旧的分类说明" in old_page.content.decode()


def test_a_guide_dated_in_the_future_is_not_shown_yet(client, org):
    guide_for(org, datetime.date(2025, 1, 1), classification="现行说明")
    guide_for(org, datetime.date(2099, 1, 1), classification="未来说明")
    page = client.get(f"/xxgk/{org.slug}/zn/").content.decode()
    assert "现行说明" in page and "未来说明" not in page


def test_a_guide_version_of_another_agency_is_a_404(client, org, other_org):
    theirs = guide_for(other_org, datetime.date(2025, 1, 1))
    url = reverse("disclosure:guide-version", args=[org.slug, theirs.pk])
    assert client.get(url).status_code == 404


def test_an_agency_without_a_guide_text_still_shows_its_contact_data(client, org):
    page = client.get(f"/xxgk/{org.slug}/zn/").content.decode()
    assert org.office_address in page


def test_the_rules_page_lists_published_rules_and_hides_unpublished_ones(client, org):
    Regulation.objects.create(organization=org, title="保密审查制度", body="正文")
    Regulation.objects.create(
        organization=org, title="草拟中的制度", body="正文", is_published=False
    )
    page = client.get(f"/xxgk/{org.slug}/zd/").content.decode()
    assert "保密审查制度" in page and "草拟中的制度" not in page


def test_the_rules_page_has_an_empty_state(client, org):
    assert "暂未发布政府信息公开制度" in client.get(f"/xxgk/{org.slug}/zd/").content.decode()


def test_the_rules_list_is_paginated(client, org):
    for i in range(25):
        Regulation.objects.create(organization=org, title=f"制度{i:02d}", body="正文")
    page = client.get(f"/xxgk/{org.slug}/zd/").content.decode()
    assert "共 25 条" in page and "下一页" in page
    assert f"制度{0:02d}" in client.get(f"/xxgk/{org.slug}/zd/?page=2").content.decode()


def test_the_statutory_content_tree_has_article_20_and_the_agencys_own_nodes(client):
    county = make_org(level=Organization.Level.COUNTY)
    parent = Category.objects.statutory().get(name="财政预算、决算信息")
    Category.objects.create(organization=county, parent=parent, name="部门预算", scope="local")
    page = client.get(f"/xxgk/{county.slug}/fdzdgknr/").content.decode()
    assert "行政法规、规章和规范性文件" in page
    assert "社会救助" in page  # Art. 21 for a county
    assert "部门预算" in page


def test_column_pages_use_a_constant_number_of_queries(client, django_assert_max_num_queries):
    org = make_org()
    for i in range(5):
        Regulation.objects.create(organization=org, title=f"制度{i}", body="正文")
        guide_for(org, datetime.date(2024, 1, i + 1))
    for url in (f"/xxgk/{org.slug}/", f"/xxgk/{org.slug}/zn/", f"/xxgk/{org.slug}/zd/", "/xxgk/"):
        with django_assert_max_num_queries(6):
            client.get(url)


def test_public_pages_are_cacheable(client, org):
    response = client.get(f"/xxgk/{org.slug}/zn/")
    assert "public" in response["Cache-Control"]
