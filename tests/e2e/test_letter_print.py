"""A letter printed from the browser: signed by the agency, with the seal's place over the
signature (GB/T 9704 §7.3.5.1)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from requests_app.models import RequestAttachment
from tests.conftest import make_org, make_staff
from tests.requests_app.builders import make_request

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "pw-for-tests-123"


def test_the_printed_letter_keeps_a_seal_sized_place_over_the_agencys_signature(live_server, page):
    agency = make_org(name="测试市发展和改革委员会", is_portal_main=True)
    clerk = make_staff(agency)
    req = make_request(agency, clerk, timezone.localdate(), channel="letter")
    letter = req.attachments.get(kind=RequestAttachment.Kind.LETTER)

    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill(clerk.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator('input[type="submit"]').click()
    page.goto(f"{live_server.url}/ysqgk/staff/{req.tracking_number}/letters/{letter.pk}/print/")
    page.emulate_media(media="print")

    assert page.locator(".print-button").is_hidden()
    seal = page.locator(".letter-seal").bounding_box()
    name = page.locator(".letter-signature p").first.bounding_box()
    date = page.locator(".letter-signature p").last.bounding_box()
    assert page.locator(".letter-seal").inner_text() == "（印章）"
    # About 42 mm across (96 px to the inch), round, around the name and the date.
    assert 150 < seal["width"] < 170 and abs(seal["width"] - seal["height"]) < 1
    middle = seal["x"] + seal["width"] / 2
    assert abs(middle - (name["x"] + name["width"] / 2)) < 2
    assert seal["y"] < name["y"] and date["y"] + date["height"] < seal["y"] + seal["height"]
    # The signature stands at the right: the date four characters from the edge.
    article = page.locator("article.letter-print").bounding_box()
    assert date["x"] > article["x"] + article["width"] / 2
