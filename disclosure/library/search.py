"""Chinese full-text search of the 政策文件库.

PostgreSQL has no Chinese parser, so words are cut in Python with jieba and stored as a
space-joined string in a ``tsvector`` under the 'simple' configuration: title (weight A),
keywords and 文号/索引号 (B), summary and body (C). Queries go through the same
normalization (NFKC full-width → half-width, traditional → simplified, lower case) and
segmentation, so 繁體 or full-width input finds the same documents. A query that is a
文号 or 索引号 finds that document first.
"""

from __future__ import annotations

import html
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field

import jieba
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from zhconv import convert

from disclosure.library.docnumber import find_doc_numbers

MAX_QUERY_LENGTH = 100
# Enough of a long body for ranking; tsvector positions stop at 16383 anyway.
MAX_INDEXED_BODY = 30_000

_WORD = re.compile(r"^\w+$")
_INDEX_NUMBER = re.compile(r"[0-9A-Z]{18}/\d{4}-\d+")
_lock = threading.Lock()
_ready = False


def _jieba():
    """jieba's tokenizer, initialized once with its dictionary cache under var/."""
    global _ready
    if not _ready:
        with _lock:
            if not _ready:
                cache_dir = settings.BASE_DIR / "var" / "jieba"
                cache_dir.mkdir(parents=True, exist_ok=True)
                jieba.setLogLevel(logging.WARNING)
                jieba.dt.tmp_dir = str(cache_dir)
                jieba.dt.initialize()
                _ready = True
    return jieba.dt


def normalize(text: str) -> str:
    """Full-width → half-width (NFKC), traditional → simplified, lower case."""
    return convert(unicodedata.normalize("NFKC", text or ""), "zh-hans").lower()


def index_tokens(text: str) -> list[str]:
    """Words of ``text`` for the index: jieba's search mode (words and their sub-words)."""
    return [t for t in _jieba().cut_for_search(normalize(text)) if _WORD.match(t)]


def document_vector(document) -> SearchVector:
    """The weighted tsvector expression of a document (used on save)."""
    title = " ".join(index_tokens(document.title))
    extra = [document.keywords, document.doc_number, document.registration_number]
    if document.doc_number_agency:
        extra += [document.doc_number_agency, str(document.doc_number_year or "")]
    # The 索引号, and an imported document's original one when publication did not keep it.
    for number in dict.fromkeys(
        n for n in (document.index_number, getattr(document, "original_index_number", "")) if n
    ):
        extra.append(number.replace("/", " ").replace("-", " "))
    keywords = " ".join(index_tokens(" ".join(e for e in extra if e)))
    body = html.unescape(strip_tags(document.body or ""))[:MAX_INDEXED_BODY]
    text = " ".join(index_tokens(f"{document.summary}\n{body}"))
    return (
        SearchVector(Value(title), config="simple", weight="A")
        + SearchVector(Value(keywords), config="simple", weight="B")
        + SearchVector(Value(text), config="simple", weight="C")
    )


@dataclass
class ParsedQuery:
    raw: str
    text: str = ""
    tsquery: str = ""
    terms: list[str] = field(default_factory=list)  # words to highlight
    doc_number: str = ""
    index_number: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.tsquery or self.doc_number or self.index_number)


def parse_query(raw: str) -> ParsedQuery:
    """Normalize and segment a user's query; never raises."""
    raw = (raw or "").strip()[:MAX_QUERY_LENGTH]
    parsed = ParsedQuery(raw=raw, text=normalize(raw).strip())
    if not parsed.text:
        return parsed
    numbers = find_doc_numbers(unicodedata.normalize("NFKC", raw))
    if numbers:
        parsed.doc_number = numbers[0]
    match = _INDEX_NUMBER.search(unicodedata.normalize("NFKC", raw).upper())
    if match:
        parsed.index_number = match.group(0)

    tokenizer = _jieba()
    groups, terms = [], []
    for word in tokenizer.cut(parsed.text):
        if not _WORD.match(word):
            continue
        terms.append(word)
        # A word matches as itself (or as a prefix of a longer indexed word), or through the
        # sub-words jieba's search mode indexed it as, whichever the document's text produced.
        parts = [p for p in tokenizer.cut_for_search(word) if p != word and _WORD.match(p)]
        term = f"'{word}':*" if _prefix_match(tokenizer, word) else f"'{word}'"
        if len(parts) > 1:
            both = " & ".join(f"'{p}'" for p in parts)
            term = f"({term} | ({both}))"
        groups.append(term)
    parsed.tsquery = " & ".join(dict.fromkeys(groups))
    long_terms = [t for t in terms if len(t) > 1]
    parsed.terms = list(dict.fromkeys(long_terms or terms))
    if parsed.doc_number:
        parsed.terms.insert(0, parsed.doc_number)
    return parsed


