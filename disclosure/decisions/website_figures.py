"""The 征集调查 figures of the website annual report (政府网站工作年度报表, domain notes §10),
registered with the publishing core's registry (``site_figures``): 征集调查期数 (consultations
published in the year), 收到意见数量 (comments received in the year on public
consultations), 公布调查结果期数 (意见采纳情况反馈 published in the year)."""

from __future__ import annotations

from disclosure.decisions.models import Comment, Consultation
from disclosure.publishing import site_figures


def consultations(year: int, organizations: list) -> int:
    return (
        Consultation.objects.public()
        .filter(organization__in=organizations, published_on__year=year)
        .count()
    )


def comments(year: int, organizations: list) -> int:
    return Comment.objects.filter(
        consultation__in=Consultation.objects.public().filter(organization__in=organizations),
        submitted_at__year=year,
    ).count()


def results(year: int, organizations: list) -> int:
    return (
        Consultation.objects.public()
        .filter(organization__in=organizations, feedback_published_on__year=year)
        .count()
    )


def register() -> None:
    site_figures.register(site_figures.CONSULTATIONS, consultations)
    site_figures.register(site_figures.CONSULTATION_COMMENTS, comments)
    site_figures.register(site_figures.CONSULTATION_RESULTS, results)
