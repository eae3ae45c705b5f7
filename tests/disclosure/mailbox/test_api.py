"""The API's letters (published only, no personal data) and figures."""

import datetime

import pytest

from disclosure.mailbox import workflow
from tests.disclosure.mailbox.builders import WRITER, make_letter

pytestmark = pytest.mark.django_db


def test_the_api_lists_published_letters_without_the_writer(client, org, clerk):
    hidden = make_letter(org, may_publish=True, title="未公开的留言标题")
    letter = make_letter(org, may_publish=True)
    workflow.accept(letter, by=clerk)
    workflow.answer(letter, by=clerk, reply="已处理。")
    workflow.publish(letter, by=clerk)
    response = client.get("/api/v1/letters/")
    data = response.json()
    assert data["count"] == 1 and data["results"][0]["reply"] == "已处理。"
    text = response.content.decode()
    assert hidden.title not in text and letter.code not in text
    assert all(value not in text for value in WRITER.values())
    assert client.get(f"/api/v1/letters/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/letters/{letter.pk}/").json()["title"] == letter.title


def test_the_api_gives_each_agency_s_figures_of_a_month(client, org):
    make_letter(org, received_on=datetime.date(2025, 3, 3))
    data = client.get("/api/v1/letter-figures/", {"year": 2025, "month": 3}).json()
    row = next(r for r in data["results"] if r["organization"]["slug"] == org.slug)
    assert (row["period"], row["received"], row["closed"], row["answer_rate"]) == (
        "2025-03",
        1,
        0,
        "0.0",
    )


def test_an_invalid_month_is_refused_in_chinese(client):
    response = client.get("/api/v1/letter-figures/", {"month": 13})
    assert response.status_code == 400 and "month" in response.json()["fields"]
