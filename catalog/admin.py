import hashlib

from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from catalog import audit, calendar_impact
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
from catalog.workdays import WorkCalendar


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


class CalendarDayFormSet(BaseInlineFormSet):
    """The days of one year; an edit that moves due dates is saved only once confirmed.

    ``clean`` compares the days as posted with the stored ones. When the change would move
    due dates (:mod:`catalog.calendar_impact`), the edit is refused until staff tick the
    confirmation of exactly that list (its digest, so a further edit asks again); the
    change form shows the list (``changes``, ``moved``).
    """

    CONFIRM_FIELD = "confirm_calendar"

    changes: list[str]
    moved: list[calendar_impact.MovedDueDate]
    digest = ""

    def _posted_days(self) -> dict:
        days = {}
        for form in self.forms:
            d = getattr(form, "cleaned_data", None)
            if not d or not d.get("date") or (self.can_delete and self._should_delete_form(form)):
                continue
            days[d["date"]] = (d["kind"] == CalendarDay.Kind.HOLIDAY, d.get("name") or "")
        return days

    def clean(self):
        super().clean()
        self.changes, self.moved = [], []
        year = self.instance.year
        if any(self.errors) or year is None:
            return
        stored = {}
        if self.instance.pk:
            for day in CalendarDay.objects.filter(schedule=self.instance):
                stored[day.date] = (day.kind == CalendarDay.Kind.HOLIDAY, day.name)
        posted = self._posted_days()
        changed = sorted(d for d in stored.keys() | posted.keys() if stored.get(d) != posted.get(d))
        self.changes = [_day_change(d, stored.get(d), posted.get(d)) for d in changed]
        if not changed:
            return
        calendar = WorkCalendar.proposed(year, posted)
        self.moved = calendar_impact.moved_due_dates(calendar, changed[0], changed[-1])
        if not self.moved:
            return
        rows = "|".join(f"{m.label},{m.before},{m.after}" for m in self.moved)
        self.digest = hashlib.sha256(rows.encode()).hexdigest()[:16]
        if self.data.get(self.CONFIRM_FIELD) != self.digest:
            raise ValidationError(
                f"保存后将有{len(self.moved)}件申请的答复期限改变（见下表），"
                "请核对后勾选确认，再保存。"
            )


def _day_label(value: tuple[bool, str] | None) -> str:
    if value is None:
        return "按周一至周五"
    holiday, name = value
    kind = "法定节假日" if holiday else "调休上班"
    return f"{kind}（{name}）" if name else kind


def _day_change(date, before, after) -> str:
    return f"{date:%Y-%m-%d} {_day_label(before)}→{_day_label(after)}"


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    formset = CalendarDayFormSet
    extra = 3
    fields = ["date", "kind", "name"]


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin):
    """A year of the working-day calendar is corrected day by day, never deleted: deleting
    it would silently move every statutory due date counted over that year.

    An edit that moves due dates shows them (tracking number, agency, old and new due
    date) and is saved only once confirmed (``CalendarDayFormSet``); every saved change of
    days is written to the audit log with the number of due dates it moved.
    """

    list_display = ["year", "notice", "source", "updated_at"]
    inlines = [CalendarDayInline]

    def has_delete_permission(self, request, obj=None):
        return False

    @staticmethod
    def _day_formsets(formsets):
        return [f for f in formsets if isinstance(f, CalendarDayFormSet)]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
        for formset in self._day_formsets(formsets):
            if getattr(formset, "moved", None):
                context.update(
                    calendar_changes=formset.changes,
                    calendar_moved=formset.moved,
                    calendar_digest=formset.digest,
                    calendar_confirm_field=formset.CONFIRM_FIELD,
                )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for formset in self._day_formsets(formsets):
            if formset.changes:
                # The count first: the summary is cut at 200 characters.
                audit.record(
                    audit.Action.CALENDAR_CHANGED,
                    actor=request.user,
                    obj=form.instance,
                    label=str(form.instance),
                    summary=f"答复期限改变{len(formset.moved)}件；"
                    f"调整{len(formset.changes)}天：{'；'.join(formset.changes)}",
                    request=request,
                )


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


# django-axes' login logs are logs like the audit log: nobody deletes them in the admin,
# superusers included (old rows go with ``manage.py axes_reset_logs``, by age).
admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)


@admin.register(AccessLog)
class PortalAccessLogAdmin(AccessLogAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessFailureLog)
class PortalAccessFailureLogAdmin(AccessFailureLogAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


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
