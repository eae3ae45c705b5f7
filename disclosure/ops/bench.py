"""Server-side speed of the 政策文件库: the pages and queries measured, and how.

Each page is requested in-process with Django's test Client; the median and 95th
percentile of the server time are kept, and the number of SQL queries per page at the
full size and with only about 1% of the documents public (measured inside a transaction
that is rolled back), which must be the same: the query count must not grow with the
number of documents. Targets on the 2-core reference machine: list and detail p95 < 50 ms,
search p95 < 100 ms. ``manage.py bench`` seeds the documents and prints the table;
``manage.py loadtest`` reuses the query mix.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

from disclosure.library.models import Document, DocumentRelation
from disclosure.ops.seeding import is_bench_document

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
    """A page or search to measure, and what the measurement found."""

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
    label: str = ""  # the row of the table of sizes, where the name holds a sample value

    @property
    def row(self) -> str:
        return self.label or self.name

    @property
    def target(self) -> int:
        return SEARCH_TARGET_MS if self.kind == "search" else LIST_TARGET_MS

    def percentile(self, p: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, max(0, round(p * (len(ordered) - 1))))]


def run(
    *, runs: int, query_runs: int, explain_queries: bool = False, small: bool = True, stdout=None
) -> list[Case]:
    """Measure every case (``runs`` times a page, ``query_runs`` times a search)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The bench searches hundreds of times from one client: the per-client search
    # limit would answer 429 (and fast) instead of measuring the search.
    settings.SEARCH_RATE_LIMIT = 10**9
    settings.API_RATE_LIMIT = 10**9  # the same for the API's per-client limit
    # The uncached render is measured: the whole-page cache would answer every repeat.
    settings.PUBLIC_PAGE_CACHE = False
    client = Client()
    cases = bench_cases()
    for case in cases:
        measure(client, case, query_runs if case.kind == "search" else runs)
    count_queries(client, cases, small=False)
    if explain_queries:
        for case in cases:
            explain(client, case, stdout)
    if small:  # an UPDATE of every row, rolled back: minutes at 1,000,000
        count_queries_at_small_size(client, cases)
    return cases


# -- the cases ---------------------------------------------------------------------------


def bench_cases() -> list[Case]:
    """The pages and searches to measure, on the bench documents in the database."""
    bench = Document.objects.public().filter(is_bench_document())
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
    # Other choices (issue 19: any combination): a genre with a validity state, a theme in
    # the earliest year (its documents are at the far end of the newest-first order).
    genre = bench.exclude(genre=None).values("genre").annotate(n=Count("pk")).order_by("-n").first()
    earliest = bench.order_by("written_on").values_list("written_on", flat=True).first()
    by_genre = {"genre": genre["genre"], "validity": "repealed"} if genre else {}
    old_theme = {"theme": combo["theme"], "year": earliest.year} if earliest else {}
    cases = [
        Case("未筛选列表", "/zcwjk/", {}, "page"),
        Case("未筛选列表（计数未缓存）", "/zcwjk/", {}, "page", cold=True),
        Case("筛选列表（机关+主题+年份）", "/zcwjk/", filtered, "page"),
        Case("筛选列表（计数未缓存）", "/zcwjk/", filtered, "page", cold=True),
        Case("筛选列表（体裁+已废止，计数未缓存）", "/zcwjk/", by_genre, "page", cold=True),
        Case("筛选列表（主题+最早年份，计数未缓存）", "/zcwjk/", old_theme, "page", cold=True),
        Case(f"深翻页（第 {deep} 页）", "/zcwjk/", {"page": deep}, "page"),
        Case("详情页", f"/zcwjk/{detail}/", {}, "page"),
        # The open-data API (Django REST framework) answers within the same budgets.
        Case("API 文件列表", "/api/v1/documents/", {}, "page"),
        Case("API 筛选列表（机关+主题+年份）", "/api/v1/documents/", filtered, "page"),
        Case("API 文件详情", f"/api/v1/documents/{detail}/", {}, "page"),
    ]
    queries = [*WORD_QUERIES]
    queries += [
        sample.doc_number,  # a 文号 as printed
        sample.doc_number.replace("〔", "[").replace("〕", "]"),  # typed with []
        sample.index_number,  # an 索引号
        "義務教育招生入學",  # traditional characters
        "量子纠缠引力波",  # nothing matches: the empty state
    ]
    labels = {
        sample.doc_number: "检索一个文号",
        queries[-4]: "检索一个文号（[] 括号）",
        sample.index_number: "检索一个索引号",
    }
    cases += [
        Case(f"检索「{q}」", "/zcwjk/", {"q": q}, "search", label=labels.get(q, ""))
        for q in queries
    ]
    cases += [
        Case(
            f"检索「{q}」（计数未缓存）",
            "/zcwjk/",
            {"q": q},
            "search",
            cold=True,
            label=f"{labels[q]}（计数未缓存）" if q in labels else "",
        )
        for q in (WORD_QUERIES[0], WORD_QUERIES[1], sample.doc_number)
    ]
    return cases


# -- measuring ---------------------------------------------------------------------------


def measure(client: Client, case: Case, runs: int) -> None:
    """Request the page ``runs`` times after a warm-up; keep its result count and rows."""
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


def count_queries(client: Client, cases: list[Case], *, small: bool) -> None:
    """The SQL queries of a first visit to each page (an empty cache)."""
    for case in cases:
        cache.clear()  # count every query a first visit makes
        with CaptureQueriesContext(connection) as captured:
            response = client.get(case.path, case.params)
        n = len(captured.captured_queries)
        if small:
            case.queries_small = n if response.status_code == 200 else None
        else:
            case.queries = n


def count_queries_at_small_size(client: Client, cases: list[Case]) -> None:
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
            count_queries(client, cases, small=True)
            raise Rollback
    except Rollback:
        pass
    # The rolled-back UPDATE left a dead copy of every row: clean up for the next run.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Document._meta.db_table}")


def explain(client: Client, case: Case, stdout) -> None:
    """EXPLAIN ANALYZE the two slowest SQL queries of a first visit to the page."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(case.path, case.params)
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:2]
    stdout.write(f"\n=== {case.name}：最慢的 SQL ===")
    for query in slowest:
        stdout.write(f"-- {float(query['time']) * 1000:.1f} ms: {query['sql'][:300]}")
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            for (line,) in cursor.fetchall():
                stdout.write(f"   {line}")


# -- results kept per size ----------------------------------------------------------------


def _results_dir() -> Path:
    return Path(settings.BASE_DIR) / "var" / "bench"


def save_results(cases: list[Case], total: int, relevance: dict | None) -> None:
    """Keep this run's p95 per page (var/bench/<public documents>.json) for the table of
    sizes; a later run at the same size replaces it."""
    searches = [t for c in cases if c.kind == "search" for t in c.times]
    data = {
        "documents": total,
        "p95": {c.row: c.percentile(0.95) for c in cases},
        "search_p95": (
            Case("", "", {}, "search", times=searches).percentile(0.95) if searches else None
        ),
        "precision_at_10": (relevance or {}).get("precision_at_10"),
        "at": time.strftime("%Y-%m-%d %H:%M"),
    }
    folder = _results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{total}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1))


def saved_results() -> dict[int, dict]:
    found = {}
    for path in sorted(_results_dir().glob("*.json")):
        try:
            data = json.loads(path.read_text())
            found[int(data["documents"])] = data
        except (ValueError, KeyError):
            continue
    return found
