"""有效性 (validity) of a document as of a date: the one rule, derived from dated events.

A document's validity is never typed in. It follows from its 施行日期, its 有效期至 and the
dated repeal (废止) and amendment (修改) records that point at it, so the library can answer
"which documents were in force on date X" and a page never shows a past-dated document as
有效 — even before the daily ``expire_documents`` command has refreshed the stored column.

The rule, first match wins, as of a date D:

1. 废止   a repeal of it takes effect on or before D;
2. 失效   its 有效期至 is before D (the 有效期至 is the last day in force);
3. 尚未施行 it starts after D (施行日期, else 发布日期, else 成文日期);
4. 已修改 an amendment of it takes effect on or before D (still in force, as amended);
5. 有效   otherwise.

Everything here builds SQL conditions; querysets, the stored column and the pages use them.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.utils import timezone


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"
    AMENDED = "amended", "已修改"
    PENDING = "pending", "尚未施行"


# An amended document is still in force, in its amended form.
IN_FORCE = (Validity.VALID, Validity.AMENDED)

# schema.org LegalForceStatus for each state (Legislation.legislationLegalForce).
SCHEMA_ORG_LEGAL_FORCE: dict[str, str] = {
    Validity.VALID: "https://schema.org/InForce",
    Validity.AMENDED: "https://schema.org/InForce",
    Validity.EXPIRED: "https://schema.org/NotInForce",
    Validity.REPEALED: "https://schema.org/NotInForce",
    Validity.PENDING: "https://schema.org/NotInForce",
}


class RelationKind(models.TextChoices):
    """How a later document changes an earlier one."""

    REPEALS = "repeals", "废止"
    AMENDS = "amends", "修改"


def _on(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def _changed_by(kind: str, on: datetime.date) -> Exists:
    # The models apply this rule (their querysets and save), so the rule reaches the
    # relation table through the app registry rather than importing the models module.
    DocumentRelation = apps.get_model("library", "DocumentRelation")
    return Exists(
        DocumentRelation.objects.filter(to_document=OuterRef("pk"), kind=kind, effective_on__lte=on)
    )


def conditions(on: datetime.date | None = None) -> list[tuple[str, Q]]:
    """(state, condition) in the order the rule tries them; VALID is what is left."""
    on = _on(on)
    starts = Coalesce("effective_on", "published_on", "written_on")
    return [
        (Validity.REPEALED, Q(_changed_by(RelationKind.REPEALS, on))),
        (Validity.EXPIRED, Q(expires_on__lt=on)),
        (Validity.PENDING, Q(GreaterThan(starts, on))),
        (Validity.AMENDED, Q(_changed_by(RelationKind.AMENDS, on))),
    ]


def validity_expression(on: datetime.date | None = None) -> Case:
    """SQL for the validity of each row as of ``on`` (default: today)."""
    return Case(
        *[When(condition, then=Value(state)) for state, condition in conditions(on)],
        default=Value(Validity.VALID),
        output_field=models.CharField(),
    )


def validity_q(states, on: datetime.date | None = None) -> Q:
    """A WHERE condition: the row's validity as of ``on`` is one of ``states``."""
    if isinstance(states, str):
        states = [states]
    wanted = set(states)
    result = Q(pk__in=[])
    earlier = Q()
    for state, condition in conditions(on):
        if state in wanted:
            result |= earlier & condition
        earlier &= ~condition
    if Validity.VALID in wanted:
        result |= earlier
    return result
