"""Demo 回应关切: a few answered concerns (one serious emergency answered in hours), one
answered late and one still open, so the public list and the staff page show each case.

Idempotent: a concern is keyed by its agency and topic. Publishing goes through
disclosure.publishing.steps.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from catalog.models import Organization
from disclosure.library.concerns import BEIJING
from disclosure.library.models import Concern
from disclosure.publishing import demo as publishing_demo
from disclosure.publishing import steps as publishing

D = datetime.date
Source, Seriousness = Concern.Source, Concern.Seriousness


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), BEIJING)


def concerns() -> list[dict]:
    """The demo concerns; the last is learned of two hours before loading, still open."""
    return [
        {
            "slug": "sthjj",
            "topic": "网传徒骇河化工企业泄漏致水体污染",
            "source": Source.NETWORK,
            "seriousness": Seriousness.SERIOUS,
            "learned_at": _at(D(2025, 7, 14), 22, 40),
            "response": "经现场核查，徒骇河水质监测数据正常，网传视频系2019年外地旧闻。",
            "channel": "政务微博、门户网站，新闻发布会",
            "responded_at": _at(D(2025, 7, 15), 1, 30),
            "press_conference_at": _at(D(2025, 7, 15), 15),
            "links": "https://www.liaocheng.gov.cn/hygq/2025/0715.html",
        },
        {
            "slug": "jyj",
            "topic": "市民关注城区小学课后服务收费标准",
            "source": Source.HOTLINE,
            "learned_at": _at(D(2025, 9, 3), 9),
            "response": "课后服务收费标准经市发展改革委核定，每生每学期不超过300元，"
            "家庭经济困难学生免收。",
            "channel": "门户网站",
            "responded_at": _at(D(2025, 9, 5), 16),
        },
        {
            # Learned on the eve of the National Day holiday, answered after the limit.
            "slug": "fgw",
            "topic": "网民留言反映阶梯水价调整后部分家庭水费明显上涨",
            "source": Source.MESSAGE,
            "learned_at": _at(D(2025, 9, 30), 15),
            "response": "阶梯水价按户籍人口核定用水量，五口及以上家庭可申请增加基数。",
            "channel": "门户网站「回应关切」栏目",
            "responded_at": _at(D(2025, 10, 20), 10),
        },
        {
            "slug": "jyj",
            "topic": "媒体报道部分学校延长在校时间",
            "source": Source.MEDIA,
            "learned_at": timezone.now() - datetime.timedelta(hours=2),
            "publish": False,
        },
    ]


def load(orgs: dict[str, Organization], stdout=None) -> list[Concern]:
    actor = get_user_model().objects.get(username="admin")
    loaded = []
    for row in concerns():
        row = dict(row)
        organization = orgs[row.pop("slug")]
        publish = row.pop("publish", True)
        existing = Concern.objects.filter(organization=organization, topic=row["topic"]).first()
        if existing is not None:
            loaded.append(existing)
            continue
        concern = Concern(organization=organization, created_by=actor, **row)
        concern.full_clean()
        concern.save()
        if publish:
            publishing.submit_for_review(concern, by=actor)
            concern = publishing_demo.approve(concern, on=concern.responded_at.date())
        loaded.append(concern)
    if stdout is not None:
        stdout.write(f"回应关切：{len(loaded)} 条。")
    return loaded
