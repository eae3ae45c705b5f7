"""错敏词 before review and publication: a severe finding blocks until corrected or a reviewer
lets it pass with a recorded reason; common errors come prepared; staff add their own."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.models import AuditEntry
from disclosure.library.models import Document
from disclosure.publishing import checks
from disclosure.publishing import steps as publishing
from disclosure.website import wording
from disclosure.website.models import Severity, WordingOverride, WordingRule
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document

pytestmark = pytest.mark.django_db


def test_a_severe_expression_blocks_the_submission_for_review():
    org = make_org()
    document = make_document(org, body="<p>香港政府发布的数据显示……</p>")
    with pytest.raises(ValidationError, match="香港特别行政区政府"):
        publishing.submit_for_review(document, by=make_staff(org))
    document.refresh_from_db()
    assert document.status == Document.Status.DRAFT


def test_a_severe_expression_added_during_review_blocks_publication():
    org = make_org()
    document = make_document(org)
    publishing.submit_for_review(document, by=make_staff(org))
    Document.objects.filter(pk=document.pk).update(title="关于推进一带一路战略的通知")
    with pytest.raises(ValidationError, match="一带一路"):
        publishing.publish(document, by=make_staff(org, reviewer=True))


def test_an_ordinary_error_is_found_but_never_blocks():
    org = make_org()
    document = make_document(org, body="<p>截止到今年年底，其它事项另行通知。</p>")
    found = wording.find(wording.item_text(document))
    assert {f.found for f in found} == {"截止到", "其它"}
    assert not any(f.severe for f in found)
    publish_document(document)


def test_prepared_rules_find_wrong_document_number_brackets_and_year_forms():
    found = {f.found for f in wording.find("依据聊政发[2024]3号文件，二零二四年起施行。")}
    assert "发[2024]3号" in found
    assert "二零二四年" in found


def test_an_agency_named_without_renmin_is_an_ordinary_finding():
    make_org(name="测试市人民政府办公室")
    found = wording.find("测试市政府办公室印发")
    assert [f.rule.right for f in found] == ["测试市人民政府办公室"]


def test_staff_add_their_own_severe_expression():
    WordingRule.objects.create(wrong="某某错误说法", right="正确说法", severity=Severity.SEVERE)
    org = make_org()
    document = make_document(org, summary="文中有某某错误说法。")
    with pytest.raises(ValidationError, match="某某错误说法"):
        publishing.submit_for_review(document, by=make_staff(org))


def test_a_reviewer_overrides_with_a_reason_and_it_is_recorded():
    org = make_org()
    document = make_document(org, body="<p>引用原文：“台湾国”系错误提法。</p>")
    reviewer = make_staff(org, reviewer=True)
    row = wording.override(document, by=reviewer, reason="引用他人错误说法并加以批驳，属正确使用。")
    assert row.expressions == "台湾国" and row.by == reviewer
    assert AuditEntry.objects.filter(summary__contains="放行错敏词").exists()
    publish_document(document, by=make_staff(org), reviewer=reviewer)
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED


def test_an_override_covers_only_what_it_named():
    org = make_org()
    document = make_document(org, body="<p>台湾国</p>")
    wording.override(document, by=make_staff(org, reviewer=True), reason="引用")
    Document.objects.filter(pk=document.pk).update(body="<p>台湾国；香港政府</p>")
    document.refresh_from_db()
    with pytest.raises(ValidationError, match="香港政府"):
        publishing.submit_for_review(document, by=make_staff(org))


def test_an_override_needs_a_reason():
    org = make_org()
    document = make_document(org, body="<p>台湾国</p>")
    with pytest.raises(ValidationError, match="理由"):
        wording.override(document, by=make_staff(org, reviewer=True), reason=" ")
    assert not WordingOverride.objects.exists()


def test_only_a_reviewer_who_did_not_submit_overrides():
    org = make_org()
    document = make_document(org, body="<p>正文</p>")
    with pytest.raises(PermissionDenied):
        wording.override(document, by=make_staff(org), reason="理由")
    submitter = make_staff(org, reviewer=True)
    publishing.submit_for_review(document, by=submitter)
    Document.objects.filter(pk=document.pk).update(body="<p>澳门政府</p>")
    with pytest.raises(PermissionDenied, match="不能由您本人"):
        wording.override(document, by=submitter, reason="理由")


def test_the_publishing_core_runs_every_registered_check(monkeypatch):
    monkeypatch.setattr(checks, "_checks", {})
    checks.register("always", lambda item: ["总是拒绝"])
    org = make_org()
    with pytest.raises(ValidationError, match="总是拒绝"):
        publishing.submit_for_review(make_document(org), by=make_staff(org))
