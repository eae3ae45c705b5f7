"""/api/v1/: every route here is described in ``disclosure.api.openapi`` (a test checks)."""

from django.urls import path

from disclosure.api import views

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
    # 年度报告 (published annual reports): "annual-reports/" and "annual-reports/<int:pk>/"
    # go here with the AnnualReport model.
]
