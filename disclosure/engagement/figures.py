"""The website annual report's figures this app holds (``disclosure.publishing.site_figures``):
在线访谈 访谈期数, 网民留言数量 and 答复网民提问数量, and the 政务新媒体 accounts open at the
year's end.

Interview questions are not registered as unanswered items: the national check's veto
「互动回应差」 excludes 在线访谈 (domain notes §9), and a question is asked for the
interview, not left open for months.
"""

from __future__ import annotations

import datetime

from disclosure.engagement.models import Interview, NewMediaAccount, Question
from disclosure.publishing import site_figures


def _ids(organizations) -> list[int]:
    return [getattr(o, "pk", o) for o in organizations]


def interviews(year: int, organizations) -> int:
    """访谈期数: published interviews held in ``year``."""
    return Interview.objects.held_in(year).filter(organization__in=_ids(organizations)).count()


def _questions(year: int, organizations):
    held = Interview.objects.held_in(year).filter(organization__in=_ids(organizations))
    return Question.objects.filter(interview__in=held)


def interview_questions(year: int, organizations) -> int:
    """网民留言数量: every question received for those interviews (screened out ones too)."""
    return _questions(year, organizations).count()


def interview_answers(year: int, organizations) -> int:
    """答复网民提问数量: the questions answered in the transcripts."""
    return _questions(year, organizations).answered().count()


def new_media_accounts(year: int, organizations) -> int:
    """Accounts open on 31 December of ``year``."""
    return (
        NewMediaAccount.objects.open_on(datetime.date(year, 12, 31))
        .filter(organization__in=_ids(organizations))
        .count()
    )


def register_figures() -> None:
    site_figures.register(site_figures.INTERVIEWS, interviews)
    site_figures.register(site_figures.INTERVIEW_QUESTIONS, interview_questions)
    site_figures.register(site_figures.INTERVIEW_ANSWERS, interview_answers)
    site_figures.register(site_figures.NEW_MEDIA_ACCOUNTS, new_media_accounts)
