"""Art. 44: similar requests from several applicants become a draft for proactive disclosure."""

from __future__ import annotations

from datetime import date as D

import pytest
from django.urls import reverse

from disclosure.library import proactive
from disclosure.library.models import Document
from requests_app.models import RequestEvent
from tests.conftest import make_org, make_staff
from tests.requests_app.builders import make_request

ASKED = "2024年度本机关行政事业性收费项目清单"
IDS = ("110105194912310011", "110105194912310022", "110105194912310033")


@pytest.fixture
def agency(db):
    return make_org(name="测试市财政局")


@pytest.fixture
def staff(agency):
    return make_staff(agency)


def asked_by(agency, staff, n):
    return [
        make_request(agency, staff, D(2025, 9, 1 + i), id_number=IDS[i], description=ASKED)
        for i in range(n)
    ]


def test_three_applicants_make_a_draft_naming_the_requests_but_not_the_applicants(agency, staff):
    requests = asked_by(agency, staff, 3)
    document, created = proactive.draft_from_requests(requests[-1], by=staff)
    assert created
    assert document.status == Document.Status.DRAFT
    assert document.organization == agency and document.title == ASKED
    assert all(r.tracking_number in document.summary for r in requests)
    assert "张三丰" not in document.summary and IDS[0] not in document.summary


def test_every_request_of_the_group_records_the_proposal_hidden_from_the_applicant(agency, staff):
    requests = asked_by(agency, staff, 3)
    document, _ = proactive.draft_from_requests(requests[0], by=staff)
    events = RequestEvent.objects.filter(kind=RequestEvent.Kind.PROACTIVE_PROPOSED)
    assert {e.request_id for e in events} == {r.pk for r in requests}
    assert all(e.data["document"] == document.pk and not e.visible_to_applicant for e in events)


def test_a_second_proposal_from_the_same_group_opens_the_same_draft(agency, staff):
    requests = asked_by(agency, staff, 3)
    first, _ = proactive.draft_from_requests(requests[0], by=staff)
    again, created = proactive.draft_from_requests(requests[2], by=staff)
    assert again == first and not created
    assert Document.objects.count() == 1


def test_two_applicants_are_not_yet_an_art_44_case(agency, staff):
    requests = asked_by(agency, staff, 2)
    with pytest.raises(proactive.ProposalError, match="不足3名"):
        proactive.draft_from_requests(requests[0], by=staff)
    assert not Document.objects.exists()


def test_the_staff_page_lists_the_group_and_creates_the_draft(client, agency, staff):
    requests = asked_by(agency, staff, 3)
    client.force_login(staff)
    url = reverse("disclosure:document-from-requests", args=[requests[0].tracking_number])
    page = client.get(url).content.decode()
    assert all(r.tracking_number in page for r in requests)
    assert "张三丰" not in page and "13812345678" not in page
    response = client.post(url)
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:library_document_change", args=[document.pk])


def test_staff_of_another_agency_cannot_open_the_page(client, agency, staff):
    requests = asked_by(agency, staff, 3)
    client.force_login(make_staff(make_org()))
    url = reverse("disclosure:document-from-requests", args=[requests[0].tracking_number])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert not Document.objects.exists()


def test_an_unknown_tracking_number_is_404(client, staff):
    client.force_login(staff)
    url = reverse("disclosure:document-from-requests", args=["YSQ-2025-NOSUCH"])
    assert client.get(url).status_code == 404


def test_the_request_page_links_to_the_proposal_once_three_applicants_asked(client, agency, staff):
    requests = asked_by(agency, staff, 3)
    client.force_login(staff)
    page = client.get(
        reverse("admin:requests_app_informationrequest_change", args=[requests[0].pk])
    ).content.decode()
    assert reverse("disclosure:document-from-requests", args=[requests[0].tracking_number]) in page
