"""Writing bench documents fast with exactly the search vector the app computes.

The search vector is the app's own (``disclosure.library.search.document_vector``),
computed for every document; only the jieba segmentation is memoized per sentence, which
gives the same tokens because jieba segments the text between punctuation marks
independently (checked on a sample of the calls against the unmemoized function). Large
runs segment in worker processes, and rows are written with one ``INSERT … SELECT FROM
unnest(…)`` per batch.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from contextlib import contextmanager

import psycopg
from django.contrib.postgres.search import SearchVector
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Value
from django.db.models.expressions import CombinedExpression

from disclosure.library import search
from disclosure.library.models import Document

# Where jieba's blocks end whatever the neighbours are, and normalization keeps the character.
_PIECE_END = re.compile(r"(?<=[。\s〔〕])")


@contextmanager
def memoized_segmentation(check_every: int = 500):
    """Let ``search.index_tokens`` reuse the tokens of sentences it has seen.

    jieba cuts the text between punctuation marks and spaces independently, and 「。」,
    〔〕 and whitespace survive the normalization as block ends, so the tokens of a text
    are those of its pieces ending in them, in order. Every ``check_every``-th call is
    checked against the real function (a mismatch aborts the run).
    """
    original = search.index_tokens
    cache: dict[str, list[str]] = {}
    calls = 0

    def tokens(text: str) -> list[str]:
        nonlocal calls
        calls += 1
        out: list[str] = []
        for piece in _PIECE_END.split(text):
            if not piece:
                continue
            cached = cache.get(piece)
            if cached is None:
                cached = cache[piece] = original(piece)
            out += cached
        if calls % check_every == 0 and out != original(text):
            raise AssertionError(f"memoized segmentation differs for: {text[:80]}")
        return out

    search.index_tokens = tokens
    try:
        yield cache
    finally:
        search.index_tokens = original


def vector_parts(vector) -> list[tuple[str, str, str]]:
    """(config, weight, text) of each weighted part of a ``search.document_vector`` result."""
    if isinstance(vector, CombinedExpression):
        return vector_parts(vector.lhs) + vector_parts(vector.rhs)
    if not isinstance(vector, SearchVector) or vector.weight is None:
        raise CommandError("search.document_vector 的结构已改变，请相应修改 seed_bench。")
    texts = [e.value for e in vector.get_source_expressions() if isinstance(e, Value)]
    if len(texts) != len(vector.get_source_expressions()):
        raise CommandError("search.document_vector 的结构已改变，请相应修改 seed_bench。")
    config = vector.config.get_source_expressions()[0].value
    return [(config, vector.weight.value, " ".join(texts))]


def _vectors(documents: list[Document]) -> list[list[tuple[str, str, str]]]:
    """The search-vector parts of each document (runs in a worker process for large runs)."""
    return [vector_parts(search.document_vector(d)) for d in documents]


@contextmanager
def vectors_of_chunks(chunks: list[list[Document]]):
    """Yield an iterator of each chunk's vector parts, in order.

    Segmenting is the slow part, so large runs segment on every core in worker
    processes while this process writes the previous chunks.
    """
    processes = min(os.cpu_count() or 1, 4)
    if processes < 2 or len(chunks) < 5 or connection.in_atomic_block:
        yield (_vectors(chunk) for chunk in chunks)
        return
    connection.close()  # the forked workers must not share the database socket
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        yield pool.imap(_vectors, chunks)


# Django's bulk_create builds one huge client-side-bound statement per batch; one
# INSERT … SELECT FROM unnest(arrays) with server-side binding is several times cheaper.
def insert_documents(
    documents: list[Document], vectors: list[list[tuple[str, str, str]]]
) -> list[int]:
    """INSERT the documents with their search vectors; return their primary keys in order."""
    fields = [
        f for f in Document._meta.concrete_fields if not f.primary_key and f.name != "search_vector"
    ]
    shape = [(config, weight) for config, weight, _ in vectors[0]]
    for config, weight in shape:
        if not re.fullmatch(r"[a-z_]+", config) or weight not in "ABCD":
            raise CommandError("search.document_vector 的结构已改变，请相应修改 seed_bench。")
    if any([(c, w) for c, w, _ in parts] != shape for parts in vectors):
        raise CommandError("search.document_vector 的结构不一致。")
    names = [f"c{i}" for i in range(len(fields))] + [f"v{i}" for i in range(len(shape))]
    arrays = ", ".join(
        [f"%s::{f.db_type(connection)}[]" for f in fields] + ["%s::text[]"] * len(shape)
    )
    vector = " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, COALESCE(v{i}, '')), '{weight}')"
        for i, (config, weight) in enumerate(shape)
    )
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = (
        f"INSERT INTO {Document._meta.db_table} ({columns}, search_vector) "
        f"SELECT {', '.join(names[: len(fields)])}, {vector} "
        f"FROM unnest({arrays}) AS u({', '.join(names)}) RETURNING id, import_source"
    )
    params = [
        [f.get_db_prep_save(f.pre_save(d, add=True), connection) for d in documents] for f in fields
    ] + [[parts[i][2] for parts in vectors] for i in range(len(shape))]
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params)
        pk_of = dict((source, pk) for pk, source in cursor.fetchall())
    return [pk_of[d.import_source] for d in documents]
