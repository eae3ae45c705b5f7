"""A version number of the public library, bumped on every change that pages show.

The 政策文件库 list caches its filter counts under this version (and the day, since
validity is derived as of a date); any save or workflow step makes the old entries unused.
With a per-process cache the counts may lag another process by at most COUNTS_SECONDS.
"""

from __future__ import annotations

from django.core.cache import cache

KEY = "disclosure:library-version"
COUNTS_SECONDS = 300


def version() -> int:
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, 1, None)
        value = cache.get(KEY, 1)
    return value


def bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:
        cache.set(KEY, 1, None)
