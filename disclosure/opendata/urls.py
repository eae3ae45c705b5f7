"""RSS and Atom feeds (included into the public site's ``disclosure`` URL namespace; the
API, sitemaps and robots.txt are mounted by config/urls.py)."""

from django.urls import path

from disclosure.opendata import feeds
from disclosure.publishing.pages import PUBLIC_CACHE

urlpatterns = [
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
    path(
        "xxgk/<slug:org>/hygq/rss/",
        PUBLIC_CACHE(feeds.AgencyConcernsFeed()),
        name="org-concerns-rss",
    ),
    path("yjzj/rss/", PUBLIC_CACHE(feeds.LatestConsultationsFeed()), name="consultations-rss"),
    path("hdjl/ftzb/rss/", PUBLIC_CACHE(feeds.InterviewsFeed()), name="interviews-rss"),
    path("hdjl/kfhd/rss/", PUBLIC_CACHE(feeds.ActivitiesFeed()), name="activities-rss"),
    path("yjzj/atom/", PUBLIC_CACHE(feeds.LatestConsultationsAtom()), name="consultations-atom"),
]
