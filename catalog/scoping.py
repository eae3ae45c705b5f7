"""One admin mixin that scopes every agency-owned model to the staff member's agency.

Staff see and change only rows of their own agency; the supervisor group sees all.
Every ModelAdmin of an agency-owned model uses it, naming the path to its agency.
"""

from __future__ import annotations

from django.contrib import admin

from catalog.permissions import is_supervisor, user_organization


class AgencyScopedAdminMixin:
    #: Lookup path from the model to its Organization ("organization", "request__organization").
    agency_field: str = "organization"

    def scope_queryset(self, request, qs):
        if is_supervisor(request.user):
            return qs
        org = user_organization(request.user)
        if org is None:
            return qs.none()
        return qs.filter(**{self.agency_field: org.pk})

    def get_queryset(self, request):
        return self.scope_queryset(request, super().get_queryset(request))

    def _owns(self, request, obj) -> bool:
        if obj is None or is_supervisor(request.user):
            return True
        return self.scope_queryset(request, type(obj)._default_manager.filter(pk=obj.pk)).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._owns(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._owns(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from catalog.models import Organization

        if (
            db_field.remote_field.model is Organization
            and db_field.name == self.agency_field
            and not is_supervisor(request.user)
        ):
            org = user_organization(request.user)
            kwargs["queryset"] = Organization.objects.filter(pk=org.pk if org else None)
            kwargs["initial"] = org
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # A staff member's new rows always belong to their own agency.
        direct_fk = "__" not in self.agency_field and self.agency_field != "pk"
        if direct_fk and not is_supervisor(request.user):
            org = user_organization(request.user)
            if org is not None:
                setattr(obj, self.agency_field, org)
        super().save_model(request, obj, form, change)


class AgencyScopedAdmin(AgencyScopedAdminMixin, admin.ModelAdmin):
    pass
