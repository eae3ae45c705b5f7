"""Every link and attachment in what the portal publishes, checked (站点体检: 链接可用性 and
附件下载 are scored items of the national check, 国办秘函〔2019〕19号).

Internal links are checked against the portal itself: the URL resolver and the view's
answer (a page that does not exist is a 404), stored media and static files. External ones
get a bounded, polite HTTP check: a short timeout, at most ``WORKERS`` requests at once and
one at a time per host with a pause between them, and each answer reused for a day
(``LinkCheck`` rows, so every process and the daily timer share them).
"""

from __future__ import annotations

import datetime
import re
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http import Http404
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils import timezone

from disclosure.publishing.files import public_storage
from disclosure.publishing.models import PublicationStatus
from disclosure.publishing.steps import kind_of, kinds
from disclosure.website.models import LinkCheck

WORKERS = 4
HOST_PAUSE_SECONDS = 1.0
USER_AGENT = "Mozilla/5.0 (compatible; gov-site-check/1.0; link availability check)"
HREF = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#][^"']*)["']""", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    url: str
    organization_id: int
    page_url: str
    page_title: str


def public_items():
    """Every public item of every registered kind, whole rows (texts and files read)."""
    for model, _kind in kinds():
        manager = model.objects
        qs = (
            manager.public()
            if hasattr(manager, "public")
            else manager.filter(status=PublicationStatus.PUBLISHED)
        )
        yield from qs.select_related("organization").order_by("pk").iterator(chunk_size=200)


def _page_url(item) -> str:
    try:
        return item.get_absolute_url()
    except (AttributeError, Exception):
        return ""


def links_of(item) -> list[Link]:
    """The links in ``item``'s texts and the public copies of its files."""
    page = _page_url(item)
    title = getattr(item, "title", str(item))
    found = []
    for field in item._meta.concrete_fields:
        value = getattr(item, field.attname, None)
        if isinstance(value, str) and ("href" in value or "src" in value):
            for url in HREF.findall(value):
                found.append(
                    Link(urljoin(page or "/", url.strip()), item.organization_id, page, title)
                )
    for row in kind_of(item).files(item):
        if row.file:
            name = row.public_name
            found.append(
                Link(
                    f"{settings.MEDIA_URL}{name}" if name else f"{settings.MEDIA_URL}?missing",
                    item.organization_id,
                    page,
                    title,
                )
            )
    return found


def _own_hosts() -> set[str]:
    hosts = {urlsplit(settings.PORTAL_BASE_URL).netloc}
    return hosts | {h for h in settings.ALLOWED_HOSTS if h and h != "*"}


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.netloc or parts.netloc in _own_hosts()


def check_internal(url: str) -> str:
    """Why an internal link is broken ("" when it works)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if path.startswith(settings.MEDIA_URL):
        name = path[len(settings.MEDIA_URL) :]
        return "" if name and public_storage().exists(name) else "附件文件不存在"
    if path.startswith(settings.STATIC_URL):
        return "" if finders.find(path[len(settings.STATIC_URL) :]) else "文件不存在"
    try:
        match = resolve(path)
    except Resolver404:
        return "页面不存在（404）"
    request = RequestFactory().get(path + (f"?{parts.query}" if parts.query else ""))
    request.user = AnonymousUser()
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except Http404:
        return "页面不存在（404）"
    except Exception as exc:
        return f"页面出错（{type(exc).__name__}）"
    if response.status_code >= 400:
        return f"页面不可用（HTTP {response.status_code}）"
    return ""


def _fetch(url: str, timeout: float) -> tuple[bool, int | None, str]:
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return True, response.status, ""
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue  # some servers refuse HEAD: ask once more with GET
            return False, exc.code, f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return False, None, f"无法访问（{str(reason)[:150]}）"
    return False, None, "无法访问"


def check_external(urls: list[str], now: datetime.datetime | None = None) -> dict[str, LinkCheck]:
    """Each URL's answer: a stored one younger than a day, else a new request."""
    now = now or timezone.now()
    fresh_after = now - datetime.timedelta(hours=settings.LINK_CHECK_CACHE_HOURS)
    known = {c.url: c for c in LinkCheck.objects.filter(url__in=urls)}
    results = {u: c for u, c in known.items() if c.checked_at >= fresh_after}
    todo = [u for u in dict.fromkeys(urls) if u not in results]
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in todo:
        by_host[urlsplit(url).netloc].append(url)
    answers: dict[str, tuple[bool, int | None, str]] = {}
    lock = threading.Lock()
    timeout = settings.LINK_CHECK_TIMEOUT

    def one_host(host_urls: list[str]) -> None:
        for i, url in enumerate(host_urls):
            if i:
                time.sleep(HOST_PAUSE_SECONDS)  # polite: one request at a time per host
            answer = _fetch(url, timeout)
            with lock:
                answers[url] = answer

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(one_host, by_host.values()))
    for url, (ok, status, error) in answers.items():
        results[url], _ = LinkCheck.objects.update_or_create(
            url=url[:1000], defaults={"ok": ok, "status": status, "error": error, "checked_at": now}
        )
    return results


def check_all(external: bool = True) -> tuple[int, list[dict]]:
    """(links checked, the broken ones with the page carrying each)."""
    links = [link for item in public_items() for link in links_of(item)]
    broken = []
    internal_answers: dict[str, str] = {}
    outside = []
    for link in links:
        if link.url.startswith(("mailto:", "tel:", "javascript:", "data:")):
            continue
        if is_internal(link.url):
            if link.url not in internal_answers:
                internal_answers[link.url] = check_internal(link.url)
            reason = internal_answers[link.url]
            if reason:
                broken.append(_row(link, reason, internal=True))
        elif link.url.startswith(("http://", "https://")):
            outside.append(link)
    if external and outside:
        answers = check_external([link.url for link in outside])
        for link in outside:
            answer = answers.get(link.url)
            if answer is not None and not answer.ok:
                broken.append(_row(link, answer.error or "无法访问", internal=False))
    return len(links), broken


def _row(link: Link, reason: str, *, internal: bool) -> dict:
    return {
        "organization_id": link.organization_id,
        "page_url": link.page_url,
        "page_title": link.page_title,
        "url": link.url,
        "reason": reason,
        "internal": internal,
    }
