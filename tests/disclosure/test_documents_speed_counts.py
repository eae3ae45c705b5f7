"""The list's filter counts come from a trigger-kept summary table: always exact.

Each test compares the summary with the direct per-facet GROUP BY the list used before
(``_group_facets``), after publications, withdrawals, edits, expiry and repeal.
"""

import datetime
import io

import pytest
from django.db import connection
from django.utils import timezone

from catalog.models import Genre, Theme
from disclosure.library import counts as library_counts
from disclosure.library import steps as library_steps
from disclosure.library.filters import DocumentFilter
from disclosure.library.models import Document
from disclosure.library.views import document as views
from disclosure.publishing import steps as publishing
from tests.conftest import make_org
from tests.disclosure.builders import make_document, publish_document, supervisor

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _library():
    user = supervisor()
    orgs = [
        make_org(slug="jyj", name="聊城市教育和体育局"),
        make_org(slug="czj", name="聊城市财政局"),
    ]
    themes = ["科技、教育", "财政、金融、审计", None]
    docs = []
    for i in range(9):
        fields = {"written_on": datetime.date(2021 + i % 3, 3, 1)}
        if themes[i % 3]:
            fields["theme"] = themes[i % 3]
        if i % 4 == 0:
            fields["genre"] = "通知"
        if i == 4:
            fields["expires_on"] = datetime.date(2024, 12, 31)  # 失效 now
        docs.append(publish_document(make_document(orgs[i % 2], **fields), by=user))
    return user, orgs, docs


def _direct(params):
    filterset = DocumentFilter(params or None, queryset=Document.objects.public())
    data = {}
    if filterset.is_bound:
        filterset.is_valid()
        data = filterset.form.cleaned_data
    facets = views._group_facets(filterset, data, TODAY)
    total = views._filtered(filterset).count()
    return facets, total


def _summary(params):
    filterset = DocumentFilter(params or None, queryset=Document.objects.public())
    filterset.is_valid()
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    result = views._count_facets(filterset, data, views._filtered(filterset), TODAY)
    return result["facets"], result["total"]


def test_options_are_rendered_escaped():
    html = views._options_html(
        [
            {"value": "a&b", "label": "<x>", "count": 2, "selected": True},
            {"value": "c", "label": "d", "count": None, "selected": False},
        ]
    )
    assert (
        html
        == '<option value="a&amp;b" selected>&lt;x&gt;（2）</option><option value="c">d</option>'
    )


STATES = [
    {},
    {"organization": "jyj"},
    {"validity": "expired"},
    {"validity": "valid", "year": "2022"},
    {"organization": "czj", "year": "2021", "validity": "valid"},
    {"organization": "jyj", "year": "2021", "validity": "valid", "genre": "通知"},
    {"theme": "科技、教育", "genre": "通知"},
]


def _assert_same():
    themes = {t.name: str(t.pk) for t in Theme.objects.all()}
    genres = {g.name: str(g.pk) for g in Genre.objects.all()}
    for state in STATES:
        params = {**state}
        if "theme" in params:
            params["theme"] = themes[params["theme"]]
        if "genre" in params:
            params["genre"] = genres[params["genre"]]
        assert _summary(params) == _direct(params), params


def test_summary_counts_equal_the_direct_counts_for_every_filter_state():
    _library()
    _assert_same()


def test_counts_follow_withdrawal_edit_and_a_rebuild():
    user, _orgs, docs = _library()
    publishing.withdraw(docs[0], by=user, reason="撤回。")
    docs[1].written_on = datetime.date(2020, 1, 1)
    docs[1].save()
    _assert_same()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM disclosure_library_counts ORDER BY 1, 2, 3, 4, 5")
        before = cursor.fetchall()
        library_counts.rebuild_counts()
        cursor.execute(
            "SELECT * FROM disclosure_library_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5"
        )
        after = cursor.fetchall()
    assert [r for r in before if r[-1]] == after


def test_an_expired_document_is_never_counted_as_valid_before_the_daily_refresh(client):
    _user, _orgs, docs = _library()
    # The stored column still says 有效 (as if expire_documents had not run yet).
    Document.objects.filter(pk=docs[4].pk).update(validity="valid")
    _assert_same()
    page = client.get("/zcwjk/", {"validity": "expired"}).content.decode()
    assert '<option value="expired" selected>失效（1）</option>' in page
    assert "共 1 件" in page


def test_a_repeal_in_effect_moves_the_count_at_once():
    user, orgs, docs = _library()
    new = publish_document(make_document(orgs[0]), by=user)
    library_steps.repeal(docs[2], by=user, by_document=new, on=TODAY, reason="新文件代替。")
    Document.objects.filter(pk=docs[2].pk).update(validity="valid")  # stale stored column
    _assert_same()
    facets, _ = _summary({})
    validity = {o["value"]: o["count"] for o in facets[3]["options"]}
    assert validity.get("repealed") == 1


def test_expire_documents_keeps_the_counts(client):
    from django.core.management import call_command

    _library()
    Document.objects.filter(validity="expired").update(validity="valid")
    call_command("expire_documents", stdout=io.StringIO())
    _assert_same()


def test_the_first_visit_after_a_change_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    user, orgs, _docs = _library()
    client.get("/zcwjk/")
    publish_document(make_document(orgs[1]), by=user)
    # Counts and total (2), labels of agencies, themes, genres (3), the page's ids,
    # rows and validity (3) — whatever the number of documents.
    with django_assert_max_num_queries(8):
        page = client.get("/zcwjk/").content.decode()
    assert "共 10 件" in page
