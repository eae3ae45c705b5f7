"""站点体检: home freshness, columns and the veto counts, broken links (internal, and
external against a local HTTP server), 错敏词, unanswered messages; the page and its XLSX."""

import datetime
import http.server
import io
import threading

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from disclosure.library.models import Document
from disclosure.publishing import site_figures
from disclosure.publishing import steps as publishing
from disclosure.website import links, sitecheck
from disclosure.website.models import LinkCheck, SiteCheckRun, WordingOverride
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document, supervisor

pytestmark = pytest.mark.django_db

D = datetime.date


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_HEAD(self):
        self.hits.append(self.path)
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    """A local HTTP server: /ok answers 200, everything else 404 (never the internet)."""
    _Handler.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _today():
    return timezone.localdate()


def test_columns_not_updated_in_time_and_empty_ones_are_counted_against_the_veto_lines():
    org = make_org()
    publish_document(organization=org, on=_today() - datetime.timedelta(days=400))
    report = sitecheck.report([org], _today())
    agency = report.agencies[0]
    by_name = {c.name: c for c in agency.columns}
    assert by_name["政策文件"].status == sitecheck.STALE
    assert by_name["通知公告"].status == sitecheck.EMPTY
    assert by_name["工作动态（解读、回应、征集）"].status == sitecheck.EMPTY
    assert agency.counts.empty >= sitecheck.EMPTY_VETO
    assert any("空白栏目" in v for v in agency.vetoes)


def test_a_fresh_column_is_ok_and_one_near_its_rule_is_due_soon():
    org = make_org()
    publish_document(organization=org, on=_today())
    publish_document(organization=org, genre="通知", on=_today() - datetime.timedelta(days=178))
    by_name = {c.name: c for c in sitecheck.report([org], _today()).agencies[0].columns}
    assert by_name["政策文件"].status == sitecheck.OK
    assert by_name["通知公告"].status == sitecheck.DUE


def test_the_home_page_alarms_at_ten_days_and_fails_at_fourteen():
    org = make_org()
    publish_document(organization=org, on=_today() - datetime.timedelta(days=11))
    assert sitecheck.report([org], _today()).home_status == sitecheck.DUE
    later = sitecheck.report([org], _today() + datetime.timedelta(days=3))
    assert later.home_status == sitecheck.STALE
    assert any("首页" in v for v in later.vetoes)


def test_site_check_reports_broken_internal_and_external_links(local_server):
    org = make_org()
    target = publish_document(organization=org)
    body = (
        f'<p><a href="/zcwjk/{target.pk}/">有效</a> <a href="/zcwjk/99999999/">已删除</a> '
        f'<a href="/nosuchpage/">无此页</a> <a href="{local_server}/ok">外部有效</a> '
        f'<a href="{local_server}/gone">外部失效</a></p>'
    )
    carrier = publish_document(organization=org, title="载有链接的文件", body=body)
    out = io.StringIO()
    call_command("site_check", stdout=out)
    run = SiteCheckRun.objects.get()
    broken = {row["url"]: row for row in run.broken}
    assert set(broken) == {"/zcwjk/99999999/", "/nosuchpage/", f"{local_server}/gone"}
    assert broken[f"{local_server}/gone"]["internal"] is False
    assert broken["/zcwjk/99999999/"]["page_url"] == f"/zcwjk/{carrier.pk}/"
    assert "不可用链接：/zcwjk/99999999/" in out.getvalue()
    assert LinkCheck.objects.get(url=f"{local_server}/ok").ok


def test_an_external_answer_is_reused_for_a_day(local_server):
    url = f"{local_server}/ok"
    links.check_external([url])
    links.check_external([url])
    assert _Handler.hits.count("/ok") == 1
    LinkCheck.objects.filter(url=url).update(
        checked_at=timezone.now() - datetime.timedelta(hours=25)
    )
    links.check_external([url])
    assert _Handler.hits.count("/ok") == 2


def test_no_external_checks_offline(local_server):
    org = make_org()
    publish_document(organization=org, body=f'<a href="{local_server}/gone">外部</a>')
    call_command("site_check", "--no-external", stdout=io.StringIO())
    assert SiteCheckRun.objects.get().broken == []
    assert _Handler.hits == []


def test_a_missing_attachment_is_a_broken_link():
    assert links.check_internal("/media/documents/no-such-file.pdf") == "附件文件不存在"


