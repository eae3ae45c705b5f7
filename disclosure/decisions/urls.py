"""决策公开 pages (included into the public site's ``disclosure`` URL namespace)."""

from django.urls import path

from disclosure.decisions.views import consultation, decision, meeting, staff

urlpatterns = [
    path("xxgk/<slug:org>/jcml/", decision.decision_catalog, name="decision-catalog"),
    path("xxgk/<slug:org>/cwhy/", meeting.meeting_list, name="meeting-list"),
    path("xxgk/<slug:org>/cwhy/<int:pk>/", meeting.meeting_detail, name="meeting-detail"),
    path("yjzj/", consultation.consultation_list, name="consultation-list"),
    path("yjzj/<int:pk>/", consultation.consultation_detail, name="consultation-detail"),
    path("yjzj/staff/", staff.consultation_feedback_due, name="consultation-feedback-due"),
]
