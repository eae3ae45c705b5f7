"""The website annual report's 政策解读 and 回应关切 figures, against hand-counted records."""

import datetime

import pytest

from disclosure.library.models import Concern, InterpretationForm, InterpretationStage
from disclosure.library.website_counts import FORM_ROWS, website_counts
from disclosure.publishing import steps as publishing
from tests.disclosure.builders import publish_document, supervisor
from tests.disclosure.concern_builders import answered, make_concern
from tests.disclosure.interpretation_builders import (
    add_media,
    make_interpretation,
    png_file,
    publish_interpretation,
)

pytestmark = pytest.mark.django_db

D = datetime.date
F = InterpretationForm


def interpretation(org, form, on, **fields):
    item = make_interpretation(publish_document(organization=org), form=form, **fields)
    if form == F.GRAPHIC:
        add_media(item, kind="image", file=png_file(), text_alternative="图解：三项主要措施。")
    return publish_interpretation(item, on=on)


@pytest.fixture
def records(org, other_org):
    """Hand-counted for 2025 and ``org``: 3 解读材料 (a text, a 问答, a 吹风会 of the draft
    stage), 1 解读产品 (a 图解), 2 媒体评论文章 — 6 in all; 2 responses."""
    interpretation(org, F.TEXT, D(2025, 1, 2))
    interpretation(org, F.QA, D(2025, 12, 31))
    interpretation(org, F.BRIEFING, D(2025, 6, 1), stage=InterpretationStage.SECOND)
    interpretation(org, F.GRAPHIC, D(2025, 3, 1))
    interpretation(org, F.MEDIA_COMMENT, D(2025, 4, 1))
    interpretation(org, F.MEDIA_COMMENT, D(2025, 5, 1))
    # Not counted: another year, another agency, a draft, a withdrawn one.
    interpretation(org, F.TEXT, D(2024, 12, 31))
    interpretation(other_org, F.TEXT, D(2025, 6, 1))
    make_interpretation(publish_document(organization=org), form=F.TEXT)
    withdrawn = interpretation(org, F.TEXT, D(2025, 7, 1))
    publishing.withdraw(withdrawn, by=supervisor(), reason="重复发布")
    answered(org, topic="已回应甲")
    answered(org, topic="已回应乙", seriousness=Concern.Seriousness.SERIOUS)
    make_concern(org, topic="尚未回应")
    answered(other_org, topic="别的机关")


def test_the_interpretations_of_the_year_are_counted_by_row(org, records):
    counts = website_counts([org], 2025)
    assert counts.interpretations == 6
    assert (counts.materials, counts.products, counts.media_articles) == (3, 1, 2)


def test_the_rows_add_up_to_the_total(org, records):
    counts = website_counts([org], 2025)
    assert counts.materials + counts.products + counts.media_articles == counts.interpretations


def test_the_responses_published_in_the_year_are_counted(org, records):
    assert website_counts([org], 2025).concerns == 2
    assert website_counts([org], 2024).concerns == 0


def test_a_year_without_records_counts_nothing(org, records):
    assert website_counts([org], 2023).interpretations == 0


def test_every_form_has_its_row():
    assert set(FORM_ROWS) == set(F.values)
