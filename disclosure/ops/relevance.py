"""Relevance of the 政策文件库 search, measured on the labelled set: ``manage.py relevance``.

The set's documents (:mod:`disclosure.ops.relevance_set`) are written, published, among
whatever the database holds (at 1,000,000 bench documents those are the distractors);
each query is asked through the public list page, as a reader asks it; the first ten
results are compared with the labels; then everything is rolled back.

- precision at 10: of the documents expected (at most ten), the share in the first ten;
- known-item success: the share of known-item queries whose expected document is first.

Also the known-item rule on bench documents (a sample): their full title, the policy name
inside 「关于印发…的通知」, the 文号 and the 索引号 must bring the document (or one with the
very same title) first.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min
from django.test import Client
from django.test.utils import _TestState, setup_test_environment, teardown_test_environment

from catalog.models import Organization
from disclosure.library import cache as library_cache
from disclosure.library import search
from disclosure.library.docnumber import parse_doc_number
from disclosure.library.models import Document
from disclosure.library.openness import Openness
from disclosure.ops import relevance_set
from disclosure.ops.seed_insert import insert_documents, vector_parts

SOURCE_PREFIX = "relevance:"


@dataclass
class Outcome:
    query: str
    expected: list[str]
    known: bool
    found: list[str] = field(default_factory=list)  # keys (or "·" for other documents)

    @property
    def precision(self) -> float:
        wanted = self.expected[:10]
        return sum(1 for k in wanted if k in self.found[:10]) / len(wanted)

    @property
    def first_ok(self) -> bool:
        return bool(self.found) and self.found[0] == self.expected[0]


def write_set(today: datetime.date | None = None) -> dict[str, int]:
    """Insert the labelled documents (published, 主动公开); key → pk."""
    today = today or datetime.date(2024, 12, 31)
    org, _ = Organization.objects.get_or_create(
        slug="relevance-set",
        defaults={
            "name": "聊城市相关度测试机关",
            "credit_code": relevance_set.CREDIT_CODE,
            "kind": "government",
            "level": "city",
            "position": 999,
            "office_name": "办公室",
            "office_address": "—",
            "office_hours": "—",
            "phone": "—",
            "postal_address": "—",
            "postal_code": "252000",
        },
    )
    documents = []
    for n, (key, (title, doc_number, keywords, body)) in enumerate(
        relevance_set.DOCUMENTS.items(), start=1
    ):
        year = int(m.group(0)) if (m := re.search(r"20\d\d", title)) else 2020
        written = datetime.date(min(year, today.year), 3, 1)
        document = Document(
            organization=org,
            index_number=f"{relevance_set.CREDIT_CODE}/2024-{n:05d}",
            title=title,
            doc_number=doc_number,
            written_on=written,
            published_on=written + datetime.timedelta(days=5),
            keywords=keywords,
            body=f"<p>{body}</p>",
            disclosure=Openness.PROACTIVE,
            status=Document.Status.PUBLISHED,
            validity="valid",
            import_source=f"{SOURCE_PREFIX}{key}",
        )
        if doc_number:
            document._apply_doc_number(parse_doc_number(doc_number))
        documents.append(document)
    pks = insert_documents(documents, [vector_parts(search.document_vector(d)) for d in documents])
    library_cache.bump()
    return dict(zip(relevance_set.DOCUMENTS, pks, strict=True))


def _results(client: Client, query: str) -> list[int]:
    """The first ten documents the list page shows for ``query``."""
    # The test environment records the context; under pytest it is already set up.
    own = not hasattr(_TestState, "saved_data")
    if own:
        setup_test_environment()
    try:
        response = client.get("/zcwjk/", {"q": query})
    finally:
        if own:
            teardown_test_environment()
    return [row["document"].pk for row in response.context["rows"]][:10]


def ask(client: Client, pks: dict[str, int]) -> list[Outcome]:
    key_of = {pk: key for key, pk in pks.items()}
    outcomes = []
    for query, expected, known in relevance_set.QUERIES:
        outcome = Outcome(query, expected, known)
        outcome.found = [key_of.get(pk, "·") for pk in _results(client, query)]
        outcomes.append(outcome)
    return outcomes


def policy_name(title: str) -> str:
    """The name of the policy a notice issues: 《…》, or what follows 印发 up to 的通知."""
    if m := re.search(r"《([^》]+)》", title):
        return m.group(1)
    if m := re.search(r"印发([^《》]+)的通知$", title):
        return m.group(1)
    return ""


def bench_known_items(client: Client, sample: int = 40) -> dict[str, tuple[int, int]]:
    """On a sample of bench documents: kind of query → (found first, asked)."""
    qs = Document.objects.public().filter(import_source__startswith="bench:").order_by("pk")
    ends = qs.aggregate(low=Min("pk"), high=Max("pk"))
    if ends["low"] is None:
        return {}
    step = max(1, (ends["high"] - ends["low"]) // sample)
    ids = {
        qs.filter(pk__gte=ends["low"] + i * step).values_list("pk", flat=True).first()
        for i in range(sample)
    }
    rows = Document.objects.filter(pk__in=ids).values_list(
        "pk", "title", "doc_number", "index_number"
    )
    tally: dict[str, list[int]] = {k: [0, 0] for k in ("标题", "政策名称", "文号", "索引号")}
    for pk, title, doc_number, index_number in rows:
        asks = {
            "标题": title,
            "政策名称": policy_name(title),
            "文号": doc_number,
            "索引号": index_number,
        }
        for kind, query in asks.items():
            if not query:
                continue
            found = _results(client, query)
            tally[kind][1] += 1
            if not found:
                continue
            if found[0] == pk:
                tally[kind][0] += 1
            elif kind in ("标题", "政策名称"):
                # Several documents may share the very title: one of them is right.
                first = Document.objects.filter(pk=found[0]).values_list("title", flat=True)[0]
                same = first == title if kind == "标题" else policy_name(first) == query
                tally[kind][0] += same
    return {k: (v[0], v[1]) for k, v in tally.items()}


def run() -> tuple[list[Outcome], dict]:
    """Measure, then roll everything back."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.SEARCH_RATE_LIMIT = 10**9

    class Rollback(Exception):
        pass

    client = Client()
    result = None
    try:
        with transaction.atomic():
            pks = write_set()
            result = (ask(client, pks), bench_known_items(client))
            raise Rollback
    except Rollback:
        pass
    library_cache.bump()
    return result


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    known = [o for o in outcomes if o.known]
    return {
        "queries": len(outcomes),
        "precision_at_10": sum(o.precision for o in outcomes) / len(outcomes),
        "known_item_rate": sum(o.first_ok for o in known) / len(known),
        "topic_first_rate": sum(o.first_ok for o in outcomes if not o.known)
        / max(1, len(outcomes) - len(known)),
    }
