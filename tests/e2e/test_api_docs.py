"""/api/v1/docs/: Swagger UI over the generated OpenAPI document, under the strict CSP."""

import pytest

from tests.disclosure.builders import publish_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_the_api_documentation_page_works_under_the_strict_csp_and_runs_a_request(
    live_server, page
):
    document = publish_document()
    messages, errors = [], []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(WATCH_CSP)

    response = page.goto(live_server.url + "/api/v1/docs/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    page.get_by_text("政策文件列表").first.wait_for()
    assert page.locator(".opblock").count() >= 20

    # A request from the page: the documents list, answered by the API.
    page.locator(".opblock-summary", has_text="/documents/").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table .response-col_status", has_text="200").wait_for()
    assert document.title in page.locator(".live-responses-table").inner_text()

    assert page.evaluate("window.__cspViolations") == []
    assert not [m for m in messages if m.startswith("error")], messages
    assert errors == []
    # Everything came from our own origin: no CDN.
    assert all(url.startswith(live_server.url) for url in requests), requests
