"""「全周期」政策解读 in headless Chromium: a policy in force for more than a year is on the
staff timeliness page as due a follow-up; staff add its 二次解读 in the admin from there,
the agency's reviewer publishes it, and the public document page shows it on the policy's
timeline after the 发布解读.
"""

from __future__ import annotations

import datetime

import pytest

from tests.conftest import make_org, make_staff
from tests.disclosure.builders import publish_document
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation
from tests.e2e.journeys import log_in, new_page, run_action

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

D = datetime.date
POLICY = "聊城市养老服务机构管理办法"
SECOND = "《聊城市养老服务机构管理办法》实施一年二次解读"


def test_staff_add_a_second_interpretation_and_the_public_timeline_shows_it(
    live_server, page, browser
):
    agency = make_org(name="聊城市民政局", slug="mzj")
    document = publish_document(
        organization=agency, title=POLICY, genre="规范性文件", on=D(2024, 3, 5)
    )
    publish_interpretation(
        make_interpretation(document, title="一图读懂养老服务机构管理办法"), on=D(2024, 3, 6)
    )
    staff = make_staff(agency)

    # The staff timeliness page lists the policy as due a follow-up, with a shortcut.
    log_in(page, f"{live_server.url}/zcjd/staff/", staff)
    follow_ups = page.locator("section", has=page.locator("#follow-up-title"))
    assert POLICY in follow_ups.inner_text() and "2025-03-05" in follow_ups.inner_text()
    follow_ups.get_by_role("link", name="新增二次解读").click()

    # The admin form comes with the document, the agency and the stage filled in.
    assert page.locator("#id_stage").input_value() == "second"
    assert POLICY in page.locator(".field-documents").inner_text()
    page.locator("#id_title").fill(SECOND)
    page.locator("#id_summary").fill("办法施行一年来常见问题的再解读。")
    page.locator("#id_body").fill("<p>问：民办养老机构如何备案？答：……</p>")
    page.locator('input[name="_save"]').click()
    page.locator(".messagelist .success").wait_for()
    run_action(page, SECOND, "提交审核")
    page.get_by_text("已提交审核 1 篇解读。").wait_for()

    # The agency's reviewer publishes it from a browser of their own.
    reviewer = make_staff(agency, reviewer=True, username="mzj-reviewer")
    approving = new_page(browser)
    log_in(approving, f"{live_server.url}/admin/library/interpretation/?stage=second", reviewer)
    run_action(approving, SECOND, "审核通过并发布")
    approving.get_by_text("已发布 1 篇解读。").wait_for()
    approving.context.close()

    # A reader opens the document: the 二次解读 is on the timeline, after the 发布解读.
    reader = new_page(browser)
    reader.goto(f"{live_server.url}{document.get_absolute_url()}")
    timeline = reader.locator("section.policy-timeline")
    steps = timeline.locator("li").all_inner_texts()
    labels = [s.split()[0] for s in steps]
    assert labels == ["文件发布", "发布解读", "二次解读"]
    assert SECOND in steps[2]
    timeline.get_by_role("link", name=SECOND).click()
    reader.get_by_role("heading", name=SECOND, level=2).wait_for()
    reader.context.close()
