"""A citizen reads stored public pages while staff publish and withdraw (issue 19), in
headless Chromium: the home page, the agency's column page, the 政策文件库 list and a
search are answered from the page cache, and each shows a publication and a withdrawal
done in the admin at the reader's next request (F5)."""

from __future__ import annotations

import pytest

from catalog.models import Category
from disclosure.library.models import Document
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document
from tests.e2e.journeys import log_in, new_page, run_action

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OLD = "关于做好2024年政务公开重点工作的通知"
NEW = "关于印发2025年政务公开工作要点的通知"


def test_a_reader_sees_a_publication_and_a_withdrawal_on_every_stored_page_at_once(
    live_server, page, browser
):
    org = make_org(name="莱阳市人民政府办公室", slug="lyszfb", is_portal_main=True)
    leaf = (
        Category.objects.for_organization(org).filter(children__isnull=True).order_by("pk").first()
    )
    publish_document(make_document(org, title=OLD, category=leaf))
    clerk = make_staff(org)
    reviewer = make_staff(org, reviewer=True, username="lyszfb-reviewer")
    make_document(org, title=NEW, category=leaf)  # the clerk's draft

    pages = {
        "home": f"{live_server.url}/",
        "column": f"{live_server.url}/xxgk/lyszfb/fdzdgknr/{leaf.pk}/",
        "list": f"{live_server.url}/zcwjk/",
        "search": f"{live_server.url}/zcwjk/?q=政务公开",
    }
    readers = {}
    for name, url in pages.items():
        reader = new_page(browser)
        reader.goto(url)
        assert OLD in reader.locator("main").inner_text(), name
        assert NEW not in reader.locator("main").inner_text(), name
        reader.reload()  # answered from the stored page now
        readers[name] = reader

    # The clerk submits the draft, the agency's reviewer publishes it.
    log_in(page, f"{live_server.url}/admin/library/document/", clerk)
    run_action(page, NEW, "提交审核（保密审查）")
    page.get_by_text("已提交审核 1 件文件。").wait_for()
    approving = new_page(browser)
    log_in(approving, f"{live_server.url}/admin/library/document/", reviewer)
    run_action(approving, NEW, "审核通过并发布")
    approving.get_by_text("已发布 1 件文件。").wait_for()

    for name, reader in readers.items():
        reader.reload()
        assert NEW in reader.locator("main").inner_text(), name
    readers["list"].get_by_role("link", name=NEW).click()
    readers["list"].get_by_role("heading", name=NEW, level=2).wait_for()
    document_url = readers["list"].url

    # The reviewer withdraws it: gone from every page at the next request, and its own
    # page answers with the withdrawal notice.
    run_action(approving, NEW, "撤回（需说明原因）")
    approving.locator("#category").select_option(label="内容有误，已撤回更正")
    approving.locator("#reason").fill("文件内容有误，撤回更正。")
    approving.get_by_role("button", name="确认撤回").click()
    approving.get_by_text("已撤回 1 件文件。").wait_for()

    readers["list"].go_back()
    for name, reader in readers.items():
        reader.reload()
        text = reader.locator("main").inner_text()
        assert NEW not in text and OLD in text, name
    notice = new_page(browser)
    response = notice.goto(document_url)
    assert response.status == 410
    assert "已撤回" in notice.locator("h2#page-heading").inner_text()
    assert Document.objects.get(title=NEW).status == "withdrawn"
