"""A policy's timeline on its document page: consultation → document → interpretations by
stage → evaluations → amendment or repeal, each dated and linked (「全周期」政策解读,
domain notes §6).

The page reads everything in its own queries (``views.document.document_detail``); this
module only orders what it read.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from disclosure.library.models import Document, Interpretation, InterpretationStage

# The order of the phases on the timeline; within a phase, by date.
_PHASES = {
    "consultation": 0,
    InterpretationStage.DRAFT: 1,
    "document": 2,
    InterpretationStage.PUBLICATION: 3,
    InterpretationStage.SECOND: 4,
    InterpretationStage.INTERIM: 5,
    InterpretationStage.EVALUATION: 6,
    "change": 7,
}


@dataclass
class Step:
    phase: str
    label: str  # 征求意见, 文件发布, 发布解读, 二次解读, …, 修改, 废止
    on: datetime.date | None
    title: str
    url: str | None  # None: not public (a changing act not proactively disclosed)
    note: str = ""

    @property
    def rank(self) -> tuple:
        return (_PHASES[self.phase], self.on or datetime.date.max)


def interpretations_of(document_pk: int):
    """The public interpretations of a document: those linked to it and the draft-stage
    ones of the consultation it came out of (one query)."""
    return (
        Interpretation.objects.public()
        .filter(Q(documents=document_pk) | Q(consultations__final_document=document_pk))
        .distinct()
        .only(
            "pk",
            "title",
            "form",
            "stage",
            "published_on",
            "interpreter_name",
            "is_first_interpreter",
        )
        .order_by("published_on", "pk")
    )


def _interpretation_note(item: Interpretation) -> str:
    """「主要负责人解读，第一解读人 王某某」: the form, and the first interpreter by name."""
    note = item.get_form_display()
    if item.is_first_interpreter:
        note += "，第一解读人" + (f" {item.interpreter_name}" if item.interpreter_name else "")
    return note


def policy_timeline(
    document: Document, interpretations: Iterable[Interpretation], changed_by: Iterable[dict]
) -> list[Step]:
    """The steps of ``document``'s policy, in order. ``document`` carries the
    ``consultation_*`` annotations of the page; ``changed_by`` the page's incoming
    relations (``relation``, ``public``)."""
    steps = []
    if getattr(document, "consultation_pk", None):
        steps.append(
            Step(
                "consultation",
                "征求意见",
                document.consultation_published_on,
                document.consultation_title,
                reverse("disclosure:consultation-detail", args=[document.consultation_pk]),
                "征求意见稿及起草说明",
            )
        )
    steps.append(
        Step(
            "document",
            "文件发布",
            document.published_on,
            document.title,
            document.get_absolute_url(),
            f"自{document.starts_on:%Y年%-m月%-d日}起施行" if document.effective_on else "",
        )
    )
    for item in interpretations:
        steps.append(
            Step(
                item.stage,
                InterpretationStage(item.stage).label,
                item.published_on,
                item.title,
                item.get_absolute_url(),
                _interpretation_note(item),
            )
        )
    for change in changed_by:
        relation = change["relation"]
        source = relation.from_document
        steps.append(
            Step(
                "change",
                relation.get_kind_display(),
                relation.effective_on,
                source.title if change["public"] else "未主动公开的文件",
                source.get_absolute_url() if change["public"] else None,
                "生效日期",
            )
        )
    return sorted(steps, key=lambda s: s.rank)
