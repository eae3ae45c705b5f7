from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from catalog.models import (
    AuditEntry,
    CalendarDay,
    Category,
    Genre,
    HolidaySchedule,
    Organization,
    StaffProfile,
    StandardCatalogItem,
    Theme,
)
from catalog.permissions import is_supervisor, user_organization
from catalog.resources import StandardCatalogResource
from catalog.scoping import AgencyImportExportMixin, AgencyScopedAdmin, AgencyScopedAdminMixin


@admin.register(Organization)
class OrganizationAdmin(AgencyScopedAdmin):
    agency_field = "pk"
    list_display = ["name", "slug", "credit_code", "kind", "level", "parent", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name", "short_name", "credit_code", "slug"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "credit_code", "parent"]}),
        (
            "机关性质",
            {
                "fields": [
                    "kind",
                    "level",
                    "review_body",
                    "is_portal_main",
                    "is_active",
                    "position",
                ]
            },
        ),
        (
            "公开指南所需信息（条例第十二条）",
            {
                "fields": [
                    "office_name",
                    "office_address",
                    "office_hours",
                    "phone",
                    "fax",
                    "email",
                    "website",
                    "postal_address",
                    "postal_code",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        if is_supervisor(request.user):
            return []
        # Staff keep their agency's contact data current; its identity is the supervisor's.
        return [
            "name",
            "slug",
            "credit_code",
            "parent",
            "kind",
            "level",
            "review_body",
            "is_portal_main",
        ]

    def has_add_permission(self, request):
        return is_supervisor(request.user) and super().has_add_permission(request)


@admin.register(Category)
class CategoryAdmin(AgencyScopedAdmin):
    list_display = ["name", "parent", "organization", "scope", "article_item", "position"]
    list_filter = ["scope", "organization"]
    search_fields = ["name"]
    list_select_related = ["parent", "organization"]
    autocomplete_fields = ["parent"]

    def scope_queryset(self, request, qs):
        # Statutory nodes are shown to everyone (agencies hang their own nodes beneath).
        if is_supervisor(request.user):
            return qs
        org = user_organization(request.user)
        return qs.filter(Q(organization__isnull=True) | Q(organization=org))

    def _owns(self, request, obj):
        if obj is None or is_supervisor(request.user):
            return True
        org = user_organization(request.user)
        return org is not None and obj.organization_id == org.pk

    def has_view_permission(self, request, obj=None):
        # Everyone may read statutory nodes.
        if obj is not None and obj.organization_id is None:
            return admin.ModelAdmin.has_view_permission(self, request, obj)
        return super().has_view_permission(request, obj)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 3
    fields = ["date", "kind", "name"]


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin):
    """A year of the working-day calendar is corrected day by day, never deleted: deleting
    it would silently move every statutory due date counted over that year."""

    list_display = ["year", "notice", "source", "updated_at"]
    inlines = [CalendarDayInline]

    def has_delete_permission(self, request, obj=None):
        return False


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    autocomplete_fields = ["organization"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "first_name", "is_staff", "organization"]
    list_select_related = ["staff_profile__organization"]

    @admin.display(description="所属机关")
    def organization(self, obj):
        profile = getattr(obj, "staff_profile", None)
        return profile.organization if profile else "—"


@admin.register(StandardCatalogItem)
class StandardCatalogItemAdmin(
    AgencyImportExportMixin, AgencyScopedAdminMixin, ImportExportModelAdmin
):
    """Rows are imported and exported as XLSX/CSV in the published catalogs' columns."""

    resource_classes = [StandardCatalogResource]
    import_formats = [XLSX, CSV]
    export_formats = [XLSX, CSV]
    export_form_class = ExportForm  # always the full set of published columns
    list_display = ["domain", "matter", "sub_matter", "time_limit", "organization", "category"]
    list_filter = ["domain", "organization", "mode_proactive", "level_township"]
    search_fields = ["domain", "matter", "sub_matter", "content"]
    list_select_related = ["organization", "category"]
    autocomplete_fields = ["category"]


@admin.register(AuditEntry)
class AuditEntryAdmin(AgencyScopedAdmin):
    """The audit log, read-only for everyone: superusers cannot add, change or delete
    either (and the database refuses UPDATE and DELETE). Staff see their agency's entries;
    the supervising office sees all, including failed logins with unknown user names."""

    list_display = [
        "at",
        "action",
        "actor_username",
        "organization",
        "object_label",
        "summary",
        "ip",
    ]
    list_filter = ["action", "at"]
    search_fields = ["actor_username", "object_label"]
    list_select_related = ["organization"]
    list_per_page = 50
    show_full_result_count = False  # no second count over the whole log
    fields = [
        "at",
        "action",
        "actor_username",
        "actor_id",
        "organization",
        "object_type",
        "object_id",
        "object_label",
        "summary",
        "ip",
    ]
    readonly_fields = fields

    def get_list_filter(self, request):
        if is_supervisor(request.user):
            return [*self.list_filter, "organization"]
        return self.list_filter

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
