"""The statutory lists are preloaded exactly as the law words them."""

import pytest

from catalog import statutory
from catalog.models import Category, Genre, Organization, Theme
from tests.conftest import make_org

pytestmark = pytest.mark.django_db


def test_the_fifteen_article_20_nodes_exist_in_order_with_exact_labels():
    nodes = Category.objects.statutory().filter(scope="all", parent=None).order_by("position")
    assert [n.name for n in nodes] == statutory.ARTICLE_20
    assert len(nodes) == 15
    assert nodes[0].name == "行政法规、规章和规范性文件"
    assert nodes[0].article_item == "第二十条第（一）项"
    assert nodes[14].article_item == "第二十条第（十五）项"


def test_the_22_national_themes_and_the_official_genres_are_preloaded():
    assert list(Theme.objects.values_list("name", flat=True)) == statutory.THEMES
    assert len(statutory.THEMES) == 22
    genres = set(Genre.objects.values_list("name", flat=True))
    assert {"通知", "命令（令）", "纪要", "规范性文件"} <= genres


def test_a_county_agency_gets_the_article_21_city_and_county_nodes():
    county = make_org(level=Organization.Level.COUNTY)
    names = set(Category.objects.for_organization(county).values_list("name", flat=True))
    assert "市政建设" in names and "治安管理" in names
    assert "宅基地使用情况审核" not in names
    assert set(statutory.ARTICLE_20) <= names


def test_a_township_gets_the_township_nodes_and_a_province_only_article_20():
    township = make_org(level=Organization.Level.TOWNSHIP)
    province = make_org(level=Organization.Level.PROVINCE)
    township_names = set(Category.objects.for_organization(township).values_list("name", flat=True))
    assert "宅基地使用情况审核" in township_names and "筹资筹劳" in township_names
    assert "市政建设" not in township_names
    assert Category.objects.for_organization(province).count() == 15


def test_an_agencys_own_node_appears_only_in_its_own_tree(org, other_org):
    parent = Category.objects.statutory().get(name="财政预算、决算信息")
    Category.objects.create(organization=org, parent=parent, name="部门预算", scope="local")
    assert Category.objects.for_organization(org).filter(name="部门预算").exists()
    assert not Category.objects.for_organization(other_org).filter(name="部门预算").exists()
