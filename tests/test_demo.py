"""The demo data: every app's records, loaded once per module and again to prove idempotence.

``load_demo`` takes ~20 s, so this module loads it once, inside a transaction rolled back
when the module ends; each test runs in a savepoint inside it (pytest-django's ``db``).
Every app's demo promises live here rather than each loading the demo again.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from catalog.demo import DEMO_PASSWORD
from catalog.models import Category, Organization, StaffProfile, StandardCatalogItem
from catalog.permissions import can_approve_for
from disclosure.column.models import Guide, Regulation
from disclosure.decisions import consultations
from disclosure.decisions import demo as demo_decisions
from disclosure.decisions.models import Comment, Consultation, DecisionItem, Meeting
from disclosure.engagement.models import (
    Activity,
    Commitment,
    CommitmentStatus,
    Interview,
    NewMediaAccount,
    Question,
    ServiceHall,
    SignUp,
)
from disclosure.library import concerns, timeliness
from disclosure.library.models import (
    Concern,
    Document,
    DocumentRelation,
    Interpretation,
    InterpretationMedia,
)
from disclosure.library.validity import Validity
from disclosure.mailbox import figures as mailbox_figures
from disclosure.mailbox.models import ErrorReport, Letter, LetterEvent
from disclosure.reports import national_format as fmt
from disclosure.reports import services as reports
from disclosure.reports.models import AnnualReport
from disclosure.website import annual as website_annual
from disclosure.website import demo as demo_website
from disclosure.website import links, sitecheck
from disclosure.website.models import WebsiteReport
from requests_app.models import InformationRequest, Status


def _counts() -> tuple[int, ...]:
    return (
        Organization.objects.count(),
        StaffProfile.objects.count(),
        Guide.objects.count(),
        Regulation.objects.count(),
        Document.objects.count(),
        DocumentRelation.objects.count(),
        Interpretation.objects.count(),
        InterpretationMedia.objects.count(),
        InformationRequest.objects.count(),
        Consultation.objects.count(),
        Comment.objects.count(),
        DecisionItem.objects.count(),
        Meeting.objects.count(),
        AnnualReport.objects.count(),
        Concern.objects.count(),
        Interview.objects.count(),
        Question.objects.count(),
        SignUp.objects.count(),
        Commitment.objects.count(),
        NewMediaAccount.objects.count(),
        ServiceHall.objects.count(),
        Letter.objects.count(),
        LetterEvent.objects.count(),
        ErrorReport.objects.count(),
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once for the module; roll it back afterwards."""
    media = tmp_path_factory.mktemp("demo-media")
    private = tmp_path_factory.mktemp("demo-private")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=private),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            call_command("load_demo", verbosity=0)
            yield _counts()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


@pytest.fixture
def private_media_root(settings, demo):
    """Keep the module's directory: the demo's letters live there."""
    return settings.PRIVATE_MEDIA_ROOT


pytestmark = pytest.mark.django_db


# -- the whole demo ---------------------------------------------------------------------


def test_loading_the_demo_again_adds_nothing(demo):
    call_command("load_demo", verbosity=0)
    assert _counts() == demo


def test_the_demo_has_the_sample_documents_issuers_and_an_account_per_agency(demo):
    names = set(Organization.objects.values_list("name", flat=True))
    assert {"聊城市人民政府办公室", "莱阳市人民政府办公室"} <= names
    assert Organization.objects.filter(kind="department").count() >= 4
    assert Organization.objects.filter(level="county").exists()
    assert StaffProfile.objects.count() >= Organization.objects.count()
    assert authenticate(username="supervisor", password=DEMO_PASSWORD) is not None
    assert authenticate(username="lcs_staff", password=DEMO_PASSWORD) is not None


def test_every_demo_agency_has_the_head_of_its_disclosure_office(demo):
    head = authenticate(username="lys_head", password=DEMO_PASSWORD)
    assert can_approve_for(head, Organization.objects.get(slug="lys"))
    assert not can_approve_for(head, Organization.objects.get(slug="lcs"))
    staff = authenticate(username="lys_staff", password=DEMO_PASSWORD)
    assert not can_approve_for(staff, Organization.objects.get(slug="lys"))


# -- 政策文件库 ---------------------------------------------------------------------------


def test_the_demo_library_covers_every_validity_state(demo, client):
    states = set(
        Document.objects.public().with_validity().values_list("current_validity", flat=True)
    )
    assert states == set(Validity.values)
    repealed = Document.objects.public().validity_is(Validity.REPEALED).get()
    page = client.get(repealed.get_absolute_url()).content.decode()
    assert "本文件已废止" in page
    assert "聊城市行政规范性文件制定和监督管理办法" in page


def test_the_samples_are_published_under_their_issuing_agencies(demo):
    laiyang = Document.objects.public().get(doc_number="莱政办字〔2020〕34号")
    assert laiyang.organization.name == "莱阳市人民政府办公室"
    assert laiyang.written_on == datetime.date(2020, 8, 7)
    assert laiyang.published_on == datetime.date(2020, 8, 10)
    assert laiyang.index_number.startswith("11370682004276012B/2020-")
    liaocheng = Document.objects.public().filter(organization__slug="lcszfb")
    assert {d.written_on for d in liaocheng} >= {
        datetime.date(2020, 6, 19),
        datetime.date(2025, 6, 26),
    }


