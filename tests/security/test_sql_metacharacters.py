"""SQL metacharacters, NUL bytes, very long or malformed values in any filter or query
parameter never break a page or the API: 200 (nothing extra found), or 400/404 in
Chinese, never a 500. ``%`` and ``_`` are taken literally, not as wildcards."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from catalog.models import Organization
from disclosure.decisions.filters import ConsultationFilter, DecisionCatalogFilter, MeetingFilter
from disclosure.library.filters import DocumentFilter, InterpretationFilter
from disclosure.reports.filters import AnnualReportFilter
from tests.conftest import make_org
from tests.disclosure.builders import publish_document
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation

pytestmark = pytest.mark.django_db

VALUES = {
    "or-1-1": "' OR 1=1--",
    "percent": "%",
    "underscore": "_",
    "backslash": "\\",
    "drop-table": "'; DROP TABLE disclosure_document; --",
    "nul": "a\x00b",
    "long": "政" * 5000,
    "non-digit": "二〇二四",
    "negative": "-1",
    "huge-int": "9" * 40,
    "bad-date": "2024-02-30",
    "fullwidth-digits": "２０２４",
}

# (page, URL name, what it needs, parameters): the filter parameters come from the
# FilterSets, so a filter added to one is attacked here too.
PAGES = [
    ("zcwjk", "disclosure:document-list", None, [*DocumentFilter.base_filters, "page"]),
    ("zcjd", "disclosure:interpretation-list", None, [*InterpretationFilter.base_filters, "page"]),
    ("yjzj", "disclosure:consultation-list", None, [*ConsultationFilter.base_filters, "page"]),
    ("xxgk", "disclosure:xxgk-index", None, ["q", "kind", "page"]),
    ("jcml", "disclosure:decision-catalog", "org", ["year", "page"]),
    ("cwhy", "disclosure:meeting-list", "government", ["year", "page"]),
    ("nb", "disclosure:annual-report-list", "org", ["page"]),
    ("bzml", "disclosure:standard-catalog", "org", ["domain", "page"]),
    ("ysqgk", "requests_app:guide", None, ["org"]),
    ("apply", "requests_app:apply", None, ["org"]),
    ("sitemap", "sitemap-section", "section", ["p"]),
]
API = [
    ("documents", "api:document-list", [*DocumentFilter.base_filters, "cursor", "page_size"]),
    (
        "interpretations",
        "api:interpretation-list",
        [*InterpretationFilter.base_filters, "cursor", "page_size"],
    ),
    (
        "consultations",
        "api:consultation-list",
        [*ConsultationFilter.base_filters, "cursor", "page_size"],
    ),
    (
        "decision-catalogs",
        "api:decision-catalog-list",
        [*DecisionCatalogFilter.base_filters, "cursor", "page_size"],
    ),
    ("meetings", "api:meeting-list", [*MeetingFilter.base_filters, "cursor", "page_size"]),
    (
        "annual-reports",
        "api:annual-report-list",
        [*AnnualReportFilter.base_filters, "cursor", "page_size"],
    ),
    ("agencies", "api:agency-list", ["kind", "cursor", "page_size"]),
    ("catalog-nodes", "api:catalog-node-list", ["organization", "cursor", "page_size"]),
    ("themes", "api:theme-list", ["cursor", "page_size"]),
    ("genres", "api:genre-list", ["cursor", "page_size"]),
]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _url(name: str, needs: str | None) -> str:
    if needs == "org":
        return reverse(name, args=[make_org().slug])
    if needs == "government":
        return reverse(name, args=[make_org(kind=Organization.Kind.GOVERNMENT).slug])
    if needs == "section":
        return reverse(name, args=["documents"])
    return reverse(name)


PAGE_CASES = [
    pytest.param(name, needs, param, id=f"{page}-{param}")
    for page, name, needs, params in PAGES
    for param in params
]
API_CASES = [
    pytest.param(name, param, id=f"{endpoint}-{param}")
    for endpoint, name, params in API
    for param in params
]


@pytest.fixture
def settings_for_attacks(settings):
    settings.API_RATE_LIMIT = settings.SEARCH_RATE_LIMIT = 100_000


@pytest.mark.usefixtures("settings_for_attacks")
@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
@pytest.mark.parametrize(("name", "needs", "param"), PAGE_CASES)
def test_a_page_answers_any_parameter_value_without_an_error(client, name, needs, param, value):
    response = client.get(_url(name, needs), {param: value})
    assert response.status_code in (200, 400, 404), response.status_code
    if response.status_code != 200:
        assert CHINESE.search(response.content.decode())


@pytest.mark.usefixtures("settings_for_attacks")
@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
@pytest.mark.parametrize(("name", "param"), API_CASES)
def test_the_api_answers_any_parameter_value_with_data_or_a_chinese_400(client, name, param, value):
    response = client.get(reverse(name), {param: value})
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        body = response.json()
        assert body["error"] == "invalid_parameter"
        assert CHINESE.search(body["detail"])


# -- wildcards are literal ---------------------------------------------------------------


@pytest.fixture
def library(db):
    """Two published documents and an interpretation, none with % or _ in them."""
    first = publish_document(title="关于加强安全生产工作的通知")
    publish_document(title="关于做好防汛工作的通知")
    publish_interpretation(make_interpretation(first, title="《安全生产》政策解读"))


def _titles(response) -> list[str]:
    return [row["title"] for row in response.json()["results"]]


@pytest.mark.parametrize("wildcard", ["%", "_", "%%", "' OR 1=1--"])
@pytest.mark.parametrize("name", ["api:document-list", "api:interpretation-list"])
def test_a_wildcard_search_finds_nothing_in_the_api(client, library, name, wildcard):
    assert _titles(client.get(reverse(name))), "the library is not empty"
    assert _titles(client.get(reverse(name), {"q": wildcard})) == []


@pytest.mark.parametrize("wildcard", ["%", "_", "' OR 1=1--"])
@pytest.mark.parametrize("name", ["disclosure:document-list", "disclosure:interpretation-list"])
def test_a_wildcard_search_lists_nothing_on_the_page(client, library, name, wildcard):
    everything = client.get(reverse(name)).content.decode()
    assert "安全生产" in everything
    page = client.get(reverse(name), {"q": wildcard}).content.decode()
    assert "安全生产" not in page and "防汛" not in page


@pytest.mark.parametrize("wildcard", ["%", "_"])
def test_the_agency_search_takes_wildcards_literally(client, wildcard):
    make_org(name="测试市第一局")
    make_org(name="测试市_局")
    page = client.get(reverse("disclosure:xxgk-index"), {"q": wildcard}).content.decode()
    assert "测试市第一局" not in page
    assert ("测试市_局" in page) == (wildcard == "_")


def test_the_percent_sign_in_a_search_does_not_return_everything_in_the_counts(client, library):
    response = client.get(reverse("disclosure:document-list"), {"q": "%"})
    assert response.context["total"] == 0


@pytest.mark.parametrize(
    "url",
    [
        "/xxgk/?q=a%00b",
        "/ysqgk/?org=a%00b",
        "/ysqgk/staff/YSQ-2026-A%00B/qixian/",
        "/zcwjk/staff/from-request/YSQ-2026-A%00B/",
        "/admin/requests_app/informationrequest/?q=a%00b",
        "/admin/library/document/?q=a%00b",
    ],
)
def test_a_nul_character_anywhere_gets_a_chinese_400(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_a_nul_character_in_an_api_query_gets_a_chinese_json_400(client):
    response = client.get("/api/v1/catalog-nodes/?organization=a%00b")
    assert response.status_code == 400
    assert "空字符" in response.json()["detail"]
