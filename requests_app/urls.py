from django.urls import path

from requests_app import approval_views, desk_views, public_views, views

app_name = "requests_app"

# Public pages at /ysqgk/; staff pages under /ysqgk/staff/.
urlpatterns = [
    path("ysqgk/", public_views.guide, name="guide"),
    path("ysqgk/apply/", public_views.apply, name="apply"),
    path("ysqgk/apply/<str:tracking_number>/", public_views.done, name="done"),
    path("ysqgk/track/", public_views.track, name="track"),
    path("ysqgk/track/<str:tracking_number>/", public_views.track_detail, name="track-detail"),
    path(
        "ysqgk/track/<str:tracking_number>/files/<int:attachment_id>/",
        public_views.track_file,
        name="track-file",
    ),
    path("ysqgk/staff/", views.dashboard, name="staff-dashboard"),
    path("ysqgk/staff/approvals/", approval_views.queue, name="approvals"),
    path("ysqgk/staff/approvals/<int:pk>/approve/", approval_views.approve, name="approve"),
    path("ysqgk/staff/approvals/<int:pk>/refuse/", approval_views.refuse, name="refuse"),
    path("ysqgk/staff/letters/", desk_views.letters, name="staff-letters"),
    path("ysqgk/staff/xiecha/", desk_views.subtasks, name="subtasks"),
    path(
        "ysqgk/staff/xiecha/<int:pk>/answer/",
        desk_views.answer_subtask,
        name="answer-subtask",
    ),
    path("ysqgk/staff/<str:tracking_number>/", desk_views.request_page, name="staff-request"),
    path(
        "ysqgk/staff/<str:tracking_number>/step/<slug:slug>/",
        desk_views.step,
        name="staff-step",
    ),
    path(
        "ysqgk/staff/<str:tracking_number>/files/<int:attachment_id>/",
        desk_views.file,
        name="staff-file",
    ),
    path(
        "ysqgk/staff/<str:tracking_number>/letters/<int:attachment_id>/print/",
        desk_views.letter_print,
        name="staff-letter-print",
    ),
    path(
        "ysqgk/staff/<str:tracking_number>/qixian/",
        views.due_explanation,
        name="due-explanation",
    ),
]
