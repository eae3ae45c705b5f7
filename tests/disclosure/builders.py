"""Builders for 政策文件库 tests: drafts, and documents published through the workflow."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth import get_user_model

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


def builder_reviewer():
    """The supervising office's reviewer who approves what the builders submit (four-eyes:
    never the submitter); made once per test."""
    found = get_user_model().objects.filter(username="builder-reviewer").first()
    return found or make_staff(None, supervisor=True, username="builder-reviewer")


def publish_document(
    document: Document | None = None,
    *,
    by=None,
    reviewer=None,
    on: datetime.date | None = None,
    **fields,
) -> Document:
    """A document taken through 草稿 → 待审核 → 已发布: submitted by ``by`` (a supervisor
    unless given) and approved by ``reviewer`` (another supervisor unless given)."""
    document = document or make_document(**fields)
    by = by or supervisor()
    publishing.submit_for_review(document, by=by)
    reviewer = reviewer or builder_reviewer()
    return publishing.publish(document, by=reviewer, on=on or datetime.date(2024, 3, 5))
