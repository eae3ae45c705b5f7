"""RSS 2.0 and Atom feeds of the newest published documents, interpretations and
consultations.

Feeds: all documents (/zcwjk/rss/, /zcwjk/atom/), one agency's (/xxgk/<org>/rss/ …), one
主题分类's (/zcwjk/theme/<pk>/rss/ …), the interpretations (/zcjd/rss/ …) and the 意见征集
(/yjzj/rss/ …). Only public items (``Document.objects.public()``,
``Interpretation.objects.public()``, ``Consultation.objects.public()``: nothing of the
comments), newest first; one query per feed. Pages link them in their <head>
(``templates/includes/feeds.html``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from catalog.models import Organization, Theme
from disclosure.decisions.models import Consultation
from disclosure.engagement.models import Activity, Interview
from disclosure.library.models import Concern, Document, Interpretation

ITEMS = 50


def _published_at(day: datetime.date) -> datetime.datetime:
    """A 发布日期 as a moment: the start of that day in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class LatestDocumentsFeed(Feed):
    """The newest documents of the 政策文件库: all, one agency's, or one theme's."""

    feed_type = Rss201rev2Feed
    language = "zh-CN"

    def get_object(self, request, org: str | None = None, theme: int | None = None):
        if org is not None:
            return get_object_or_404(Organization.objects.active(), slug=org)
        if theme is not None:
            return get_object_or_404(Theme, pk=theme)
        return None

    def title(self, obj) -> str:
        if isinstance(obj, Organization):
            return f"{obj.name} 最新政策文件"
        if isinstance(obj, Theme):
            return f"政策文件库 · {obj.name} · 最新文件"
        return f"{settings.PORTAL_NAME} 政策文件库 最新文件"

    def link(self, obj) -> str:
        url = reverse("disclosure:document-list")
        if isinstance(obj, Organization):
            return f"{url}?organization={obj.slug}"
        if isinstance(obj, Theme):
            return f"{url}?theme={obj.pk}"
        return url

    def description(self, obj) -> str:
        return f"{self.title(obj)}（最近 {ITEMS} 件，已主动公开）"

    subtitle = description  # Atom's name for it

    def items(self, obj):
        documents = Document.objects.public()
        if isinstance(obj, Organization):
            documents = documents.filter(organization=obj)
        elif isinstance(obj, Theme):
            documents = documents.filter(theme=obj)
        return (
            documents.select_related("organization", "theme", "genre")
            .defer("body", "search_vector")
            .order_by("-published_on", "-pk")[:ITEMS]
        )

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        parts = [
            f"索引号：{item.index_number}",
            f"发文字号：{item.doc_number}" if item.doc_number else "",
            f"发布机关：{item.organization.name}",
            f"成文日期：{item.written_on:%Y-%m-%d}",
            f"发布日期：{item.published_on:%Y-%m-%d}",
        ]
        text = "；".join(p for p in parts if p) + "。"
        return f"{text}\n{item.summary}" if item.summary else text

    def item_pubdate(self, item: Document) -> datetime.datetime:
        return _published_at(item.published_on)

    def item_updateddate(self, item: Document) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Document) -> str:
        return item.organization.name

    def item_categories(self, item: Document) -> list[str]:
        return [c.name for c in (item.theme, item.genre) if c is not None]


class LatestDocumentsAtom(LatestDocumentsFeed):
    feed_type = Atom1Feed


class LatestInterpretationsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-CN"
    title = f"{settings.PORTAL_NAME} 政策解读 最新发布"
    description = f"最近发布的 {ITEMS} 件政策解读"
    subtitle = description

    def link(self) -> str:
        return reverse("disclosure:interpretation-list")

    def items(self):
        return (
            Interpretation.objects.public()
            .select_related("organization")
            .defer("body", "search_vector")
            .order_by("-published_on", "-pk")[:ITEMS]
        )

    def item_title(self, item: Interpretation) -> str:
        return item.title

    def item_description(self, item: Interpretation) -> str:
        head = f"{item.get_stage_display()}，{item.get_form_display()}，{item.organization.name}"
        if item.interpreter:
            head += f"，解读人：{item.interpreter}"
        return f"{head}。\n{item.summary}" if item.summary else f"{head}。"

    def item_pubdate(self, item: Interpretation) -> datetime.datetime:
        return _published_at(item.published_on)

    def item_updateddate(self, item: Interpretation) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Interpretation) -> str:
        return item.organization.name

    def item_categories(self, item: Interpretation) -> list[str]:
        return [item.get_stage_display(), item.get_form_display()]


class LatestInterpretationsAtom(LatestInterpretationsFeed):
    feed_type = Atom1Feed


