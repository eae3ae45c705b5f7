import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from disclosure.opendata.api.docs import ApiDocsView
from disclosure.opendata.sitemaps import SITEMAP_CACHE, SITEMAPS, robots_txt, sitemap_section

urlpatterns = [
    path("admin/", admin.site.urls),
    # The documentation page is not an API resource: outside the api namespace's routes,
    # which the OpenAPI document lists one by one.
    path("api/v1/docs/", ApiDocsView.as_view(), name="api-docs"),
    path("api/v1/", include("disclosure.opendata.api.urls")),
    path(
        "sitemap.xml",
        SITEMAP_CACHE(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("", include("disclosure.urls")),
    path("", include("requests_app.urls")),
]

if settings.DEBUG and settings.MEDIA_URL.startswith("/"):
    # Development only (nginx or the bucket serve media in production), with the same
    # headers: downloads for what is not an image, PDF or audio/video (config/media.py).
    from django.urls import re_path

    from config.media import serve_media

    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(re.escape(settings.MEDIA_URL.lstrip("/"))),
            serve_media,
            {"document_root": settings.MEDIA_ROOT},
            name="media",
        )
    ]

# The 503 page when the error came from the database being away (config/outage.py).
handler500 = "config.outage.server_error"
