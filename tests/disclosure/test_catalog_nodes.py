"""法定主动公开内容: the tree with item counts, a node's items, nodes behind their update rule."""

import datetime

import pytest
from django.urls import reverse

from catalog.models import Category, Organization
from disclosure.library import timeliness
from disclosure.library.openness import Openness
from disclosure.publishing import steps as publishing
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document, supervisor
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation

pytestmark = pytest.mark.django_db

D = datetime.date
FINANCE = "财政预算、决算信息"


def statutory(name):
    return Category.objects.statutory().get(name=name)


def local_node(org, parent_name=FINANCE, name="部门预算", **fields):
    return Category.objects.create(
        organization=org, parent=statutory(parent_name), name=name, scope="local", **fields
    )


def tree_url(org):
    return reverse("disclosure:statutory-content", args=[org.slug])


def node_url(org, node):
    return reverse("disclosure:category-items", args=[org.slug, node.pk])


def count_label(html, node):
    """The count shown after a node's name in the tree."""
    anchor = f'id="node-{node.pk}"'
    start = html.index(anchor)
    return html[start : html.index("）</span>", start)].rsplit("（", 1)[1]


# -- the tree -------------------------------------------------------------------------------


def test_each_node_shows_how_many_published_items_it_and_its_sub_nodes_hold(client, org):
    budget = local_node(org)
    publish_document(organization=org, category=budget)
    publish_document(organization=org, category=statutory(FINANCE))
    publish_interpretation(make_interpretation(publish_document(organization=org, category=budget)))
    html = client.get(tree_url(org)).content.decode()
    # 部门预算: two documents and one interpretation; 财政预算、决算信息: those plus one more.
    assert count_label(html, budget) == "3条"
    assert count_label(html, statutory(FINANCE)) == "4条"
    assert count_label(html, statutory("行政法规、规章和规范性文件")) == "0条"


def test_drafts_withdrawn_and_non_proactive_items_are_not_counted(client, org):
    node = statutory(FINANCE)
    make_document(organization=org, category=node)
    withdrawn = publish_document(organization=org, category=node)
    publishing.withdraw(withdrawn, by=supervisor(), reason="撤回。")
    publish_document(
        organization=org,
        category=node,
        disclosure=Openness.ON_REQUEST,
        disclosure_reason="条例第十五条：涉及个人隐私。",
    )
    make_interpretation(publish_document(organization=org), category=node)
    html = client.get(tree_url(org)).content.decode()
    assert count_label(html, node) == "0条"


def test_another_agencys_items_are_not_counted_under_the_shared_statutory_node(client, org):
    publish_document(organization=make_org(), category=statutory(FINANCE))
    html = client.get(tree_url(org)).content.decode()
    assert count_label(html, statutory(FINANCE)) == "0条"


def test_node_names_link_to_the_node_page(client, org):
    node = statutory(FINANCE)
    html = client.get(tree_url(org)).content.decode()
    assert f'href="{node_url(org, node)}">{FINANCE}</a>' in html


def test_the_tree_counts_in_one_aggregate_query_however_many_nodes(
    client, django_assert_max_num_queries
):
    org = make_org()
    for i in range(10):
        node = local_node(org, name=f"部门预算{i}")
        publish_document(organization=org, category=node)
    # The agency, its nodes, the counts of every node.
    with django_assert_max_num_queries(3):
        response = client.get(tree_url(org))
    assert response.status_code == 200


# -- a node's page --------------------------------------------------------------------------


def test_a_node_lists_its_documents_and_interpretations_newest_first_in_the_article_12_form(
    client, org
):
    node = local_node(org)
    older = publish_document(
        organization=org,
        category=node,
        title="2024年部门预算公开说明",
        summary="公开2024年部门收支预算。",
        written_on=D(2024, 1, 20),
        on=D(2024, 2, 1),
    )
    interpretation = publish_interpretation(
        make_interpretation(older, title="一图读懂2024年部门预算", summary="预算要点图解。"),
        on=D(2024, 2, 3),
    )
    html = client.get(node_url(org, node)).content.decode()
    for header in ("索引号", "名称", "内容概述", "生成日期"):
        assert f'<th scope="col">{header}</th>' in html
    assert html.index("一图读懂2024年部门预算") < html.index("2024年部门预算公开说明")
    assert older.index_number in html and interpretation.index_number in html
    assert "公开2024年部门收支预算。" in html and "预算要点图解。" in html
    assert "2024-01-20" in html  # a document is formed on its 成文日期
    assert f'href="{older.get_absolute_url()}"' in html
    assert f'href="{interpretation.get_absolute_url()}"' in html
    assert "（政策解读）" in html


def test_a_node_page_includes_its_sub_nodes_items_and_lists_the_sub_nodes(client, org):
    budget = local_node(org)
    publish_document(organization=org, category=budget, title="部门预算文件")
    html = client.get(node_url(org, statutory(FINANCE))).content.decode()
    assert "部门预算文件" in html
    assert f'href="{node_url(org, budget)}">部门预算</a>' in html


def test_a_node_page_shows_only_published_items(client, org):
    node = statutory(FINANCE)
    make_document(organization=org, category=node, title="草稿文件")
    html = client.get(node_url(org, node)).content.decode()
    assert "草稿文件" not in html
    assert "该目录下暂无已公开的信息" in html


def test_a_node_page_is_paginated(client, org):
    node = statutory(FINANCE)
    user = supervisor()
    for i in range(22):
        publish_document(organization=org, category=node, title=f"预算文件{i:02d}", by=user)
    html = client.get(node_url(org, node)).content.decode()
    assert "共 22 条" in html and "下一页" in html
    assert "预算文件" in client.get(node_url(org, node), {"page": 2}).content.decode()


