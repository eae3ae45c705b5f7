"""Public traffic under gunicorn at rising concurrency: ``make loadtest``.

    manage.py loadtest [--users 2,4,8,16,32] [--duration 30] [--workers N] [--port 8765]

Starts gunicorn (``deploy/gunicorn.conf.py``, DEBUG off) on a loopback port against the
database in use, then runs ``scripts/locustfile.py`` headless with locust at each number
of concurrent visitors for ``--duration`` seconds, and reports per step the throughput,
the median and 95th percentile response time and the failures. The answer is the highest
throughput at which p95 stays under ``--p95-target`` ms (200) with no failure; the
command exits non-zero when no step meets it. Every request goes to 127.0.0.1 only, and
each step ends by itself.

Refuses a database whose name lacks "bench" (``make loadtest`` uses the embedded
server's ``portal_bench`` with the 100,000 bench documents) unless
``--allow-any-database`` is given. The portal's own rate limits would answer 429 to one
client sending thousands of requests, so the server under test runs with them raised.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from catalog.models import Theme
from disclosure.library.models import Document
from disclosure.ops.bench import WORD_QUERIES

ROOT = Path(settings.BASE_DIR)
LOCUSTFILE = ROOT / "scripts" / "locustfile.py"
P95_TARGET_MS = 200
SAMPLE = 2000  # document pks the visitors pick from


@dataclass
class Step:
    users: int
    requests: int
    failures: int
    rps: float
    median_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    def meets(self, target_ms: float) -> bool:
        return self.requests > 0 and self.failures == 0 and self.p95_ms < target_ms


def read_aggregate(stats_csv: Path, users: int) -> Step:
    """The "Aggregated" row of locust's ``*_stats.csv``."""
    with stats_csv.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["Name"] == "Aggregated":
                return Step(
                    users=users,
                    requests=int(row["Request Count"]),
                    failures=int(row["Failure Count"]),
                    rps=float(row["Requests/s"]),
                    median_ms=float(row["50%"]),
                    p95_ms=float(row["95%"]),
                    p99_ms=float(row["99%"]),
                    max_ms=float(row["Max Response Time"]),
                )
    raise CommandError(f"{stats_csv} 中没有汇总行。")


def best_step(steps: list[Step], target_ms: float) -> Step | None:
    """The step with the highest throughput among those within the target."""
    within = [s for s in steps if s.meets(target_ms)]
    return max(within, key=lambda s: s.rps) if within else None


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
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


class Command(BaseCommand):
    help = "在 gunicorn 下以逐级增加的并发访问公开页面，报告 p95 低于 200 毫秒时的吞吐量"

    def add_arguments(self, parser):
        parser.add_argument("--users", default="2,4,8,16,32", help="各级并发访问者数，逗号分隔")
        parser.add_argument("--duration", type=int, default=30, help="每级持续秒数")
        parser.add_argument("--warmup", type=int, default=10, help="预热秒数")
        parser.add_argument("--workers", type=int, help="gunicorn 进程数（默认按配置文件）")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--p95-target", type=float, default=P95_TARGET_MS)
        parser.add_argument("--allow-any-database", action="store_true")

    def handle(self, *args, **options):
        name = connection.settings_dict["NAME"]
        if "bench" not in name and not options["allow_any_database"]:
            raise CommandError(
                f"数据库「{name}」不是性能测试库：请用 make loadtest（使用 portal_bench），"
                "或加 --allow-any-database。"
            )
        if shutil.which("locust", path=str(Path(sys.executable).parent)) is None:
            raise CommandError("未安装 locust：pip install -e '.[load]'（make loadtest 会安装）。")
        try:
            users = [int(u) for u in options["users"].split(",") if u.strip()]
        except ValueError as exc:
            raise CommandError("--users 应为逗号分隔的整数，如 2,4,8。") from exc
        documents = Document.objects.public().count()
        if not documents:
            raise CommandError("没有公开文件：先运行 manage.py seed_bench --documents 100000。")
        self.stdout.write(f"数据库：{name}；公开文件 {documents} 件。")

        workdir = Path(tempfile.mkdtemp(prefix="loadtest-"))
        try:
            urls = workdir / "urls.json"
            urls.write_text(json.dumps(self.sample_urls(), ensure_ascii=False), encoding="utf-8")
            host = f"http://127.0.0.1:{options['port']}"
            server = start_gunicorn(options["port"], workers=options["workers"])
            self.stdout.write(f"gunicorn 已在 {host} 启动。")
            try:
                self.locust(
                    host, urls, workdir / "warmup", users=max(users), seconds=options["warmup"]
                )
                steps = []
                for count in users:
                    prefix = workdir / f"u{count}"
                    self.locust(host, urls, prefix, users=count, seconds=options["duration"])
                    step = read_aggregate(Path(f"{prefix}_stats.csv"), count)
                    steps.append(step)
                    self.print_step(step)
                    if step.p95_ms > 4 * options["p95_target"]:
                        break  # well past the target: higher steps tell nothing more
            finally:
                stop_gunicorn(server)
            self.report(steps, options, documents)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    # -- what the visitors ask for ------------------------------------------------------
    def sample_urls(self) -> dict:
        public = Document.objects.public()
        ids = list(public.order_by("?").values_list("pk", flat=True)[:SAMPLE])
        organizations = list(
            public.order_by().values_list("organization_id", "organization__slug").distinct()[:50]
        )
        return {
            "documents": ids,
            "slugs": [slug for _pk, slug in organizations],
            "organization_ids": [pk for pk, _slug in organizations],
            "theme_ids": list(Theme.objects.values_list("pk", flat=True)),
            "queries": WORD_QUERIES,
        }

    # -- the load -----------------------------------------------------------------------
    def locust(self, host, urls, prefix, *, users: int, seconds: int) -> None:
        command = [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            host,
            "-u",
            str(users),
            "-r",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "5",
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--csv",
            str(prefix),
        ]
        env = {**os.environ, "LOADTEST_URLS": str(urls)}
        # Bounded: locust stops after run_time; the timeout is a second guard.
        log = Path(f"{prefix}.log")
        with log.open("w") as output:
            subprocess.run(
                command,
                env=env,
                check=False,
                timeout=seconds + 60,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        if not Path(f"{prefix}_stats.csv").exists():
            raise CommandError(f"locust 未能运行：\n{log.read_text()[-2000:]}")

    # -- the report ---------------------------------------------------------------------
    def print_step(self, step: Step) -> None:
        self.stdout.write(
            f"并发 {step.users:>3}：{step.rps:7.1f} 次/秒，中位 {step.median_ms:5.0f} ms，"
            f"p95 {step.p95_ms:5.0f} ms，p99 {step.p99_ms:5.0f} ms，"
            f"请求 {step.requests}，失败 {step.failures}"
        )

    def report(self, steps: list[Step], options, documents: int) -> None:
        target = options["p95_target"]
        best = best_step(steps, target)
        if best is None:
            raise CommandError(f"没有一级并发能做到 p95 < {target:.0f} ms 且无失败。")
        self.stdout.write(
            self.style.SUCCESS(
                f"结论：{documents} 件公开文件，p95 < {target:.0f} ms 且零失败时的最高吞吐量为 "
                f"{best.rps:.1f} 次/秒（并发 {best.users}，p95 {best.p95_ms:.0f} ms）。"
            )
        )
