from django.urls import path

from disclosure.views import (
    column,
    consultation,
    decision,
    document,
    interpretation,
    meeting,
    staff,
)

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
    path("zcwjk/", document.document_list, name="document-list"),
    path("zcwjk/<int:pk>/", document.document_detail, name="document-detail"),
    path("zcjd/", interpretation.interpretation_list, name="interpretation-list"),
    path("zcjd/<int:pk>/", interpretation.interpretation_detail, name="interpretation-detail"),
    path("yjzj/", consultation.consultation_list, name="consultation-list"),
    path("yjzj/<int:pk>/", consultation.consultation_detail, name="consultation-detail"),
    # Staff pages of publishing timeliness.
    path("zcjd/staff/", staff.interpretation_timeliness, name="interpretation-timeliness"),
    path("fdzdgknr/staff/", staff.catalog_updates, name="catalog-updates"),
    path("yjzj/staff/", staff.consultation_feedback_due, name="consultation-feedback-due"),
]