def test_another_agencys_own_node_is_a_404(client, org):
    theirs = local_node(make_org())
    response = client.get(node_url(org, theirs))
    assert response.status_code == 404


def test_a_statutory_node_that_does_not_apply_to_the_agency_is_a_404(client):
    department = make_org(level=Organization.Level.CITY)
    township_only = Category.objects.statutory().get(name="筹资筹劳")
    assert client.get(node_url(department, township_only)).status_code == 404
    missing = client.get(reverse("disclosure:category-items", args=[department.slug, 999999]))
    assert missing.status_code == 404


def test_a_node_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    org = make_org()
    node = statutory(FINANCE)
    document = publish_document(organization=org, category=node)
    for _ in range(5):
        publish_document(organization=org, category=node)
        publish_interpretation(make_interpretation(document, category=node))
    # The agency, its nodes, the counts, the page's count and its rows.
    with django_assert_max_num_queries(5):
        response = client.get(node_url(org, node))
    assert response.status_code == 200


def test_the_standard_catalog_links_an_item_to_its_node_page(client, org):
    from catalog.models import StandardCatalogItem

    node = local_node(org)
    StandardCatalogItem.objects.create(
        organization=org,
        domain="财政预决算",
        matter="部门预算",
        content="部门预算报表及说明",
        basis="《中华人民共和国预算法》",
        time_limit="批复后20日内",
        subject="本机关",
        channels="政府网站",
        audience_public=True,
        mode_proactive=True,
        level_county=True,
        category=node,
    )
    html = client.get(reverse("disclosure:standard-catalog", args=[org.slug])).content.decode()
    assert node_url(org, node) in html


# -- update rules -----------------------------------------------------------------------------


def test_a_working_day_rule_counts_across_the_national_day_holiday():
    node = Category(update_rule="working_days", update_working_days=3)
    assert node.update_rule_label == "信息形成或变更之日起3个工作日内"
    assert node.update_due_after(D(2025, 9, 30)) == D(2025, 10, 11)


def test_the_working_day_rule_defaults_to_the_20_days_of_article_26():
    node = Category(update_rule="working_days")
    assert node.update_rule_label == "信息形成或变更之日起20个工作日内"


def test_periodic_rules_allow_until_the_end_of_the_following_period():
    def due(rule):
        return Category(update_rule=rule).update_due_after(D(2025, 8, 15))

    assert due("monthly") == D(2025, 9, 30)
    assert due("quarterly") == D(2025, 12, 31)
    assert due("yearly") == D(2026, 12, 31)
    assert Category(update_rule="monthly").update_due_after(D(2025, 12, 3)) == D(2026, 1, 31)


def test_a_node_not_updated_within_its_rule_is_listed_and_a_fresh_one_is_not(org):
    stale = local_node(org, name="部门预算", update_rule="monthly")
    fresh = local_node(org, name="部门决算", update_rule="monthly")
    publish_document(organization=org, category=stale, on=D(2025, 6, 10))
    publish_document(organization=org, category=fresh, on=D(2025, 9, 10))
    rows = timeliness.stale_nodes([org], today=D(2025, 10, 1))
    listed = {r.node.pk: r for r in rows}
    assert stale.pk in listed and fresh.pk not in listed
    assert listed[stale.pk].last_update == D(2025, 6, 10)
    assert listed[stale.pk].due_on == D(2025, 7, 31)


def test_a_node_with_a_rule_and_nothing_published_is_listed_as_never_updated(org):
    node = local_node(org, update_rule="yearly")
    rows = timeliness.stale_nodes([org], today=D(2025, 10, 1))
    assert [r.node.pk for r in rows if r.never_updated] == [node.pk]


def test_a_sub_nodes_item_counts_as_an_update_of_its_parent(org):
    Category.objects.filter(pk=statutory(FINANCE).pk).update(update_rule="yearly")
    publish_document(organization=org, category=local_node(org), on=D(2025, 3, 1))
    rows = timeliness.stale_nodes([org], today=D(2025, 10, 1))
    assert statutory(FINANCE).pk not in {r.node.pk for r in rows}


def test_the_staff_page_lists_stale_nodes_of_the_staff_members_own_agency(client, org):
    mine = local_node(org, name="部门预算", update_rule="working_days", update_working_days=20)
    publish_document(organization=org, category=mine, on=D(2024, 1, 5))
    other = make_org()
    local_node(other, name="别人的目录", update_rule="monthly")
    client.force_login(make_staff(org))
    html = client.get(reverse("disclosure:catalog-updates")).content.decode()
    assert "部门预算" in html
    assert "信息形成或变更之日起20个工作日内" in html
    assert "2024-01-05" in html
    assert "别人的目录" not in html
    forbidden = client.get(reverse("disclosure:catalog-updates"), {"org": other.slug})
    assert forbidden.status_code == 403


def test_the_supervisor_sees_every_agency_and_can_choose_one(client, org):
    other = make_org()
    local_node(org, name="甲的目录", update_rule="monthly")
    local_node(other, name="乙的目录", update_rule="monthly")
    client.force_login(supervisor())
    url = reverse("disclosure:catalog-updates")
    html = client.get(url).content.decode()
    assert "甲的目录" in html and "乙的目录" in html
    only = client.get(url, {"org": other.slug}).content.decode()
    assert "乙的目录" in only and "甲的目录" not in only


def test_the_staff_page_needs_a_login(client):
    response = client.get(reverse("disclosure:catalog-updates"))
    assert response.status_code == 302
    assert "login" in response["Location"]
