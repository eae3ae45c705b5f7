"""Realistic PUBLISHED 主动公开 bench documents: topped up to a number, or all removed.

Bench data is marked: its agencies have slugs starting ``bench-`` and its documents an
``import_source`` starting ``bench:``, so it can be topped up and removed without
touching anything else. :mod:`disclosure.ops.seed_plan` decides what each document is;
:mod:`disclosure.ops.seed_insert` writes the rows in batches with their search vectors.
Used by ``manage.py seed_bench`` and ``manage.py bench``.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict

import nh3
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from catalog.models import Organization
from disclosure.library import cache as library_cache
from disclosure.library.docnumber import parse_doc_number
from disclosure.library.models import (
    Attachment,
    Document,
    DocumentEvent,
    DocumentRelation,
    ValidityChange,
)
from disclosure.library.openness import Openness
from disclosure.library.validity import RelationKind, Validity, validity_expression
from disclosure.ops.seed_insert import insert_documents, memoized_segmentation, vectors_of_chunks
from disclosure.ops.seed_plan import (
    SLUG_PREFIX,
    Generator,
    Planned,
    assign_index_numbers,
    bench_agencies,
    plan_relations,
)
from disclosure.publishing.models import IndexSequence

SOURCE_PREFIX = "bench:"
BATCH = 1000


def is_bench_document() -> Q:
    """The bench documents (and only they)."""
    return Q(import_source__startswith=SOURCE_PREFIX)


def seed(
    target: int,
    *,
    seed_value: int = 1,
    batch: int = BATCH,
    stdout=None,
    today: datetime.date | None = None,
) -> dict:
    """Top the bench documents up to ``target``; return what was done and how long it took."""
    today = today or timezone.localdate()
    started = time.perf_counter()
    existing = Document.objects.filter(is_bench_document()).count()
    stats = {"existing": existing, "created": 0, "relations": 0, "seconds": 0.0}
    if existing >= target:
        return stats
    agencies = bench_agencies()
    rnd = random.Random(seed_value * 1_000_003 + existing)
    gen = Generator(rnd, agencies, today)
    last_key = (
        Document.objects.filter(is_bench_document()).aggregate(m=Max("import_source"))["m"]
        or f"{SOURCE_PREFIX}0"
    )
    next_key = int(last_key.removeprefix(SOURCE_PREFIX)) + 1
    # Continue the 文号 numbering of earlier runs.
    gen.doc_seq.update(
        {
            (row["doc_number_agency"], row["doc_number_year"]): row["last"]
            for row in Document.objects.filter(is_bench_document())
            .exclude(doc_number="")
            .values("doc_number_agency", "doc_number_year")
            .annotate(last=Max("doc_number_seq"))
            .order_by()
        }
    )

    planned = sorted((gen.plan() for _ in range(target - existing)), key=lambda d: d.published_on)
    assign_index_numbers(planned, agencies)
    plan_relations(planned, rnd, today)
    for i, doc in enumerate(planned):
        doc.source = f"{SOURCE_PREFIX}{next_key + i:08d}"
    plan_seconds = time.perf_counter() - started

    pks: list[int] = []
    timings: dict[str, float] = defaultdict(float)
    chunks = [
        [build_document(d, gen) for d in planned[i : i + batch]]
        for i in range(0, len(planned), batch)
    ]
    timings["build"] = time.perf_counter() - started - plan_seconds
    with memoized_segmentation(), vectors_of_chunks(chunks) as vectors:
        for chunk, planned_chunk, chunk_vectors in zip(
            chunks, _chunked(planned, batch), vectors, strict=True
        ):
            t0 = time.perf_counter()
            with transaction.atomic():
                rows = insert_documents(chunk, chunk_vectors)
                pks += rows
                through = Document.issuing_organizations.through
                through.objects.bulk_create(
                    [
                        through(document_id=pk, organization_id=org.pk)
                        for pk, d in zip(rows, planned_chunk, strict=True)
                        if d.joint_with
                        for org in (d.agency.org, d.joint_with.org)
                    ]
                )
            timings["insert"] += time.perf_counter() - t0
            stats["created"] += len(chunk)
            if stdout is not None and len(pks) % (10 * batch) == 0:
                stdout.write(f"  已写入 {stats['created']} / {len(planned)} 件……")
    t0 = time.perf_counter()
    stats["relations"] = _write_relations(planned, pks)
    _refresh_validity_and_statistics()
    timings["finish"] = time.perf_counter() - t0
    library_cache.bump()  # the cached list counts are stale now
    stats["plan_seconds"] = plan_seconds
    stats.update({f"{k}_seconds": round(v, 1) for k, v in timings.items()})
    stats["seconds"] = time.perf_counter() - started
    return stats


def _chunked(items: list, size: int):
    return [items[i : i + size] for i in range(0, len(items), size)]


def build_document(doc: Planned, gen: Generator) -> Document:
    """The unsaved Document of a planned one."""
    body = nh3.clean("".join(f"<p>{''.join(p)}</p>" for p in doc.sentences))
    document = Document(
        organization=doc.agency.org,
        index_number=doc.index_number,
        title=doc.title,
        doc_number=doc.doc_number,
        written_on=doc.written_on,
        published_on=doc.published_on,
        effective_on=doc.effective_on,
        expires_on=doc.expires_on,
        theme=gen.themes.get(doc.theme),
        genre=gen.genres.get(doc.genre),
        category_id=doc.category_id,
        keywords=doc.keywords,
        disclosure=Openness.PROACTIVE,
        body=body,
        status=Document.Status.PUBLISHED,
        validity=doc.validity,
        registration_number=(
            f"{doc.agency.abbr}规登〔{doc.written_on.year}〕{int(doc.index_number[-5:])}号"
            if doc.genre == "规范性文件"
            else ""
        ),
        import_source=doc.source,
    )
    if doc.doc_number:
        document._apply_doc_number(parse_doc_number(doc.doc_number))
    return document


def _write_relations(planned: list[Planned], pks: list[int]) -> int:
    relations = []
    for position, doc in enumerate(planned):
        for target, kind in doc.relations:
            relations.append(
                DocumentRelation(
                    from_document_id=pks[position],
                    to_document_id=pks[target],
                    kind=kind,
                    effective_on=doc.effective_on or doc.published_on,
                    reason=f"《{doc.title}》{RelationKind(kind).label}本文件。",
                )
            )
    with transaction.atomic():
        created = DocumentRelation.objects.bulk_create(relations, batch_size=2000)
        ValidityChange.objects.bulk_create(
            [
                ValidityChange(
                    document_id=r.to_document_id,
                    validity=Validity.REPEALED
                    if r.kind == RelationKind.REPEALS
                    else Validity.AMENDED,
                    changed_on=r.effective_on,
                    relation=r,
                    reason=r.reason,
                )
                for r in created
            ],
            batch_size=2000,
        )
    return len(relations)


def _refresh_validity_and_statistics() -> None:
    """Correct any stored validity the Python rule got wrong; refresh planner statistics."""
    today = timezone.localdate()
    expression = validity_expression(today)
    Document.objects.filter(is_bench_document()).exclude(validity=expression).update(
        validity=expression
    )
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # e.g. in a test: VACUUM cannot run in a transaction
            cursor.execute("ANALYZE disclosure_document")
        else:
            cursor.execute("VACUUM ANALYZE disclosure_document")
        cursor.execute("ANALYZE disclosure_documentrelation")


def clear() -> dict:
    """Remove every bench document, its relations and logs, the bench agencies."""
    docs = Document.objects.filter(is_bench_document())
    with transaction.atomic():
        relations = DocumentRelation.objects.filter(
            Q(from_document__in=docs) | Q(to_document__in=docs)
        )
        # Dependants first, each in one DELETE, so the documents need not be loaded.
        ValidityChange.objects.filter(Q(relation__in=relations) | Q(document__in=docs)).delete()
        relations.delete()
        DocumentEvent.objects.filter(document__in=docs).delete()
        Attachment.objects.filter(document__in=docs).delete()
        Document.issuing_organizations.through.objects.filter(document__in=docs).delete()
        docs.only("pk").delete()
        bench_orgs = Organization.objects.filter(slug__startswith=SLUG_PREFIX)
        IndexSequence.objects.filter(organization__in=bench_orgs).delete()
        kept = bench_orgs.filter(documents__isnull=False).distinct().count()
        bench_orgs.filter(documents__isnull=True).delete()
    library_cache.bump()
    return {"documents": Document.objects.filter(is_bench_document()).count(), "kept": kept}
