"""Publishing: 草稿 → 待审核 → 已发布 / 已撤回, the 索引号, and who may do it."""

import datetime
import re
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from disclosure.library.models import Document, DocumentEvent
from disclosure.publishing import steps as publishing
from disclosure.publishing.models import IndexSequence
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document, supervisor

pytestmark = pytest.mark.django_db


def test_publishing_assigns_an_index_number_from_credit_code_year_and_sequence():
    org = make_org(credit_code="11370682004276012B")
    document = publish_document(make_document(org), on=datetime.date(2020, 8, 10))
    assert document.index_number == "11370682004276012B/2020-00001"
    assert re.fullmatch(r"[0-9A-Z]{18}/\d{4}-\d{5}", document.index_number)


def test_index_numbers_count_per_agency_and_per_year():
    org, other = make_org(), make_org()
    first = publish_document(make_document(org), on=datetime.date(2024, 1, 5))
    second = publish_document(make_document(org), on=datetime.date(2024, 2, 5))
    next_year = publish_document(make_document(org), on=datetime.date(2025, 1, 5))
    elsewhere = publish_document(make_document(other), on=datetime.date(2024, 1, 5))
    assert first.index_number.endswith("/2024-00001")
    assert second.index_number.endswith("/2024-00002")
    assert next_year.index_number.endswith("/2025-00001")
    assert elsewhere.index_number == f"{other.credit_code}/2024-00001"


def test_a_withdrawn_documents_index_number_is_never_given_again():
    org = make_org()
    user = supervisor()
    first = publish_document(make_document(org), by=user)
    publishing.withdraw(first, by=user, reason="内容有误，撤回更正。")
    second = publish_document(make_document(org), by=user)
    first.refresh_from_db()
    assert first.index_number.endswith("-00001")
    assert second.index_number.endswith("-00002")


def test_republishing_keeps_the_first_index_number_and_publication_date():
    user = supervisor()
    document = publish_document(by=user, on=datetime.date(2024, 3, 5))
    number = document.index_number
    publishing.withdraw(document, by=user, reason="补充附件后重新发布。")
    # Back through review is not allowed from 已撤回 directly; the record keeps its number.
    with pytest.raises(ValidationError):
        publishing.publish(document, by=user)
    document.refresh_from_db()
    assert document.index_number == number
    assert document.published_on == datetime.date(2024, 3, 5)


def test_staff_of_one_agency_cannot_publish_for_another():
    own, other = make_org(), make_org()
    clerk = make_staff(own)
    document = make_document(other)
    publishing.submit_for_review(document, by=supervisor())
    with pytest.raises(PermissionDenied, match="不能代"):
        publishing.publish(document, by=clerk)
    document.refresh_from_db()
    assert document.status == Document.Status.REVIEW
    assert document.index_number is None


def test_staff_can_publish_their_own_agencys_document():
    org = make_org()
    clerk = make_staff(org)
    document = make_document(org)
    publishing.submit_for_review(document, by=clerk)
    publishing.publish(document, by=make_staff(org, reviewer=True))
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED


def test_a_draft_cannot_be_published_without_review():
    document = make_document()
    with pytest.raises(ValidationError, match="待审核"):
        publishing.publish(document, by=supervisor())


def test_withdrawing_needs_a_reason_and_records_it():
    user = supervisor()
    document = publish_document(by=user)
    with pytest.raises(ValidationError, match="原因"):
        publishing.withdraw(document, by=user, reason="  ")
    publishing.withdraw(document, by=user, reason="文件内容已过时。")
    document.refresh_from_db()
    assert document.status == Document.Status.WITHDRAWN
    event = document.events.first()
    assert (event.action, event.note, event.actor) == (
        DocumentEvent.Action.WITHDRAWN,
        "文件内容已过时。",
        user,
    )


def test_every_step_is_logged_with_its_actor():
    user, reviewer = supervisor(), supervisor()
    document = publish_document(by=user, reviewer=reviewer)
    actions = list(document.events.order_by("at", "pk").values_list("action", "actor"))
    assert actions == [("submitted", user.pk), ("published", reviewer.pk)]


def test_saving_an_edit_form_loaded_before_publication_keeps_the_document_published():
    user = supervisor()
    document = make_document()
    stale = Document.objects.get(pk=document.pk)
    publishing.submit_for_review(document, by=user)
    publishing.publish(document, by=supervisor())
    stale.title = "更正后的标题"
    stale.save()
    document.refresh_from_db()
    assert document.title == "更正后的标题"
    assert document.status == Document.Status.PUBLISHED
    assert document.index_number


def test_a_new_document_cannot_be_saved_as_published():
    document = Document(
        organization=make_org(),
        title="绕过发布流程的文件",
        written_on=datetime.date(2024, 1, 1),
        published_on=datetime.date(2024, 1, 2),
        index_number="X/2024-00001",
        status=Document.Status.PUBLISHED,
    )
    with pytest.raises(ValueError, match="草稿"):
        document.save()


def test_withholding_a_document_needs_a_stated_reason():
    with pytest.raises(ValidationError) as exc:
        make_document(disclosure="not_public")
    assert "理由" in str(exc.value)


def test_a_malformed_doc_number_is_a_form_error_that_says_what_is_wrong():
    with pytest.raises(ValidationError) as exc:
        make_document(doc_number="莱政办字2020 34号")
    assert "doc_number" in exc.value.message_dict
    assert "年份" in exc.value.message_dict["doc_number"][0]


def test_doc_number_input_is_normalized_and_split():
    document = make_document(doc_number="莱政办字[２０２０]34号")
    assert document.doc_number == "莱政办字〔2020〕34号"
    assert (document.doc_number_agency, document.doc_number_year, document.doc_number_seq) == (
        "莱政办字",
        2020,
        34,
    )


def test_the_sequence_row_is_locked_while_a_number_is_taken():
    org = make_org()
    document = make_document(org)
    publishing.next_index_number(document.organization, 2024)
    # Inside the same transaction the row is held FOR UPDATE until commit.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = %s AND l.mode = 'RowShareLock' AND l.pid = pg_backend_pid()",
            [IndexSequence._meta.db_table],
        )
        assert cursor.fetchone()[0] >= 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_documents_published_at_the_same_moment_get_different_index_numbers():
    org = make_org()
    user, reviewer = supervisor(), supervisor()
    documents = [make_document(org) for _ in range(6)]
    for document in documents:
        publishing.submit_for_review(document, by=user)
    barrier = threading.Barrier(len(documents))
    errors = []

    def publish(document):
        try:
            barrier.wait(timeout=10)
            publishing.publish(document, by=reviewer, on=datetime.date(2024, 5, 1))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(
        Document.objects.filter(organization=org).values_list("index_number", flat=True)
    )
    assert numbers == [f"{org.credit_code}/2024-{n:05d}" for n in range(1, 7)]
    assert IndexSequence.objects.get(organization=org, year=2024).last_value == 6
