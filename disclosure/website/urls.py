"""The website's pages (included into the public site's ``disclosure`` URL namespace)."""

from django.urls import path

from disclosure.website import report_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("wzdt/", views.site_map, name="site-map"),
    path("ss/", views.site_search, name="site-search"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("tj.gif", views.visit, name="visit"),
    # 政府网站工作年度报表
    path("wzndbb/<int:year>/", report_views.report_detail, name="website-report"),
    path("wzndbb/<int:year>/xlsx/", report_views.report_xlsx, name="website-report-xlsx"),
    path("wzndbb/<int:year>/pdf/", report_views.report_pdf, name="website-report-pdf"),
    path("wzndbb/staff/<int:year>/", report_views.report_staff, name="website-report-staff"),
    # Staff: 站点体检
    path("zdtj/staff/", report_views.site_check_page, name="site-check"),
    path("zdtj/staff/xlsx/", report_views.site_check_xlsx, name="site-check-xlsx"),
    path("zdtj/staff/cmc/", report_views.wording_override, name="wording-override"),
]
