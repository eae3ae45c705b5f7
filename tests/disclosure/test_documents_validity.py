"""有效性 is derived from dated events, so every page is right on every date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from disclosure.library import steps as library_steps
from disclosure.library.models import Document, ValidityChange
from disclosure.library.validity import Validity
from tests.disclosure.builders import make_document, publish_document, supervisor

pytestmark = pytest.mark.django_db

D = datetime.date


def validity(document, on):
    return Document.objects.with_validity(on).get(pk=document.pk).current_validity


def test_a_document_is_valid_from_its_effective_date_until_its_expiry_date():
    document = publish_document(effective_on=D(2024, 4, 1), expires_on=D(2026, 3, 31))
    assert validity(document, D(2024, 3, 31)) == Validity.PENDING
    assert validity(document, D(2024, 4, 1)) == Validity.VALID
    assert validity(document, D(2026, 3, 31)) == Validity.VALID
    assert validity(document, D(2026, 4, 1)) == Validity.EXPIRED


def test_an_expired_document_is_never_shown_as_valid_even_before_the_daily_command(client):
    document = publish_document(expires_on=D(2025, 12, 31), title="有效期已过的规范性文件")
    # The stored column still says 有效: the daily command has not run since it expired.
    Document.objects.filter(pk=document.pk).update(validity=Validity.VALID)
    detail = client.get(document.get_absolute_url()).content.decode()
    listing = client.get("/zcwjk/").content.decode()
    assert "本文件已失效" in detail
    assert '<span class="validity validity--expired">失效</span>' in detail
    assert "validity--valid" not in listing
    assert "validity--expired" in listing


def test_the_daily_command_stores_expiry_and_logs_who_when_and_why():
    document = publish_document(expires_on=D(2025, 12, 31))
    Document.objects.filter(pk=document.pk).update(validity=Validity.VALID)
    call_command("expire_documents", verbosity=0)
    document.refresh_from_db()
    assert document.validity == Validity.EXPIRED
    change = ValidityChange.objects.get(document=document)
    assert change.actor is None
    assert "有效期至 2025-12-31 已届满" in change.reason
    call_command("expire_documents", verbosity=0)
    assert ValidityChange.objects.filter(document=document).count() == 1


def test_a_repeal_takes_effect_on_its_date_and_is_logged_with_actor_and_reason():
    user = supervisor()
    old = publish_document(by=user, title="旧办法")
    new = publish_document(by=user, title="新办法", on=D(2025, 1, 10))
    library_steps.repeal(old, by_document=new, by=user, reason="被新办法替代。", on=D(2025, 2, 1))
    assert validity(old, D(2025, 1, 31)) == Validity.VALID
    assert validity(old, D(2025, 2, 1)) == Validity.REPEALED
    change = old.validity_changes.get()
    assert (change.validity, change.actor, change.changed_on, change.reason) == (
        Validity.REPEALED,
        user,
        D(2025, 2, 1),
        "被新办法替代。",
    )


def test_an_amended_document_stays_in_force_as_amended():
    user = supervisor()
    old = publish_document(by=user)
    new = publish_document(by=user)
    library_steps.amend(old, by_document=new, by=user, reason="修改第三条。", on=D(2025, 6, 1))
    assert validity(old, D(2025, 6, 1)) == Validity.AMENDED
    assert Document.objects.in_force(D(2025, 6, 1)).filter(pk=old.pk).exists()


def test_a_repeal_outranks_an_earlier_expiry_and_an_amendment():
    user = supervisor()
    old = publish_document(by=user, expires_on=D(2030, 1, 1))
    amending = publish_document(by=user)
    repealing = publish_document(by=user)
    library_steps.amend(old, by_document=amending, by=user, reason="修改。", on=D(2025, 1, 1))
    library_steps.repeal(old, by_document=repealing, by=user, reason="废止。", on=D(2025, 7, 1))
    assert validity(old, D(2025, 3, 1)) == Validity.AMENDED
    assert validity(old, D(2025, 8, 1)) == Validity.REPEALED


def test_in_force_answers_which_documents_were_in_force_on_a_date():
    user = supervisor()
    early = publish_document(
        by=user, written_on=D(2019, 12, 1), effective_on=D(2020, 1, 1), expires_on=D(2022, 12, 31)
    )
    late = publish_document(by=user, written_on=D(2022, 12, 1), effective_on=D(2023, 1, 1))
    repealed = publish_document(by=user, written_on=D(2018, 12, 1), effective_on=D(2019, 1, 1))
    library_steps.repeal(repealed, by_document=late, by=user, reason="整合。", on=D(2023, 1, 1))
    in_2021 = set(Document.objects.in_force(D(2021, 6, 1)).values_list("pk", flat=True))
    in_2024 = set(Document.objects.in_force(D(2024, 6, 1)).values_list("pk", flat=True))
    assert in_2021 == {early.pk, repealed.pk}
    assert in_2024 == {late.pk}


def test_the_list_filters_documents_in_force_on_a_date(client):
    user = supervisor()
    publish_document(
        by=user,
        title="二〇二一年有效的办法",
        written_on=D(2021, 1, 5),
        expires_on=D(2021, 12, 31),
        on=D(2021, 1, 6),
    )
    publish_document(by=user, title="二〇二四年施行的办法", effective_on=D(2024, 6, 1))
    page = client.get("/zcwjk/", {"on": "2021-06-01"}).content.decode()
    assert "二〇二一年有效的办法" in page
    assert "二〇二四年施行的办法" not in page
    assert "2021年6月1日有效的文件" in page


def test_the_validity_filter_uses_the_derived_state(client):
    user = supervisor()
    publish_document(
        by=user, title="已过期的通知", written_on=D(2023, 1, 1), expires_on=D(2025, 1, 1)
    )
    publish_document(by=user, title="仍有效的通知")
    page = client.get("/zcwjk/", {"validity": "expired"}).content.decode()
    assert "已过期的通知" in page
    assert "仍有效的通知" not in page


def test_documents_expiring_within_six_months_are_listed_for_staff():
    today = D(2026, 11, 25)
    soon = publish_document(expires_on=D(2027, 3, 31), genre="规范性文件")
    publish_document(expires_on=D(2028, 3, 31))
    publish_document(written_on=D(2023, 1, 1), expires_on=D(2026, 1, 1))
    found = list(Document.objects.expiring_within(183, today=today))
    assert found == [soon]


def test_changing_the_validity_period_is_recorded():
    user = supervisor()
    document = publish_document(by=user, expires_on=D(2025, 12, 31))
    library_steps.change_validity_period(
        document,
        by=user,
        reason="经评估延长有效期。",
        effective_on=None,
        expires_on=D(2027, 12, 31),
    )
    document.refresh_from_db()
    assert document.expires_on == D(2027, 12, 31)
    change = document.validity_changes.get()
    assert "经评估延长有效期" in change.reason
    assert change.actor == user


def test_only_a_published_document_can_repeal_another():
    user = supervisor()
    old = publish_document(by=user)
    draft = make_document()
    with pytest.raises(ValidationError, match="须先发布"):
        library_steps.repeal(old, by_document=draft, by=user, reason="替代。")
