"""The public 政策文件库 pages: what citizens see, and what they never see."""

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from disclosure.library import steps as library_steps
from disclosure.library.models import Attachment
from disclosure.publishing import steps as publishing
from tests.conftest import make_org
from tests.disclosure import files
from tests.disclosure.builders import make_document, publish_document, supervisor

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_list_shows_published_proactive_documents_with_their_metadata(client):
    org = make_org(name="莱阳市人民政府办公室")
    publish_document(
        make_document(
            org,
            title="关于印发2020年莱阳市政务公开工作实施方案的通知",
            doc_number="莱政办字〔2020〕34号",
            written_on=D(2020, 8, 7),
            theme="综合政务",
            genre="通知",
        ),
        on=D(2020, 8, 10),
    )
    page = client.get(reverse("disclosure:document-list")).content.decode()
    assert "关于印发2020年莱阳市政务公开工作实施方案的通知" in page
    assert "莱政办字〔2020〕34号" in page
    assert "2020-08-07" in page and "2020-08-10" in page
    assert "莱阳市人民政府办公室" in page


@pytest.mark.parametrize(
    "state", ["draft", "review", "withdrawn", "on_request", "not_public"], ids=str
)
def test_documents_that_are_not_public_appear_nowhere_and_their_page_is_404(client, state):
    user = supervisor()
    title = f"不应公开的文件{state}"
    if state == "on_request":
        document = publish_document(
            make_document(title=title, disclosure="on_request", disclosure_reason="条例第十五条"),
            by=user,
        )
    elif state == "not_public":
        document = publish_document(
            make_document(title=title, disclosure="not_public", disclosure_reason="条例第十四条"),
            by=user,
        )
    else:
        document = make_document(title=title)
        if state in ("review", "withdrawn"):
            publishing.submit_for_review(document, by=user)
        if state == "withdrawn":
            publishing.publish(document, by=supervisor())
            publishing.withdraw(document, by=user, reason="撤回。")
    assert title not in client.get("/zcwjk/").content.decode()
    assert title not in client.get("/zcwjk/", {"q": "不应公开"}).content.decode()
    # A withdrawn document answers 410 with the withdrawal notice; the others are 404.
    expected = 410 if state == "withdrawn" else 404
    assert client.get(f"/zcwjk/{document.pk}/").status_code == expected


def test_the_detail_page_shows_the_metadata_block(client):
    org = make_org(name="聊城市人民政府办公室")
    joint = make_org(name="聊城市财政局")
    document = publish_document(
        make_document(
            org,
            title="关于进一步规范财政资金管理的通知",
            doc_number="聊政办字〔2024〕12号",
            written_on=D(2024, 2, 20),
            theme="财政、金融、审计",
            genre="通知",
            issuing_organizations=[org, joint],
        ),
        on=D(2024, 2, 26),
    )
    page = client.get(document.get_absolute_url()).content.decode()
    for label in [
        "索引号",
        "主题分类",
        "发文机关",
        "成文日期",
        "标题",
        "发文字号",
        "发布日期",
        "有效性",
    ]:
        assert f'<th scope="row">{label}</th>' in page
    assert document.index_number in page
    assert "聊城市人民政府办公室、聊城市财政局" in page
    assert "财政、金融、审计" in page
    assert "2024-02-20" in page and "2024-02-26" in page
    assert ">有效<" in page
    assert "此件公开发布" in page


def test_the_openness_mark_is_printed_once_when_the_body_already_carries_it(client):
    document = publish_document(
        body="<p>各有关单位：现将有关事项通知如下。</p><p>（此件公开发布）</p>"
    )
    page = client.get(reverse("disclosure:document-detail", args=[document.pk])).content.decode()
    assert page.count("此件公开发布") == 1


def test_the_openness_mark_is_printed_under_a_body_without_it(client):
    document = publish_document(body="<p>各有关单位：现将有关事项通知如下。</p>")
    page = client.get(reverse("disclosure:document-detail", args=[document.pk])).content.decode()
    assert page.count("（此件公开发布）") == 1


def test_a_repealed_document_links_to_what_replaced_it_and_the_new_one_lists_what_it_replaces(
    client,
):
    user = supervisor()
    old = publish_document(make_document(title="聊城市旧管理办法"), by=user)
    new = publish_document(
        make_document(title="聊城市新管理办法", doc_number="聊政发〔2025〕3号"), by=user
    )
    library_steps.repeal(old, by_document=new, by=user, reason="新办法施行。", on=D(2025, 3, 1))
    old_page = client.get(old.get_absolute_url()).content.decode()
    assert "本文件已废止" in old_page
    assert f'<a href="{new.get_absolute_url()}">《聊城市新管理办法》</a>' in old_page
    assert "2025年3月1日起被" in old_page
    new_page = client.get(new.get_absolute_url()).content.decode()
    assert "本文件废止或修改的文件" in new_page
    assert f'<a href="{old.get_absolute_url()}">《聊城市旧管理办法》</a>' in new_page


def test_an_amended_document_says_so_and_links_the_amending_document(client):
    user = supervisor()
    old = publish_document(make_document(title="原实施细则"), by=user)
    new = publish_document(make_document(title="关于修改实施细则的决定"), by=user)
    library_steps.amend(old, by_document=new, by=user, reason="修改第五条。", on=D(2025, 5, 1))
    page = client.get(old.get_absolute_url()).content.decode()
    assert "本文件已被修改" in page
    assert "《关于修改实施细则的决定》</a>" in page
    assert ">已修改<" in page


