"""Public traffic under gunicorn at rising concurrency: ``make loadtest``.

    manage.py loadtest [--users 2,4,8,16,32] [--duration 30] [--workers N] [--port 8765]

Starts gunicorn (``deploy/gunicorn.conf.py``, DEBUG off) on a loopback port against the
database in use, then runs ``scripts/locustfile.py`` headless with locust at each number
of concurrent visitors for ``--duration`` seconds, and reports per step the throughput,
the median and 95th percentile response time and the failures
(:mod:`disclosure.ops.loadtest`). The answer is the highest throughput at which p95 stays
under ``--p95-target`` ms (200) with no failure; the command exits non-zero when no step
meets it. Every request goes to 127.0.0.1 only, and each step ends by itself.

Refuses a database whose name lacks "bench" (``make loadtest`` uses the embedded
server's ``portal_bench`` with the 100,000 bench documents) unless
``--allow-any-database`` is given. The portal's own rate limits would answer 429 to one
client sending thousands of requests, so the server under test runs with them raised.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from disclosure.library.models import Document
from disclosure.ops import loadtest
from disclosure.ops.loadtest import P95_TARGET_MS, Step, best_step


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
        if not loadtest.locust_installed():
            raise CommandError("未安装 locust：pip install -e '.[load]'（make loadtest 会安装）。")
        try:
            users = [int(u) for u in options["users"].split(",") if u.strip()]
        except ValueError as exc:
            raise CommandError("--users 应为逗号分隔的整数，如 2,4,8。") from exc
        documents = Document.objects.public().count()
        if not documents:
            raise CommandError("没有公开文件：先运行 manage.py seed_bench --documents 100000。")
        self.stdout.write(f"数据库：{name}；公开文件 {documents} 件。")
        steps = loadtest.run(
            users,
            port=options["port"],
            duration=options["duration"],
            warmup=options["warmup"],
            workers=options["workers"],
            p95_target=options["p95_target"],
            stdout=self.stdout,
        )
        self.report(steps, options, documents)

    # -- the report ---------------------------------------------------------------------
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
