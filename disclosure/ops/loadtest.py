"""Public traffic under gunicorn at rising concurrency, measured with locust.

gunicorn (:mod:`disclosure.ops.loadtools`) serves the database in use on a loopback port;
``scripts/locustfile.py`` runs headless at each number of concurrent visitors for a
fixed time, and each step's throughput, median and 95th percentile response time and
failures are read from locust's CSV. The answer is the highest throughput at which p95
stays under the target (200 ms) with no failure. Every request goes to 127.0.0.1 only,
and each step ends by itself. Used by ``manage.py loadtest``.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError

from catalog.models import Theme
from disclosure.library.models import Document
from disclosure.ops.bench import WORD_QUERIES
from disclosure.ops.loadtools import ROOT, start_gunicorn, stop_gunicorn

LOCUSTFILE = ROOT / "scripts" / "locustfile.py"
P95_TARGET_MS = 200
SAMPLE = 2000  # document pks the visitors pick from


@dataclass
class Step:
    """One step of the load: locust's aggregate at one number of visitors."""

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


def run(
    users: list[int],
    *,
    port: int,
    duration: int,
    warmup: int,
    workers: int | None,
    p95_target: float,
    stdout,
) -> list[Step]:
    """Warm up, then one step of ``duration`` seconds per number of visitors in ``users``.

    Stops early once a step's p95 is past four times the target: higher steps tell
    nothing more.
    """
    workdir = Path(tempfile.mkdtemp(prefix="loadtest-"))
    try:
        urls = workdir / "urls.json"
        urls.write_text(json.dumps(sample_urls(), ensure_ascii=False), encoding="utf-8")
        host = f"http://127.0.0.1:{port}"
        server = start_gunicorn(port, workers=workers)
        stdout.write(f"gunicorn 已在 {host} 启动。")
        try:
            run_locust(host, urls, workdir / "warmup", users=max(users), seconds=warmup)
            steps = []
            for count in users:
                prefix = workdir / f"u{count}"
                run_locust(host, urls, prefix, users=count, seconds=duration)
                step = read_aggregate(Path(f"{prefix}_stats.csv"), count)
                steps.append(step)
                stdout.write(step_line(step))
                if step.p95_ms > 4 * p95_target:
                    break  # well past the target: higher steps tell nothing more
        finally:
            stop_gunicorn(server)
        return steps
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def step_line(step: Step) -> str:
    """The progress line of one step."""
    return (
        f"并发 {step.users:>3}：{step.rps:7.1f} 次/秒，中位 {step.median_ms:5.0f} ms，"
        f"p95 {step.p95_ms:5.0f} ms，p99 {step.p99_ms:5.0f} ms，"
        f"请求 {step.requests}，失败 {step.failures}"
    )


def locust_installed() -> bool:
    """locust is the optional ``load`` extra (``make loadtest`` installs it)."""
    return shutil.which("locust", path=str(Path(sys.executable).parent)) is not None


# -- what the visitors ask for -----------------------------------------------------------


def sample_urls() -> dict:
    """What the visitors ask for: documents, agencies, themes and queries in the database."""
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


# -- the load ----------------------------------------------------------------------------


def run_locust(host: str, urls: Path, prefix: Path, *, users: int, seconds: int) -> None:
    """One headless locust run of ``seconds`` with ``users`` visitors; CSVs at ``prefix``."""
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
