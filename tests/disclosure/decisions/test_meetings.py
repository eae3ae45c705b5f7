"""政府常务会议: a government's meetings newest first by year, one meeting's 议题, 议定事项,
linked documents and interpretations, 列席 by category and number, and 会议解读."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from disclosure.decisions.models import Meeting, MeetingAttendance, MeetingTopic
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document
from tests.disclosure.decisions.builders import D, make_meeting, staff_supervisor
from tests.disclosure.interpretation_builders import publish_interpretation

pytestmark = pytest.mark.django_db


@pytest.fixture
def government():
    return make_org(kind="government", name="测试市人民政府")


def listing(client, org, **params):
    return client.get(reverse("disclosure:meeting-list", args=[org.slug]), params)


def test_meetings_are_listed_newest_first_under_their_year(client, government):
    make_meeting(government, title="第十次常务会议", held_on=D(2025, 3, 1))
    make_meeting(government, title="第二十次常务会议", held_on=D(2026, 5, 1))
    make_meeting(government, title="第十五次常务会议", held_on=D(2025, 11, 1))
    make_meeting(government, title="未公开的会议", held_on=D(2026, 6, 1), is_published=False)
    html = listing(client, government).content.decode()
    order = [
        html.index(t) for t in ("2026年</h3>", "第二十次", "2025年</h3>", "第十五次", "第十次")
    ]
    assert order == sorted(order)
    assert "未公开的会议" not in html
    one_year = listing(client, government, year="2025").content.decode()
    assert "第十次常务会议" in one_year and "第二十次常务会议" not in one_year
    assert listing(client, government, year="2024").status_code == 404


def test_only_a_government_has_the_column(client):
    department = make_org()
    assert listing(client, department).status_code == 404
    with pytest.raises(ValidationError, match="只能记录在人民政府名下"):
        make_meeting(department)


def test_a_meeting_shows_its_topics_public_links_attendance_and_reading(client, government):
    meeting = make_meeting(
        government, title="市政府第12次常务会议", reading="<p>会议解读正文</p><script>x</script>"
    )
    document = publish_document(
        by=staff_supervisor(), organization=government, title="已发布的实施意见"
    )
    draft = make_document(organization=government, title="尚未发布的文件")
    interpretation = publish_interpretation(title="实施意见解读")
    topic = MeetingTopic.objects.create(
        meeting=meeting, title="研究实施意见", decision="会议原则通过实施意见。"
    )
    topic.documents.set([document, draft])
    topic.interpretations.set([interpretation])
    MeetingAttendance.objects.create(
        meeting=meeting, category="public", count=2, opinions="建议增加公交线路，已采纳。"
    )
    MeetingAttendance.objects.create(meeting=meeting, category="media", count=3)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "研究实施意见" in html and "会议原则通过实施意见。" in html
    assert "《已发布的实施意见》" in html and "尚未发布的文件" not in html
    assert "实施意见解读" in html
    assert "本次会议邀请 5 人列席" in html and "公众代表" in html and "媒体" in html
    assert "建议增加公交线路，已采纳。" in html
    assert "会议解读正文" in html and "<script>" not in html


def test_an_unpublished_or_foreign_meeting_is_not_found(client, government):
    hidden = make_meeting(government, is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    other = make_org(kind="government")
    meeting = make_meeting(other)
    url = reverse("disclosure:meeting-detail", args=[government.slug, meeting.pk])
    assert client.get(url).status_code == 404


def test_an_empty_column_says_so(client, government):
    assert "暂无公开的常务会议信息" in listing(client, government).content.decode()


def test_the_pages_run_a_constant_number_of_queries(
    client, government, django_assert_max_num_queries
):
    for i in range(5):
        meeting = make_meeting(government, held_on=D(2025, i + 1, 1))
        for j in range(3):
            topic = MeetingTopic.objects.create(meeting=meeting, title=f"议题{j}", decision="同意")
            topic.documents.add(publish_document(by=staff_supervisor(), organization=government))
        MeetingAttendance.objects.create(meeting=meeting, category="expert", count=1)
    # The agency, its years, the count, the page of meetings, their topics.
    with django_assert_max_num_queries(5):
        listing(client, government)
    url = Meeting.objects.first().get_absolute_url()
    # The agency, the meeting, its topics, their documents and interpretations, 列席.
    with django_assert_max_num_queries(6):
        client.get(url)
