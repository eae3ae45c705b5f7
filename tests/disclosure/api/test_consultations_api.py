"""/api/v1/consultations/: published consultations, their feedback, and nothing of a
commenter."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F

from disclosure.decisions import consultations
from disclosure.decisions.models import (
    Adoption,
    Comment,
    Consultation,
    ConsultationAttachment,
    Viewpoint,
)
from disclosure.publishing import steps as publishing
from tests.conftest import make_org
from tests.disclosure import files
from tests.disclosure.builders import publish_document
from tests.disclosure.decisions.builders import (
    D,
    add_comment,
    make_consultation,
    open_consultation,
    publish_consultation,
    staff_supervisor,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/consultations/"
MARKER = "zqmarker7731"  # put in every field a commenter fills in


def results(client, params=None) -> list[dict]:
    response = client.get(LIST, params or {})
    assert response.status_code == 200
    return response.json()["results"]


def answer(consultation, staff, comments):
    """Tag ``comments`` ((adoption, reason, excerpt) each) and publish the feedback."""
    point = Viewpoint.objects.create(
        consultation=consultation, summary="建议延长过渡期", response="部分采纳，过渡期定为一年。"
    )
    for adoption, reason, excerpt, fields in comments:
        comment = add_comment(consultation, **fields)
        consultations.tag_comment(
            comment, by=staff, adoption=adoption, reason=reason, viewpoint=point, excerpt=excerpt
        )
    Consultation.objects.filter(pk=consultation.pk).update(
        feedback_summary="共收到意见若干条，逐条研究。", letter_count=2, meeting_count=5
    )
    return consultations.publish_feedback(
        consultation, by=staff, on=consultation.ends_on + datetime.timedelta(days=10)
    )


def test_the_list_gives_published_consultations_with_phase_and_days_left(client, conforms):
    running = open_consultation(title="《开放中的办法（征求意见稿）》")
    make_consultation(title="草稿征集")
    data = client.get(LIST).json()
    conforms(data, "ConsultationList")
    assert data["count"] == 1
    [item] = data["results"]
    assert item["title"] == running.title
    assert item["phase"] == {"code": "open", "label": "征集中"}
    assert item["days_left"] == 30 and item["accepts_comments"] is True
    assert item["kind"] == {"code": "major", "label": "重大行政决策"}
    assert item["url"] == f"http://testserver/yjzj/{running.pk}/"


def test_the_list_filters_by_agency_year_and_phase_like_the_page(client):
    staff = staff_supervisor()
    org = make_org()
    old = publish_consultation(organization=org, starts_on=D(2024, 3, 1), ends_on=D(2024, 3, 31))
    running = open_consultation(organization=org)
    elsewhere = open_consultation()
    answered = answer(publish_consultation(), staff, [(Adoption.ADOPTED, "", "", {})])

    def ids(params):
        return [c["id"] for c in results(client, params)]

    assert ids({"organization": org.slug}) == [running.pk, old.pk]
    assert ids({"year": 2024}) == [old.pk]
    assert set(ids({"phase": "open"})) == {running.pk, elsewhere.pk}
    assert ids({"phase": "answered"}) == [answered.pk]
    assert ids({"phase": "closed"}) == [old.pk]
    response = client.get(LIST, {"phase": "later"})
    assert response.status_code == 400 and "phase" in response.json()["fields"]


def test_a_withdrawn_or_draft_consultation_is_not_found(client, conforms):
    draft = make_consultation()
    withdrawn = publish_consultation()
    publishing.withdraw(withdrawn, by=staff_supervisor(), reason="撤回")
    response = client.get(f"{LIST}{draft.pk}/")
    assert response.status_code == 404
    conforms(response.json(), "Error")
    # Withdrawn: 410 Gone, saying so and when (the public page's notice).
    response = client.get(f"{LIST}{withdrawn.pk}/")
    assert response.status_code == 410
    assert "已" in response.json()["detail"] and "撤回" in response.json()["detail"]
    conforms(response.json(), "Withdrawn")
    assert results(client) == []


def test_a_consultation_gives_its_draft_files_feedback_and_final_document(
    client, conforms, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    staff = staff_supervisor()
    consultation = publish_consultation(
        kind=Consultation.Kind.OTHER, explanation="<p>起草说明正文</p>"
    )
    ConsultationAttachment.objects.create(
        consultation=consultation,
        kind=ConsultationAttachment.Kind.EXPLANATION,
        title="起草说明",
        file=SimpleUploadedFile("qcsm.pdf", files.pdf_bytes(), "application/pdf"),
    )
    answer(
        consultation,
        staff,
        [
            (Adoption.ADOPTED, "", "", {}),
            (Adoption.PARTLY, "过渡期定为一年。", "建议设置过渡期", {}),
            (Adoption.NOT_ADOPTED, "与上位法不一致。", "", {}),
        ],
    )
    document = publish_document(by=staff, organization=consultation.organization, title="正式办法")
    consultations.link_final_document(consultation, by=staff, document=document)

    data = client.get(f"{LIST}{consultation.pk}/").json()
    conforms(data, "Consultation")
    assert data["draft_html"] == "<p>第一条 为规范管理，制定本办法。</p>"
    assert data["explanation_html"] == "<p>起草说明正文</p>"
    [file] = data["attachments"]
    assert file["kind"]["label"] == "起草说明" and file["format"] == "PDF"
    assert file["url"].startswith("http://testserver/media/consultations/")
    assert data["final_document"]["title"] == "正式办法"
    assert data["phase"]["code"] == "answered" and data["days_left"] is None
    feedback = data["feedback"]
    counts = consultations.feedback_counts(Consultation.objects.get(pk=consultation.pk))
    assert feedback["counts"]["received"] == counts.received == 10  # 3 + 2 letters + 5
    assert feedback["counts"]["adopted"] == 2
    assert [(r["code"], r["count"]) for r in feedback["counts"]["by_adoption"]] == [
        ("adopted", 1),
        ("partly", 1),
        ("not_adopted", 1),
        ("out_of_scope", 0),
    ]
    assert feedback["viewpoints"] == [
        {"summary": "建议延长过渡期", "response": "部分采纳，过渡期定为一年。", "comment_count": 3}
    ]
    assert [
        (c["adoption"]["code"], c["excerpt"], c["reason"]) for c in feedback["not_adopted"]
    ] == [
        ("not_adopted", "建议延长过渡期", "与上位法不一致。"),  # no excerpt: its 主要观点
        ("partly", "建议设置过渡期", "过渡期定为一年。"),
    ]


def test_before_the_feedback_is_published_there_is_none(client):
    consultation = publish_consultation()
    consultations.tag_comment(
        add_comment(consultation),
        by=staff_supervisor(),
        adoption=Adoption.NOT_ADOPTED,
        reason="理由",
    )
    data = client.get(f"{LIST}{consultation.pk}/").json()
    assert data["feedback"] is None and data["phase"]["code"] == "closed"


def test_no_response_carries_a_commenters_data_or_unpublished_comment_text(
    client, settings, tmp_path
):
    """Every field a commenter fills in holds the marker; no answer of the API shows it."""
    settings.MEDIA_ROOT = tmp_path
    staff = staff_supervisor()
    org = make_org()
    commenter = {
        "name": f"{MARKER}姓名",
        "phone": f"139{MARKER}",
        "email": f"{MARKER}@example.com",
        "text": f"意见原文{MARKER}",
        "attachment": SimpleUploadedFile(f"{MARKER}.pdf", f"%PDF-1.7 {MARKER}".encode()),
    }
    running = open_consultation(organization=org)
    add_comment(running, **commenter)
    done = publish_consultation(organization=org)
    answer(
        done,
        staff,
        [
            (Adoption.ADOPTED, "", "", commenter),
            (Adoption.NOT_ADOPTED, "与上位法不一致。", "", commenter),
            (Adoption.PARTLY, "部分采纳。", "工作人员公开的摘要", commenter),
            (Adoption.OUT_OF_SCOPE, "不属于征求范围。", "", commenter),
        ],
    )
    assert Comment.objects.filter(name__contains=MARKER).count() == 5
    urls = [
        LIST,
        f"{LIST}?organization={org.slug}",
        f"{LIST}?phase=answered",
        f"{LIST}?phase=open",
        f"{LIST}{running.pk}/",
        f"{LIST}{done.pk}/",
        "/api/v1/",
    ]
    for url in urls:
        body = client.get(url).content.decode().lower()
        assert MARKER not in body, url
    # The staff's anonymised excerpt is what the feedback publishes instead.
    assert "工作人员公开的摘要" in client.get(f"{LIST}{done.pk}/").content.decode()


def test_a_conditional_get_is_answered_304_until_the_feedback_is_published(client):
    staff = staff_supervisor()
    consultation = publish_consultation()
    consultations.tag_comment(add_comment(consultation), by=staff, adoption=Adoption.ADOPTED)
    Consultation.objects.filter(pk=consultation.pk).update(
        feedback_summary="说明", updated_at=F("updated_at") - datetime.timedelta(minutes=1)
    )
    url = f"{LIST}{consultation.pk}/"
    list_etag, etag = client.get(LIST)["ETag"], client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(LIST, HTTP_IF_NONE_MATCH=list_etag).status_code == 304
    consultations.publish_feedback(consultation, by=staff, on=D(2025, 4, 10))
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response.json()["feedback"] is not None
    assert client.get(LIST, HTTP_IF_NONE_MATCH=list_etag).status_code == 200


def test_pages_and_the_feedback_cost_the_same_queries_however_many_rows(
    client, django_assert_max_num_queries
):
    staff = staff_supervisor()
    open_consultation()
    with django_assert_max_num_queries(3) as few:
        client.get(LIST, {"phase": "open"})
    for _ in range(4):
        open_consultation()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(results(client, {"phase": "open"})) == 5

    consultation = answer(publish_consultation(), staff, [(Adoption.NOT_ADOPTED, "理由", "", {})])
    # The stamp, the consultation, its files, the counts, the 主要观点, the listed comments.
    with django_assert_max_num_queries(6):
        client.get(f"{LIST}{consultation.pk}/")
    for i in range(3):
        Viewpoint.objects.create(consultation=consultation, summary=f"观点{i}")
    with django_assert_max_num_queries(6):
        data = client.get(f"{LIST}{consultation.pk}/").json()
    assert len(data["feedback"]["viewpoints"]) == 4