def test_site_check_reports_the_severe_expression_that_blocked_a_document():
    org = make_org()
    clerk = make_staff(org)
    document = make_document(org, title="关于香港政府来访的通知")
    with pytest.raises(Exception, match="香港特别行政区政府"):
        publishing.submit_for_review(document, by=clerk)
    out = io.StringIO()
    call_command("site_check", "--no-external", stdout=out)
    row = SiteCheckRun.objects.get().wording[0]
    assert row["wrong"] == "香港政府" and row["blocked"] and row["severe"]
    assert "严重错敏词：「香港政府」已阻止发布" in out.getvalue()
    assert Document.objects.get(pk=document.pk).status == Document.Status.DRAFT


def test_messages_unanswered_for_sixty_days_alarm_and_over_three_months_veto(monkeypatch):
    org = make_org()
    today = D(2026, 6, 30)
    items = [
        site_figures.Unanswered("LY-1", org.pk, D(2026, 4, 20), "/ly/1/"),  # 71 days
        site_figures.Unanswered("LY-2", org.pk, D(2026, 3, 1), "/ly/2/"),  # > 3 months
        site_figures.Unanswered("LY-3", org.pk, D(2026, 6, 1), "/ly/3/"),  # 29 days
    ]
    monkeypatch.setattr(site_figures, "_unanswered", {})
    site_figures.register_unanswered("fake", lambda orgs, day: items)
    agency = sitecheck.report([org], today).agencies[0]
    assert [(r["label"], r["veto"]) for r in agency.unanswered] == [
        ("LY-2", True),
        ("LY-1", False),
    ]
    assert any("3个月" in v for v in agency.vetoes)


def test_the_supervisor_sees_every_agency_and_the_site_verdict(client):
    first, second = make_org(), make_org()
    client.force_login(supervisor())
    body = client.get(reverse("disclosure:site-check")).content.decode()
    assert "全站结论" in body
    assert first.name in body and second.name in body


def test_staff_see_only_their_own_agency(client):
    own, other = make_org(), make_org()
    client.force_login(make_staff(own))
    body = client.get(reverse("disclosure:site-check")).content.decode()
    assert own.name in body and other.name not in body
    assert client.get(reverse("disclosure:site-check"), {"org": other.slug}).status_code == 403


def test_the_public_cannot_open_the_site_check(client):
    response = client.get(reverse("disclosure:site-check"))
    assert response.status_code == 302


# Session, user, agencies, the columns' dates (a handful of aggregates), the catalog, the
# calendar, the last run: the same however many agencies and items there are.
# Each registered source of unanswered messages (site_figures) adds one query.
PAGE_QUERIES = 17


def test_the_site_check_page_costs_the_same_queries_with_more_agencies(
    client, django_assert_max_num_queries
):
    make_org()
    client.force_login(supervisor())
    client.get(reverse("disclosure:site-check"))
    with django_assert_max_num_queries(PAGE_QUERIES):
        client.get(reverse("disclosure:site-check"))
    for _ in range(4):
        publish_document(organization=make_org())
    client.get(reverse("disclosure:site-check"))  # the home page's lists cached again
    with django_assert_max_num_queries(PAGE_QUERIES):
        client.get(reverse("disclosure:site-check"))


def test_the_xlsx_has_the_verdicts_and_a_sheet_per_agency(client):
    org = make_org(short_name="测试局")
    client.force_login(supervisor())
    response = client.get(reverse("disclosure:site-check-xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "体检结论"
    assert org.short_name in book.sheetnames


def test_a_reviewer_lets_a_blocked_draft_pass_from_the_site_check_page(client):
    org = make_org()
    document = make_document(org, title="关于台湾国的错误提法的批驳")
    call_command("site_check", "--no-external", stdout=io.StringIO())
    reviewer = make_staff(org, reviewer=True)
    client.force_login(reviewer)
    page = client.get(reverse("disclosure:site-check")).content.decode()
    assert "审核人放行理由" in page
    response = client.post(
        reverse("disclosure:wording-override"),
        {"model": "library.document", "pk": document.pk, "reason": "批驳错误提法，属正确引用"},
    )
    assert response.status_code == 302
    row = SiteCheckRun.objects.get().wording[0]
    assert row["overridden"] and not row["blocked"]
    publishing.submit_for_review(document, by=make_staff(org))


def test_staff_without_the_reviewer_role_cannot_let_it_pass(client):
    org = make_org()
    document = make_document(org, title="香港政府")
    client.force_login(make_staff(org))
    response = client.post(
        reverse("disclosure:wording-override"),
        {"model": "library.document", "pk": document.pk, "reason": "理由"},
    )
    assert response.status_code == 403
    assert not WordingOverride.objects.exists()
