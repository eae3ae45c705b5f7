"""Cached library pages against a static file under one gunicorn: ``manage.py page_throughput``.

Starts gunicorn (:mod:`disclosure.ops.loadtools`) on the database in use, then for each
path keeps ``--connections`` keep-alive clients busy for ``--seconds`` and reports the
requests per second and each page's share of the static file's rate (issue 19: hot
pages at ≥ 40 %). The clients are Python threads on the same 2 cores, so the static rate
is a lower bound of what wrk would reach; the ratio is the figure to compare.
"""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import quote

from django.core.management.base import BaseCommand

from disclosure.library.models import Document
from disclosure.ops.loadtools import start_gunicorn, stop_gunicorn


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


def rate(port: int, path: str, seconds: float, connections: int) -> tuple[float, int]:
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


class Command(BaseCommand):
    help = "测量 gunicorn 下缓存页面与静态文件的吞吐量之比"

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=10)
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--port", type=int, default=8766)

    def handle(self, *args, **options):
        pk = (
            Document.objects.public()
            .order_by("-published_on", "-pk")
            .values_list("pk", flat=True)[:1][0]
        )
        paths = {
            "静态 CSS": "/static/css/site.css",
            "政策文件库首页": "/zcwjk/",
            "文件详情": f"/zcwjk/{pk}/",
            "检索「政务公开」": f"/zcwjk/?q={quote('政务公开')}",
            "检索「优化营商环境」": f"/zcwjk/?q={quote('优化营商环境')}",
        }
        server = start_gunicorn(options["port"], workers=options["workers"])
        try:
            results = {}
            for name, path in paths.items():
                rate(options["port"], path, 2, 2)  # warm up: the page is stored
                results[name] = rate(
                    options["port"], path, options["seconds"], options["connections"]
                )
        finally:
            stop_gunicorn(server)
        static = results["静态 CSS"][0] or 1
        self.stdout.write("| 页面 | 请求/秒 | 占静态文件 | 非 200 |")
        self.stdout.write("|---|---:|---:|---:|")
        for name, (per_second, errors) in results.items():
            self.stdout.write(
                f"| {name} | {per_second:.0f} | {per_second / static:.0%} | {errors} |"
            )
