"""政策文件库 and 政策解读 pages (included into the public site's ``disclosure`` URL
namespace)."""

from django.urls import path

from disclosure.library.views import concern, document, interpretation, staff

urlpatterns = [
    path("zcwjk/", document.document_list, name="document-list"),
    path("zcwjk/<int:pk>/", document.document_detail, name="document-detail"),
    path("zcjd/", interpretation.interpretation_list, name="interpretation-list"),
    path("zcjd/<int:pk>/", interpretation.interpretation_detail, name="interpretation-detail"),
    path("xxgk/<slug:org>/hygq/", concern.concern_list, name="concern-list"),
    path("hygq/staff/", concern.concern_staff, name="concern-staff"),
    # Staff: publishing timeliness and the Art. 44 draft from similar requests.
    path("zcjd/staff/", staff.interpretation_timeliness, name="interpretation-timeliness"),
    path(
        "zcwjk/staff/from-request/<str:tracking>/",
        staff.document_from_requests,
        name="document-from-requests",
    ),
]
