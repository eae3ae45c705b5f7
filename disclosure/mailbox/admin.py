"""The admin shows letters and error reports read-only with their log; every step is a
staff page (/hdjl/staff/), which calls ``disclosure.mailbox.workflow``."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from catalog.scoping import AgencyScopedAdmin
from disclosure.mailbox.models import ErrorReport, Letter, LetterEvent
from disclosure.publishing.admin import ReadOnlyInline


class LetterEventInline(ReadOnlyInline):
    model = LetterEvent
    fields = ("at", "kind", "organization", "by", "note")
    readonly_fields = fields


@admin.register(Letter)
class LetterAdmin(AgencyScopedAdmin):
    list_display = (
        "code",
        "title",
        "kind",
        "organization",
        "status",
        "received_on",
        "due_on",
        "desk",
    )
    list_filter = ("status", "kind", "published")
    search_fields = ("code", "title")
    inlines = [LetterEventInline]
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Letter._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="办理")
    def desk(self, obj):
        return format_html(
            '<a href="{}">办理页面</a>', reverse("disclosure:mailbox-staff-letter", args=[obj.pk])
        )


@admin.register(ErrorReport)
class ErrorReportAdmin(AgencyScopedAdmin):
    list_display = ("number", "organization", "received_on", "due_on", "handled_on")
    list_filter = ("organization",)
    search_fields = ("number", "page_url")
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in ErrorReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