def _prefix_match(tokenizer, word: str) -> bool:
    """Whether ``word`` also matches longer indexed words that begin with it (``word:*``).

    Not for a word jieba knows: wherever it occurs it is indexed as itself (search mode
    also cuts a longer word into the known words in it), and the prefix of a common word
    reads thousands of index entries at 1,000,000 documents. Not for a single character
    or a number either (every word that begins with 省 or 20). Only an unknown word —
    a name, a new term — keeps it, to meet the longer words it was indexed inside.
    """
    return len(word) > 1 and not word.isdigit() and not tokenizer.FREQ.get(word)


def _search_query(parsed: ParsedQuery) -> SearchQuery:
    return SearchQuery(parsed.tsquery, search_type="raw", config="simple")


def _exact(parsed: ParsedQuery) -> Q:
    exact = Q(pk__in=[])
    if parsed.doc_number:
        exact |= Q(doc_number=parsed.doc_number)
    if parsed.index_number:
        exact |= Q(index_number=parsed.index_number)
        exact |= Q(original_index_number=parsed.index_number)
    return exact


def filter_documents(qs: QuerySet, parsed: ParsedQuery) -> QuerySet:
    """Documents matching the query (full text, or exactly by 文号/索引号)."""
    if parsed.is_empty:
        return qs.none()
    condition = _exact(parsed)
    if parsed.tsquery:
        condition |= Q(search_vector=_search_query(parsed))
    return qs.filter(condition)


# Ranking at 1,000,000 documents: never ts_rank over every match. The candidates are, each
# from an index and bounded: the known items (the query is a document's 文号, 索引号, very
# title or the name of the policy it issues), the TITLE_LIMIT best title matches from the
# narrow ``disclosure_document_search`` table (the query as a phrase in the title first,
# then by ts_rank of the title words: small rows, a few hundred pages even for a word in
# tens of thousands of titles), and RANK_LIMIT further matches of the whole text. They are
# ordered in that order of tiers; the body matches by ts_rank among themselves.
RANK_LIMIT = 300
TITLE_LIMIT = 200
TITLE_POOL = 2000
KNOWN_LIMIT = 20

POLICY_NAME_SQL = (
    "COALESCE(substring(title, '《([^》]+)》'), substring(title, '印发([^《》]+)的通知$'))"
)


def known_item_keys(parsed: ParsedQuery) -> list[str]:
    """The strings a title or policy name must equal for the query to name that document."""
    raw = parsed.raw.strip()
    keys = [raw, raw.strip("《》「」“”\"'"), unicodedata.normalize("NFKC", raw)]
    return [k for k in dict.fromkeys(keys) if k]


def phrases(parsed: ParsedQuery) -> list[str]:
    """The query's space-separated parts, each to be found as written in a title."""
    return [p for p in dict.fromkeys(parsed.raw.split()) if p][:5]


def _scope_sql(scope: QuerySet | None) -> tuple[str, list]:
    """`` AND document_id IN (…)`` restricting to ``scope`` (the filters chosen), or nothing."""
    if scope is None:
        return "", []
    sql, params = scope.order_by().values("pk").query.sql_with_params()
    return f" AND s.document_id IN ({sql})", list(params)


