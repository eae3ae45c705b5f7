"""Admin of 政府常务会议: a meeting with its 议题 (议定事项, documents, interpretations) and
its 列席 rows (category and number, never names), scoped to the staff member's agency."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count

from catalog.models import Organization
from catalog.permissions import is_supervisor
from catalog.scoping import AgencyScopedAdmin
from disclosure.decisions.models import Meeting, MeetingAttendance, MeetingTopic
from disclosure.publishing.admin import KeepPublishedMixin


class MeetingTopicInline(admin.StackedInline):
    model = MeetingTopic
    extra = 0
    fields = ["position", "title", "decision", "documents", "interpretations"]
    autocomplete_fields = ["documents", "interpretations"]


class MeetingAttendanceInline(admin.TabularInline):
    model = MeetingAttendance
    extra = 0
    fields = ["category", "count", "description", "opinions"]
    verbose_name_plural = "列席情况（按类别和人数，不填写姓名）"


@admin.register(Meeting)
class MeetingAdmin(KeepPublishedMixin, AgencyScopedAdmin):
    list_display = ["title", "organization", "held_on", "topic_count", "is_published"]
    list_filter = ["is_published", "organization"]
    search_fields = ["title", "topics__title"]
    list_select_related = ["organization"]
    date_hierarchy = "held_on"
    fields = ["organization", "title", "held_on", "summary", "reading", "is_published"]
    inlines = [MeetingTopicInline, MeetingAttendanceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_topics=Count("topics"))

    @admin.display(description="议题数", ordering="n_topics")
    def topic_count(self, obj):
        return obj.n_topics

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "organization" and is_supervisor(request.user):
            field.queryset = Organization.objects.filter(kind=Organization.Kind.GOVERNMENT)
        return field
