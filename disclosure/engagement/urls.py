"""政民互动 (2) pages (included into the public site's ``disclosure`` URL namespace). The
/hdjl/ root, /hdjl/write/ and /hdjl/track/ belong to the messages app."""

from django.urls import path

from disclosure.engagement import views

urlpatterns = [
    path("hdjl/ftzb/", views.interview_list, name="interview-list"),
    path("hdjl/ftzb/<int:pk>/", views.interview_detail, name="interview-detail"),
    path("hdjl/kfhd/", views.open_day_index, name="open-day-index"),
    path("hdjl/kfhd/<int:year>/", views.open_day_plan, name="open-day-plan"),
    path("hdjl/kfhd/hd/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("hdjl/kfhd/qx/", views.signup_cancel, name="signup-cancel"),
    path("hdjl/xmt/", views.new_media, name="new-media"),
    path("hdjl/zq/", views.service_halls, name="service-halls"),
    path("xxgk/<slug:org>/gkzq/", views.org_service_halls, name="org-service-halls"),
    path("xxgk/<slug:org>/gkcn/<int:year>/", views.commitment_list, name="commitment-list"),
]
