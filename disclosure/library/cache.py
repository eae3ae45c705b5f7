"""The version of what the public pages show, as the library's cached counts use it.

The 政策文件库 list caches its filter counts under this version (and the day, since
validity is derived as of a date); any save or workflow step makes the old entries unused.
It is the site's public version (:mod:`config.web.pagecache`), which also keys the stored
public pages, so one bump renews both.
"""

from __future__ import annotations

from config.web import pagecache

COUNTS_SECONDS = 300


def version() -> int:
    return pagecache.version()


def bump() -> None:
    pagecache.bump()
