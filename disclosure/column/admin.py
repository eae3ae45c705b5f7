from django.contrib import admin
from django.utils import timezone

from catalog.scoping import AgencyScopedAdmin
from disclosure.column.models import Guide, Regulation
from disclosure.publishing.admin import KeepPublishedMixin


@admin.register(Guide)
class GuideAdmin(KeepPublishedMixin, AgencyScopedAdmin):
    always_public = True  # every saved version is listed publicly
    """Saving a changed guide adds a new version; earlier versions stay as they were."""

    list_display = ["title", "organization", "updated_on", "created_by", "created_at"]
    list_filter = ["organization"]
    list_select_related = ["organization", "created_by"]
    readonly_fields = ["created_by", "created_at"]
    fields = [
        "organization",
        "title",
        "updated_on",
        "classification",
        "how_to_obtain",
        "body",
        "created_by",
        "created_at",
    ]

    def save_model(self, request, obj, form, change):
        if change and form.has_changed():
            # Versioned (Art. 12 guides show their 更新日期): an edit never overwrites a
            # version the public has seen; it becomes a new version.
            if "updated_on" not in form.changed_data:
                obj.updated_on = timezone.localdate()
            obj.pk = None
            obj._state.adding = True
        if obj.pk is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Regulation)
class RegulationAdmin(KeepPublishedMixin, AgencyScopedAdmin):
    list_display = ["title", "organization", "published_on", "is_published"]
    list_filter = ["is_published", "organization"]
    search_fields = ["title"]
    list_select_related = ["organization"]
