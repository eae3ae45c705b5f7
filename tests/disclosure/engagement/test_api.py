"""The engagement API: interviews with transcripts, activities with places left,
commitment lists with computed statuses; nothing of askers or sign-ups."""

import datetime

import pytest

from disclosure.publishing import steps as publishing
from tests.disclosure.decisions.builders import staff_supervisor
from tests.disclosure.engagement.builders import (
    EMAIL,
    NAME,
    PHONE,
    answered_interview,
    make_activity,
    make_commitment,
    make_interview,
    publish,
    sign_up,
)

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture(autouse=True)
def _no_limit(settings):
    settings.API_RATE_LIMIT = 10_000


def test_an_interview_gives_its_transcript_without_the_asker(client):
    interview = answered_interview()
    data = client.get(f"{API}/interviews/{interview.pk}/").json()
    assert data["transcript"] == [
        {
            "question": "问题甲：补贴怎么申请？",
            "answer": "答复甲：网上申请。",
            "guest": {"name": "嘉宾乙", "post": "局长"},
        }
    ]
    body = str(data)
    for secret in (NAME, PHONE, EMAIL, "无关内容", "待审核的问题"):
        assert secret not in body


def test_a_draft_interview_is_404_and_a_withdrawn_one_410(client):
    draft = make_interview()
    assert client.get(f"{API}/interviews/{draft.pk}/").status_code == 404
    interview = answered_interview()
    publishing.withdraw(interview, by=staff_supervisor(), reason="错误")
    assert client.get(f"{API}/interviews/{interview.pk}/").status_code == 410


def test_the_interview_list_has_the_published_ones(client):
    interview = answered_interview()
    make_interview()
    data = client.get(f"{API}/interviews/").json()
    assert [row["id"] for row in data["results"]] == [interview.pk]


def test_an_activity_gives_its_places_left_and_nothing_of_the_sign_ups(client):
    activity = make_activity(quota=5)
    signup = sign_up(activity, people=2, phone=PHONE, name=NAME)
    data = client.get(f"{API}/activities/{activity.pk}/").json()
    assert data["quota"] == 5 and data["places_left"] == 3
    body = str(client.get(f"{API}/activities/").json())
    for secret in (NAME, PHONE, signup.code):
        assert secret not in body and secret not in str(data)


def test_a_commitment_list_gives_each_task_with_its_status(client):
    task = make_commitment(deadline=datetime.date(2020, 1, 1))
    clist = publish(task.commitment_list)
    data = client.get(f"{API}/commitment-lists/{clist.pk}/").json()
    assert data["commitments"][0]["status"] == {"code": "overdue", "label": "逾期未完成"}
    listed = client.get(f"{API}/commitment-lists/").json()
    assert [row["id"] for row in listed["results"]] == [clist.pk]