def rank_documents(
    qs: QuerySet, parsed: ParsedQuery, limit: int = RANK_LIMIT, *, scope: QuerySet | None = None
) -> QuerySet:
    """The bounded candidates of ``qs`` (the matching documents) in ranked order.

    ``scope`` holds the documents of the other filters chosen (agency, theme, year …) or
    None when there are none. Four indexed queries whatever the number of matches; the
    result holds the candidates only (``.candidates`` says how many).
    """
    model = qs.model
    keys = known_item_keys(parsed)
    where, scope_params = _scope_sql(scope)
    ids: list[int] = []
    # 1. Known items: the very title or policy name, and the exact 文号/索引号.
    if parsed.doc_number or parsed.index_number:
        ids += (
            qs.filter(_exact(parsed))
            .order_by("-published_on", "-pk")
            .values_list("pk", flat=True)[:KNOWN_LIMIT]
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.document_id FROM disclosure_document_search s"
            f" WHERE (s.title = ANY(%s) OR {POLICY_NAME_SQL.replace('title', 's.title')} = ANY(%s))"
            f"{where} ORDER BY s.published_on DESC, s.document_id DESC LIMIT %s",
            [keys, keys, *scope_params, KNOWN_LIMIT],
        )
        ids += [pk for (pk,) in cursor.fetchall() if pk not in ids]
        # 2. Title matches: the phrase in the title, then the title words' rank, then newest.
        if parsed.tsquery:
            parts = phrases(parsed)
            phrase = " + ".join(["(strpos(s.title, %s) > 0)::int"] * len(parts)) or "0"
            # Any TITLE_POOL title matches (no sort over all of them: the bitmap scan stops
            # there), ordered by the phrase, the title rank, then newest.
            cursor.execute(
                f"SELECT s.document_id FROM (SELECT s.document_id, s.title, s.words,"
                f" s.published_on FROM disclosure_document_search s"
                f" WHERE s.words @@ to_tsquery('simple', %s){where} LIMIT %s) s"
                f" ORDER BY {phrase} DESC, ts_rank(s.words, to_tsquery('simple', %s)) DESC,"
                " s.published_on DESC, s.document_id DESC LIMIT %s",
                [parsed.tsquery, *scope_params, TITLE_POOL, *parts, parsed.tsquery, TITLE_LIMIT],
            )
            ids += [pk for (pk,) in cursor.fetchall() if pk not in ids]
    # 3. Further matches of the whole text (any RANK_LIMIT of them: no sort over all),
    # unless the title matches already fill the ranked list.
    seen = set(ids)
    body = []
    if len(ids) < TITLE_LIMIT or not parsed.tsquery:
        body = [
            pk
            for pk in qs.exclude(pk__in=seen).order_by().values_list("pk", flat=True)[:limit]
            if pk not in seen
        ]
    if body and parsed.tsquery:
        body = list(
            model._default_manager.filter(pk__in=body)
            .annotate(rank=SearchRank(F("search_vector"), _search_query(parsed)))
            .order_by("-rank", "-published_on", "-pk")
            .values_list("pk", flat=True)
        )
    ids += body
    # Only what is public now, whatever a candidate list held.
    ranked = (
        model._default_manager.public()
        .filter(pk__in=ids)
        .annotate(position=RawSQL("array_position(%s::integer[], disclosure_document.id)", [ids]))
        .order_by("position")
    )
    ranked.candidates = len(ids)  # how many it holds (lost when the queryset is cloned)
    return ranked


# -- highlighting (on the rendered page; everything is escaped first) ------------------


def _pattern(terms: list[str]) -> re.Pattern | None:
    terms = [t for t in terms if t]
    if not terms:
        return None
    ordered = sorted(set(terms), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in ordered), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with each occurrence of the terms wrapped in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    out, pos = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[pos : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        pos = match.end()
    out.append(escape(text[pos:]))
    # Adjacent matches (规范性 + 文件) read as one highlighted phrase.
    return mark_safe("".join(out).replace("</mark><mark>", ""))  # every piece above is escaped


def snippet(body_html: str, terms: list[str], width: int = 120) -> SafeString:
    """A short excerpt of the body around the first matched word, highlighted."""
    text = " ".join(html.unescape(strip_tags(body_html or "")).split())
    if not text:
        return mark_safe("")
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - width // 3) if match else 0
    excerpt = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(excerpt, terms) + suffix)  # escaped
