"""/api/v1/: every route here is described in the generated OpenAPI document (a test
checks); the Swagger UI page, /api/v1/docs/, is routed in ``config.urls``."""

from django.urls import path

from disclosure.opendata.api import decisions, engagement, mailbox, views

app_name = "api"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("openapi.json", views.OpenApiView.as_view(), name="openapi"),
    path("documents/", views.DocumentList.as_view(), name="document-list"),
    path("documents/<int:pk>/", views.DocumentDetail.as_view(), name="document-detail"),
    path("interpretations/", views.InterpretationList.as_view(), name="interpretation-list"),
    path(
        "interpretations/<int:pk>/",
        views.InterpretationDetail.as_view(),
        name="interpretation-detail",
    ),
    path("concerns/", views.ConcernList.as_view(), name="concern-list"),
    path("agencies/", views.AgencyList.as_view(), name="agency-list"),
    path("agencies/<slug:slug>/", views.AgencyDetail.as_view(), name="agency-detail"),
    path("catalog-nodes/", views.CatalogNodeList.as_view(), name="catalog-node-list"),
    path("catalog-nodes/<int:pk>/", views.CatalogNodeDetail.as_view(), name="catalog-node-detail"),
    path("themes/", views.ThemeList.as_view(), name="theme-list"),
    path("genres/", views.GenreList.as_view(), name="genre-list"),
    path("annual-reports/", views.AnnualReportList.as_view(), name="annual-report-list"),
    path(
        "annual-reports/<int:pk>/",
        views.AnnualReportDetail.as_view(),
        name="annual-report-detail",
    ),
    # 决策公开.
    path("consultations/", decisions.ConsultationList.as_view(), name="consultation-list"),
    path(
        "consultations/<int:pk>/",
        decisions.ConsultationDetail.as_view(),
        name="consultation-detail",
    ),
    path(
        "decision-catalogs/",
        decisions.DecisionCatalogList.as_view(),
        name="decision-catalog-list",
    ),
    path(
        "decision-catalogs/<int:pk>/",
        decisions.DecisionCatalogDetail.as_view(),
        name="decision-catalog-detail",
    ),
    path("meetings/", decisions.MeetingList.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/", decisions.MeetingDetail.as_view(), name="meeting-detail"),
    # 政民互动.
    path("interviews/", engagement.InterviewList.as_view(), name="interview-list"),
    path("interviews/<int:pk>/", engagement.InterviewDetail.as_view(), name="interview-detail"),
    path("activities/", engagement.ActivityList.as_view(), name="activity-list"),
    path("activities/<int:pk>/", engagement.ActivityDetail.as_view(), name="activity-detail"),
    path(
        "commitment-lists/",
        engagement.CommitmentListList.as_view(),
        name="commitment-list-list",
    ),
    path(
        "commitment-lists/<int:pk>/",
        engagement.CommitmentListDetail.as_view(),
        name="commitment-list-detail",
    ),
    # 互动交流.
    path("letters/", mailbox.LetterList.as_view(), name="letter-list"),
    path("letters/<int:pk>/", mailbox.LetterDetail.as_view(), name="letter-detail"),
    path("letter-figures/", mailbox.LetterFiguresList.as_view(), name="letter-figures-list"),
]
