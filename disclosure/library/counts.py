"""The 政策文件库 list's filter counts, read from the summary table.

``disclosure_library_counts`` (migration 0004_library_speed) is kept exact by triggers on
every write, so the counts of any choice of 发布机关, 主题分类, 体裁, 成文年份 and 有效性 are
read from it in one query, even on the first visit after a change. It holds the stored
validity; documents whose validity has changed since it was stored (an 有效期至 passed,
a 施行日期 or a dated repeal or amendment reached, before the daily ``expire_documents``
ran) are found through partial indexes and moved to their derived state here, so the
counts never show an expired document as 有效.
"""

from __future__ import annotations

import importlib

from django.db import connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from disclosure.library.models import Document
from disclosure.library.validity import validity_expression

SUMMARY_FACETS = {
    "organization": "organization_id",
    "theme": "theme_id",
    "genre": "genre_id",
    "year": "year",
    "validity": "validity",
}
_ALL = {"validity": "'*'"}  # the "all" marker of each column; -1 for the integer ones

# Stale candidates, each through an index or the small relation table: an 有效期至 passed
# while the column says in force; a 施行日期 reached while it says 尚未施行; a repeal or
# amendment that was dated in the future when recorded (recording one refreshes the
# column) and has taken effect since.
_STALE_IDS = """
    SELECT id FROM disclosure_document
    WHERE validity IN ('valid', 'amended', 'pending') AND expires_on < %s
    UNION
    SELECT id FROM disclosure_document
    WHERE validity = 'pending' AND COALESCE(effective_on, published_on, written_on) <= %s
    UNION
    SELECT r.to_document_id FROM disclosure_documentrelation r
    JOIN disclosure_document t ON t.id = r.to_document_id
    WHERE r.effective_on <= %s
    -- The predicate of documentrelation_scheduled_idx (migration library 0010), as written
    -- there: dated no earlier than the day before it was recorded (Beijing time).
    AND r.effective_on >= (r.created_at AT TIME ZONE 'Asia/Shanghai')::date - 1
    AND (
        (r.kind = 'repeals' AND t.validity <> 'repealed')
        OR (r.kind = 'amends' AND t.validity = 'valid')
    )
"""


def stale(today) -> dict[int, tuple]:
    """Public documents whose stored validity differs from their validity today:
    pk → (organization, theme, genre, year, stored, derived). Normally none."""

    rows = (
        Document.objects.public()
        # = ANY(ARRAY(…)): the few ids first, then each row by its primary key.
        .filter(
            RawSQL(
                f"disclosure_document.id = ANY(ARRAY({_STALE_IDS}))",
                [today, today, today],
                output_field=BooleanField(),
            )
        )
        .annotate(derived=validity_expression(today))
        .values_list(
            "pk", "organization_id", "theme_id", "genre_id", "written_on", "validity", "derived"
        )
    )
    return {
        pk: (o, t or 0, g or 0, written.year, stored, derived)
        for pk, o, t, g, written, stored, derived in rows
        if stored != derived
    }


def summary_counts(filters: dict, today, correct: bool = True) -> tuple[dict[str, dict], int]:
    """Counts per option of each facet, and the total, for ``filters``.

    ``filters`` maps facet names of SUMMARY_FACETS to the chosen value (organization,
    theme, genre: the id; year: the int; validity: the state). Each facet counts the
    documents matching every other filter, as the page's facets do. Two queries (one
    without ``correct``: the stored validity as it is, for listing options).
    """
    names = list(SUMMARY_FACETS)

    def where(chosen: dict) -> tuple[str, list]:
        sql = [f"{SUMMARY_FACETS[name]} = %s" for name in chosen]
        return " AND ".join(sql) or "TRUE", list(chosen.values())

    parts, params = [], []
    for name in names:
        others = {k: v for k, v in filters.items() if k != name}
        column = SUMMARY_FACETS[name]
        condition, values = where(others)
        if len(others) <= 1:  # a roll-up row per option holds the count
            all_marker = _ALL.get(name, "-1")
            parts.append(
                f"SELECT %s, {column}::text, n FROM disclosure_library_counts"
                f" WHERE level = %s AND {column} <> {all_marker} AND {condition}"
            )
            params += [name, 1 + len(others), *values]
        else:
            parts.append(
                f"SELECT %s, {column}::text, SUM(n) FROM disclosure_library_counts"
                f" WHERE level = 5 AND {condition} GROUP BY {column}"
            )
            params += [name, *values]
    condition, values = where(filters)
    if len(filters) <= 2:
        parts.append(
            f"SELECT 'total', '', n FROM disclosure_library_counts WHERE level = %s AND {condition}"
        )
        params += [len(filters), *values]
    else:
        parts.append(
            f"SELECT 'total', '', SUM(n) FROM disclosure_library_counts"
            f" WHERE level = 5 AND {condition}"
        )
        params += values
    counts: dict[str, dict] = {name: {} for name in names}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for name, key, n in cursor.fetchall():
            if name == "total":
                total += n or 0
            elif n:
                key = key if name == "validity" else int(key)
                counts[name][key] = counts[name].get(key, 0) + n

    # Move each stale document from its stored to its derived validity.
    for o, t, g, y, stored, derived in stale(today).values() if correct else ():
        total = tally([(o, t, g, y, stored)], filters, counts, total, sign=-1)
        total = tally([(o, t, g, y, derived)], filters, counts, total)
    return {name: {k: n for k, n in c.items() if n > 0} for name, c in counts.items()}, total


def public_total() -> int:
    """How many public documents there are (one row of the summary table)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM disclosure_library_counts WHERE level = 0")
        row = cursor.fetchone()
    return row[0] if row else 0


def rebuild_counts() -> None:
    """Recount the summary from the documents (the triggers keep it exact; a safety net)."""
    # The recount SQL lives once, in the migration that made the table and its triggers.
    migration = importlib.import_module("disclosure.migrations.0004_library_speed")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE disclosure_document IN SHARE MODE")
        cursor.execute(migration.REBUILD)


def tally(rows, filters: dict, counts: dict | None = None, total: int = 0, sign: int = 1) -> int:
    """Add documents given as (organization, theme, genre, year, validity) to ``counts``
    (facet → option → n, each facet counting what matches the other filters); returns
    ``total`` plus those matching every filter."""
    names = list(SUMMARY_FACETS)
    counts = {} if counts is None else counts
    for values in rows:
        row = dict(zip(names, values, strict=True))
        failed = [k for k, v in filters.items() if row[k] != v]
        if not failed:
            total += sign
        if len(failed) > 1:
            continue
        for name in failed or names:
            bucket = counts.setdefault(name, {})
            bucket[row[name]] = bucket.get(row[name], 0) + sign
    return total
