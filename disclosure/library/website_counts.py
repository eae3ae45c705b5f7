"""The 政策解读 and 回应关切 figures of the website annual report (政府网站工作年度报表,
domain notes §6): 解读信息发布总数, of which 解读材料, 解读产品 and 媒体评论文章, and
回应公众关注热点或重大舆情数量, counted from the records for a year.

What is counted: interpretations of every stage published in the year (发布日期) and still
public; responses to concerns published in the year and still public.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from catalog.models import Organization
from disclosure.library.models import Concern, Interpretation, InterpretationForm

# Each form's row. 解读产品 are the made products (图解, 音视频, 动漫); a 新闻发布会 or a
# 政策例行吹风会 is published as its record (文字实录, with the video as media), so it counts
# with the texts; 媒体评论文章 are their own row.
MATERIAL, PRODUCT, MEDIA_ARTICLE = "material", "product", "media_article"
FORM_ROWS: dict[str, str] = {
    InterpretationForm.TEXT: MATERIAL,
    InterpretationForm.QA: MATERIAL,
    InterpretationForm.EXPERT: MATERIAL,
    InterpretationForm.HEAD: MATERIAL,
    InterpretationForm.PRESS: MATERIAL,
    InterpretationForm.BRIEFING: MATERIAL,
    InterpretationForm.GRAPHIC: PRODUCT,
    InterpretationForm.AUDIO: PRODUCT,
    InterpretationForm.VIDEO: PRODUCT,
    InterpretationForm.ANIMATION: PRODUCT,
    InterpretationForm.MEDIA_COMMENT: MEDIA_ARTICLE,
}


@dataclass(frozen=True)
class WebsiteCounts:
    interpretations: int  # 解读信息发布总数
    materials: int  # 其中：解读材料
    products: int  # 解读产品
    media_articles: int  # 媒体评论文章
    concerns: int  # 回应公众关注热点或重大舆情数量


def _forms(row: str) -> list[str]:
    return [form for form, r in FORM_ROWS.items() if r == row]


def website_counts(organizations: Iterable[Organization], year: int) -> WebsiteCounts:
    """The figures of ``year`` for these agencies (two queries)."""
    organizations = list(organizations)
    found = (
        Interpretation.objects.public()
        .filter(organization__in=organizations, published_on__year=year)
        .aggregate(
            total=Count("pk"),
            materials=Count("pk", filter=Q(form__in=_forms(MATERIAL))),
            products=Count("pk", filter=Q(form__in=_forms(PRODUCT))),
            media_articles=Count("pk", filter=Q(form__in=_forms(MEDIA_ARTICLE))),
        )
    )
    concerns = (
        Concern.objects.public()
        .filter(organization__in=organizations, published_on__year=year)
        .count()
    )
    return WebsiteCounts(
        interpretations=found["total"],
        materials=found["materials"],
        products=found["products"],
        media_articles=found["media_articles"],
        concerns=concerns,
    )
