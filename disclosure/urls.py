from django.urls import path

from disclosure import feeds
from disclosure.views import column, document, interpretation, staff
from disclosure.views.column import PUBLIC_CACHE

app_name = "disclosure"

urlpatterns = [
    path("", column.home, name="home"),
    path("xxgk/", column.xxgk_index, name="xxgk-index"),
    path("xxgk/<slug:org>/", column.org_column, name="org-column"),
    path("xxgk/<slug:org>/zn/", column.guide, name="guide"),
    path("xxgk/<slug:org>/zn/<int:pk>/", column.guide_version, name="guide-version"),
    path("xxgk/<slug:org>/zd/", column.regulation_list, name="regulation-list"),
    path("xxgk/<slug:org>/zd/<int:pk>/", column.regulation_detail, name="regulation-detail"),
    path("xxgk/<slug:org>/fdzdgknr/", column.statutory_content, name="statutory-content"),
    path("xxgk/<slug:org>/fdzdgknr/<int:node_pk>/", column.category_items, name="category-items"),
    path("xxgk/<slug:org>/bzml/", column.standard_catalog, name="standard-catalog"),
    path("zcwjk/", document.document_list, name="document-list"),
    path("zcwjk/<int:pk>/", document.document_detail, name="document-detail"),
    path("zcjd/", interpretation.interpretation_list, name="interpretation-list"),
    path("zcjd/<int:pk>/", interpretation.interpretation_detail, name="interpretation-detail"),
    # RSS and Atom feeds (disclosure.feeds).
    path("zcwjk/rss/", PUBLIC_CACHE(feeds.LatestDocumentsFeed()), name="documents-rss"),
    path("zcwjk/atom/", PUBLIC_CACHE(feeds.LatestDocumentsAtom()), name="documents-atom"),
    path(
        "zcwjk/theme/<int:theme>/rss/",
        PUBLIC_CACHE(feeds.LatestDocumentsFeed()),
        name="theme-documents-rss",
    ),
    path(
        "zcwjk/theme/<int:theme>/atom/",
        PUBLIC_CACHE(feeds.LatestDocumentsAtom()),
        name="theme-documents-atom",
    ),
    path(
        "xxgk/<slug:org>/rss/", PUBLIC_CACHE(feeds.LatestDocumentsFeed()), name="org-documents-rss"
    ),
    path(
        "xxgk/<slug:org>/atom/",
        PUBLIC_CACHE(feeds.LatestDocumentsAtom()),
        name="org-documents-atom",
    ),
    path("zcjd/rss/", PUBLIC_CACHE(feeds.LatestInterpretationsFeed()), name="interpretations-rss"),
    path(
        "zcjd/atom/", PUBLIC_CACHE(feeds.LatestInterpretationsAtom()), name="interpretations-atom"
    ),
    # Staff pages of publishing timeliness.
    path("zcjd/staff/", staff.interpretation_timeliness, name="interpretation-timeliness"),
    path("fdzdgknr/staff/", staff.catalog_updates, name="catalog-updates"),
    path(
        "zcwjk/staff/from-request/<str:tracking>/",
        staff.document_from_requests,
        name="document-from-requests",
    ),
]
