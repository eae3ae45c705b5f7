"""Server-side speed of the 政策文件库 at 100,000 documents: ``make bench``.

    manage.py bench [--documents 100000] [--runs 50] [--query-runs 20] [--explain]

Seeds the bench documents (``seed_bench``; skipped when present), measures each page
(:mod:`disclosure.ops.bench`: median and 95th percentile of the server time, SQL queries
at the full size and with about 1% of the documents public) and prints the table.

Refuses to run on a database whose name does not contain "bench" (``make bench`` uses
the embedded server's ``portal_bench``), unless ``--allow-any-database`` is given.
"""

from __future__ import annotations

import statistics

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from disclosure.library.models import Document
from disclosure.ops import bench, relevance, seeding
from disclosure.ops.bench import LIST_TARGET_MS, SEARCH_TARGET_MS, Case


class Command(BaseCommand):
    help = "政策文件库性能测试：生成 10 万件文件并测量列表、详情和检索的服务器耗时"

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=50, help="每个页面的测量次数")
        parser.add_argument("--query-runs", type=int, default=20, help="每个检索词的测量次数")
        parser.add_argument(
            "--explain", action="store_true", help="对每个页面最慢的 SQL 执行 EXPLAIN ANALYZE"
        )
        parser.add_argument("--allow-any-database", action="store_true")
        parser.add_argument(
            "--no-small-size", action="store_true", help="不在约 1% 文件公开时复核 SQL 查询数"
        )
        parser.add_argument(
            "--no-relevance", action="store_true", help="不测量检索相关度（标注查询集）"
        )

    def handle(self, *args, **options):
        name = connection.settings_dict["NAME"]
        if "bench" not in name and not options["allow_any_database"]:
            raise CommandError(
                f"数据库「{name}」不是性能测试库：请用 make bench（使用 portal_bench），"
                "或加 --allow-any-database。"
            )
        self.stdout.write(f"数据库：{name}；补足测试文件到 {options['documents']} 件……")
        stats = seeding.seed(options["documents"], stdout=self.stdout)
        if stats["created"]:
            self.stdout.write(
                f"新增 {stats['created']} 件，用时 {stats['seconds']:.0f} 秒 "
                f"（{ {k: v for k, v in stats.items() if k.endswith('_seconds')} }）"
            )
        total = Document.objects.public().count()
        self.stdout.write(f"公开文件共 {total} 件。")
        cases = bench.run(
            runs=options["runs"],
            query_runs=options["query_runs"],
            explain_queries=options["explain"],
            small=not options["no_small_size"],
            stdout=self.stdout,
        )
        self.report(cases, total)
        relevance_figures = None if options["no_relevance"] else self.report_relevance()
        bench.save_results(cases, total, relevance_figures)
        self.report_sizes()

    def report_sizes(self) -> None:
        """The p95 of each page at every size measured on this machine (the last run of
        each), side by side: the issue's table of 100,000 against 1,000,000."""
        sizes = bench.saved_results()
        if len(sizes) < 2:
            self.stdout.write(
                "\n（按规模对比：另测一种规模后显示，例如 make bench 与"
                ' make bench BENCH_ARGS="--documents 1000000"）'
            )
            return
        totals = sorted(sizes)
        self.stdout.write("\n各规模 P95（ms，各规模最近一次测量）：")
        self.stdout.write("| 页面 | " + " | ".join(f"{n} 件" for n in totals) + " |")
        self.stdout.write("|---|" + "---:|" * len(totals))
        names = list(dict.fromkeys(name for n in totals for name in sizes[n]["p95"]))
        for name in names:
            cells = [sizes[n]["p95"].get(name) for n in totals]
            row = " | ".join("-" if c is None else f"{c:.1f}" for c in cells)
            self.stdout.write(f"| {name} | {row} |")
        for label, key in (("全部检索 P95", "search_p95"), ("前10条准确率", "precision_at_10")):
            cells = [sizes[n].get(key) for n in totals]
            row = " | ".join(
                "-" if c is None else f"{c:.3f}" if c < 1 else f"{c:.1f}" for c in cells
            )
            self.stdout.write(f"| {label} | {row} |")

    def report_relevance(self) -> dict:
        outcomes, known = relevance.run()
        figures = relevance.summary(outcomes)
        self.stdout.write(
            f"\n相关度（标注查询 {figures['queries']} 条，写入后回滚）：前10条准确率 "
            f"{figures['precision_at_10']:.3f}，已知条目首位命中率 {figures['known_item_rate']:.3f}"
        )
        for kind, (hit, asked) in known.items():
            if asked:
                self.stdout.write(f"测试文件按{kind}检索，首位命中 {hit}/{asked}")
        return figures

    # -- the table -------------------------------------------------------------------------
    def report(self, cases: list[Case], total: int) -> None:
        self.stdout.write("")
        self.stdout.write(
            f"公开文件 {total} 件；服务器耗时（进程内 Django test Client）。"
            "「计数未缓存」每次请求前清空缓存（筛选计数需重新统计），其余为计数已缓存时；"
            "SQL 数为清空缓存后的首次访问。"
        )
        self.stdout.write(
            "| 页面 | 中位数 ms | P95 ms | 目标 ms | 结果数 | SQL 数（首次访问，全量）"
            " | SQL 数（首次访问，约 1%） |"
        )
        self.stdout.write("|---|---:|---:|---:|---:|---:|---:|")
        for case in cases:
            p95 = case.percentile(0.95)
            ok = "✓" if p95 < case.target else "✗"
            results = "-" if case.results is None else case.results
            small = "-" if case.queries_small is None else case.queries_small
            self.stdout.write(
                f"| {case.name} | {statistics.median(case.times):.1f} | {p95:.1f} | "
                f"< {case.target} {ok} | {results} | {case.queries} | {small} |"
            )
        searches = [t for c in cases if c.kind == "search" for t in c.times]
        pages = [c for c in cases if c.kind == "page"]
        all_search = Case("", "", {}, "search", times=searches)
        self.stdout.write(
            f"\n全部检索：中位数 {statistics.median(searches):.1f} ms，"
            f"P95 {all_search.percentile(0.95):.1f} ms（目标 < {SEARCH_TARGET_MS} ms）"
        )
        missed = [c.name for c in cases if c.percentile(0.95) >= c.target]
        grew = [
            c.name for c in cases if c.queries_small is not None and c.queries != c.queries_small
        ]
        self.stdout.write(
            f"列表和详情页 P95 最大 {max(c.percentile(0.95) for c in pages):.1f} ms"
            f"（目标 < {LIST_TARGET_MS} ms）"
        )
        self.stdout.write("未达标：" + ("、".join(missed) if missed else "无"))
        self.stdout.write(
            "SQL 查询数随文件数变化：" + ("、".join(grew) if grew else "无（两种规模下相同）")
        )
