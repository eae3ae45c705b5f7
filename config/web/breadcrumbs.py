"""The breadcrumbs of the 政府信息公开 column, shared by every app's public pages."""

from __future__ import annotations

from django.urls import reverse


def crumbs(*items: tuple[str, str | None]) -> list[dict]:
    """Breadcrumbs after 首页 › 政府信息公开."""
    base = [
        {"label": "首页", "url": reverse("disclosure:home")},
        {"label": "政府信息公开", "url": reverse("disclosure:xxgk-index")},
    ]
    return base + [{"label": label, "url": url} for label, url in items]
