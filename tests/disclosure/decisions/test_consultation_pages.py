"""意见征集 public pages: the list with its filters, one consultation, the links between a
consultation and its final document, and no commenter's data on any public page."""

import datetime

import pytest
from django.urls import reverse

from disclosure.decisions import consultations
from disclosure.decisions.models import (
    Adoption,
    Consultation,
    DecisionCatalog,
    DecisionItem,
    MeetingAttendance,
    MeetingTopic,
    Viewpoint,
)
from tests.conftest import make_org
from tests.disclosure.builders import publish_document
from tests.disclosure.decisions.builders import (
    EMAIL,
    NAME,
    PHONE,
    D,
    add_comment,
    make_consultation,
    make_meeting,
    open_consultation,
    publish_consultation,
    staff_supervisor,
)

pytestmark = pytest.mark.django_db

LIST = "/yjzj/"


def page(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response.content.decode()


def answered(consultation, *, staff=None, **comment_fields):
    """Tag one comment per tag, write 主要观点 and publish the feedback."""
    staff = staff or staff_supervisor()
    point = Viewpoint.objects.create(
        consultation=consultation, summary="建议延长过渡期", response="部分采纳，过渡期定为一年。"
    )
    for adoption, reason in [
        (Adoption.ADOPTED, ""),
        (Adoption.PARTLY, "过渡期定为一年。"),
        (Adoption.NOT_ADOPTED, "与上位法不一致。"),
    ]:
        comment = add_comment(consultation, **comment_fields)
        consultations.tag_comment(
            comment, by=staff, adoption=adoption, reason=reason, viewpoint=point
        )
    Consultation.objects.filter(pk=consultation.pk).update(
        feedback_summary="共收到意见若干条，逐条研究。", letter_count=2, meeting_count=5
    )
    return consultations.publish_feedback(
        consultation, by=staff, on=consultation.ends_on + datetime.timedelta(days=10)
    )


def test_the_list_shows_open_closed_and_answered_consultations(client):
    running = open_consultation(title="征集中的草案")
    finished = publish_consultation(title="已结束的草案")
    done = answered(publish_consultation(title="已反馈的草案"))
    make_consultation(title="草稿中的草案")
    html = page(client, LIST)
    assert "征集中的草案" in html and "已结束的草案" in html and "已反馈的草案" in html
    assert "草稿中的草案" not in html
    assert "还剩 " in html
    assert "共 3 项意见征集" in html
    open_only = page(client, LIST, {"phase": "open"})
    assert "征集中的草案" in open_only and "已结束的草案" not in open_only
    closed = page(client, LIST, {"phase": "closed"})
    assert "已结束的草案" in closed and "已反馈的草案" not in closed
    answered_only = page(client, LIST, {"phase": "answered"})
    assert "已反馈的草案" in answered_only and "征集中的草案" not in answered_only
    assert running.pk and finished.pk and done.pk


def test_the_list_filters_by_agency_and_year(client):
    edu, water = make_org(name="测试市教育局"), make_org(name="测试市水务局")
    publish_consultation(organization=edu, title="教育草案")
    publish_consultation(
        organization=water, title="水务草案", starts_on=D(2024, 3, 1), ends_on=D(2024, 3, 31)
    )
    by_agency = page(client, LIST, {"organization": edu.slug})
    assert "教育草案" in by_agency and "水务草案" not in by_agency
    by_year = page(client, LIST, {"year": "2024"})
    assert "水务草案" in by_year and "教育草案" not in by_year


def test_the_list_has_an_empty_state(client):
    assert "没有符合条件的意见征集" in page(client, LIST)


def test_an_open_consultation_shows_its_draft_days_left_and_the_form(client):
    today = consultations.beijing_date()
    consultation = open_consultation(
        starts_on=today - datetime.timedelta(days=20), ends_on=today + datetime.timedelta(days=12)
    )
    html = page(client, consultation.get_absolute_url())
    assert "第一条 为规范管理，制定本办法。" in html
    assert "起草背景和主要内容。" in html
    assert "距征求意见截止还有 12 天" in html
    assert 'name="text"' in html and "提交意见" in html
    assert "zqyj@example.gov.cn" in html  # the other ways to comment


def test_a_short_period_shows_its_reason(client):
    consultation = open_consultation(
        kind=Consultation.Kind.MAJOR,
        starts_on=consultations.beijing_date(),
        ends_on=consultations.beijing_date() + datetime.timedelta(days=14),
        short_period_reason="汛期临近，须尽快出台。",
    )
    html = page(client, consultation.get_absolute_url())
    assert "本次征求意见期限为15日，短于30日" in html
    assert "汛期临近，须尽快出台。" in html


def test_a_closed_consultation_says_so_and_awaits_its_feedback(client):
    consultation = publish_consultation()
    html = page(client, consultation.get_absolute_url())
    assert "24时截止，不再接收意见" in html
    assert 'name="text"' not in html
    assert "意见采纳情况反馈将在本页公开" in html


def test_the_feedback_shows_counts_viewpoints_and_reasons(client):
    consultation = answered(publish_consultation())
    html = page(client, consultation.get_absolute_url())
    assert "意见采纳情况反馈" in html
    assert "共收到意见 <strong>10</strong> 条" in html  # 3 records + 2 letters + 5 meetings
    assert "采纳意见（含部分采纳）2 条" in html
    assert "建议延长过渡期（3 条意见）" in html
    assert "部分采纳，过渡期定为一年。" in html
    assert "与上位法不一致。" in html


def test_a_consultation_and_its_final_document_link_to_each_other(client):
    consultation = publish_consultation()
    document = publish_document(
        by=staff_supervisor(), title="测试管理办法", organization=consultation.organization
    )
    consultations.link_final_document(consultation, by=staff_supervisor(), document=document)
    html = page(client, consultation.get_absolute_url())
    assert f'href="{document.get_absolute_url()}">《测试管理办法》' in html
    html = page(client, document.get_absolute_url())
    assert f'href="{consultation.get_absolute_url()}">{consultation.title}' in html


def test_no_public_page_shows_a_commenters_name_phone_or_email(client, settings, tmp_path):
    """Every public page this feature adds or touches, with comments in every state."""
    settings.MEDIA_ROOT = tmp_path
    government = make_org(kind="government", name="测试市人民政府")
    contact = {"name": NAME, "phone": PHONE, "email": EMAIL}
    running = open_consultation(organization=government)
    add_comment(running, **contact, text="征集中的意见")
    done = answered(publish_consultation(organization=government), **contact)
    document = publish_document(by=staff_supervisor(), organization=government)
    consultations.link_final_document(done, by=staff_supervisor(), document=document)
    catalog = DecisionCatalog.objects.create(organization=government, year=2025, is_published=True)
    DecisionItem.objects.create(
        catalog=catalog, title="决策事项", lead_unit="市司法局", consultation=done
    )
    meeting = make_meeting(government)
    topic = MeetingTopic.objects.create(meeting=meeting, title="议题", decision="议定事项")
    topic.documents.add(document)
    MeetingAttendance.objects.create(meeting=meeting, category="public", count=2)
    urls = [
        LIST,
        f"{LIST}?phase=answered",
        f"{LIST}?organization={government.slug}",
        running.get_absolute_url(),
        done.get_absolute_url(),
        government.get_absolute_url(),
        reverse("disclosure:decision-catalog", args=[government.slug]),
        reverse("disclosure:meeting-list", args=[government.slug]),
        meeting.get_absolute_url(),
        document.get_absolute_url(),
        reverse("disclosure:document-list"),
        "/",
    ]
    for url in urls:
        html = page(client, url)
        for secret in (NAME, PHONE, EMAIL):
            assert secret not in html, f"{secret} on {url}"


def test_the_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(6):
        open_consultation()
    with django_assert_max_num_queries(5):
        page(client, LIST, {"phase": "open"})


def test_the_page_with_feedback_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    consultation = answered(publish_consultation())
    for i in range(3):
        Viewpoint.objects.create(consultation=consultation, summary=f"观点{i}")
    # The consultation, its files, its draft-stage interpretations, the counts, the 主要观点,
    # the not-adopted comments.
    with django_assert_max_num_queries(6):
        page(client, consultation.get_absolute_url())
