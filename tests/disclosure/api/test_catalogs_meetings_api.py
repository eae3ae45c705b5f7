"""/api/v1/decision-catalogs/ and /api/v1/meetings/: published only, public links only."""

import pytest

from disclosure.decisions.models import DecisionCatalog, MeetingAttendance, MeetingTopic
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document
from tests.disclosure.decisions.builders import (
    D,
    make_consultation,
    make_meeting,
    publish_consultation,
    staff_supervisor,
)
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation

pytestmark = pytest.mark.django_db

CATALOGS = "/api/v1/decision-catalogs/"
MEETINGS = "/api/v1/meetings/"


@pytest.fixture
def government():
    return make_org(kind="government", name="测试市人民政府")


def catalog(org, year, *, published=True, **fields):
    return DecisionCatalog.objects.create(
        organization=org, year=year, is_published=published, **fields
    )


# -- 重大行政决策事项目录 ------------------------------------------------------------------------


def test_catalogs_are_listed_per_agency_and_year_and_never_unpublished(
    client, government, conforms
):
    other = make_org()
    catalog(government, 2025).items.create(title="事项一", lead_unit="市司法局")
    catalog(government, 2026, published_on=D(2026, 2, 20))
    catalog(government, 2027, published=False)
    catalog(other, 2026)
    data = client.get(CATALOGS).json()
    conforms(data, "DecisionCatalogList")
    assert [(c["organization"]["slug"], c["year"]) for c in data["results"]][-1] == (
        government.slug,
        2025,
    )
    assert data["count"] == 3
    mine = client.get(CATALOGS, {"organization": government.slug}).json()["results"]
    assert [(c["year"], c["item_count"]) for c in mine] == [(2026, 0), (2025, 1)]
    assert mine[0]["url"] == f"http://testserver/xxgk/{government.slug}/jcml/?year=2026"
    assert mine[0]["published_on"] == "2026-02-20"
    assert [c["year"] for c in client.get(CATALOGS, {"year": 2026}).json()["results"]] == [
        2026,
        2026,
    ]
    hidden = DecisionCatalog.objects.get(year=2027)
    assert client.get(f"{CATALOGS}{hidden.pk}/").status_code == 404


def test_a_catalog_gives_its_items_and_links_only_to_public_ones(client, government, conforms):
    staff = staff_supervisor()
    consultation = publish_consultation(organization=government)
    decision = publish_document(by=staff, organization=government, title="决策文件")
    year = catalog(government, 2026)
    year.items.create(
        position=1,
        title="编制国土空间总体规划",
        lead_unit="市自然资源和规划局",
        basis="《中华人民共和国土地管理法》",
        planned_completion="2026年6月",
        hearing_planned=True,
        status="decided",
        consultation=consultation,
        decision_document=decision,
        evaluation_report=make_document(organization=government, title="未发布的评估报告"),
    )
    year.items.create(
        position=2,
        title="调整公交票价",
        lead_unit="市交通运输局",
        consultation=make_consultation(organization=government),
    )
    data = client.get(f"{CATALOGS}{year.pk}/").json()
    conforms(data, "DecisionCatalog")
    first, second = data["items"]
    assert (first["title"], first["hearing_planned"], first["status"]["label"]) == (
        "编制国土空间总体规划",
        True,
        "已决策",
    )
    assert first["consultation"]["url"] == f"http://testserver/yjzj/{consultation.pk}/"
    assert first["decision_document"]["title"] == "决策文件"
    assert first["evaluation_report"] is None  # a draft is not named
    assert second["consultation"] is None and second["planned_completion"] is None


def test_a_catalog_costs_the_same_queries_however_many_items(
    client, government, django_assert_max_num_queries
):
    staff = staff_supervisor()
    year = catalog(government, 2026)

    def add(n):
        year.items.create(
            title=f"事项{n}",
            lead_unit="局",
            consultation=publish_consultation(organization=government),
            decision_document=publish_document(by=staff, organization=government),
        )

    add(0)
    with django_assert_max_num_queries(2) as few:
        client.get(f"{CATALOGS}{year.pk}/")
    with django_assert_max_num_queries(2):
        client.get(CATALOGS)
    for n in range(1, 5):
        add(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(f"{CATALOGS}{year.pk}/").json()["items"]) == 5


