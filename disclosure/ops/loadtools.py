"""gunicorn on a loopback port for the load test and the outage drill.

The server runs with the settings of ``deploy/gunicorn.conf.py`` and DEBUG off, against
the database in use, with the per-client rate limits raised (one client sends
everything); it answers on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

ROOT = Path(settings.BASE_DIR)


def start_gunicorn(port: int, *, workers: int | None = None, env: dict | None = None, output=None):
    """gunicorn (``deploy/gunicorn.conf.py``, DEBUG off) on 127.0.0.1:``port``, once it
    answers; it runs in its own process group so ``stop_gunicorn`` ends all its workers."""
    host = f"http://127.0.0.1:{port}"
    server_env = {
        **os.environ,
        "DEBUG": "0",
        "SECURE_COOKIES": "0",
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_ACCESSLOG": "/dev/null",
        # One client sends everything: the per-client limits must not answer 429.
        "API_RATE_LIMIT": "100000000",
        "SEARCH_RATE_LIMIT": "100000000",
        **(env or {}),
    }
    if workers:
        server_env["GUNICORN_WORKERS"] = str(workers)
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "config.wsgi",
    ]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=server_env,
        start_new_session=True,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError("gunicorn 未能启动。")
        try:
            with urllib.request.urlopen(f"{host}/xxgk/", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop_gunicorn(server)
    raise CommandError("gunicorn 60 秒内未就绪。")


def stop_gunicorn(server: subprocess.Popen) -> None:
    """End the server and all its workers (killed if they have not left after 30 s)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
