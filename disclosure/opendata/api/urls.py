"""/api/v1/: every route here is described in ``disclosure.opendata.api.openapi`` (a test
checks)."""

from django.urls import path

from disclosure.opendata.api import decisions, views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi_document, name="openapi"),
    path("documents/", views.document_list, name="document-list"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("interpretations/", views.interpretation_list, name="interpretation-list"),
    path("interpretations/<int:pk>/", views.interpretation_detail, name="interpretation-detail"),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/<slug:slug>/", views.agency_detail, name="agency-detail"),
    path("catalog-nodes/", views.catalog_node_list, name="catalog-node-list"),
    path("catalog-nodes/<int:pk>/", views.catalog_node_detail, name="catalog-node-detail"),
    path("themes/", views.theme_list, name="theme-list"),
    path("genres/", views.genre_list, name="genre-list"),
    path("annual-reports/", views.annual_report_list, name="annual-report-list"),
    path("annual-reports/<int:pk>/", views.annual_report_detail, name="annual-report-detail"),
    # 决策公开.
    path("consultations/", decisions.consultation_list, name="consultation-list"),
    path("consultations/<int:pk>/", decisions.consultation_detail, name="consultation-detail"),
    path("decision-catalogs/", decisions.decision_catalog_list, name="decision-catalog-list"),
    path(
        "decision-catalogs/<int:pk>/",
        decisions.decision_catalog_detail,
        name="decision-catalog-detail",
    ),
    path("meetings/", decisions.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", decisions.meeting_detail, name="meeting-detail"),
]
