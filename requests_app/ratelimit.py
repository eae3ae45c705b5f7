"""A small fixed-window rate limit on the shared cache, answering 429 in Chinese."""

from __future__ import annotations

import functools
import hashlib
import time

from django.core.cache import cache
from django.template.response import TemplateResponse

# Also imported from here by AXES_CLIENT_IP_CALLABLE and the views.
from catalog.net import client_ip


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
