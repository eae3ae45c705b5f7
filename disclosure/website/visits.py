"""The portal's own visit counter: 独立用户访问总量 and 网站总访问量 of the website annual
report, with no third-party script, no cookie and no stored address.

Every public page carries a 1×1 image from ``/tj.gif`` (``templates/includes/site_footer.html``),
so pages served from a cache are counted too. A visitor of a day is known only by
SHA-256(the day's random salt, address, browser); the salt lives one day (older ones are
deleted as a new day's is made), so after midnight nobody can tell whether an address
visited — not even with the database and the address in hand. Visitor hashes of past
days are dropped once the day's totals are kept (``DailyVisits``).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from config.web.net import client_ip
from disclosure.website.models import DailyVisitor, DailyVisits, VisitSalt

# Crawlers are not visitors.
BOTS = ("bot", "spider", "crawl", "slurp", "curl", "wget", "python-requests", "headless")

_salt: tuple[datetime.date, str] | None = None


def salt_of(day: datetime.date) -> str:
    """The day's salt (made on first use, the older ones deleted)."""
    global _salt
    if _salt is not None and _salt[0] == day:
        return _salt[1]
    row = VisitSalt.objects.filter(day=day).first()
    if row is None:
        with transaction.atomic():
            VisitSalt.objects.bulk_create(
                [VisitSalt(day=day, salt=secrets.token_hex(32))], ignore_conflicts=True
            )
            row = VisitSalt.objects.get(day=day)
            VisitSalt.objects.filter(day__lt=day).delete()
            DailyVisitor.objects.filter(day__lt=day).delete()
    _salt = (day, row.salt)
    return row.salt


def visitor_hash(day: datetime.date, address: str, agent: str) -> str:
    return hashlib.sha256(f"{salt_of(day)}|{address}|{agent}".encode()).hexdigest()


_COUNT = """
WITH new AS (
    INSERT INTO website_dailyvisitor (day, visitor) VALUES (%(day)s, %(visitor)s)
    ON CONFLICT DO NOTHING RETURNING 1
)
INSERT INTO website_dailyvisits (day, visitors, views)
VALUES (%(day)s, (SELECT count(*) FROM new), 1)
ON CONFLICT (day) DO UPDATE SET
    visitors = website_dailyvisits.visitors + EXCLUDED.visitors,
    views = website_dailyvisits.views + 1
"""


def count(request, now: datetime.datetime | None = None) -> bool:
    """Count the page view of ``request``; False for crawlers (not counted)."""
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    if not agent or any(bot in agent.lower() for bot in BOTS):
        return False
    day = timezone.localdate(now)
    visitor = visitor_hash(day, client_ip(request) or "", agent)
    with connection.cursor() as cursor:
        cursor.execute(_COUNT, {"day": day, "visitor": visitor})
    return True


def totals(year: int) -> tuple[int, int]:
    """(独立用户访问总量, 网站总访问量) of ``year``: the sums of the days' totals."""
    found = DailyVisits.objects.filter(day__year=year).aggregate(
        visitors=Sum("visitors"), views=Sum("views")
    )
    return found["visitors"] or 0, found["views"] or 0
