"""Builders for 回应关切 tests: concerns, and responses taken through the workflow."""

from __future__ import annotations

import datetime
import itertools

from disclosure.library.models import Concern
from disclosure.publishing import steps as publishing
from tests.disclosure.builders import builder_reviewer, supervisor
from tests.disclosure.decisions.builders import beijing

D = datetime.date
_seq = itertools.count(1)


def make_concern(org, **fields) -> Concern:
    defaults = {
        "topic": f"网传第{next(_seq)}号小区停水问题",
        "source": Concern.Source.NETWORK,
        "learned_at": beijing(D(2025, 10, 1), 21, 30),
        "seriousness": Concern.Seriousness.GENERAL,
    }
    defaults.update(fields)
    concern = Concern(organization=org, **defaults)
    concern.full_clean()
    concern.save()
    return concern


def publish_concern(concern: Concern) -> Concern:
    publishing.submit_for_review(concern, by=supervisor())
    return publishing.publish(concern, by=builder_reviewer(), on=D(2025, 10, 2))


def answered(org, **fields) -> Concern:
    fields.setdefault("response", "经核查，停水系管道抢修所致，已于当日恢复供水。")
    fields.setdefault("channel", "门户网站")
    fields.setdefault("responded_at", beijing(D(2025, 10, 2), 10))
    return publish_concern(make_concern(org, **fields))
