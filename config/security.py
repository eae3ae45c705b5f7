"""Security headers Django 5.2 does not send by itself, and the client address behind a proxy.

Django's ``SecurityMiddleware`` sends nosniff, Referrer-Policy, Cross-Origin-Opener-Policy
and (when configured) HSTS; ``XFrameOptionsMiddleware`` sends X-Frame-Options. This module
adds the Content-Security-Policy (Django has its own only from 6.0) and a Permissions-Policy.
The policy forbids inline script and inline style: templates load ``static/js/*.js`` and
``static/css/site.css`` only (a test greps the templates).
"""

from __future__ import annotations

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.shortcuts import render


def build_policy(directives: dict[str, list[str]]) -> str:
    """``{"default-src": ["'self'"], ...}`` → ``"default-src 'self'; ..."``."""
    return "; ".join(
        " ".join([name, *sources]) if sources else name for name, sources in directives.items()
    )


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy to every response.

    Placed right after ``SecurityMiddleware`` so static files served by WhiteNoise, error
    pages and the admin carry them too. A view may set its own policy first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = build_policy(settings.CONTENT_SECURITY_POLICY)
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 400:
            # Django's technical 404/500 pages (DEBUG only) style themselves inline.
            return response
        response.headers.setdefault("Content-Security-Policy", self.policy)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        return response


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (``AXES_LOCKOUT_CALLABLE``): 429, in Chinese."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        "site_title": "政府信息公开平台",
        "site_header": "政府信息公开平台",
    }
    response = render(request, "admin/lockout.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
