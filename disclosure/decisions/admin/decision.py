"""Admin of the 重大行政决策事项目录: a catalog per agency and year, its items inline, and the
items imported and exported as XLSX/CSV (all or nothing) for the staff member's agency."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from catalog.permissions import is_supervisor, user_organization
from catalog.scoping import AgencyImportExportMixin, AgencyScopedAdmin, AgencyScopedAdminMixin
from disclosure.decisions.models import DecisionCatalog, DecisionItem
from disclosure.decisions.resources import DecisionItemResource
from disclosure.publishing.admin import KeepPublishedMixin

LINKS = ["consultation", "decision_document", "evaluation_report", "evaluation"]


class DecisionItemInline(admin.TabularInline):
    model = DecisionItem
    extra = 0
    fields = [
        "position",
        "title",
        "lead_unit",
        "basis",
        "planned_completion",
        "hearing_planned",
        "status",
        *LINKS,
        "note",
    ]
    autocomplete_fields = LINKS


@admin.register(DecisionCatalog)
class DecisionCatalogAdmin(KeepPublishedMixin, AgencyScopedAdmin):
    list_display = [
        "__str__",
        "year",
        "organization",
        "item_count",
        "is_published",
        "published_on",
        "adjusted_on",
    ]
    list_filter = ["is_published", "year", "organization"]
    search_fields = ["organization__name"]
    list_select_related = ["organization"]
    fields = ["organization", "year", "is_published", "published_on", "adjusted_on", "note"]
    inlines = [DecisionItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_items=Count("items"))

    @admin.display(description="事项数", ordering="n_items")
    def item_count(self, obj):
        return obj.n_items


@admin.register(DecisionItem)
class DecisionItemAdmin(AgencyImportExportMixin, AgencyScopedAdminMixin, ImportExportModelAdmin):
    """The items as the agencies keep them: a spreadsheet per year, imported all or nothing."""

    agency_field = "catalog__organization"
    resource_classes = [DecisionItemResource]
    import_formats = [XLSX, CSV]
    export_formats = [XLSX, CSV]
    export_form_class = ExportForm
    list_display = [
        "title",
        "catalog",
        "lead_unit",
        "planned_completion",
        "hearing_planned",
        "status",
    ]
    list_filter = ["status", "catalog__year", "hearing_planned"]
    search_fields = ["title", "lead_unit"]
    list_select_related = ["catalog", "catalog__organization"]
    autocomplete_fields = LINKS

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "catalog" and not is_supervisor(request.user):
            org = user_organization(request.user)
            kwargs["queryset"] = DecisionCatalog.objects.filter(
                organization_id=org.pk if org else None
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
