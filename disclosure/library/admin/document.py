"""Admin of the 政策文件库: scoped to the staff member's agency; the workflow actions come
from the publishing core (``disclosure.publishing.admin``), validity events go through
``disclosure.library.steps``."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import path
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from catalog.scoping import AgencyImportExportMixin, AgencyScopedAdmin, AgencyScopedAdminMixin
from config.web.filetypes import PUBLIC_UPLOAD_HELP
from disclosure.library import steps as library_steps
from disclosure.library.admin.file_import import import_file_view
from disclosure.library.models import (
    Attachment,
    Document,
    DocumentEvent,
    DocumentRelation,
    ValidityChange,
)
from disclosure.library.resources import DocumentResource
from disclosure.library.validity import Validity
from disclosure.publishing.admin import (
    KeepPublishedMixin,
    PersonalDataAdminMixin,
    PrivateFileInput,
    PublishingActionsMixin,
    ReadOnlyInline,
)


class DerivedValidityFilter(admin.SimpleListFilter):
    """有效性 as of today by the derived rule, plus the 规范性文件 clean-up list."""

    title = "有效性（按今日计算）"
    parameter_name = "validity_now"

    def lookups(self, request, model_admin):
        return [*Validity.choices, ("expiring", "六个月内到期")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "expiring":
            return queryset.expiring_within(183)
        if value in Validity.values:
            return queryset.validity_is(value)
        return queryset


class WrittenYearFilter(admin.SimpleListFilter):
    title = "成文年份"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("written_on", "year", order="DESC")
        return [(str(d.year), f"{d.year}年") for d in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(written_on__year=int(self.value()))
        return queryset


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    formfield_overrides = {
        models.FileField: {"help_text": PUBLIC_UPLOAD_HELP, "widget": PrivateFileInput}
    }
    fields = ["title", "file", "kind", "size", "position"]
    readonly_fields = ["kind", "size"]


class ValidityChangeInline(ReadOnlyInline):
    model = ValidityChange
    fields = ["validity", "changed_on", "actor", "at", "reason"]
    readonly_fields = fields
    verbose_name_plural = "有效性变更记录"


class DocumentEventInline(ReadOnlyInline):
    model = DocumentEvent
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields
    verbose_name_plural = "操作记录"


class DocumentForm(forms.ModelForm):
    validity_reason = forms.CharField(
        label="调整施行日期或有效期的原因",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="已发布文件调整施行日期或有效期至时必填，将记入有效性变更记录。",
    )

    class Meta:
        model = Document
        fields = [
            "organization",
            "issuing_organizations",
            "title",
            "doc_number",
            "written_on",
            "theme",
            "genre",
            "category",
            "keywords",
            "summary",
            "disclosure",
            "disclosure_reason",
            "effective_on",
            "expires_on",
            "registration_number",
            "needs_interpretation",
            "major_policy",
            "body",
        ]

    def clean(self):
        cleaned = super().clean()
        period_changed = {"effective_on", "expires_on"} & set(self.changed_data)
        if (
            self.instance.pk
            and self.instance.status != Document.Status.DRAFT
            and period_changed
            and not (cleaned.get("validity_reason") or "").strip()
        ):
            self.add_error("validity_reason", "请说明调整施行日期或有效期的原因。")
        return cleaned


@admin.register(Document)
class DocumentAdmin(
    KeepPublishedMixin,
    PersonalDataAdminMixin,
    PublishingActionsMixin,
    AgencyImportExportMixin,
    AgencyScopedAdminMixin,
    ImportExportModelAdmin,
):
    form = DocumentForm
    # Bulk metadata as XLSX/CSV: import makes drafts for the importer's agency only.
    resource_classes = [DocumentResource]
    import_formats = [XLSX, CSV]
    export_formats = [XLSX, CSV]
    export_form_class = ExportForm
    pass_user = True
    # Adds 「从文件导入」 (``admin.file_import``); import_export extends it with its buttons.
    change_list_template = "admin/library/document/change_list.html"

    def get_urls(self):
        return [
            path(
                "import-file/",
                self.admin_site.admin_view(partial(import_file_view, self)),
                name="library_document_import_file",
            ),
            *super().get_urls(),
        ]

    list_display = [
        "title",
        "doc_number",
        "index_number",
        "organization",
        "status",
        "validity_now",
        "published_on",
        "submitted_by",
        "approved_by",
    ]
    list_filter = [
        "status",
        DerivedValidityFilter,
        "organization",
        "theme",
        WrittenYearFilter,
        "genre",
        "disclosure",
    ]
    search_fields = ["title", "doc_number", "index_number", "original_index_number"]
    list_select_related = ["organization"]
    autocomplete_fields = ["issuing_organizations", "theme", "genre", "category"]
    readonly_fields = [
        "index_number",
        "original_index_number",
        "status",
        "published_on",
        "validity_now",
        "personal_data_check",
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
                    "issuing_organizations",
                    "title",
                    "doc_number",
                    "written_on",
                    "theme",
                    "genre",
                    "category",
                    "keywords",
                    "summary",
                    "needs_interpretation",
                    "major_policy",
                ]
            },
        ),
        ("公开属性（条例第十四至十六条）", {"fields": ["disclosure", "disclosure_reason"]}),
        (
            "有效性",
            {
                "fields": [
                    "effective_on",
                    "expires_on",
                    "validity_reason",
                    "registration_number",
                    "validity_now",
                ]
            },
        ),
        ("正文", {"fields": ["body"]}),
        ("发布前个人信息检查", {"fields": ["personal_data_check"]}),
        (
            "发布信息（由发布流程生成）",
            {
                "fields": [
                    "status",
                    "index_number",
                    "original_index_number",
                    "published_on",
                    "created_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    inlines = [AttachmentInline, ValidityChangeInline, DocumentEventInline]
    publishing_unit = "件文件"
    publishing_noun = "文件"
    withdraw_notice = "撤回后不再在网站上公开，索引号保留不再使用"
    actions = [
        "submit_for_review_action",
        "confirm_personal_data_action",
        "publish_action",
        "withdraw_action",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector", "body").with_validity()

    # Documents name the review they go to: the 保密审查 before publication.
    @admin.action(description="提交审核（保密审查）", permissions=["change"])
    def submit_for_review_action(self, request, queryset):
        super().submit_for_review_action(request, queryset)

    @admin.display(description="有效性")
    def validity_now(self, obj):
        return obj.validity_label() if obj.pk else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        period = {"effective_on", "expires_on"} & set(form.changed_data)
        if change and period and obj.status != Document.Status.DRAFT:
            # Validity changes of a document the public may have seen are logged events.
            new_effective, new_expires = obj.effective_on, obj.expires_on
            obj.effective_on = form.initial.get("effective_on")
            obj.expires_on = form.initial.get("expires_on")
            super().save_model(request, obj, form, change)
            library_steps.change_validity_period(
                obj,
                by=request.user,
                reason=form.cleaned_data["validity_reason"],
                effective_on=new_effective,
                expires_on=new_expires,
            )
            return
        super().save_model(request, obj, form, change)


class DocumentRelationForm(forms.ModelForm):
    class Meta:
        model = DocumentRelation
        fields = ["to_document", "kind", "from_document", "effective_on", "reason"]

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("to_document"), cleaned.get("from_document")
        if old and new and old.pk == new.pk:
            raise ValidationError("文件不能废止或修改自身。")
        if old and old.status != Document.Status.PUBLISHED:
            self.add_error("to_document", "只能对已发布的文件记录废止或修改。")
        return cleaned


@admin.register(DocumentRelation)
class DocumentRelationAdmin(AgencyScopedAdmin):
    """Append-only: a repeal or amendment is recorded once, through the workflow."""

    agency_field = "to_document__organization"
    form = DocumentRelationForm
    list_display = ["to_document", "kind", "from_document", "effective_on", "created_by"]
    list_filter = ["kind"]
    search_fields = ["to_document__title", "from_document__title", "to_document__doc_number"]
    list_select_related = ["to_document", "from_document", "created_by"]
    autocomplete_fields = ["to_document", "from_document"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        step = library_steps.repeal if obj.kind == "repeals" else library_steps.amend
        relation = step(
            obj.to_document,
            by_document=obj.from_document,
            by=request.user,
            reason=obj.reason,
            on=obj.effective_on,
        )
        obj.pk = relation.pk
        obj._state.adding = False
