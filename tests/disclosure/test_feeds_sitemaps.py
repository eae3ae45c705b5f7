"""RSS/Atom feeds, sitemap.xml and robots.txt: public items only, every public page."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from catalog.models import Category, Theme
from disclosure.column.models import Regulation
from disclosure.opendata import sitemaps
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document, supervisor
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def rss_titles(response) -> list[str]:
    assert response.status_code == 200
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]


def locs(response) -> list[str]:
    assert response.status_code == 200
    return [e.text for e in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_the_documents_feed_lists_the_newest_public_documents(client):
    user = supervisor()
    publish_document(make_document(title="较早的通知"), by=user, on=datetime.date(2024, 1, 2))
    publish_document(make_document(title="最新的通知"), by=user, on=datetime.date(2024, 5, 6))
    make_document(title="草稿通知")
    response = client.get("/zcwjk/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss_titles(response) == ["最新的通知", "较早的通知"]
    item = next(ET.fromstring(response.content).iter("item"))
    assert "索引号：" in item.findtext("description")
    assert item.findtext("link").startswith("http://testserver/zcwjk/")


def test_an_agency_feed_and_a_theme_feed_hold_only_their_documents(client):
    user = supervisor()
    org = make_org(slug="jyj", name="聊城市教育和体育局")
    publish_document(make_document(org, title="教育局文件", theme="科技、教育"), by=user)
    publish_document(make_document(title="他局文件", theme="综合政务"), by=user)
    assert rss_titles(client.get("/xxgk/jyj/rss/")) == ["教育局文件"]
    theme = Theme.objects.get(name="综合政务")
    assert rss_titles(client.get(f"/zcwjk/theme/{theme.pk}/rss/")) == ["他局文件"]
    atom = ET.fromstring(client.get("/xxgk/jyj/atom/").content)
    assert atom.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")] == ["教育局文件"]
    assert client.get("/xxgk/nobody/rss/").status_code == 404


def test_the_interpretations_feed_lists_published_interpretations(client):
    user = supervisor()
    publish_interpretation(make_interpretation(title="《办法》解读"), by=user)
    make_interpretation(title="草稿解读")
    assert rss_titles(client.get("/zcjd/rss/")) == ["《办法》解读"]
    assert client.get("/zcjd/atom/").status_code == 200


def test_pages_link_their_feeds_in_the_head(client):
    org = make_org(slug="fgw")
    theme = Theme.objects.get(name="综合政务")

    def alternates(url):
        head = client.get(url).content.decode().split("</head>")[0]
        return re.findall(r'<link rel="alternate" type="[^"]+" title="[^"]+" href="([^"]+)"', head)

    assert "/zcwjk/rss/" in alternates("/zcwjk/")
    assert {"/xxgk/fgw/rss/", f"/zcwjk/theme/{theme.pk}/atom/"} <= set(
        alternates(f"/zcwjk/?organization=fgw&theme={theme.pk}")
    )
    assert "/xxgk/fgw/atom/" in alternates("/xxgk/fgw/zn/")
    assert "/zcjd/rss/" in alternates("/zcjd/")
    assert {"/zcwjk/rss/", "/zcjd/rss/"} <= set(alternates("/"))
    assert org.slug == "fgw"


def test_the_sitemap_index_names_each_section_and_every_page_of_the_large_ones(client, monkeypatch):
    monkeypatch.setattr(sitemaps.DocumentSitemap, "limit", 2)
    user = supervisor()
    documents = [publish_document(by=user) for _ in range(3)]
    index = locs(client.get("/sitemap.xml"))
    for section in ("pages", "agencies", "catalog", "regulations", "interpretations"):
        assert f"http://testserver/sitemap-{section}.xml" in index
    pages = [u for u in index if "sitemap-documents.xml" in u]
    top = max(d.pk for d in documents)
    assert len(pages) == -(-top // 2)  # one page per two ids up to the largest
    found = []
    for url in pages:
        found += locs(client.get(url.removeprefix("http://testserver")))
    assert sorted(found) == sorted(f"http://testserver/zcwjk/{d.pk}/" for d in documents)
    assert client.get(f"/sitemap-documents.xml?p={len(pages) + 1}").status_code == 404


def test_the_sitemap_lists_public_pages_and_nothing_unpublished(client):
    user = supervisor()
    org = make_org(slug="czj")
    node = Category.objects.create(
        name="部门预算",
        parent=Category.objects.statutory().get(name="财政预算、决算信息"),
        organization=org,
    )
    public = publish_document(make_document(org, category=node), by=user)
    draft = make_document(org)
    interpretation = publish_interpretation(make_interpretation(public), by=user)
    regulation = Regulation.objects.create(organization=org, title="制度", body="正文")
    Regulation.objects.create(organization=org, title="未公开", body="正文", is_published=False)

    urls = set()
    for section in sitemaps.SITEMAPS:
        urls |= set(locs(client.get(f"/sitemap-{section}.xml")))
    base = "http://testserver"
    expected = {
        f"{base}/",
        f"{base}/zcwjk/",
        f"{base}/ysqgk/",
        f"{base}/xxgk/czj/",
        f"{base}/xxgk/czj/zn/",
        f"{base}/xxgk/czj/zd/",
        f"{base}/xxgk/czj/fdzdgknr/",
        f"{base}/xxgk/czj/fdzdgknr/{node.pk}/",
        f"{base}{regulation.get_absolute_url()}",
        f"{base}/zcwjk/{public.pk}/",
        f"{base}/zcjd/{interpretation.pk}/",
    }
    assert expected <= urls
    assert f"{base}/zcwjk/{draft.pk}/" not in urls
    assert not [u for u in urls if "staff" in u or "/admin/" in u]
    assert len([u for u in urls if "/zd/" in u]) == 2  # the list and the one published page


def test_a_sitemap_page_of_documents_costs_the_same_queries_however_many(
    client, django_assert_max_num_queries
):
    user = supervisor()
    publish_document(by=user)
    with django_assert_max_num_queries(3) as few:
        client.get("/sitemap-documents.xml")
    for _ in range(5):
        publish_document(by=user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(locs(client.get("/sitemap-documents.xml"))) == 6


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_staff_pages(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    for path in ("/admin/", "/ysqgk/staff/", "/zcjd/staff/", "/fdzdgknr/staff/", "/ysqgk/track/"):
        assert f"Disallow: {path}\n" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /zcwjk/" not in text
