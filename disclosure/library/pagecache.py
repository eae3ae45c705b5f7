"""Hot public pages of the 政策文件库 from the shared cache, keyed by the library version.

A page is stored whole (status, content type, body) under the library version
(:mod:`disclosure.library.cache`, bumped by every save, publication, withdrawal and
validity refresh), the day (validity is derived as of a date) and the full path with its
query string, so a change makes every stored page unused at once and the next request
renders afresh. Only anonymous GET/HEAD requests are served or stored (no session
cookie: nothing per user), and only responses that set no cookie: these pages carry no
form needing a CSRF token. Middleware runs on every response as before, so security
headers and ``Vary`` stay those of a fresh render.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from disclosure.library import cache as library_cache

PAGE_SECONDS = 300
CACHEABLE = (200, 410)


def page_key(request) -> str:
    path = request.get_full_path()
    digest = hashlib.sha256(path.encode()).hexdigest()[:40]
    return f"zcwjk-page:{library_cache.version()}:{timezone.localdate().isoformat()}:{digest}"


def cached_public_page(view):
    """Serve ``view`` from the shared cache for anonymous readers (see the module note)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        enabled = getattr(settings, "LIBRARY_PAGE_CACHE", True)
        if request.method not in ("GET", "HEAD") or not anonymous or not enabled:
            return view(request, *args, **kwargs)
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            status, content_type, content = stored
            return HttpResponse(content, status=status, content_type=content_type)
        response = view(request, *args, **kwargs)
        if (
            response.status_code in CACHEABLE
            and not response.cookies
            and not getattr(response, "streaming", False)
        ):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(
                key,
                (response.status_code, response["Content-Type"], response.content),
                PAGE_SECONDS,
            )
        return response

    return wrapped
