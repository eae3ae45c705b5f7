"""Builders for 政策文件库 tests: drafts, and documents published through the workflow."""

from __future__ import annotations

import datetime
import itertools

from catalog.models import Genre, Organization, Theme
from disclosure.library.models import Document
from disclosure.publishing import steps as publishing
from tests.conftest import make_org, make_staff

_seq = itertools.count(1)


def make_document(organization: Organization | None = None, **fields) -> Document:
    """A draft document with plausible metadata."""
    n = next(_seq)
    defaults = {
        "title": f"关于做好第{n}项工作的通知",
        "written_on": datetime.date(2024, 3, 1),
        "body": "<p>各有关单位：现将有关事项通知如下。</p>",
    }
    defaults.update(fields)
    issuers = defaults.pop("issuing_organizations", None)
    if isinstance(defaults.get("theme"), str):
        defaults["theme"] = Theme.objects.get(name=defaults["theme"])
    if isinstance(defaults.get("genre"), str):
        defaults["genre"] = Genre.objects.get(name=defaults["genre"])
    document = Document(organization=organization or make_org(), **defaults)
    document.full_clean()
    document.save()
    if issuers:
        document.issuing_organizations.set(issuers)
    return document


def supervisor():
    return make_staff(None, supervisor=True)


def publish_document(
    document: Document | None = None,
    *,
    by=None,
    on: datetime.date | None = None,
    **fields,
) -> Document:
    """A document taken through 草稿 → 待审核 → 已发布 (by a supervisor unless ``by``)."""
    document = document or make_document(**fields)
    by = by or supervisor()
    publishing.submit_for_review(document, by=by)
    return publishing.publish(document, by=by, on=on or datetime.date(2024, 3, 5))
