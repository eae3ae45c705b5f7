"""Hot public pages from the shared cache, answered before the rest of the middleware.

A view marks its response storable with :func:`public_page`. ``PublicPageCacheMiddleware``
(right after WhiteNoise) stores such a response whole — status, headers, body — under the
public version, the day (validity and time limits are derived as of a date) and the host
and full path, and answers the next anonymous GET for that address from the cache without
touching the session, CSRF, authentication or the database. Security headers are still
added by the middleware outside it, as for a fresh render.

What is never stored or served: a request with any cookie except the CSRF cookie (a
signed-in reader, a flash message), one with an Authorization header; a response that
sets a cookie, used a CSRF token, is streamed, says ``private``/``no-store``, or has a
status other than 200 or 410 (a 429 or 503 is never kept).

The public version changes on every change a public page shows: a publishing step
(publication, withdrawal, correction), a save of a published kind, a validity refresh, a
change to the agencies and the catalog. Every stored page then goes unused at once, so a
publication or withdrawal is on every page at the next request. With Redis (``REDIS_URL``)
the version lives in the shared cache; with the per-process memory cache it is the
modification time of a small file (``PUBLIC_VERSION_FILE``), which every worker process of
the machine sees at the cost of one ``stat`` — never a stale page from another worker.
The pages themselves are kept in the ``pages`` cache (``config/services.py``), apart
from the rate limits' counters.
"""

from __future__ import annotations

import hashlib
import os
import time
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

VERSION_KEY = "public-pages:version"
PAGE_SECONDS = 300
STORED_STATUSES = (200, 410)
# Headers a stored response keeps; Set-Cookie never (nothing stored sets one).
_NOT_STORED = {"set-cookie"}


def enabled() -> bool:
    return getattr(settings, "PUBLIC_PAGE_CACHE", True)


def _shared_cache() -> bool:
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def _version_file() -> Path:
    return Path(
        getattr(settings, "PUBLIC_VERSION_FILE", None)
        or settings.BASE_DIR / "var" / "public-version"
    )


def _touch(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        old = path.stat().st_mtime_ns
    except FileNotFoundError:
        path.touch()
        old = 0
    new = max(time.time_ns(), old + 1)
    os.utime(path, ns=(new, new))
    return new


def version() -> int:
    """The public version: any change a public page shows gives a new one."""
    if _shared_cache():
        value = cache.get(VERSION_KEY)
        if value is None:
            cache.add(VERSION_KEY, 1, None)
            value = cache.get(VERSION_KEY, 1)
        return value
    path = _version_file()
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return _touch(path)


def bump() -> None:
    """A new public version now (every stored page and cached count goes unused)."""
    if _shared_cache():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 1, None)
        return
    _touch(_version_file())


def bump_now_and_at_commit() -> None:
    """For a change inside a transaction: a page rendered before the commit (from the old
    data) is not kept under the new version either."""
    bump()
    transaction.on_commit(bump)


def _renew(**kwargs) -> None:
    bump_now_and_at_commit()


def renew_on_change(*models) -> None:
    """Every save or delete of these models renews the public pages (for models whose
    changes are public at once, outside the publishing steps)."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        for signal in (post_save, post_delete):
            uid = f"pagecache.{model._meta.label}.{signal is post_save}"
            signal.connect(_renew, sender=model, dispatch_uid=uid, weak=False)


def public_page(view):
    """Mark ``view``'s responses storable by :class:`PublicPageCacheMiddleware`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.public_page = True
        return response

    return wrapped


def page_key(request) -> str:
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:40]
    return f"page:{version()}:{timezone.localdate().isoformat()}:{digest}"


def _anonymous(request) -> bool:
    return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME} and not request.META.get(
        "HTTP_AUTHORIZATION"
    )


def _storable(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        getattr(response, "public_page", False)
        and request.method == "GET"
        and response.status_code in STORED_STATUSES
        and not getattr(response, "streaming", False)
        and not response.cookies
        # The page used a CSRF token: it holds this reader's token, never another's.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not enabled() or not _anonymous(request):
            return self.get_response(request)
        try:
            key = page_key(request)
        except DisallowedHost:  # answered (400) by the usual path
            return self.get_response(request)
        pages = caches["pages"]
        stored = pages.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if _storable(request, response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
            pages.set(key, (response.status_code, headers, response.content), PAGE_SECONDS)
        return response
