"""One admin mixin that scopes every agency-owned model to the staff member's agency.

Staff see and change only rows of their own agency; the supervisor group sees all.
Every ModelAdmin of an agency-owned model uses it, naming the path to its agency.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from import_export.forms import ConfirmImportForm, ImportForm

from catalog.models import Organization
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


class AgencyImportExportMixin:
    """django-import-export for agency-owned rows: staff import and export for their own
    agency only; the supervisor chooses the agency on the import form.

    The resource takes an ``organization`` keyword (and ``user`` when ``pass_user``)."""

    pass_user = False
    # The import page with row errors listed in Chinese, in full (not only on hover).
    import_template_name = "admin/import_export/portal_import.html"

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        result = context.get("result")
        if result is not None and result.has_validation_errors():
            context["row_problems"] = row_problems(
                result, self.get_import_resource_classes(request)
            )
        return response

    def get_import_form_class(self, request):
        class AgencyImportForm(ImportForm):
            organization = forms.ModelChoiceField(
                label="所属机关",
                queryset=Organization.objects.active(),
                required=False,
                help_text="主管部门导入时选择机关；机关工作人员导入的数据总是属于本机关。",
            )

        return AgencyImportForm

    def get_confirm_form_class(self, request):
        class AgencyConfirmForm(ConfirmImportForm):
            organization = forms.ModelChoiceField(
                queryset=Organization.objects.all(), required=False, widget=forms.HiddenInput()
            )

        return AgencyConfirmForm

    def _import_organization(self, request, form):
        if is_supervisor(request.user):
            # The import page's first GET has an unbound form without cleaned_data.
            cleaned = getattr(form, "cleaned_data", None) or {}
            org = cleaned.get("organization")
            return org or user_organization(request.user)
        return user_organization(request.user)

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.pop("form", None)
        resource_kwargs = super().get_import_resource_kwargs(request, **kwargs)
        resource_kwargs["organization"] = self._import_organization(request, form)
        if self.pass_user:
            resource_kwargs["user"] = request.user
        return resource_kwargs

    def get_export_resource_kwargs(self, request, **kwargs):
        kwargs.pop("form", None)
        resource_kwargs = super().get_export_resource_kwargs(request, **kwargs)
        if not is_supervisor(request.user):
            resource_kwargs["organization"] = user_organization(request.user)
        return resource_kwargs

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            org = self._import_organization(request, import_form)
            initial["organization"] = org.pk if org else None
        return initial


def _field_labels(resource_classes) -> dict[str, str]:
    """Field name → the Chinese column header the spreadsheet uses (or the model's label)."""
    labels: dict[str, str] = {}
    for resource_class in resource_classes:
        model = resource_class._meta.model
        for name, field in resource_class.fields.items():
            label = field.column_name or name
            if model is not None and label == name:
                try:
                    label = str(model._meta.get_field(field.attribute or name).verbose_name)
                except FieldDoesNotExist:  # a resource field of no model field keeps its name
                    pass
            labels[name] = label
            if field.attribute:
                labels.setdefault(field.attribute, label)
    return labels


def row_problems(result, resource_classes) -> list[dict]:
    """Each invalid row of an import with its errors, every field named by its Chinese
    header, for the import page to list in full."""
    labels = _field_labels(resource_classes)
    rows = []
    for row in result.invalid_rows:
        errors = [
            f"{labels.get(name, name)}：{error}"
            for name, messages in row.field_specific_errors.items()
            for error in messages
        ]
        errors += [str(error) for error in row.non_field_specific_errors]
        rows.append({"number": row.number, "errors": errors})
    return rows
