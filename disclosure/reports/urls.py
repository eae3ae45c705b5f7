"""政府信息公开年报 pages (included into the public site's ``disclosure`` URL namespace)."""

from django.urls import path

from disclosure.reports import views

urlpatterns = [
    path("xxgk/<slug:org>/nb/", views.annual_report_list, name="annual-report-list"),
    path(
        "xxgk/<slug:org>/nb/<int:year>/",
        views.annual_report_detail,
        name="annual-report-detail",
    ),
    path(
        "xxgk/<slug:org>/nb/<int:year>/xlsx/", views.annual_report_xlsx, name="annual-report-xlsx"
    ),
    path("xxgk/<slug:org>/nb/<int:year>/pdf/", views.annual_report_pdf, name="annual-report-pdf"),
    path(
        "xxgk/<slug:org>/nb/<int:year>/jx/",
        views.annual_report_performance,
        name="annual-report-performance",
    ),
    path("nb/staff/", views.report_staff_list, name="report-staff-list"),
    path("nb/staff/<int:pk>/", views.report_staff_detail, name="report-staff-detail"),
]
