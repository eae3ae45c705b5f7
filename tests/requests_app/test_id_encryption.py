"""Applicants' ID numbers are encrypted at rest and found only by a keyed hash."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.core import checks
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from requests_app import crypto
from requests_app.models import InformationRequest
from tests.requests_app.builders import make_request

D = datetime.date
pytestmark = pytest.mark.django_db

NUMBER = "37150219850101001X"
OTHER_NUMBER = "371502198501010029"
OLD_KEY = "old-secret-for-tests-0123456789abcdefghijklmnop"
NEW_KEY = "new-secret-for-tests-0123456789abcdefghijklmnop"
TABLE = InformationRequest._meta.db_table


def _stored(req) -> tuple[str, str]:
    """The raw column values, as a backup or a database reader sees them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number, id_number_hash FROM {TABLE} WHERE id = %s", [req.pk])
        return cursor.fetchone()


def _reload(req) -> InformationRequest:
    return InformationRequest.objects.get(pk=req.pk)


def test_the_column_holds_no_plaintext(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER)
    token, digest = _stored(req)
    assert NUMBER not in token and NUMBER[:6] not in token and NUMBER[-6:] not in token
    assert digest != hashlib.sha256(NUMBER.encode()).hexdigest()


def test_the_model_reads_back_the_plaintext(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER)
    assert _reload(req).id_number == NUMBER
    assert InformationRequest.objects.values_list("id_number", flat=True).get() == NUMBER


def test_no_number_stores_no_token_and_no_hash(agency, staff):
    req = make_request(
        agency,
        staff,
        D(2025, 9, 1),
        applicant_type="organization",
        organization_kind="business",
        id_type="",
        id_number="",
        credit_code="91371500MA3C00001X",
    )
    assert _stored(req) == ("", "")


def test_the_hash_depends_on_the_key(settings):
    settings.ID_NUMBER_KEYS = [OLD_KEY]
    under_old = crypto.id_number_hash(NUMBER)
    settings.ID_NUMBER_KEYS = [NEW_KEY]
    assert crypto.id_number_hash(NUMBER) != under_old


def test_the_hash_ignores_case_and_spaces(agency, staff):
    lower = make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER.lower())
    spaced = make_request(agency, staff, D(2025, 9, 1), id_number=f" {NUMBER[:6]} {NUMBER[6:]} ")
    assert _stored(lower)[1] == _stored(spaced)[1] == crypto.id_number_hash(NUMBER)


def test_same_applicant_finds_the_other_request_through_the_hash(agency, staff):
    first = make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER)
    again = make_request(agency, staff, D(2025, 9, 2), id_number=NUMBER.lower())
    make_request(agency, staff, D(2025, 9, 2), id_number=OTHER_NUMBER)
    assert set(InformationRequest.objects.same_applicant(first)) == {first, again}


def test_filtering_on_the_encrypted_column_is_refused(agency, staff):
    make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER)
    for lookup in ("id_number", "id_number__icontains", "id_number__endswith", "id_number__in"):
        with pytest.raises(FieldError, match="encrypted"):
            InformationRequest.objects.filter(**{lookup: NUMBER}).exists()


def test_empty_and_null_checks_on_the_column_still_work(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER)
    assert list(InformationRequest.objects.exclude(id_number="")) == [req]
    assert not InformationRequest.objects.filter(id_number__isnull=True).exists()


def test_the_admin_search_finds_a_request_by_its_whole_id_number(client, agency, staff):
    wanted = make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER)
    other = make_request(agency, staff, D(2025, 9, 1), id_number=OTHER_NUMBER)
    client.force_login(staff)
    page = client.get(
        reverse("admin:requests_app_informationrequest_changelist"), {"q": NUMBER.lower()}
    ).content.decode()
    assert wanted.tracking_number in page
    assert other.tracking_number not in page


