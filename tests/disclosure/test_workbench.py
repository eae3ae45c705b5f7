"""The admin home's 「工作台」 block: each staff page with its count, scoped to the agency."""

from __future__ import annotations

import itertools
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog.models import Category
from disclosure.column import workbench
from disclosure.publishing import steps as publishing
from requests_app import steps as request_steps
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document, supervisor
from tests.disclosure.concern_builders import make_concern
from tests.disclosure.decisions.builders import (
    D,
    beijing,
    make_consultation,
    now_at,
    publish_consultation,
)
from tests.disclosure.engagement import builders as engagement
from tests.disclosure.interpretation_builders import make_interpretation
from tests.disclosure.mailbox.builders import make_error_report, make_letter
from tests.requests_app.builders import make_request

pytestmark = pytest.mark.django_db
_seq = itertools.count(1)

TODAY = D(2025, 11, 3)  # a Monday; last year's annual reports are overdue
HOME = "/admin/"
LABELS = [
    "待审核",
    "政策文件",
    "政策解读",
    "意见征集",
    "回应关切",
    "逾期更新栏目",
    "解读超期",
    "待跟进解读或评估",
    "回应关切超时",
    "意见采纳情况反馈待发布",
    "网上留言待办",
    "超过60天未答复",
    "网站找错待处理",
    "访谈提问待审核",
    "申请待办",
    "年报",
]


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    now_at(monkeypatch, beijing(TODAY))


def block(html: str) -> str:
    start = html.index('aria-labelledby="workbench-title"')
    return html[start : html.index("</section>", start)]


def counts(html: str) -> dict[str, tuple[str, int]]:
    """label → (link, count) of every entry of the block."""
    found = re.findall(
        r'<a href="([^"]+)">([^<]+)<span class="workbench-count">（(\d+)）</span></a>', block(html)
    )
    return {label: (url.replace("&amp;", "&"), int(n)) for url, label, n in found}


def home(user) -> dict[str, tuple[str, int]]:
    client = Client()
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return counts(response.content.decode())


def fill(org, n: int, by) -> None:
    """``n`` items of each kind the block counts, for ``org``."""
    parent = Category.objects.statutory().filter(parent__isnull=True).first()
    for _ in range(n):
        publishing.submit_for_review(make_document(org), by=by)
        publishing.submit_for_review(make_interpretation(publish_document(organization=org)), by=by)
        publishing.submit_for_review(make_consultation(org), by=by)
        Category.objects.create(
            organization=org,
            parent=parent,
            name=f"本机关栏目{next(_seq)}",
            scope="local",
            update_rule="monthly",
        )
        publish_document(organization=org, genre="规范性文件", on=D(2025, 10, 9))
        publish_consultation(organization=org, starts_on=D(2025, 8, 27), ends_on=D(2025, 9, 26))
        make_request(org, by, D(2025, 10, 27))
        # In force for more than a year without a follow-up, and a concern left unanswered.
        publish_document(organization=org, major_policy=True, on=D(2024, 9, 2))
        concern = make_concern(org, learned_at=beijing(D(2025, 9, 1)))
        publishing.submit_for_review(concern, by=by)
        # A letter unanswered since August (past the 60-day alarm), an open 找错 report and
        # an interview question waiting to be screened.
        make_letter(org, received_on=D(2025, 8, 1))
        make_error_report(org, received_on=D(2025, 10, 30))
        engagement.ask(engagement.upcoming_interview(organization=org))


def test_the_clerk_sees_each_count_of_their_agency_only_and_each_link_resolves(client):
    org, other = make_org(), make_org()
    clerk = make_staff(org)
    before = home(clerk)
    assert set(before) == set(LABELS)
    boss = supervisor()
    fill(org, 2, boss)
    fill(other, 3, boss)
    after = home(clerk)
    for label in LABELS:
        if label == "年报":
            continue
        expected = 8 if label == "待审核" else 2
        assert after[label][1] - before[label][1] == expected, label
    assert after["年报"][1] == 1  # its 2024 report is overdue and unpublished
    assert after["待审核"][1] == 8 and after["政策文件"][1] == 2  # only its own drafts
    assert after["申请待办"][1] == 2
    client.force_login(clerk)
    for label, (url, _count) in after.items():
        assert client.get(url).status_code == 200, (label, url)
    assert after["政策文件"][0] == "/admin/library/document/?status__exact=review"
    assert after["解读超期"][0] == "/zcjd/staff/"
    assert after["逾期更新栏目"][0] == "/fdzdgknr/staff/"
    assert after["意见采纳情况反馈待发布"][0] == "/yjzj/staff/"
    assert after["申请待办"][0] == "/ysqgk/staff/"
    assert after["回应关切超时"][0] == "/hygq/staff/"
    assert after["年报"][0] == "/nb/staff/"
    assert after["网上留言待办"][0] == "/hdjl/staff/"
    assert after["超过60天未答复"][0] == "/hdjl/staff/alarm/"
    assert after["网站找错待处理"][0] == "/hdjl/staff/zhaocuo/"
    assert after["访谈提问待审核"][0] == "/admin/engagement/question/?status__exact=pending"
    assert "待审批" not in after  # the queue is the head's


def test_the_supervisor_sees_every_agency(client):
    org, other = make_org(), make_org()
    boss = supervisor()
    fill(org, 1, boss)
    fill(other, 1, boss)
    shown = home(boss)
    entries = {e.label: e.count for e in workbench.entries(boss, TODAY)}
    assert shown["待审核"][1] == entries["待审核"] >= 6
    assert shown["申请待办"][1] == 2
    assert shown["意见采纳情况反馈待发布"][1] == 2
    assert shown["解读超期"][1] == 2
    assert shown["年报"][1] == len(workbench._scope(boss))  # every agency's is overdue


def test_the_head_also_sees_the_approval_queue_with_its_count(client):
    org = make_org()
    clerk, head = make_staff(org), make_staff(org, approver=True)
    req = make_request(org, clerk, D(2025, 10, 27))
    request_steps.request_extension(req, by=clerk, days=10, reason="需要调取档案", on=TODAY)
    shown = home(head)
    assert shown["待审批"] == ("/ysqgk/staff/approvals/", 1)
    client.force_login(head)
    assert client.get("/ysqgk/staff/approvals/").status_code == 200


def queries_for(user) -> int:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["clerk", "supervisor"])
def test_the_number_of_queries_does_not_grow_with_the_items(who):
    org = make_org()
    boss = supervisor()
    user = boss if who == "supervisor" else make_staff(org, approver=True)
    fill(org, 1, boss)
    one = queries_for(user)
    fill(org, 9, boss)
    fill(make_org(), 3, boss)  # another agency, too
    assert home(user)["申请待办"][1] >= 10
    assert queries_for(user) == one