# -- 政策解读 and the catalog ---------------------------------------------------------------


def test_the_demo_has_every_interpretation_form(demo):
    forms = set(Interpretation.objects.published().values_list("form", flat=True))
    assert forms == set(Interpretation.Form.values)


def test_the_demo_graphic_interpretation_shows_its_images_with_alt_text(demo, client):
    graphic = Interpretation.objects.published().get(form=Interpretation.Form.GRAPHIC)
    html = client.get(graphic.get_absolute_url()).content.decode()
    assert html.split("<footer")[0].count("<img ") == 2  # the footer has the counter image
    assert 'alt="图1：专项资金管理分四步' in html


def test_the_demo_has_a_late_interpretation_and_a_document_still_lacking_one(demo):
    rows = timeliness.interpretation_status(Organization.objects.all(), timezone.localdate())
    assert any(r.is_late for r in rows)
    assert any(r.is_missing for r in rows)


def test_the_demo_has_one_policy_with_its_whole_timeline(demo, client):
    document = Document.objects.public().get(title=demo_decisions.FINAL_DOCUMENT_TITLE)
    html = client.get(document.get_absolute_url()).content.decode()
    timeline = html.split('id="timeline-heading"')[1].split("</ol>")[0]
    for label in ["征求意见", "起草阶段", "文件发布", "发布解读", "二次解读", "实施效能评估"]:
        assert f'<span class="timeline-label">{label}</span>' in timeline
    assert "政策例行吹风会" in timeline


def test_the_demo_has_answered_concerns_one_late_and_one_open(demo, client):
    rows = concerns.staff_rows(Organization.objects.all())
    assert any(r.is_late and not r.is_open for r in rows)
    assert any(r.is_open and not r.is_late for r in rows)
    serious = Concern.objects.public().get(seriousness=Concern.Seriousness.SERIOUS)
    html = client.get(f"/xxgk/{serious.organization.slug}/hygq/").content.decode()
    assert serious.topic in html


def test_the_demo_catalog_has_items_under_several_nodes_and_some_update_rules(demo, client):
    jyj = Organization.objects.get(slug="jyj")
    html = client.get(f"/xxgk/{jyj.slug}/fdzdgknr/").content.decode()
    node = Category.objects.get(organization=jyj, name="义务教育招生入学")
    assert f'id="node-{node.pk}"' in html
    filed = Category.objects.filter(documents__isnull=False).distinct().count()
    assert filed >= 5
    assert Category.objects.exclude(update_rule="").count() >= 3
    page = client.get(f"/xxgk/{jyj.slug}/fdzdgknr/{node.pk}/").content.decode()
    assert "2024年义务教育招生入学政策音频解读" in page


# -- 依申请公开 ---------------------------------------------------------------------------


def test_the_demo_has_a_request_in_every_status(demo):
    assert set(InformationRequest.objects.values_list("status", flat=True)) == set(Status.values)
    assert InformationRequest.objects.overdue().exists()
    assert InformationRequest.objects.due_within(5).exists()


# -- 决策公开 ------------------------------------------------------------------------------


def test_the_demo_has_a_running_an_answered_and_a_short_consultation(demo, client):
    today = consultations.beijing_date()
    running = Consultation.objects.get(title=demo_decisions.RUNNING_TITLE)
    assert running.phase(today) == "open" and running.attachments.exists()
    finished = Consultation.objects.get(title=demo_decisions.FINISHED_TITLE)
    assert finished.phase(today) == "answered" and finished.final_document is not None
    assert consultations.feedback_counts(finished).untagged == 0
    short = Consultation.objects.get(title=demo_decisions.SHORT_TITLE)
    assert short.is_short_period and short.short_period_reason
    assert Meeting.objects.count() == 3
    assert DecisionItem.objects.filter(consultation=running).exists()
    html = client.get(finished.get_absolute_url()).content.decode()
    assert "意见采纳情况反馈" in html and "demo5@example.com" not in html


def test_a_later_demo_load_keeps_the_running_consultation_running(demo):
    running = Consultation.objects.get(title=demo_decisions.RUNNING_TITLE)
    long_ago = datetime.date(2020, 1, 1)
    Consultation.objects.filter(pk=running.pk).update(
        starts_on=long_ago, ends_on=long_ago + datetime.timedelta(days=34)
    )
    demo_decisions.load({o.slug: o for o in Organization.objects.all()})
    running.refresh_from_db()
    assert running.phase(consultations.beijing_date()) == "open"


# -- 年度报告 ------------------------------------------------------------------------------


def test_the_demo_publishes_last_years_report_of_the_main_agency(demo):
    report = AnnualReport.objects.get(organization__slug="lcs")
    assert (report.organization.slug, report.year, report.is_published) == ("lcs", 2025, True)
    data = reports.report_data(report)
    assert data.checks_passed
    assert data.values[fmt.t3("carried_in", "total")] == 1
    assert data.values[fmt.t3("carried_out", "total")] == 1
    assert data.values[fmt.t3("6.1", "total")] == 1  # withdrawn for no 补正
    assert data.values[fmt.t2("rules", "issued")] == 1
    assert data.values[fmt.t2("rules", "in_force")] == 1
    assert data.overrides[0]["reason"]