def test_the_admin_search_by_tracking_number_still_works(client, agency, staff):
    wanted = make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER)
    other = make_request(agency, staff, D(2025, 9, 1), id_number=OTHER_NUMBER)
    client.force_login(staff)
    page = client.get(
        reverse("admin:requests_app_informationrequest_changelist"),
        {"q": wanted.tracking_number},
    ).content.decode()
    assert wanted.tracking_number in page
    assert other.tracking_number not in page


def test_the_logged_full_record_shows_staff_the_number(client, agency, staff):
    req = make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER)
    client.force_login(staff)
    page = client.get(reverse("admin:requests_app_informationrequest_change", args=[req.pk]))
    assert NUMBER in page.content.decode()


def test_after_a_rotation_the_old_key_still_decrypts_and_finds(settings, agency, staff):
    settings.ID_NUMBER_KEYS = [OLD_KEY]
    first = make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER)
    settings.ID_NUMBER_KEYS = [NEW_KEY, OLD_KEY]
    again = make_request(agency, staff, D(2025, 9, 2), id_number=NUMBER)
    assert _reload(first).id_number == NUMBER
    assert set(InformationRequest.objects.same_applicant(again)) == {first, again}


def test_reencrypt_moves_every_row_to_the_new_key(settings, agency, staff):
    settings.ID_NUMBER_KEYS = [OLD_KEY]
    first = make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER)
    second = make_request(agency, staff, D(2025, 9, 1), id_number=OTHER_NUMBER)
    settings.ID_NUMBER_KEYS = [NEW_KEY, OLD_KEY]
    out = io.StringIO()
    call_command("reencrypt_id_numbers", "--batch-size", "1", stdout=out)
    assert "重新加密2件" in out.getvalue()
    settings.ID_NUMBER_KEYS = [NEW_KEY]
    assert [_reload(r).id_number for r in (first, second)] == [NUMBER, OTHER_NUMBER]
    assert _stored(first)[1] == crypto.id_number_hash(NUMBER)


def test_reencrypt_leaves_rows_already_under_the_current_key(agency, staff):
    make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER)
    out = io.StringIO()
    call_command("reencrypt_id_numbers", stdout=out)
    assert "重新加密0件" in out.getvalue() and "1件无需处理" in out.getvalue()


def test_a_wrong_key_raises_instead_of_returning_garbage(settings, agency, staff):
    settings.ID_NUMBER_KEYS = [OLD_KEY]
    req = make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER)
    settings.ID_NUMBER_KEYS = [NEW_KEY]
    with pytest.raises(crypto.IdNumberDecryptionError, match="ID_NUMBER_KEYS"):
        _reload(req)


def _deploy_errors() -> set[str]:
    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    return {message.id for message in found}


def test_the_deploy_check_fails_without_the_key(settings):
    settings.DEBUG = False
    settings.ID_NUMBER_KEYS = []
    assert "requests_app.E001" in _deploy_errors()


def test_the_deploy_check_passes_with_a_long_key_and_refuses_a_short_one(settings):
    settings.DEBUG = False
    settings.ID_NUMBER_KEYS = [NEW_KEY]
    assert not {"requests_app.E001", "requests_app.E002"} & _deploy_errors()
    settings.ID_NUMBER_KEYS = ["short"]
    assert "requests_app.E002" in _deploy_errors()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_encrypts_plaintext_rows_and_its_reverse_decrypts(agency, staff):
    req = make_request(agency, staff, D(2025, 9, 1), id_number=NUMBER)
    executor = MigrationExecutor(connection)
    executor.migrate([("requests_app", "0004_art35_letters_approver")])
    assert _raw_number(req) == NUMBER  # the reverse left plaintext, like before 0005
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("requests_app", "0005_id_number_encrypted")])
    token, digest = _stored(req)
    assert NUMBER not in token and digest == crypto.id_number_hash(NUMBER)
    assert _reload(req).id_number == NUMBER


def _raw_number(req) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number FROM {TABLE} WHERE id = %s", [req.pk])
        return cursor.fetchone()[0]
