"""The extractor measured over tests/fixtures/extract_corpus (real and synthetic pages)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from disclosure.library.corpus import KEY_FIELDS, SCORED, score_corpus

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "extract_corpus"


@pytest.fixture(scope="module")
def score():
    return score_corpus(CORPUS)


def test_the_corpus_has_at_least_forty_pages_and_says_which_are_real(score):
    assert score.pages >= 40
    assert score.real >= 1


@pytest.mark.parametrize("name", SCORED)
def test_no_field_is_ever_read_wrong(score, name):
    assert score.fields[name].wrong_pages == []


@pytest.mark.parametrize("name", KEY_FIELDS)
def test_key_fields_are_missing_on_at_most_five_percent_of_the_pages_carrying_them(score, name):
    assert score.fields[name].missing_share <= 0.05, score.fields[name].missing_pages


def test_the_command_prints_right_wrong_and_missing_per_field():
    out = io.StringIO()
    call_command("extract_report", str(CORPUS), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[1].split()[:4] == ["字段", "正确", "错误", "缺失"]
    assert any(line.startswith("发文字号") for line in lines)
