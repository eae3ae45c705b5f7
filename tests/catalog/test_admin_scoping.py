"""Staff see and change only their own agency's rows; the supervisor group sees all."""

import datetime

import pytest
from django.urls import reverse

from catalog.models import Category, HolidaySchedule
from disclosure.column.models import Guide
from tests.conftest import make_org, make_staff

pytestmark = pytest.mark.django_db


def make_guide(org, **extra):
    fields = {
        "organization": org,
        "title": f"{org.name}政府信息公开指南",
        "classification": "分类",
        "how_to_obtain": "获取方式",
        "updated_on": datetime.date(2025, 3, 1),
    }
    fields.update(extra)
    return Guide.objects.create(**fields)


@pytest.fixture
def two_agencies():
    a, b = make_org(name="甲局"), make_org(name="乙局")
    return a, b, make_guide(a), make_guide(b)


def test_staff_see_only_their_own_agencys_guides_in_the_admin_list(client, two_agencies):
    a, _b, _guide_a, _guide_b = two_agencies
    client.force_login(make_staff(a))
    page = client.get(reverse("admin:column_guide_changelist")).content.decode()
    assert "甲局政府信息公开指南" in page
    assert "乙局政府信息公开指南" not in page


def test_staff_cannot_open_another_agencys_guide_by_url(client, two_agencies):
    a, _b, _guide_a, guide_b = two_agencies
    client.force_login(make_staff(a))
    response = client.get(reverse("admin:column_guide_change", args=[guide_b.pk]), follow=True)
    assert "乙局政府信息公开指南" not in response.content.decode()
    assert response.redirect_chain  # sent back to the list: the row does not exist for them


def test_the_supervisor_sees_every_agencys_guides(client, two_agencies):
    a, _b, _guide_a, _guide_b = two_agencies
    client.force_login(make_staff(a, supervisor=True))
    page = client.get(reverse("admin:column_guide_changelist")).content.decode()
    assert "甲局政府信息公开指南" in page and "乙局政府信息公开指南" in page


def test_a_guide_added_by_staff_belongs_to_their_agency_even_if_another_is_posted(
    client, two_agencies
):
    a, b, *_ = two_agencies
    client.force_login(make_staff(a))
    response = client.post(
        reverse("admin:column_guide_add"),
        {
            "organization": b.pk,
            "title": "伪造的指南",
            "updated_on": "2026-01-01",
            "classification": "x",
            "how_to_obtain": "y",
            "body": "",
        },
    )
    assert response.status_code == 200  # form error: that agency is not a choice
    assert "选择一个有效的选项" in response.content.decode()
    assert not Guide.objects.filter(title="伪造的指南").exists()


def test_editing_a_guide_saves_a_new_version_and_keeps_the_old_one(client, two_agencies):
    a, _b, guide_a, _ = two_agencies
    client.force_login(make_staff(a))
    response = client.post(
        reverse("admin:column_guide_change", args=[guide_a.pk]),
        {
            "organization": a.pk,
            "title": guide_a.title,
            "updated_on": "2025-03-01",
            "initial-updated_on": "2025-03-01",  # the admin posts the date's initial value
            "classification": "新的分类说明",
            "how_to_obtain": guide_a.how_to_obtain,
            "body": "",
        },
    )
    assert response.status_code == 302
    versions = Guide.objects.filter(organization=a).order_by("pk")
    assert [v.classification for v in versions] == ["分类", "新的分类说明"]
    assert versions[1].updated_on > datetime.date(2025, 3, 1)


def test_staff_see_statutory_nodes_and_only_their_own_local_nodes(client, two_agencies):
    a, b, *_ = two_agencies
    parent = Category.objects.statutory().get(name="财政预算、决算信息")
    Category.objects.create(organization=a, parent=parent, name="甲局部门预算", scope="local")
    Category.objects.create(organization=b, parent=parent, name="乙局部门预算", scope="local")
    client.force_login(make_staff(a))
    page = client.get(reverse("admin:catalog_category_changelist") + "?all=").content.decode()
    assert "甲局部门预算" in page
    assert "乙局部门预算" not in page
    assert "财政预算、决算信息" in page


def test_staff_cannot_change_a_statutory_node(client, two_agencies):
    a, *_ = two_agencies
    node = Category.objects.statutory().get(name="财政预算、决算信息")
    client.force_login(make_staff(a))
    response = client.post(
        reverse("admin:catalog_category_change", args=[node.pk]),
        {"name": "改名", "scope": "all", "position": 1},
    )
    assert response.status_code == 403
    node.refresh_from_db()
    assert node.name == "财政预算、决算信息"


def test_staff_see_only_their_own_agency_in_the_agency_list(client, two_agencies):
    a, _b, *_ = two_agencies
    client.force_login(make_staff(a))
    page = client.get(reverse("admin:catalog_organization_changelist")).content.decode()
    assert "甲局" in page and "乙局" not in page


def test_the_admin_warns_when_next_years_holiday_schedule_is_missing(client, two_agencies):
    a, *_ = two_agencies
    client.force_login(make_staff(a))
    page = client.get(reverse("admin:index")).content.decode()
    # The seeded calendar ends with 2026; from October 2026 on, 2027 is reported.
    from catalog.workdays import missing_schedule_years

    for year in missing_schedule_years():
        assert f"{year}年的节假日安排尚未录入" in page


def test_nobody_deletes_a_year_of_the_working_day_calendar(client, admin_user):
    schedule = HolidaySchedule.objects.order_by("year").first()
    client.force_login(admin_user)
    url = reverse("admin:catalog_holidayschedule_delete", args=[schedule.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert HolidaySchedule.objects.filter(pk=schedule.pk).exists()
    changelist = client.get(reverse("admin:catalog_holidayschedule_changelist"))
    assert "delete_selected" not in changelist.content.decode()
