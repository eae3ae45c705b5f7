"""Server-side speed of the 政策文件库 at 100,000 documents: ``make bench``.

    manage.py bench [--documents 100000] [--runs 50] [--query-runs 20] [--explain]

Seeds the bench documents (``seed_bench``; skipped when present), then requests each
page in-process with Django's test Client and reports the median and 95th percentile
of the server time, and the number of SQL queries per page at the full size and with
only about 1% of the documents public (measured inside a transaction that is rolled
back), which must be the same: the query count must not grow with the number of
documents. Targets on the 2-core reference machine: list and detail p95 < 50 ms,
search p95 < 100 ms.

Refuses to run on a database whose name does not contain "bench" (``make bench`` uses
the embedded server's ``portal_bench``), unless ``--allow-any-database`` is given.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

from disclosure.library.models import Document, DocumentRelation
from disclosure.ops import seeding

LIST_TARGET_MS = 50
SEARCH_TARGET_MS = 100

# Realistic queries of citizens and staff (words, phrases, several words).
WORD_QUERIES = [
    "政务公开",
    "义务教育招生入学",
    "预算公开",
    "大气污染防治",
    "优化营商环境",
    "老旧小区改造",
    "就业创业补贴",
    "高标准农田建设",
    "家庭医生签约服务",
    "安全生产",
    "政府信息公开条例",
    "乡村振兴 农村人居环境",
    "专项资金管理办法",
    "保障性住房 申请",
    "2024年 工作要点",
]


@dataclass
class Case:
    name: str
    path: str
    params: dict
    kind: str  # "page" or "search"
    cold: bool = False  # clear the cache (cached facet counts) before each request
    times: list[float] = field(default_factory=list)
    queries: int | None = None
    queries_small: int | None = None
    results: int | str | None = None
    shown: list[int] = field(default_factory=list)  # documents on the measured page

    @property
    def target(self) -> int:
        return SEARCH_TARGET_MS if self.kind == "search" else LIST_TARGET_MS

    def percentile(self, p: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, max(0, round(p * (len(ordered) - 1))))]


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

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        # The bench searches hundreds of times from one client: the per-client search
        # limit would answer 429 (and fast) instead of measuring the search.
        settings.SEARCH_RATE_LIMIT = 10**9
        client = Client()
        cases = self.cases()
        for case in cases:
            runs = options["query_runs"] if case.kind == "search" else options["runs"]
            self.measure(client, case, runs)
        self.count_queries(client, cases, small=False)
        if options["explain"]:
            for case in cases:
                self.explain(client, case)
        self.count_queries_at_small_size(client, cases)
        self.report(cases, total)

    # -- the cases -------------------------------------------------------------------------
    def cases(self) -> list[Case]:
        bench = Document.objects.public().filter(seeding.is_bench_document())
        combo = (
            bench.values("organization__slug", "theme", "written_on__year")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        # A document that was repealed or amended: the detail page shows the most.
        related = (
            DocumentRelation.objects.filter(to_document__in=bench)
            .values_list("to_document", flat=True)
            .order_by("to_document")
            .first()
        )
        detail = related or bench.order_by("pk").values_list("pk", flat=True).first()
        sample = bench.exclude(doc_number="").order_by("pk")[500]
        deep = min(1000, max(1, bench.count() // 20))
        filtered = {
            "organization": combo["organization__slug"],
            "theme": combo["theme"],
            "year": combo["written_on__year"],
        }
        cases = [
            Case("未筛选列表", "/zcwjk/", {}, "page"),
            Case("未筛选列表（计数未缓存）", "/zcwjk/", {}, "page", cold=True),
            Case("筛选列表（机关+主题+年份）", "/zcwjk/", filtered, "page"),
            Case("筛选列表（计数未缓存）", "/zcwjk/", filtered, "page", cold=True),
            Case(f"深翻页（第 {deep} 页）", "/zcwjk/", {"page": deep}, "page"),
            Case("详情页", f"/zcwjk/{detail}/", {}, "page"),
        ]
        queries = [*WORD_QUERIES]
        queries += [
            sample.doc_number,  # a 文号 as printed
            sample.doc_number.replace("〔", "[").replace("〕", "]"),  # typed with []
            sample.index_number,  # an 索引号
            "義務教育招生入學",  # traditional characters
            "量子纠缠引力波",  # nothing matches: the empty state
        ]
        cases += [Case(f"检索「{q}」", "/zcwjk/", {"q": q}, "search") for q in queries]
        cases += [
            Case(f"检索「{q}」（计数未缓存）", "/zcwjk/", {"q": q}, "search", cold=True)
            for q in (WORD_QUERIES[0], WORD_QUERIES[1], sample.doc_number)
        ]
        return cases

    # -- measuring -------------------------------------------------------------------------
    def measure(self, client: Client, case: Case, runs: int) -> None:
        # The test environment records the context (for the result count); it also
        # instruments template rendering, so it is torn down before measuring.
        setup_test_environment()
        try:
            response = client.get(case.path, case.params)
        finally:
            teardown_test_environment()
        if response.status_code != 200:
            raise CommandError(f"{case.name} 返回 {response.status_code}")
        page = response.context.get("page_obj") if response.context else None
        case.results = page.paginator.count if page is not None else None
        if response.context and response.context.get("total") is not None:
            # The list's total (the paginator may hold only the ranked matches); "1000+"
            # when the search's total is capped.
            total = response.context["total"]
            case.results = f"{total}+" if response.context.get("total_capped") else total
        rows = response.context.get("rows") if response.context else None
        document = response.context.get("document") if response.context else None
        case.shown = [r["document"].pk for r in rows or []] + ([document.pk] if document else [])
        client.get(case.path, case.params)  # warm up (PostgreSQL buffers, templates, jieba)
        for _ in range(runs):
            if case.cold:
                cache.clear()
            started = time.perf_counter()
            client.get(case.path, case.params)
            case.times.append((time.perf_counter() - started) * 1000)

    def count_queries(self, client: Client, cases: list[Case], *, small: bool) -> None:
        for case in cases:
            cache.clear()  # count every query a first visit makes
            with CaptureQueriesContext(connection) as captured:
                response = client.get(case.path, case.params)
            n = len(captured.captured_queries)
            if small:
                case.queries_small = n if response.status_code == 200 else None
            else:
                case.queries = n

    def count_queries_at_small_size(self, client: Client, cases: list[Case]) -> None:
        """The query counts with only ~1% of the documents public, then rolled back.

        The documents each page showed stay public, so a page that showed rows still
        does: a difference in the count is then due to the number of documents.
        """

        class Rollback(Exception):
            pass

        # Keep what each page showed, so every page still has the same rows to show.
        keep = sorted({pk for case in cases for pk in case.shown})
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Document._meta.db_table} SET status = %s "
                    "WHERE status = %s AND id %% 100 <> 0 AND NOT (id = ANY(%s))",
                    [Document.Status.DRAFT, Document.Status.PUBLISHED, keep],
                )
                self.count_queries(client, cases, small=True)
                raise Rollback
        except Rollback:
            pass
        # The rolled-back UPDATE left a dead copy of every row: clean up for the next run.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Document._meta.db_table}")

    def explain(self, client: Client, case: Case) -> None:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(case.path, case.params)
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:2]
        self.stdout.write(f"\n=== {case.name}：最慢的 SQL ===")
        for query in slowest:
            self.stdout.write(f"-- {float(query['time']) * 1000:.1f} ms: {query['sql'][:300]}")
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                for (line,) in cursor.fetchall():
                    self.stdout.write(f"   {line}")

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
