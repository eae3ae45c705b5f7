"""A small fixed-window rate limit on the shared cache, answering 429 in Chinese."""

from __future__ import annotations

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

# Also imported from here by AXES_CLIENT_IP_CALLABLE and the views.
from config.web.net import client_ip


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit; False when ``limit`` hits in the current ``window`` seconds are exceeded."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    slot = int(time.time() // window)
    cache_key = f"rl:{scope}:{digest}:{slot}"
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    return count <= limit


def too_many(request, *, retry_after: int) -> TemplateResponse:
    response = TemplateResponse(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    # One client's refusal must never be kept by a shared cache for everyone else.
    add_never_cache_headers(response)
    return response


def ratelimit(scope: str, *, limit: int, window: int, methods=("POST",)):
    """Limit a view per client IP for the given methods."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not hit(
                scope, client_ip(request), limit=limit, window=window
            ):
                return too_many(request, retry_after=window)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_search(request) -> bool:
    """A GET carrying a full-text query (a non-empty ``q``): the costly kind of page view."""
    return request.method in ("GET", "HEAD") and bool(request.GET.get("q", "").strip())


def search_allowed(request) -> bool:
    """Count one search of this client; False beyond ``settings.SEARCH_RATE_LIMIT`` per
    ``settings.SEARCH_RATE_WINDOW`` seconds (pages and API share the count)."""
    return hit(
        "search",
        client_ip(request),
        limit=settings.SEARCH_RATE_LIMIT,
        window=settings.SEARCH_RATE_WINDOW,
    )


def search_ratelimit(view):
    """Limit a page's full-text searches per client; browsing without ``q`` stays unlimited
    (and cacheable). Put it outside ``cache_control`` so the 429 is not marked public."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if is_search(request) and not search_allowed(request):
            return too_many(request, retry_after=settings.SEARCH_RATE_WINDOW)
        return view(request, *args, **kwargs)

    return wrapped
