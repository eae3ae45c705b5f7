"""A small fixed-window rate limit on the shared cache, answering 429 in Chinese."""

from __future__ import annotations

import functools
import hashlib
import ipaddress
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


def is_exempt(ip: str) -> bool:
    """Is ``ip`` in ``RATE_LIMIT_EXEMPT_NETWORKS`` (e.g. the kiosks of a 政务服务大厅)?"""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for network in getattr(settings, "RATE_LIMIT_EXEMPT_NETWORKS", ()):
        try:
            if address in ipaddress.ip_network(network.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def _value(value: int | str) -> int:
    # A name is a setting, read at each request so deployments and tests can change it.
    return int(getattr(settings, value)) if isinstance(value, str) else value


def ratelimit(scope: str, *, limit: int | str, window: int | str, methods=("POST",)):
    """Limit a view per client IP for the given methods; exempt networks are not limited.

    ``limit`` and ``window`` are numbers or the names of settings holding them.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                ip = client_ip(request)
                seconds = _value(window)
                if not is_exempt(ip) and not hit(scope, ip, limit=_value(limit), window=seconds):
                    return too_many(request, retry_after=seconds)
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
