"""Cached public pages against a static file under one gunicorn: ``manage.py page_throughput``.

Starts gunicorn (:mod:`disclosure.ops.loadtools`) on the database in use and loads each
address in turn for ``--seconds`` with ``--connections`` connections, then prints the
requests per second and each page's share of the static file's rate (issue 19: hot pages
at ≥ 40 %). The load comes from wrk when it is installed (Debian's ``wrk``), otherwise
from Python keep-alive clients (threads on the same cores: the static rate is then a
lower bound, and the ratio is the figure to compare).
"""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import threading
import time
import urllib.request
from urllib.parse import quote

from django.core.management.base import BaseCommand

from catalog.models import Organization
from disclosure.library.models import Document
from disclosure.ops.loadtools import start_gunicorn, stop_gunicorn

TARGET = 0.40


def _hammer(port: int, path: str, seconds: float, counts: list, errors: list) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
            n += 1
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    counts.append(n)


def python_rate(port: int, path: str, seconds: float, connections: int) -> tuple[float, int]:
    counts: list[int] = []
    errors: list = []
    threads = [
        threading.Thread(target=_hammer, args=(port, path, seconds, counts, errors))
        for _ in range(connections)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / seconds, len(errors)


def wrk_rate(port: int, path: str, seconds: float, connections: int) -> tuple[float, int]:
    """wrk's requests per second and its count of non-2xx/3xx answers and socket errors."""
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(bad.group(1)) if bad else 0
    # A sync worker closes each connection after its answer: wrk counts those as read
    # errors, which are not failures; connect errors and timeouts are.
    if socket:
        errors += int(socket.group(1)) + int(socket.group(4))
    return per_second, errors


class Command(BaseCommand):
    help = "测量 gunicorn 下缓存页面与静态文件的吞吐量之比"

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=10)
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--port", type=int, default=8766)
        parser.add_argument("--python-clients", action="store_true", help="不用 wrk")

    def paths(self) -> dict[str, str]:
        pk = (
            Document.objects.public()
            .order_by("-published_on", "-pk")
            .values_list("pk", flat=True)[:1][0]
        )
        org = Organization.objects.main() or Organization.objects.active().first()
        return {
            "静态 CSS": "/static/css/site.css",
            "网站首页": "/",
            "机关信息公开专栏": f"/xxgk/{org.slug}/",
            "政策文件库首页": "/zcwjk/",
            "政策文件库筛选": f"/zcwjk/?organization={org.slug}",
            "文件详情": f"/zcwjk/{pk}/",
            "检索「政务公开」": f"/zcwjk/?q={quote('政务公开')}",
            "检索「优化营商环境」": f"/zcwjk/?q={quote('优化营商环境')}",
        }

    def handle(self, *args, **options):
        paths = self.paths()
        use_wrk = shutil.which("wrk") and not options["python_clients"]
        rate = wrk_rate if use_wrk else python_rate
        port = options["port"]
        server = start_gunicorn(port, workers=options["workers"])
        try:
            results = {}
            for name, path in paths.items():
                for _ in range(2 * options["workers"]):  # each worker stores the page
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()
                python_rate(port, path, 1, 2)  # warm up
                results[name] = rate(port, path, options["seconds"], options["connections"])
        finally:
            stop_gunicorn(server)
        static = results["静态 CSS"][0] or 1
        tool = "wrk" if use_wrk else "Python 客户端"
        self.stdout.write(
            f"gunicorn {options['workers']} 个进程，{tool} {options['connections']} 个连接，"
            f"每个地址 {options['seconds']:.0f} 秒；目标：缓存页面 ≥ 静态文件的 {TARGET:.0%}"
        )
        self.stdout.write("| 页面 | 请求/秒 | 占静态文件 | 达标 | 错误 |")
        self.stdout.write("|---|---:|---:|---|---:|")
        for name, (per_second, errors) in results.items():
            share = per_second / static
            ok = "-" if name == "静态 CSS" else ("✓" if share >= TARGET else "✗")
            self.stdout.write(f"| {name} | {per_second:.0f} | {share:.0%} | {ok} | {errors} |")
