from django.urls import path

from disclosure import feeds
from disclosure.views import (
    column,
    consultation,
    decision,
    document,
    interpretation,
    meeting,
    report,
    staff,
)
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
    path("xxgk/<slug:org>/jcml/", decision.decision_catalog, name="decision-catalog"),
    path("xxgk/<slug:org>/cwhy/", meeting.meeting_list, name="meeting-list"),
    path("xxgk/<slug:org>/cwhy/<int:pk>/", meeting.meeting_detail, name="meeting-detail"),
    # 政府信息公开年报.
    path("xxgk/<slug:org>/nb/", report.annual_report_list, name="annual-report-list"),
    path(
        "xxgk/<slug:org>/nb/<int:year>/",
        report.annual_report_detail,
        name="annual-report-detail",
    ),
    path(
        "xxgk/<slug:org>/nb/<int:year>/xlsx/", report.annual_report_xlsx, name="annual-report-xlsx"
    ),
    path("xxgk/<slug:org>/nb/<int:year>/pdf/", report.annual_report_pdf, name="annual-report-pdf"),
    path(
        "xxgk/<slug:org>/nb/<int:year>/jx/",
        report.annual_report_performance,
        name="annual-report-performance",
    ),
    path("nb/staff/", report.report_staff_list, name="report-staff-list"),
    path("nb/staff/<int:pk>/", report.report_staff_detail, name="report-staff-detail"),
    path("zcwjk/", document.document_list, name="document-list"),
    path("zcwjk/<int:pk>/", document.document_detail, name="document-detail"),
    path("zcjd/", interpretation.interpretation_list, name="interpretation-list"),
    path("zcjd/<int:pk>/", interpretation.interpretation_detail, name="interpretation-detail"),
    path("yjzj/", consultation.consultation_list, name="consultation-list"),
    path("yjzj/<int:pk>/", consultation.consultation_detail, name="consultation-detail"),
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
    path("yjzj/rss/", PUBLIC_CACHE(feeds.LatestConsultationsFeed()), name="consultations-rss"),
    path("yjzj/atom/", PUBLIC_CACHE(feeds.LatestConsultationsAtom()), name="consultations-atom"),
    # Staff pages of publishing timeliness.
    path("zcjd/staff/", staff.interpretation_timeliness, name="interpretation-timeliness"),
    path("fdzdgknr/staff/", staff.catalog_updates, name="catalog-updates"),
    path(
        "zcwjk/staff/from-request/<str:tracking>/",
        staff.document_from_requests,
        name="document-from-requests",
    ),
    path("yjzj/staff/", staff.consultation_feedback_due, name="consultation-feedback-due"),
]
