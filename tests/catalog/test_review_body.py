"""The 行政复议机关 a reply names (《行政复议法》2023 第二十四条、第二十七条)."""

import pytest

from catalog.models import Organization
from tests.conftest import make_org

pytestmark = pytest.mark.django_db

GOVERNMENT = Organization.Kind.GOVERNMENT
DEPARTMENT = Organization.Kind.DEPARTMENT


def test_a_departments_review_body_is_the_government_it_belongs_to():
    city = make_org(name="聊城市人民政府", kind=GOVERNMENT)
    bureau = make_org(name="聊城市财政局", parent=city)

    assert bureau.administrative_review_body() == "聊城市人民政府"


def test_a_department_under_a_department_names_the_government_further_up():
    city = make_org(name="聊城市人民政府", kind=GOVERNMENT)
    bureau = make_org(name="聊城市自然资源和规划局", parent=city)
    branch = make_org(name="聊城市自然资源和规划局东昌府分局", parent=bureau)

    assert branch.administrative_review_body() == "聊城市人民政府"


def test_a_governments_review_body_is_the_government_above_it():
    city = make_org(name="聊城市人民政府", kind=GOVERNMENT)
    county = make_org(
        name="聊城市东昌府区人民政府",
        kind=GOVERNMENT,
        level=Organization.Level.COUNTY,
        parent=city,
    )

    assert county.administrative_review_body() == "聊城市人民政府"


def test_a_vertically_managed_agencys_entered_review_body_wins_over_its_parent():
    city = make_org(name="聊城市人民政府", kind=GOVERNMENT)
    tax = make_org(
        name="国家税务总局聊城市税务局", parent=city, review_body="国家税务总局山东省税务局"
    )

    assert tax.administrative_review_body() == "国家税务总局山东省税务局"


def test_an_entered_review_body_names_the_government_above_one_the_portal_does_not_hold():
    city = make_org(name="聊城市人民政府", kind=GOVERNMENT, review_body="山东省人民政府")

    assert city.administrative_review_body() == "山东省人民政府"


def test_a_government_without_a_parent_falls_back_to_the_generic_phrase():
    city = make_org(name="聊城市人民政府", kind=GOVERNMENT)

    assert city.administrative_review_body() == "上一级人民政府"


def test_a_department_without_a_government_above_falls_back_to_the_generic_phrase():
    bureau = make_org(name="聊城市财政局", kind=DEPARTMENT)
    branch = make_org(name="聊城市财政局东昌府分局", parent=bureau)

    assert bureau.administrative_review_body() == "本级人民政府"
    assert branch.administrative_review_body() == "本级人民政府"


def test_a_province_level_government_hears_cases_against_itself():
    province = make_org(name="山东省人民政府", kind=GOVERNMENT, level=Organization.Level.PROVINCE)

    assert province.administrative_review_body() == "山东省人民政府"


def test_the_demo_governments_name_the_government_above_them():
    from catalog import demo

    orgs = demo.load()

    assert orgs["lcs"].administrative_review_body() == "山东省人民政府"
    assert orgs["lys"].administrative_review_body() == "烟台市人民政府"
    assert orgs["czj"].administrative_review_body() == "聊城市人民政府"
    assert orgs["dcfq"].administrative_review_body() == "聊城市人民政府"
