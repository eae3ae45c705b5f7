"""What the website's own duties count, registered by the apps that hold the records.

Two registries: the yearly figures of the 政府网站工作年度报表, and the interaction items
still unanswered that the 站点体检 alarms on (the national check's veto 「互动回应差」: a valid
message unanswered for more than 3 months; domain notes §9, §10).

The website annual report (domain notes §10) counts, for a year and a set of agencies,
records that live in many apps: interpretations and 回应关切 (library), 征集调查
(decisions), 留言办理 and 「我为政府网站找错」 (the messages app), 在线访谈 and the 政务新媒体
accounts (the engagement app). The report sits above all of them; rather than importing
each, it asks this registry, and each app registers its figures in its ``AppConfig.ready``
under the keys below. A key nobody registered reads as ``None`` ("not held by the portal"),
so the report can say a row is entered by staff instead of printing a false zero.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

#: ``compute(year, organizations)`` -> the figure for those agencies in that year.
Compute = Callable[[int, list], int | Decimal | None]

# The keys of the report's rows the apps fill. Values are counts unless said otherwise.
MESSAGES_RECEIVED = "messages.received"  # 收到留言数量
MESSAGES_CLOSED = "messages.closed"  # 办结留言数量
MESSAGES_AVERAGE_DAYS = "messages.average_days"  # 平均办理时间（天）, a Decimal
MESSAGES_PUBLISHED = "messages.published"  # 公开答复数量
ERROR_REPORTS_RECEIVED = "error_reports.received"  # 「我为政府网站找错」 received
ERROR_REPORTS_HANDLED = "error_reports.handled"
ERROR_REPORTS_ON_TIME = "error_reports.on_time"
CONSULTATIONS = "consultations.count"  # 征集调查期数
CONSULTATION_COMMENTS = "consultations.comments"  # 收到意见数量
CONSULTATION_RESULTS = "consultations.results_published"  # 公布调查结果期数
INTERVIEWS = "interviews.count"  # 访谈期数
INTERVIEW_QUESTIONS = "interviews.questions"  # 网民留言数量
INTERVIEW_ANSWERS = "interviews.answered"  # 答复网民提问数量
NEW_MEDIA_ACCOUNTS = "new_media.accounts"  # 政务新媒体 accounts open at the year's end

_figures: dict[str, Compute] = {}


def register(key: str, compute: Compute) -> None:
    """Register ``compute`` for ``key`` (registering the same key again replaces it)."""
    _figures[key] = compute


def is_registered(key: str) -> bool:
    return key in _figures


def figure(key: str, year: int, organizations: Iterable) -> int | Decimal | None:
    """The figure ``key`` for ``organizations`` in ``year``; ``None`` when no app holds it."""
    compute = _figures.get(key)
    if compute is None:
        return None
    return compute(year, list(organizations))


@dataclass(frozen=True)
class Unanswered:
    """One valid message (or question) still without an answer."""

    label: str  # what staff know it by (a tracking code or a title), never personal data
    organization_id: int  # the agency that must answer it now
    received_on: datetime.date
    url: str  # the staff page where it is answered

    def days(self, today: datetime.date) -> int:
        """Calendar days it has waited by ``today``."""
        return (today - self.received_on).days


#: ``source(organizations, today)`` -> the valid items of those agencies unanswered on ``today``.
UnansweredSource = Callable[[list, datetime.date], list[Unanswered]]

_unanswered: dict[str, UnansweredSource] = {}


def register_unanswered(name: str, source: UnansweredSource) -> None:
    """Register ``source`` under ``name`` (registering the same name again replaces it)."""
    _unanswered[name] = source


def unanswered(organizations: Iterable, today: datetime.date) -> list[Unanswered]:
    """Every registered source's unanswered items, oldest first."""
    organizations = list(organizations)
    found = [item for source in _unanswered.values() for item in source(organizations, today)]
    return sorted(found, key=lambda item: (item.received_on, item.label))