# -- 政府常务会议 ---------------------------------------------------------------------------


def test_meetings_are_listed_newest_first_and_filtered_like_the_column(
    client, government, conforms
):
    make_meeting(government, title="第十次常务会议", held_on=D(2025, 3, 1))
    newest = make_meeting(government, title="第二十次常务会议", held_on=D(2026, 5, 1))
    make_meeting(government, title="未公开的会议", held_on=D(2026, 6, 1), is_published=False)
    make_meeting(title="别处的会议", held_on=D(2026, 4, 1))
    MeetingTopic.objects.create(meeting=newest, title="研究实施意见", decision="通过。")
    data = client.get(MEETINGS, {"organization": government.slug}).json()
    conforms(data, "MeetingList")
    assert [m["title"] for m in data["results"]] == ["第二十次常务会议", "第十次常务会议"]
    assert data["results"][0]["topic_titles"] == ["研究实施意见"]
    assert data["results"][0]["url"] == (
        f"http://testserver/xxgk/{government.slug}/cwhy/{newest.pk}/"
    )
    by_year = client.get(MEETINGS, {"organization": government.slug, "year": 2025}).json()
    assert [m["title"] for m in by_year["results"]] == ["第十次常务会议"]
    assert client.get(MEETINGS).json()["count"] == 3


def test_a_meeting_gives_topics_public_links_and_attendance_by_category(
    client, government, conforms
):
    staff = staff_supervisor()
    meeting = make_meeting(government, title="市政府第12次常务会议", reading="<p>会议解读</p>")
    document = publish_document(by=staff, organization=government, title="已发布的实施意见")
    interpretation = publish_interpretation(make_interpretation(document), by=staff)
    topic = MeetingTopic.objects.create(
        meeting=meeting, title="研究实施意见", decision="会议原则通过实施意见。"
    )
    topic.documents.add(document, make_document(organization=government, title="草稿文件"))
    topic.interpretations.add(interpretation)
    MeetingAttendance.objects.create(
        meeting=meeting, category="public", count=2, description="市民代表", opinions="建议……"
    )
    MeetingAttendance.objects.create(meeting=meeting, category="media", count=3)
    data = client.get(f"{MEETINGS}{meeting.pk}/").json()
    conforms(data, "Meeting")
    [only] = data["topics"]
    assert (only["title"], only["decision"]) == ("研究实施意见", "会议原则通过实施意见。")
    assert [d["title"] for d in only["documents"]] == ["已发布的实施意见"]
    assert [i["id"] for i in only["interpretations"]] == [interpretation.pk]
    assert [(a["category"]["label"], a["count"]) for a in data["attendance"]] == [
        ("公众代表", 2),
        ("媒体", 3),
    ]
    assert data["attendance_total"] == 5
    assert data["reading_html"] == "<p>会议解读</p>"


def test_an_unpublished_meeting_is_not_found_and_bodies_give_304s(client, government):
    hidden = make_meeting(government, is_published=False)
    assert client.get(f"{MEETINGS}{hidden.pk}/").status_code == 404
    shown = make_meeting(government)
    url = f"{MEETINGS}{shown.pk}/"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    MeetingTopic.objects.create(meeting=shown, title="新议题", decision="通过。")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_meetings_cost_the_same_queries_however_many_topics(
    client, government, django_assert_max_num_queries
):
    staff = staff_supervisor()
    meeting = make_meeting(government)

    def add(n):
        topic = MeetingTopic.objects.create(meeting=meeting, title=f"议题{n}", decision="通过。")
        document = publish_document(by=staff, organization=government)
        topic.documents.add(document)
        topic.interpretations.add(publish_interpretation(make_interpretation(document), by=staff))

    add(0)
    with django_assert_max_num_queries(5) as few:
        client.get(f"{MEETINGS}{meeting.pk}/")
    with django_assert_max_num_queries(3) as few_list:
        client.get(MEETINGS)
    for n in range(1, 4):
        add(n)
        make_meeting(government)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(f"{MEETINGS}{meeting.pk}/").json()["topics"]) == 4
    with django_assert_max_num_queries(len(few_list.captured_queries)):
        assert len(client.get(MEETINGS).json()["results"]) == 4
