"""Admin of the 年度报告: scoped to the staff member's agency; review, overrides and
publication happen on the staff page (``/nb/staff/<pk>/``), which calls
``disclosure.reports.services``; here the written parts of a draft can be edited too."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html

from catalog.scoping import AgencyScopedAdmin
from disclosure.library.admin.document import ReadOnlyInline
from disclosure.reports import services as reports
from disclosure.reports.models import AnnualReport, AnnualReportEvent, AnnualReportOverride


class OverrideInline(ReadOnlyInline):
    model = AnnualReportOverride
    fields = ["label", "computed", "value", "reason", "by", "at"]
    readonly_fields = fields
    verbose_name_plural = "统计数据修正（在审核页面修正）"


class EventInline(ReadOnlyInline):
    model = AnnualReportEvent
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields
    verbose_name_plural = "操作记录"


@admin.register(AnnualReport)
class AnnualReportAdmin(AgencyScopedAdmin):
    list_display = [
        "__str__",
        "organization",
        "year",
        "includes_departments",
        "status",
        "due_on",
        "published_on",
        "review_link",
    ]
    list_filter = ["status", "year", "includes_departments", "organization"]
    search_fields = ["organization__name"]
    list_select_related = ["organization"]
    readonly_fields = [
        "organization",
        "year",
        "includes_departments",
        "status",
        "due_on",
        "published_on",
        "review_link",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "organization",
                    "year",
                    "includes_departments",
                    "status",
                    "due_on",
                    "published_on",
                    "review_link",
                ]
            },
        ),
        ("文字部分", {"fields": list(reports.TEXT_FIELDS)}),
        ("第二部分填报数据", {"fields": list(reports.ENTERED_FIELDS)}),
        ("记录", {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [OverrideInline, EventInline]

    def has_add_permission(self, request):
        # Drafts are generated from the records on the staff page.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_published:
            fields += [*reports.TEXT_FIELDS, *reports.ENTERED_FIELDS]
        return fields

    @admin.display(description="法定公布期限")
    def due_on(self, obj):
        return obj.due_on

    @admin.display(description="审核、修正和公布")
    def review_link(self, obj):
        return format_html('<a href="{}">打开年度报告审核页面</a>', obj.get_staff_url())

    def save_model(self, request, obj, form, change):
        # Edits go through the workflow (locked, checked, logged).
        fields = {f: form.cleaned_data[f] for f in form.changed_data if f in form.cleaned_data}
        try:
            reports.update(obj, by=request.user, **fields)
        except (ValidationError, PermissionDenied) as exc:
            self.message_user(
                request, "；".join(getattr(exc, "messages", [str(exc)])), messages.ERROR
            )
