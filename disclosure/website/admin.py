"""Admin of the website app: the 错敏词 list staff maintain; read-only views of the
overrides, link results, check runs and visit totals; the 政府网站工作年度报表 (edited and
published on its staff page ``/wzndbb/staff/<year>/``)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from catalog.scoping import AgencyScopedAdmin
from disclosure.publishing.admin import ReadOnlyInline
from disclosure.website.models import (
    DailyVisits,
    LinkCheck,
    SiteCheckRun,
    WebsiteReport,
    WebsiteReportEntry,
    WebsiteReportEvent,
    WordingOverride,
    WordingRule,
)


@admin.register(WordingRule)
class WordingRuleAdmin(admin.ModelAdmin):
    list_display = ["wrong", "right", "severity", "note", "is_active"]
    list_filter = ["severity", "is_active"]
    search_fields = ["wrong", "right", "note"]
    list_editable = ["is_active"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WordingOverride)
class WordingOverrideAdmin(AgencyScopedAdmin, ReadOnlyAdmin):
    list_display = ["at", "organization", "label", "expressions", "reason", "by"]
    list_filter = ["organization"]
    list_select_related = ["organization", "by"]

    # The scoping mixin comes first: keep the read-only answers of ReadOnlyAdmin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LinkCheck)
class LinkCheckAdmin(ReadOnlyAdmin):
    list_display = ["url", "ok", "status", "error", "checked_at"]
    list_filter = ["ok"]
    search_fields = ["url"]


@admin.register(SiteCheckRun)
class SiteCheckRunAdmin(ReadOnlyAdmin):
    list_display = ["ran_at", "external", "links_checked"]


@admin.register(DailyVisits)
class DailyVisitsAdmin(ReadOnlyAdmin):
    list_display = ["day", "visitors", "views"]
    date_hierarchy = "day"


class EntryInline(ReadOnlyInline):
    model = WebsiteReportEntry
    fields = ["key", "value", "reason", "by", "at"]
    readonly_fields = fields
    verbose_name_plural = "填报数据（在报表页面填报）"


class EventInline(ReadOnlyInline):
    model = WebsiteReportEvent
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields
    verbose_name_plural = "操作记录"


@admin.register(WebsiteReport)
class WebsiteReportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "published_on", "staff_link"]
    readonly_fields = [
        "year",
        "status",
        "published_on",
        "head",
        "reviewer",
        "filler",
        "phone",
        "staff_link",
    ]
    fields = readonly_fields
    inlines = [EntryInline, EventInline]

    @admin.display(description="报表页面")
    def staff_link(self, obj):
        url = reverse("disclosure:website-report-staff", args=[obj.year])
        return format_html('<a href="{}">编制、填报和公布</a>', url)
