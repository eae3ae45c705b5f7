"""Reads of public pages from a PostgreSQL streaming replica (``DATABASE_REPLICA_URL``).

Switched on only when the replica is configured (config/settings.py). A replica lags the
primary by a moment, so it serves only what may lag: pages anyone may read, asked for
with GET/HEAD by a visitor without a session. Everything else reads the primary:
writes, anything inside a transaction (``select_for_update``, workflow functions), the
admin and staff pages, the 依申请公开 pages (an applicant must see the request just
submitted), and every request carrying a session cookie (staff, applicants tracking).
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

PRIMARY, REPLICA = "default", "replica"

# Paths that always read the primary (prefixes), and a marker for staff pages.
PRIMARY_PATH_PREFIXES = ("/admin/", "/ysqgk/")
STAFF_PATH_MARKER = "/staff/"
# Apps whose rows are read right after being written, or are about who is logged in.
PRIMARY_APPS = frozenset({"auth", "sessions", "admin", "axes", "contenttypes"})

_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)


def may_read_replica(request) -> bool:
    """Whether this request only reads what may lag a moment behind."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    path = request.path_info
    return not path.startswith(PRIMARY_PATH_PREFIXES) and STAFF_PATH_MARKER not in path


class ReplicaReadsMiddleware:
    """Marks the requests whose reads may go to the replica, for the router."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _replica_allowed.set(may_read_replica(request))
        try:
            return self.get_response(request)
        finally:
            _replica_allowed.reset(token)


class PrimaryReplicaRouter:
    """Writes and transactions to the primary; marked public reads to the replica."""

    def db_for_read(self, model, **hints):
        if not _replica_allowed.get():
            return PRIMARY
        if model._meta.app_label in PRIMARY_APPS:
            return PRIMARY
        # Inside a transaction on the primary the read must see its own writes and locks.
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
