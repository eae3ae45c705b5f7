"""Agency staff's journeys in the admin, in headless Chromium: a clerk creates a document
with its attachment and submits it (提交审核), the agency's reviewer approves it (审核通过并
发布; the clerk may not) until readers find it in the 政策文件库, then withdraws it and
the old links answer 410 with the notice (the page) and 404 (the file);
record that a new document repeals an old one, after which the old one's page says so and
links to the new one.

The document is the real sample of 莱阳市人民政府办公室 (disclosure/library/samples), typed
in as staff would: its metadata in the fields, its text in 正文, its work plan as a PDF attachment.
"""

from __future__ import annotations

import datetime

import pytest

from disclosure.library.management.commands.import_documents import body_html
from disclosure.library.models import Document
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document
from tests.e2e.journeys import (
    LAIYANG_2020,
    log_in,
    new_page,
    pdf_bytes,
    publish_sample,
    run_action,
    sample,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PLAN = "2020年莱阳市政务公开工作实施方案"
OLD_TITLE = "莱阳市人民政府办公室关于印发2019年莱阳市政务公开工作实施方案的通知"


@pytest.fixture
def laiyang():
    return make_org(name="莱阳市人民政府办公室", slug="lyszfb", level="county")


def test_staff_publish_a_document_with_an_attachment_and_readers_find_it_in_the_library(
    live_server, page, browser, laiyang
):
    staff = make_staff(laiyang)
    text = sample(LAIYANG_2020)

    log_in(page, f"{live_server.url}/admin/", staff)
    page.get_by_role("link", name="政策文件", exact=True).click()
    page.get_by_role("link", name="增加 政策文件").click()
    page.locator("#id_organization").select_option(label=laiyang.name)
    page.locator("#id_title").fill(text.title)
    page.locator("#id_doc_number").fill(text.doc_number)
    page.locator("#id_written_on").fill(text.written_on.isoformat())
    page.locator("#id_body").fill(body_html(text.body))
    page.get_by_role("button", name="添加另一个 附件").click()
    page.locator('input[name="attachments-0-title"]').fill(PLAN)
    page.locator('input[name="attachments-0-file"]').set_input_files(
        {
            "name": f"{PLAN}.pdf",
            "mimeType": "application/pdf",
            "buffer": pdf_bytes(PLAN, "一、总体目标\n二、重点任务", laiyang.name),
        }
    )
    page.locator('input[name="_save"]').click()
    page.locator(".messagelist .success").wait_for()
    row = page.locator("#result_list tbody tr", has_text=text.title)
    assert "草稿" in row.inner_text()

    # A reader, in another browser, looks for it: a draft is not public.
    reader = new_page(browser)
    reader.goto(f"{live_server.url}/")
    reader.get_by_role("navigation", name="网站导航").get_by_role("link", name="政策文件库").click()
    reader.locator("#library-q").fill(PLAN)
    reader.locator("#library-q").press("Enter")
    reader.get_by_text("没有找到符合条件的政策文件。").wait_for()

    run_action(page, text.title, "提交审核（保密审查）")
    page.get_by_text("已提交审核 1 件文件。").wait_for()
    # Four-eyes: the clerk who submitted it cannot approve it.
    run_action(page, text.title, "审核通过并发布")
    page.get_by_text(
        f"只有{laiyang.name}的审核人（或政府信息公开工作主管部门）可以审核通过"
    ).wait_for()
    assert "待审核" in row.inner_text()

    # The agency's reviewer, in a browser of their own, approves it.
    reviewer = make_staff(laiyang, reviewer=True, username="laiyang-reviewer")
    approving = new_page(browser)
    log_in(approving, f"{live_server.url}/admin/library/document/", reviewer)
    run_action(approving, text.title, "审核通过并发布")
    approving.get_by_text("已发布 1 件文件。").wait_for()
    document = Document.objects.get(title=text.title)
    approved = approving.locator("#result_list tbody tr", has_text=text.title).inner_text()
    assert "已发布" in approved and document.index_number in approved
    assert staff.username in approved and "laiyang-reviewer" in approved
    approving.context.close()

    # Published: the reader finds it by its 文号 and downloads the work plan. (Not the same
    # search again: the list is sent with Cache-Control max-age=60, the browser keeps it.)
    reader.locator("#library-q").fill("莱政办字〔2020〕34号")
    reader.get_by_role("button", name="检索").click()
    reader.get_by_role("link", name=text.title).click()
    reader.get_by_role("heading", name=text.title, level=2).wait_for()
    meta = reader.locator("table.doc-meta").inner_text()
    assert "莱政办字〔2020〕34号" in meta and document.index_number in meta
    assert "为认真落实" in reader.locator(".document-body").inner_text()
    with reader.expect_download() as download:
        reader.get_by_role("link", name=PLAN, exact=True).click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    # Published under a random name: the upload's own name is not in the URL.
    assert PLAN not in download.value.url
    document_url, file_url = reader.url, download.value.url

    # The reviewer withdraws it with a reason category; the public copy of the file goes.
    withdrawing = new_page(browser)
    log_in(withdrawing, f"{live_server.url}/admin/library/document/", reviewer)
    run_action(withdrawing, text.title, "撤回（需说明原因）")
    withdrawing.locator("#category").select_option(label="内容有误，已撤回更正")
    withdrawing.locator("#reason").fill("附件版本有误，撤回更正。")
    withdrawing.get_by_role("button", name="确认撤回").click()
    withdrawing.get_by_text("已撤回 1 件文件。").wait_for()
    withdrawing.context.close()

    reader.context.close()

    # Someone follows the old links (a bookmark, a feed, a search engine): the page answers
    # 410 with the notice, the file is gone. (A browser that showed the page in the last
    # last minute may still show its cached copy: public pages are max-age=60.)
    follower = new_page(browser)
    notice = follower.goto(document_url)
    assert notice.status == 410
    assert "已撤回" in follower.locator("h2#page-heading").inner_text()
    page_text = follower.locator("main").inner_text()
    assert "内容有误，已撤回更正" in page_text and document.index_number in page_text
    assert "附件版本有误" not in page_text  # the written reason stays internal
    assert follower.request.get(file_url).status == 404
    follower.context.close()


def pick(page, field: str, search: str, option: str) -> None:
    """Choose ``option`` in an admin autocomplete (select2) field by typing ``search``."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).click()


def test_staff_record_that_a_new_document_repeals_an_old_one_and_readers_follow_the_link(
    live_server, page, browser, laiyang
):
    staff = make_staff(laiyang)
    old = publish_document(
        make_document(
            laiyang,
            title=OLD_TITLE,
            doc_number="莱政办字〔2019〕21号",
            written_on=datetime.date(2019, 7, 1),
        ),
        by=staff,
        on=datetime.date(2019, 7, 3),
    )
    new = publish_sample(LAIYANG_2020, laiyang, by=staff)

    log_in(page, f"{live_server.url}/admin/", staff)
    page.get_by_role("link", name="废止或修改记录", exact=True).click()
    page.get_by_role("link", name="增加 废止或修改记录").click()
    pick(page, "to_document", "2019年莱阳市", OLD_TITLE)
    page.locator("#id_kind").select_option(label="废止")
    pick(page, "from_document", "2020年莱阳市", new.title)
    page.locator("#id_effective_on").fill("2020-08-10")
    page.locator("#id_reason").fill("2020年实施方案印发，2019年实施方案同时废止。")
    page.locator('input[name="_save"]').click()
    page.locator(".messagelist .success").wait_for()

    # A reader who had bookmarked the old plan opens it again.
    reader = new_page(browser)
    reader.goto(f"{live_server.url}{old.get_absolute_url()}")
    notice = reader.get_by_role("note")
    assert "本文件已废止。" in notice.inner_text()
    assert "2020年8月10日起被" in notice.inner_text()
    assert "（莱政办字〔2020〕34号）废止" in notice.inner_text()
    assert reader.locator(".validity").first.inner_text() == "废止"
    notice.get_by_role("link", name=f"《{new.title}》").click()
    reader.get_by_role("heading", name=new.title, level=2).wait_for()
    changes = reader.get_by_role("region", name="本文件废止或修改的文件").inner_text()
    assert f"废止 《{OLD_TITLE}》（莱政办字〔2019〕21号），自2020年8月10日起" in changes
    reader.context.close()
