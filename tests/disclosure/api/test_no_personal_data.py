"""No endpoint the OpenAPI document lists shows an applicant's, a commenter's or a staff
member's data: every path is requested (detail paths with the ids the lists give) with
marked personal data in the database, and no answer carries the marker."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure.decisions.models import Adoption
from disclosure.mailbox import workflow as mailbox_workflow
from tests.conftest import make_org, make_staff
from tests.disclosure.api.test_consultations_api import answer
from tests.disclosure.api.test_reports_api import publish_report
from tests.disclosure.builders import make_document, publish_document
from tests.disclosure.decisions.builders import (
    add_comment,
    make_meeting,
    open_consultation,
    publish_consultation,
    staff_supervisor,
)
from tests.disclosure.engagement.builders import (
    answered_interview,
    make_activity,
    make_commitment,
    sign_up,
)
from tests.disclosure.engagement.builders import publish as publish_item
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation
from tests.disclosure.mailbox.builders import make_letter
from tests.requests_app.builders import make_request

pytestmark = pytest.mark.django_db

MARKER = "zqleak5519"
ROOT = "http://testserver/api/v1"


def _person():
    return {
        "name": f"{MARKER}姓名",
        "phone": f"139{MARKER}",
        "email": f"{MARKER}@example.com",
    }


def _api_urls(data) -> set[str]:
    """Every API address in an answer."""
    found = set()
    if isinstance(data, dict):
        for value in data.values():
            found |= _api_urls(value)
    elif isinstance(data, list):
        for value in data:
            found |= _api_urls(value)
    elif isinstance(data, str) and data.startswith(ROOT):
        found.add(data.removeprefix(ROOT))
    return found


def test_no_endpoint_of_the_schema_shows_personal_data(client, settings, tmp_path, openapi_spec):
    settings.MEDIA_ROOT = tmp_path
    settings.API_RATE_LIMIT = 10_000
    org = make_org(kind="government", slug="leakgov")
    staff = make_staff(org, first_name=MARKER, email=f"staff{MARKER}@example.com")
    # An applicant of 2024; the agency's 2025 report is published (no request that year).
    make_request(org, staff, datetime.date(2024, 3, 4), **_person())
    publish_report(org, staff, 2025)
    supervisor = staff_supervisor()
    document = publish_document(make_document(org), by=supervisor)
    publish_interpretation(make_interpretation(document), by=supervisor)
    commenter = {
        **_person(),
        "text": f"意见原文{MARKER}",
        "attachment": SimpleUploadedFile(f"{MARKER}.pdf", f"%PDF-1.7 {MARKER}".encode()),
    }
    running = open_consultation(organization=org)
    add_comment(running, **commenter)
    done = publish_consultation(organization=org)
    answer(done, supervisor, [(Adoption.NOT_ADOPTED, "与上位法不一致。", "", commenter)])
    make_meeting(org).topics.create(title="议题", decision="通过。")
    org.decision_catalogs.create(year=2026, is_published=True).items.create(
        title="事项", lead_unit="局", consultation=done
    )

    # 政民互动: an interview whose asker left marked data, an activity with a sign-up.
    interview = answered_interview(org)
    interview.questions.update(name=f"{MARKER}网友", email=f"{MARKER}@example.com")
    activity = make_activity()
    sign_up(activity, name=f"{MARKER}报名人", people=1)
    task = make_commitment(deadline=datetime.date(2026, 6, 30))
    publish_item(task.commitment_list)
    # A letter published with its reply; the writer's data and 查询码 stay private.
    letter = make_letter(org, may_publish=True, code=f"Q{MARKER[:9]}".upper(), **_person())
    mailbox_workflow.accept(letter, by=staff)
    mailbox_workflow.answer(letter, by=staff, reply="已处理。")
    mailbox_workflow.publish(letter, by=staff)

    templates = {re.sub(r"\{\w+\}", r"[^/]+", p): p for p in openapi_spec["paths"]}
    covered, seen = set(), set()
    queue = ["/", *(p for p in openapi_spec["paths"] if "{" not in p)]
    queue.append(f"/catalog-nodes/?organization={org.slug}")
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(ROOT + path)
        assert response.status_code == 200, path
        assert MARKER not in response.content.decode().lower(), path
        covered |= {t for rx, t in templates.items() if re.fullmatch(rx, path.split("?")[0])}
        if path != "/openapi.json":
            queue += sorted(_api_urls(response.json()) - seen)
    assert covered == set(openapi_spec["paths"])
