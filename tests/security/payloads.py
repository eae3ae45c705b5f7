"""The attack strings, and the checks of a page that echoes one."""

from __future__ import annotations

import re

from django.utils.html import escape

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
XSS = [SCRIPT, IMG, JS_URL]

# A rich-text body with every way of running script that sanitizing must remove.
RICH = (
    "<p>正文第一段。</p><script>alert(1)</script>"
    '<img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(1)">链接</a>'
    '<p onclick="alert(1)" style="x">第二段</p>'
    '<iframe src="https://evil.example/"></iframe>'
)

_SCRIPTED_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)


def assert_escaped(page: str, payload: str, *, echoed: bool = True) -> None:
    """The raw payload never reaches the HTML; where the page echoes it, escaped."""
    assert not _SCRIPTED_URL.search(page), "a javascript: URL became a link"
    if payload == JS_URL:
        return  # plain text: nothing to escape, only never a link's target
    assert payload not in page
    if echoed:
        assert escape(payload) in page, "the page should show what was typed, escaped"


def assert_no_script(html: str) -> None:
    """Sanitized rich text: no script element, event handler, javascript: URL or frame."""
    lowered = html.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered
    assert "javascript:" not in lowered
    assert "<iframe" not in lowered
