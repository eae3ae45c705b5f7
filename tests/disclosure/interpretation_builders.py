"""Builders for 政策解读 tests: drafts, media, and interpretations taken through the workflow."""

from __future__ import annotations

import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from disclosure.library.models import Document, Interpretation, InterpretationMedia
from disclosure.publishing import steps as publishing
from tests.disclosure.builders import builder_reviewer, publish_document, supervisor

_seq = itertools.count(1)


def png_file(name: str = "tujie.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_interpretation(*documents: Document, **fields) -> Interpretation:
    """A draft interpretation of ``documents`` (published documents unless given)."""
    documents = documents or (publish_document(),)
    n = next(_seq)
    defaults = {
        "organization": documents[0].organization,
        "title": f"《第{n}项政策》解读",
        "summary": "解读政策背景、主要内容和适用范围。",
        "body": "<p>一、出台背景。二、主要内容。三、咨询方式。</p>",
        "form": Interpretation.Form.TEXT,
    }
    defaults.update(fields)
    interpretation = Interpretation(**defaults)
    interpretation.full_clean(exclude=["documents"])
    interpretation.save()
    interpretation.documents.set(documents)
    return interpretation


def add_media(interpretation: Interpretation, **fields) -> InterpretationMedia:
    media = InterpretationMedia(interpretation=interpretation, **fields)
    media.full_clean()
    media.save()
    return media


def publish_interpretation(
    interpretation: Interpretation | None = None,
    *,
    by=None,
    reviewer=None,
    on: datetime.date | None = None,
    **fields,
) -> Interpretation:
    """An interpretation taken through 草稿 → 待审核 → 已发布: submitted by ``by`` (a
    supervisor unless given) and approved by ``reviewer`` (another supervisor unless given)."""
    interpretation = interpretation or make_interpretation(**fields)
    by = by or supervisor()
    publishing.submit_for_review(interpretation, by=by)
    reviewer = reviewer or builder_reviewer()
    return publishing.publish(interpretation, by=reviewer, on=on or datetime.date(2024, 3, 6))
