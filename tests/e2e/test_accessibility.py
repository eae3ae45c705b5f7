"""Accessibility of the public site in headless Chromium: axe-core on every kind of public
page at 360 px and 1280 px, the 长者模式/高对比度 switch, and keyboard-only use of the
政策文件库 search and the application form.

The axe test loads the demo data (``load_demo``) once: it holds every kind of public page,
and transactional tests are slow, so the test loops over pages and widths instead of being
parametrized, collecting every violation and failing once at the end with the full list.
The keyboard test builds its two documents with the builders.
"""

from __future__ import annotations

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from catalog.models import Category, Organization
from disclosure.decisions.models import Consultation
from disclosure.decisions.models.meeting import Meeting
from disclosure.library.models import Document, Interpretation
from disclosure.reports.models import AnnualReport
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = (360, 1280)
# axe impacts that fail the test; "minor" and "moderate" findings are not gated.
BLOCKING = {"serious", "critical"}


def public_pages() -> list[str]:
    """One URL of each kind of public page, from the demo data."""
    org = Organization.objects.get(is_portal_main=True)
    base = f"/xxgk/{org.slug}"
    document = Document.objects.published().order_by("-published_on").first()
    node = Category.objects.filter(documents__organization=org).first()
    meeting = Meeting.objects.published().first()
    report = AnnualReport.objects.published().first()
    consultation = Consultation.objects.published().first()
    interpretation = Interpretation.objects.published().first()
    facet = document.organization.slug
    return [
        "/",
        "/xxgk/",
        f"{base}/",
        f"{base}/zn/",
        f"{base}/zd/",
        f"{base}/fdzdgknr/",
        f"{base}/fdzdgknr/{node.pk}/",
        f"{base}/bzml/",
        "/zcwjk/",
        "/zcwjk/?q=办法",
        f"/zcwjk/?q=办法&organization={facet}&sort=relevance",
        document.get_absolute_url(),
        "/zcjd/",
        interpretation.get_absolute_url(),
        "/ysqgk/",
        "/ysqgk/apply/",
        "/ysqgk/track/",
        "/yjzj/",
        consultation.get_absolute_url(),
        f"{base}/jcml/",
        f"{meeting.organization.get_absolute_url()}cwhy/",
        meeting.get_absolute_url(),
        f"{report.organization.get_absolute_url()}nb/",
        report.get_absolute_url(),
        "/no-such-page/",
    ]


def blocking_violations(page, label: str) -> list[str]:
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            found.append(
                f"{label}: {violation['id']} ({violation['impact']}) at {node['target']}"
                f" — {violation['help']}"
            )
    return found


def open_context(browser, width: int):
    # The site's Content-Security-Policy (script-src 'self') forbids the script axe-core
    # injects; bypass_csp lets axe run while the page's own scripts are unchanged.
    return browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 900}, bypass_csp=True
    )


def test_every_public_page_passes_axe_at_both_widths_and_in_both_display_modes(
    live_server, browser
):
    """axe-core finds no serious or critical violation on any public page, at 360 px and
    1280 px, nor at 1280 px with 长者模式 and 高对比度 on; the modes persist across loads.

    The browser contexts use Playwright's ``bypass_csp=True``: the site's CSP
    (``script-src 'self'``) would otherwise block the script axe-core injects.
    """
    call_command("load_demo", stdout=io.StringIO())
    urls = public_pages()
    problems: list[str] = []
    for width in WIDTHS:
        context = open_context(browser, width)
        page = context.new_page()
        page.set_default_timeout(15_000)
        for url in urls:
            page.goto(live_server.url + url)
            problems += blocking_violations(page, f"{url} @{width}px")
        # The application form with its validation errors shown.
        page.goto(live_server.url + "/ysqgk/apply/")
        page.locator("form.apply-form button[type=submit]").last.click()
        page.locator(".errorlist").first.wait_for()
        problems += blocking_violations(page, f"/ysqgk/apply/ (errors) @{width}px")
        context.close()

    # The display modes: switched on by the header buttons, kept across page loads.
    context = open_context(browser, 1280)
    page = context.new_page()
    page.goto(live_server.url + "/")
    large = page.get_by_role("button", name="长者模式")
    contrast = page.get_by_role("button", name="高对比度")
    assert large.get_attribute("aria-pressed") == "false"
    large.click()
    contrast.focus()
    page.keyboard.press("Enter")
    assert large.get_attribute("aria-pressed") == "true"
    assert contrast.get_attribute("aria-pressed") == "true"
    font_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert font_size >= 20
    for url in urls:
        page.goto(live_server.url + url)
        classes = page.evaluate("document.documentElement.className")
        assert "mode-large" in classes and "mode-contrast" in classes, url
        problems += blocking_violations(page, f"{url} @1280px 长者模式+高对比度")
    page.get_by_role("button", name="长者模式").press("Space")
    page.reload()
    assert "mode-large" not in page.evaluate("document.documentElement.className")
    assert page.get_by_role("button", name="长者模式").get_attribute("aria-pressed") == "false"
    context.close()

    assert not problems, "axe-core found serious/critical violations:\n" + "\n".join(problems)


def test_search_filters_and_application_form_work_by_keyboard_alone(live_server, browser):
    """Tab, Enter, Space and the arrow keys alone search the 政策文件库, apply a filter and
    reach the application form's fields, each with a visible focus outline."""
    # Two published documents are enough here (the demo takes ~20 s to load).
    org = make_org(name="聊城市测试局", is_portal_main=True)
    for title in ("聊城市城市管理办法", "聊城市物业管理办法"):
        publish_document(make_document(org, title=title))
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)

    def tab_to(selector: str, limit: int = 80) -> None:
        target = page.locator(selector).first
        for _ in range(limit):
            page.keyboard.press("Tab")
            if target.evaluate("el => el === document.activeElement"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    def focus_is_visible() -> bool:
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
        )
        return style[0] != "none" and style[1] >= 2

    page.goto(live_server.url + "/zcwjk/")
    tab_to("#library-q")
    assert focus_is_visible()
    page.keyboard.type("办法")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zcwjk/?q=*")
    assert page.locator(".doc-item").count() > 0

    # A filter: the organization select, changed with the arrow key, then 筛选 by Space.
    tab_to("#f-organization")
    assert focus_is_visible()
    page.keyboard.press("ArrowDown")
    chosen = page.locator("#f-organization").input_value()
    assert chosen
    tab_to(".filters button[type=submit]")
    assert focus_is_visible()
    page.keyboard.press("Space")
    page.wait_for_url(f"**organization={chosen}*")
    assert page.locator("#library-q").input_value() == "办法"

    # The application form: every field is reachable by Tab.
    page.goto(live_server.url + "/ysqgk/apply/")
    for name in ("organization", "name", "id_number", "phone", "description"):
        tab_to(f'form.apply-form [name="{name}"]')
        assert focus_is_visible(), name
    tab_to("form.apply-form button[type=submit]")
    page.keyboard.press("Enter")
    page.locator(".errorlist").first.wait_for()
    context.close()
