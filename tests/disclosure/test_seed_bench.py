"""manage.py seed_bench: realistic public documents, searchable as the app indexes them."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from catalog.models import Organization
from catalog.validators import validate_credit_code
from disclosure.library import search
from disclosure.library.docnumber import parse_doc_number
from disclosure.library.models import Document, DocumentRelation
from disclosure.library.validity import Validity, validity_expression
from disclosure.publishing.models import IndexSequence
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_page(settings):
    settings.PUBLIC_PAGE_CACHE = False  # the tests read each page's context


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_bench", *[str(a) for a in args], stdout=out)
    return out.getvalue()


@pytest.fixture
def bench():
    seed("--documents", 200)
    return Document.objects.filter(import_source__startswith="bench:")


def test_the_documents_are_published_public_and_spread_out(bench):
    assert bench.count() == 200
    assert bench.public().count() == 200
    assert bench.exclude(index_number__isnull=False).count() == 0
    assert bench.values("organization").distinct().count() > 30
    assert bench.values("theme").distinct().count() > 10
    assert bench.values("genre").distinct().count() > 8
    years = set(bench.values_list("written_on__year", flat=True))
    assert min(years) < 2010 and max(years) >= 2024
    for document in bench.exclude(doc_number="")[:50]:
        assert parse_doc_number(document.doc_number).normalized == document.doc_number
        assert document.doc_number_year == document.written_on.year


def test_index_numbers_follow_each_agencys_sequence_and_the_sequence_is_advanced(bench):
    for document in bench.select_related("organization")[:50]:
        code, rest = document.index_number.split("/")
        assert code == document.organization.credit_code
        assert re.fullmatch(rf"{document.published_on.year}-\d{{5}}", rest)
    for sequence in IndexSequence.objects.filter(organization__slug__startswith="bench-"):
        used = bench.filter(
            organization=sequence.organization, published_on__year=sequence.year
        ).count()
        assert sequence.last_value == used
    for org in Organization.objects.filter(slug__startswith="bench-"):
        validate_credit_code(org.credit_code)


def test_the_stored_search_vector_is_exactly_what_the_app_computes(bench):
    for document in bench.order_by("?")[:40]:
        expected = (
            Document.objects.filter(pk=document.pk)
            .annotate(expected=search.document_vector(document))
            .values_list("expected", flat=True)
            .get()
        )
        assert document.search_vector == expected


def test_the_documents_are_found_by_words_doc_number_and_index_number(bench, client):
    document = bench.exclude(doc_number="").order_by("pk").first()
    topic = document.keywords.split()[0]
    for query in [topic, document.doc_number, document.index_number]:
        response = client.get("/zcwjk/", {"q": query})
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count >= 1
    found = client.get("/zcwjk/", {"q": document.doc_number}).context["rows"][0]["document"]
    assert found == document


def test_the_stored_validity_matches_the_derived_rule_and_every_state_occurs(bench):
    seed("--documents", 1500)
    docs = Document.objects.filter(import_source__startswith="bench:")
    assert docs.annotate(d=validity_expression()).exclude(validity=F("d")).count() == 0
    states = dict(docs.values_list("validity").annotate(n=Count("pk")))
    assert {Validity.VALID, Validity.EXPIRED, Validity.REPEALED, Validity.AMENDED} <= set(states)
    assert DocumentRelation.objects.filter(to_document__in=docs).exists()


def test_running_again_tops_up_instead_of_adding(bench):
    out = seed("--documents", 200)
    assert "已有 200 件测试文件，无需补充" in out
    assert bench.count() == 200
    seed("--documents", 260)
    assert bench.count() == 260
    assert bench.values("index_number").distinct().count() == 260
    numbers = bench.exclude(doc_number="").values("organization", "doc_number")
    assert numbers.distinct().count() == numbers.count()


def test_clear_removes_bench_data_and_nothing_else():
    org = make_org()
    mine = publish_document(make_document(org, title="本机关的文件"))
    seed("--documents", 120)
    out = seed("--clear")
    assert "已清除测试数据" in out
    assert list(Document.objects.all()) == [mine]
    assert not Organization.objects.filter(slug__startswith="bench-").exists()