class LatestConsultationsFeed(Feed):
    """The newest published 意见征集: drafts open for comment, and their feedback (an entry
    is updated when the 意见采纳情况反馈 is published)."""

    feed_type = Rss201rev2Feed
    language = "zh-CN"
    title = f"{settings.PORTAL_NAME} 意见征集 最新发布"
    description = f"最近发布的 {ITEMS} 项意见征集（征求意见稿及意见采纳情况反馈）"
    subtitle = description

    def link(self) -> str:
        return reverse("disclosure:consultation-list")

    def items(self):
        return (
            Consultation.objects.public()
            .select_related("organization")
            .only(
                "pk",
                "title",
                "kind",
                "summary",
                "starts_on",
                "ends_on",
                "published_on",
                "feedback_published_on",
                "updated_at",
                "organization__name",
            )
            .order_by("-published_on", "-pk")[:ITEMS]
        )

    def item_title(self, item: Consultation) -> str:
        return item.title

    def item_description(self, item: Consultation) -> str:
        parts = [
            f"征集机关：{item.organization.name}",
            f"草案类型：{item.get_kind_display()}",
            f"征求意见时间：{item.starts_on:%Y-%m-%d} 至 {item.ends_on:%Y-%m-%d}",
        ]
        if item.feedback_published_on:
            parts.append(f"意见采纳情况反馈：{item.feedback_published_on:%Y-%m-%d} 发布")
        text = "；".join(parts) + "。"
        return f"{text}\n{item.summary}" if item.summary else text

    def item_pubdate(self, item: Consultation) -> datetime.datetime:
        return _published_at(item.published_on)

    def item_updateddate(self, item: Consultation) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Consultation) -> str:
        return item.organization.name

    def item_categories(self, item: Consultation) -> list[str]:
        return [item.get_kind_display()]


class LatestConsultationsAtom(LatestConsultationsFeed):
    feed_type = Atom1Feed


class AgencyConcernsFeed(Feed):
    """An agency's newest published responses to public concerns (回应关切)."""

    feed_type = Rss201rev2Feed
    language = "zh-CN"

    def get_object(self, request, org: str):
        return get_object_or_404(Organization.objects.active(), slug=org)

    def title(self, obj: Organization) -> str:
        return f"{obj.name} 回应关切"

    def description(self, obj: Organization) -> str:
        return f"{obj.name}最近发布的 {ITEMS} 条回应关切"

    def link(self, obj: Organization) -> str:
        return reverse("disclosure:concern-list", args=[obj.slug])

    def items(self, obj: Organization):
        return (
            Concern.objects.public()
            .filter(organization=obj)
            .select_related("organization")
            .order_by("-published_on", "-pk")[:ITEMS]
        )

    def item_title(self, item: Concern) -> str:
        return item.topic

    def item_description(self, item: Concern) -> str:
        when = timezone.localtime(item.responded_at)
        return (
            f"来源：{item.get_source_display()}；回应时间：{when:%Y-%m-%d %H:%M}。\n{item.response}"
        )

    def item_link(self, item: Concern) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Concern) -> datetime.datetime:
        return _published_at(item.published_on)

    def item_author_name(self, item: Concern) -> str:
        return item.organization.name

    def item_categories(self, item: Concern) -> list[str]:
        return [item.get_seriousness_display()]


class InterviewsFeed(Feed):
    """The newest published 在线访谈 (预告 and, once held, the transcript's page); never a
    question's asker."""

    feed_type = Rss201rev2Feed
    language = "zh-CN"
    title = f"{settings.PORTAL_NAME} 在线访谈"
    description = f"最近发布的 {ITEMS} 期在线访谈"

    def link(self) -> str:
        return reverse("disclosure:interview-list")

    def items(self):
        return (
            Interview.objects.public()
            .select_related("organization")
            .only("pk", "title", "summary", "starts_at", "updated_at", "organization__name")
            .order_by("-starts_at", "-pk")[:ITEMS]
        )

    def item_title(self, item: Interview) -> str:
        return item.title

    def item_description(self, item: Interview) -> str:
        start = timezone.localtime(item.starts_at)
        text = f"主办机关：{item.organization.name}；访谈时间：{start:%Y-%m-%d %H:%M}。"
        return f"{text}\n{item.summary}" if item.summary else text

    def item_pubdate(self, item: Interview) -> datetime.datetime:
        return item.starts_at

    def item_updateddate(self, item: Interview) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Interview) -> str:
        return item.organization.name


class ActivitiesFeed(Feed):
    """The activities of the published 政府开放计划, newest first (no sign-up data)."""

    feed_type = Rss201rev2Feed
    language = "zh-CN"
    title = f"{settings.PORTAL_NAME} 政府开放活动"
    description = f"最近的 {ITEMS} 项政府开放活动"

    def link(self) -> str:
        return reverse("disclosure:open-day-index")

    def items(self):
        return (
            Activity.objects.public()
            .select_related("host")
            .only("pk", "theme", "place", "starts_at", "signup_closes_at", "quota", "host__name")
            .order_by("-starts_at", "-pk")[:ITEMS]
        )

    def item_title(self, item: Activity) -> str:
        return item.theme

    def item_description(self, item: Activity) -> str:
        start = timezone.localtime(item.starts_at)
        closes = timezone.localtime(item.signup_closes_at)
        return (
            f"承办机关：{item.host.name}；时间：{start:%Y-%m-%d %H:%M}；地点：{item.place}；"
            f"名额：{item.quota}人；报名截止：{closes:%Y-%m-%d %H:%M}。"
        )

    def item_pubdate(self, item: Activity) -> datetime.datetime:
        return item.starts_at

    def item_author_name(self, item: Activity) -> str:
        return item.host.name
