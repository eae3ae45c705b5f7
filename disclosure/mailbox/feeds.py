"""RSS of the newest published replies (/hdjl/feed/): only ``Letter.objects.public()`` and
only the published texts, never the writer's name, phone or e-mail."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.text import Truncator

from disclosure.mailbox.models import Letter

ITEMS = 50


class LatestRepliesFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-CN"

    def title(self):
        return f"{settings.PORTAL_NAME} 网上留言 最新答复"

    def link(self):
        return reverse("disclosure:mailbox-list")

    def description(self):
        return f"最近公开的 {ITEMS} 件网上留言及答复"

    def items(self):
        return (
            Letter.objects.public()
            .select_related("organization")
            .only(
                "pk",
                "public_title",
                "public_reply",
                "published_on",
                "replied_on",
                "organization__name",
                "title",
            )
            .order_by("-published_on", "-pk")[:ITEMS]
        )

    def item_title(self, item: Letter) -> str:
        return item.public_title

    def item_description(self, item: Letter) -> str:
        return f"{item.organization.name}答复：" + Truncator(item.public_reply).chars(200)

    def item_link(self, item: Letter) -> str:
        return reverse("disclosure:mailbox-detail", args=[item.pk])

    def item_pubdate(self, item: Letter):
        return timezone.make_aware(datetime.datetime.combine(item.published_on, datetime.time.min))
