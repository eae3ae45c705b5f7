"""The 意见征集 feeds, and the sitemap sections of reports, consultations, decision
catalogs and meetings: public items only."""

import re
import xml.etree.ElementTree as ET

import pytest

from disclosure.decisions.models import DecisionCatalog
from disclosure.opendata import sitemaps
from disclosure.publishing import steps as publishing
from disclosure.reports import services as reports
from tests.conftest import make_org, make_staff
from tests.disclosure.decisions.builders import (
    D,
    add_comment,
    make_consultation,
    make_meeting,
    open_consultation,
    publish_consultation,
)
from tests.disclosure.reports.conftest import ready

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "http://testserver"


def locs(response) -> list[str]:
    assert response.status_code == 200
    return [e.text for e in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_the_consultations_feed_lists_the_newest_published_ones_without_comments(client):
    older = publish_consultation(title="较早的征集", starts_on=D(2025, 1, 2), ends_on=D(2025, 2, 5))
    newer = open_consultation(title="最新的征集")
    make_consultation(title="草稿征集")
    add_comment(newer, name="意见人某某", phone="13912345678", text="意见原文不进订阅")
    response = client.get("/yjzj/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    items = list(ET.fromstring(response.content).iter("item"))
    assert [i.findtext("title") for i in items] == [newer.title, older.title]
    assert "征求意见时间：2025-01-02 至 2025-02-05" in items[1].findtext("description")
    assert items[0].findtext("link") == f"{BASE}/yjzj/{newer.pk}/"
    text = response.content.decode()
    assert "意见人某某" not in text and "13912345678" not in text and "意见原文" not in text
    atom = ET.fromstring(client.get("/yjzj/atom/").content)
    assert atom.tag == f"{ATOM}feed"
    titles = [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")]
    assert titles == [newer.title, older.title]


def test_the_consultation_pages_link_the_feed_in_the_head(client):
    consultation = publish_consultation()

    def alternates(url):
        head = client.get(url).content.decode().split("</head>")[0]
        return re.findall(r'<link rel="alternate" type="[^"]+" title="[^"]+" href="([^"]+)"', head)

    assert {"/yjzj/rss/", "/yjzj/atom/"} <= set(alternates("/yjzj/"))
    assert "/yjzj/rss/" in alternates(consultation.get_absolute_url())


def test_the_sitemap_has_reports_consultations_catalogs_and_meetings_and_nothing_unpublished(
    client, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    government = make_org(kind="government", slug="lcs")
    department = make_org(slug="fgw")
    staff = make_staff(government)
    report = publishing.publish(
        ready(reports.create_draft(government, 2024, by=staff), staff),
        by=staff,
        on=D(2025, 1, 20),
    )
    draft_report = reports.create_draft(government, 2025, by=staff)
    consultation = publish_consultation(organization=department)
    draft = make_consultation(organization=department)
    DecisionCatalog.objects.create(organization=government, year=2026, is_published=True)
    DecisionCatalog.objects.create(organization=government, year=2027)
    meeting = make_meeting(government)
    hidden = make_meeting(government, is_published=False)

    index = locs(client.get("/sitemap.xml"))
    sections = ("annual-reports", "consultations", "decision-catalogs", "meetings")
    for section in sections:
        assert f"{BASE}/sitemap-{section}.xml" in index
    urls = set()
    for section in sitemaps.SITEMAPS:
        urls |= set(locs(client.get(f"/sitemap-{section}.xml")))
    expected = {
        f"{BASE}/yjzj/",
        f"{BASE}/yjzj/{consultation.pk}/",
        f"{BASE}/xxgk/lcs/nb/2024/",
        f"{BASE}/xxgk/lcs/nb/2024/jx/",
        f"{BASE}/xxgk/lcs/jcml/",
        f"{BASE}/xxgk/fgw/jcml/",
        f"{BASE}/xxgk/lcs/jcml/?year=2026",
        f"{BASE}/xxgk/lcs/cwhy/",
        f"{BASE}/xxgk/lcs/cwhy/{meeting.pk}/",
    }
    assert expected <= urls
    assert report.year != draft_report.year
    for absent in (
        f"{BASE}/xxgk/lcs/nb/{draft_report.year}/",
        f"{BASE}/yjzj/{draft.pk}/",
        f"{BASE}/xxgk/lcs/jcml/?year=2027",
        f"{BASE}/xxgk/lcs/cwhy/{hidden.pk}/",
        f"{BASE}/xxgk/fgw/cwhy/",  # a department has no 常务会议 column
    ):
        assert absent not in urls


def test_the_new_sections_cost_the_same_queries_however_many_rows(
    client, django_assert_max_num_queries
):
    government = make_org(kind="government")
    publish_consultation(organization=government)
    make_meeting(government)
    DecisionCatalog.objects.create(organization=government, year=2025, is_published=True)
    sections = ("consultations", "decision-catalogs", "meetings")
    counts = {}
    for section in sections:
        with django_assert_max_num_queries(3) as few:
            client.get(f"/sitemap-{section}.xml")
        counts[section] = len(few.captured_queries)
    for n in range(3):
        publish_consultation(organization=government)
        make_meeting(government)
        DecisionCatalog.objects.create(organization=government, year=2020 + n, is_published=True)
    for section in sections:
        with django_assert_max_num_queries(counts[section]):
            client.get(f"/sitemap-{section}.xml")


def test_robots_txt_keeps_crawlers_out_of_the_new_staff_pages(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /yjzj/staff/\n" in text and "Disallow: /nb/staff/\n" in text
    assert "Disallow: /yjzj/\n" not in text
