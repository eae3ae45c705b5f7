"""The client's address, read the same way wherever it is needed (rate limits, the login
lockout, the audit log)."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind ``TRUSTED_PROXIES`` proxies the address
    the outermost of them saw (counted from the right of X-Forwarded-For, which each proxy
    appends to). Entries further left are the client's own claims and are never trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if not proxies:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    return hops[-proxies] if len(hops) >= proxies else remote
