"""公开属性: decided when a document is drafted; the one list the project uses.

《政府信息公开条例》 Art. 5: 以公开为常态、不公开为例外. Every document is marked
主动公开, 依申请公开 or 不予公开; the last two need a stated legal reason (Art. 14-16),
and printed documents carry the matching mark (「此件公开发布」 …).
"""

from __future__ import annotations

from django.db import models


class Openness(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    NOT_PUBLIC = "not_public", "不予公开"


# The marks printed on the documents themselves.
MARKS: dict[str, str] = {
    Openness.PROACTIVE: "此件公开发布",
    Openness.ON_REQUEST: "此件依申请公开",
    Openness.NOT_PUBLIC: "此件不予公开",
}

# Art. 14-16: anything but proactive disclosure must say why.
NEEDS_REASON = frozenset({Openness.ON_REQUEST, Openness.NOT_PUBLIC})

REASON_HELP = (
    "依申请公开或不予公开时必填，写明法律依据，如：条例第十四条（国家秘密）、第十五条（商业秘密、"
    "个人隐私）、第十六条（内部事务信息、过程性信息、行政执法案卷信息）。"
)