# -- the website: a living portal, one agency failing its 站点体检 -----------------------


def test_every_demo_agency_has_its_guide_standard_catalog_and_last_years_report(demo, client):
    last_year = timezone.localdate().year - 1
    for org in Organization.objects.active():
        assert Guide.objects.filter(organization=org).exists(), org
        assert StandardCatalogItem.objects.filter(organization=org).exists(), org
        assert AnnualReport.objects.published().filter(organization=org, year=last_year).exists()
        page = client.get(reverse("disclosure:standard-catalog", args=[org.slug]))
        assert "尚未发布" not in page.content.decode()
    assert Document.objects.public().count() >= 200


def test_the_demo_passes_its_site_check_except_the_agency_failing_on_purpose(demo, monkeypatch):
    # The demo's external link is an .invalid address: answered here, no outside request.
    monkeypatch.setattr(links, "_fetch", lambda url, timeout: (False, None, "无法访问"))
    out = io.StringIO()
    call_command("site_check", stdout=out)
    report = sitecheck.report(list(Organization.objects.active()), timezone.localdate())
    failing = [a.organization.slug for a in report.agencies if not a.passed]
    assert failing == [demo_website.FAILING]
    agency = next(a for a in report.agencies if a.organization.slug == demo_website.FAILING)
    statuses = {c.status for c in agency.columns}
    assert {sitecheck.STALE, sitecheck.EMPTY} <= statuses
    urls = {row["url"]: row["internal"] for row in agency.broken_links}
    assert urls == {"/zcwjk/99999999/": True, "http://zhengce.example.invalid/wenjian.html": False}
    assert any(w["wrong"] == "香港政府" and w["blocked"] for w in agency.wording)
    assert report.home_status == sitecheck.OK
    assert "严重错敏词：「香港政府」已阻止发布" in out.getvalue()


def test_the_demo_site_check_page_shows_the_offline_run_of_links_and_wording(demo, client):
    client.force_login(User.objects.get(username="supervisor"))
    html = client.get(reverse("disclosure:site-check")).content.decode()
    assert "未检测外部链接" in html
    assert "/zcwjk/99999999/" in html
    assert "香港政府" in html


def test_the_demo_publishes_last_years_website_report_with_every_row(demo, client):
    report = WebsiteReport.objects.published().get(year=timezone.localdate().year - 1)
    rows = website_annual.report_rows(report)
    assert all(r["value"] not in (None, "") for r in rows)
    assert {r["source"] for r in rows} == {"computed", "entered"}
    visitors = next(r for r in rows if r["key"] == "basic.visitors")
    assert int(visitors["value"]) > 0
    assert client.get(report.get_absolute_url()).status_code == 200


# -- 政民互动 (2): interviews, open days, commitments, new media ------------------------


def test_the_demo_has_a_past_interview_with_its_transcript_and_an_upcoming_one(demo, client):
    past, coming = Interview.objects.public().order_by("starts_at")
    assert not past.questions.filter(answer="").filter(status="shown").exists()
    assert "文字实录" in client.get(past.get_absolute_url()).content.decode()
    assert "我要提问" in client.get(coming.get_absolute_url()).content.decode()


def test_the_demo_open_days_have_a_full_activity_and_one_with_places_left(demo):
    left = sorted(a.places_left() for a in Activity.objects.public().with_places())
    assert left[0] == 0 and left[1] > 0


def test_the_demo_commitments_are_done_running_and_overdue(demo, client):
    states = set(Commitment.objects.with_status().values_list("state", flat=True))
    assert states == set(CommitmentStatus.values)


def test_the_demo_new_media_matrix_lists_a_closed_account(demo, client):
    assert NewMediaAccount.objects.closed().count() == 1
    assert "已关停的账号" in client.get("/hdjl/xmt/").content.decode()


# -- 网上留言 ---------------------------------------------------------------------------


def test_the_demo_letters_cover_every_state_routing_a_rating_and_a_petition(demo, client):
    assert set(Letter.objects.values_list("status", flat=True)) == set(Letter.Status.values)
    assert Letter.objects.filter(handed_back=True).exists()
    assert LetterEvent.objects.filter(kind="routed").exists()
    published = Letter.objects.public().get()
    assert published.rating == "satisfied"
    assert Letter.objects.filter(referral="petition", status="referred").exists()
    orgs = Organization.objects.active()
    assert mailbox_figures.alarm_letters(orgs, timezone.localdate()).exists()
    assert set(Letter.objects.values_list("organization__slug", flat=True)) >= {"lcs", "jyj"}
    page = client.get("/hdjl/").content.decode()
    assert published.public_title in page and published.phone not in page
    assert ErrorReport.objects.open().exists()
    assert ErrorReport.objects.filter(handled_on__isnull=False).count() == 2
