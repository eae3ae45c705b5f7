"""A clean 503 page while PostgreSQL is unreachable, and recovery without a restart.

When the database restarts (or a failover moves it), requests that need it fail with
``OperationalError`` / ``InterfaceError``. Instead of the generic 500 page they get
``templates/503.html`` (Chinese, ``Retry-After``), rendered without touching the
database. The broken connection is closed at once, so the next request connects anew;
``CONN_HEALTH_CHECKS`` does the same for persistent connections that died while idle.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger("portal.outage")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def drop_broken_connections() -> None:
    """Close connections that no longer work, so the next query reconnects.

    Connections inside a transaction are left to their ``atomic`` block (and to the
    end-of-request cleanup), as Django's own ``close_old_connections`` does.
    """
    for conn in connections.all(initialized_only=True):
        if conn.connection is None or conn.in_atomic_block:
            continue
        try:
            if not conn.is_usable():
                conn.close()
        except Exception:  # closing a dead socket may fail again; it is gone either way
            logger.debug("closing a broken connection failed", exc_info=True)


def unavailable_response(request=None) -> HttpResponse:
    """The 503 page. No context processors, no queries: the database is away."""
    html = render_to_string(
        "503.html",
        {"PORTAL_NAME": settings.PORTAL_NAME, "retry_after": RETRY_AFTER_SECONDS},
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database outage raised by a view (or its template) into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.warning("database unavailable: %s %s: %s", request.method, request.path, exception)
        drop_broken_connections()
        return unavailable_response(request)


def server_error(request, template_name: str = "500.html"):
    """``handler500``: the 503 page when the error came from the database being away.

    Covers what the middleware cannot see: errors raised by other middleware (the session
    store, the login throttle) before or after the view.
    """
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        drop_broken_connections()
        return unavailable_response(request)
    return defaults.server_error(request, template_name)
