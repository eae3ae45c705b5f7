"""互动交流 pages (included into the public site's ``disclosure`` URL namespace). No
catch-all under /hdjl/: other interaction pages (/hdjl/ftzb/ …) live beside these."""

from django.urls import path

from disclosure.mailbox import feeds, staff_views, views

urlpatterns = [
    path("hdjl/", views.letter_list, name="mailbox-list"),
    path("hdjl/write/", views.write, name="mailbox-write"),
    path("hdjl/write/<int:pk>/done/", views.done, name="mailbox-done"),
    path("hdjl/track/", views.track, name="mailbox-track"),
    path("hdjl/track/<int:pk>/", views.track_detail, name="mailbox-track-detail"),
    path("hdjl/track/<int:pk>/file/<int:file_pk>/", views.track_file, name="mailbox-track-file"),
    path("hdjl/ly/<int:pk>/", views.letter_detail, name="mailbox-detail"),
    path("hdjl/ly/<int:pk>/file/<int:file_pk>/", views.letter_file, name="mailbox-file"),
    path("hdjl/figures/", views.figures_index, name="mailbox-figures"),
    path("hdjl/figures/<int:year>/", views.figures_page, name="mailbox-figures-year"),
    path("hdjl/figures/<int:year>/xlsx/", views.figures_xlsx, name="mailbox-figures-year-xlsx"),
    path("hdjl/figures/<int:year>/<int:month>/", views.figures_page, name="mailbox-figures-month"),
    path(
        "hdjl/figures/<int:year>/<int:month>/xlsx/",
        views.figures_xlsx,
        name="mailbox-figures-month-xlsx",
    ),
    path("hdjl/feed/", feeds.LatestRepliesFeed(), name="mailbox-feed"),
    path("hdjl/staff/", staff_views.queues, name="mailbox-staff"),
    path("hdjl/staff/alarm/", staff_views.alarm, name="mailbox-staff-alarm"),
    path("hdjl/staff/ly/<int:pk>/", staff_views.letter_page, name="mailbox-staff-letter"),
    path("hdjl/staff/ly/<int:pk>/<slug:step>/", staff_views.step, name="mailbox-staff-step"),
    path(
        "hdjl/staff/ly/<int:pk>/file/<int:file_pk>/",
        staff_views.staff_file,
        name="mailbox-staff-file",
    ),
    path("hdjl/staff/zhaocuo/", staff_views.error_reports, name="mailbox-error-reports"),
    path("hdjl/staff/zhaocuo/<int:pk>/", staff_views.error_report, name="mailbox-error-report"),
]