def test_the_detail_page_carries_schema_org_legislation_json_ld(client):
    user = supervisor()
    old = publish_document(make_document(title="旧办法"), by=user)
    new = publish_document(
        make_document(
            title="新办法</script><script>alert(1)</script>", doc_number="聊政发〔2025〕3号"
        ),
        by=user,
    )
    library_steps.repeal(old, by_document=new, by=user, reason="替代。", on=D(2025, 3, 1))
    page = client.get(new.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Legislation"
    assert data["name"] == "新办法</script><script>alert(1)</script>"
    assert data["legislationIdentifier"] == "聊政发〔2025〕3号"
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert data["legislationChanges"] == [f"http://testserver{old.get_absolute_url()}"]
    assert "<script>alert(1)" not in page
    old_data = json.loads(
        re.search(
            r'<script type="application/ld\+json">(.*?)</script>',
            client.get(old.get_absolute_url()).content.decode(),
            re.S,
        ).group(1)
    )
    assert old_data["legislationLegalForce"] == "https://schema.org/NotInForce"


def test_attachments_are_listed_with_type_and_size(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = publish_document(make_document(title="附有附件的通知"))
    attachment = Attachment(
        document=document,
        title="附件1：申请表",
        file=SimpleUploadedFile("form.pdf", files.pdf_bytes(pages=6), "application/pdf"),
    )
    attachment.full_clean()
    attachment.save()
    page = client.get(document.get_absolute_url()).content.decode()
    assert "附件1：申请表" in page
    assert f"PDF，{filesizeformat(attachment.size)}" in page


def test_the_body_is_sanitized_when_saved(client):
    document = publish_document(
        make_document(
            body='<p onclick="steal()">正文</p><script>alert(1)</script><img src=x onerror=y>'
        )
    )
    page = client.get(document.get_absolute_url()).content.decode()
    assert "正文" in page
    assert "onclick" not in page and "alert(1)" not in page and "onerror" not in page


def test_filters_show_counts_and_live_in_the_url(client):
    user = supervisor()
    org = make_org(slug="jyj", name="聊城市教育和体育局")
    other = make_org(slug="czj", name="聊城市财政局")
    for i in range(3):
        publish_document(make_document(org, title=f"教育文件{i}", theme="科技、教育"), by=user)
    publish_document(make_document(other, title="财政文件", theme="财政、金融、审计"), by=user)
    page = client.get("/zcwjk/", {"organization": "jyj"}).content.decode()
    assert '<option value="jyj" selected>聊城市教育和体育局（3）</option>' in page
    assert '<option value="czj">聊城市财政局（1）</option>' in page
    assert "科技、教育（3）" in page
    assert "财政文件" not in page
    assert "共 3 件" in page


def test_pages_keep_the_filters_in_their_links(client):
    user = supervisor()
    org = make_org(slug="fgw")
    for i in range(21):
        publish_document(make_document(org, title=f"发展改革文件{i}"), by=user)
    page = client.get("/zcwjk/", {"organization": "fgw"}).content.decode()
    assert "?organization=fgw&amp;page=2" in page
    second = client.get("/zcwjk/", {"organization": "fgw", "page": 2})
    assert len(second.context["rows"]) == 1


def test_an_unknown_filter_value_is_ignored_with_a_message_not_an_error(client):
    publish_document(make_document(title="正常文件"))
    response = client.get("/zcwjk/", {"organization": "nosuch", "year": "abc", "on": "2024-13-40"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "以下条件无效，已忽略" in page
    assert "正常文件" in page


def test_the_column_search_box_searches_the_library_within_the_agency(client):
    org = make_org(slug="sthjj")
    page = client.get(reverse("disclosure:org-column", args=[org.slug])).content.decode()
    assert f'action="{reverse("disclosure:document-list")}"' in page
    assert '<input type="hidden" name="organization" value="sthjj">' in page


def test_the_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    user = supervisor()
    orgs = [make_org(), make_org()]
    for i in range(25):
        publish_document(
            make_document(orgs[i % 2], title=f"文件{i}", theme="综合政务", genre="通知"), by=user
        )
    # A count, the page of rows, their validity, and one count per facet (five).
    with django_assert_max_num_queries(8):
        client.get("/zcwjk/")
    # Plus one to check the chosen theme exists.
    with django_assert_max_num_queries(9):
        client.get("/zcwjk/", {"q": "文件", "theme": "2", "page": "2"})


def test_the_detail_page_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    user = supervisor()
    document = publish_document(
        make_document(issuing_organizations=[make_org(), make_org()]), by=user
    )
    for i in range(3):
        Attachment.objects.create(
            document=document,
            file=SimpleUploadedFile(f"a{i}.png", files.png_bytes()),
        )
        newer = publish_document(by=user)
        library_steps.amend(document, by_document=newer, by=user, reason="修改。")
    # The document, its issuers, attachments, the relations both ways, its interpretations.
    with django_assert_max_num_queries(6):
        response = client.get(document.get_absolute_url())
    assert response.status_code == 200


def test_a_repeal_by_a_document_no_longer_public_does_not_show_its_title(client):
    user = supervisor()
    old = publish_document(make_document(title="仍公开的旧文件"), by=user)
    new = publish_document(make_document(title="后来撤回的新文件"), by=user)
    library_steps.repeal(old, by_document=new, by=user, reason="替代。", on=D(2025, 3, 1))
    publishing.withdraw(new, by=user, reason="撤回。")
    page = client.get(old.get_absolute_url()).content.decode()
    assert "本文件已废止" in page
    assert "被未主动公开的文件废止" in page
    assert "后来撤回的新文件" not in page
