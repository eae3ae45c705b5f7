"""The site's identity marks on every page (政府网站发展指引), the icons, and the deploy check."""

import pytest
from django.urls import reverse

from disclosure.website import identity
from tests.conftest import make_org
from tests.disclosure.builders import publish_document

pytestmark = pytest.mark.django_db

IDENTITY = {
    "SITE_IDENTIFIER_CODE": "3715000099",
    "ICP_RECORD": "鲁ICP备12345678号",
    "PSB_RECORD": "鲁公网安备37150202000123号",
    "PARTY_GOV_MARK_IMAGE": "img/dzjg.svg",
    "PARTY_GOV_MARK_URL": "https://bszs.conac.cn/sitename?code=TEST",
    "SITE_SPONSOR": "测试市人民政府办公室",
    "SITE_OPERATOR": "测试市大数据中心",
    "SITE_CONTACT": "0635-7654321",
}


@pytest.fixture
def identity_settings(settings):
    for name, value in IDENTITY.items():
        setattr(settings, name, value)
    return settings


def test_every_public_page_shows_the_identity_marks_in_its_footer(client, identity_settings):
    org = make_org(is_portal_main=True)
    document = publish_document(organization=org)
    for url in (
        reverse("disclosure:home"),
        reverse("disclosure:xxgk-index"),
        reverse("disclosure:org-column", args=[org.slug]),
        reverse("disclosure:document-list"),
        reverse("disclosure:document-detail", args=[document.pk]),
        reverse("disclosure:site-map"),
        reverse("requests_app:guide"),
    ):
        body = client.get(url).content.decode()
        assert "网站标识码：3715000099" in body, url
        assert 'href="https://beian.miit.gov.cn/"' in body and "鲁ICP备12345678号" in body
        assert "https://beian.mps.gov.cn/#/query/webSearch?code=37150202000123" in body
        assert "主办单位：测试市人民政府办公室" in body
        assert 'alt="党政机关网站标识"' in body and "bszs.conac.cn/sitename?code=TEST" in body
        assert reverse("disclosure:site-map") in body


def test_check_deploy_warns_for_each_empty_identity_setting(settings):
    for name in identity.REQUIRED:
        setattr(settings, name, "")
    warnings = identity.missing_identity()
    assert len(warnings) == len(identity.REQUIRED)
    assert any("网站标识码" in w.msg for w in warnings)


def test_no_warning_once_the_identity_is_set(identity_settings):
    assert identity.missing_identity() == []


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_pages_link_the_icons(client):
    body = client.get(reverse("disclosure:home")).content.decode()
    assert 'rel="icon"' in body and "apple-touch-icon" in body
