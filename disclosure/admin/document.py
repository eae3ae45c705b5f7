"""Admin of the 政策文件库: scoped to the staff member's agency; workflow steps call
disclosure.publishing, which alone changes status and records validity events."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from catalog.scoping import AgencyImportExportMixin, AgencyScopedAdmin, AgencyScopedAdminMixin
from config.web.filetypes import PUBLIC_UPLOAD_HELP
from disclosure import pii, publishing
from disclosure.admin.guards import KeepPublishedMixin
from disclosure.models import Attachment, Document, DocumentEvent, DocumentRelation, ValidityChange
from disclosure.resources import DocumentResource
from disclosure.validity import Validity


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
    formfield_overrides = {models.FileField: {"help_text": PUBLIC_UPLOAD_HELP}}
    fields = ["title", "file", "kind", "size", "position"]
    readonly_fields = ["kind", "size"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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


class PersonalDataAdminMixin:
    """The personal-data check (``disclosure.pii``) on the change page, and the action that
    confirms the findings may be published (``publishing.confirm_personal_data``)."""

    pii_noun = "文件"

    def pii_scan(self, obj) -> pii.ScanResult:
        raise NotImplementedError

    @admin.display(description="个人信息检查")
    def personal_data_check(self, obj):
        if obj is None or obj.pk is None:
            return "保存后检查。"
        scan = self.pii_scan(obj)
        confirmed = set(obj.pii_confirmed_digests.split())
        lines = [
            (
                str(f),
                "（已核实可以公开）" if f.digest in confirmed else "（未核实，发布前须删除或核实）",
            )
            for f in scan.findings
        ]
        notes = [(note,) for note in scan.notes]
        if not lines and not notes:
            return "未发现身份证号码、手机号码、银行卡号。"
        return format_html(
            "{}{}",
            format_html_join("\n", "<p>{}{}</p>", lines),
            format_html_join("\n", "<p>{}</p>", notes),
        )

    @admin.action(description="确认无需删除（已核实可以公开）", permissions=["change"])
    def confirm_personal_data_action(self, request, queryset):
        reason = (request.POST.get("reason") or "").strip()
        if request.POST.get("confirm") and reason:
            self._run(request, queryset, publishing.confirm_personal_data, "确认", note=reason)
            return None
        if request.POST.get("confirm"):
            self.message_user(request, "确认必须说明理由。", messages.ERROR)
        return TemplateResponse(
            request,
            "admin/disclosure/confirm_personal_data.html",
            {
                **self.admin_site.each_context(request),
                "title": "确认个人信息可以公开",
                "noun": self.pii_noun,
                "rows": [(item, pii.describe(self.pii_scan(item).findings)) for item in queryset],
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


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
    list_display = [
        "title",
        "doc_number",
        "index_number",
        "organization",
        "status",
        "validity_now",
        "published_on",
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
    search_fields = ["title", "doc_number", "index_number"]
    list_select_related = ["organization"]
    autocomplete_fields = ["issuing_organizations", "theme", "genre", "category"]
    readonly_fields = [
        "index_number",
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
                    "published_on",
                    "created_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    inlines = [AttachmentInline, ValidityChangeInline, DocumentEventInline]
    actions = [
        "submit_for_review_action",
        "confirm_personal_data_action",
        "publish_action",
        "withdraw_action",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector", "body").with_validity()

    def pii_scan(self, obj) -> pii.ScanResult:
        return pii.scan_document(obj)

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
            publishing.change_validity_period(
                obj,
                by=request.user,
                reason=form.cleaned_data["validity_reason"],
                effective_on=new_effective,
                expires_on=new_expires,
            )
            return
        super().save_model(request, obj, form, change)

    def _run(self, request, queryset, step, done: str, **kwargs):
        succeeded = 0
        for document in queryset:
            try:
                step(document, by=request.user, **kwargs)
            except (ValidationError, PermissionDenied) as exc:
                message = "；".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(request, f"《{document.title}》：{message}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"已{done} {succeeded} 件文件。", messages.SUCCESS)

    @admin.action(description="提交审核（保密审查）", permissions=["change"])
    def submit_for_review_action(self, request, queryset):
        self._run(request, queryset, publishing.submit_for_review, "提交审核")

    @admin.action(description="审核通过并发布", permissions=["change"])
    def publish_action(self, request, queryset):
        self._run(request, queryset, publishing.publish, "发布")

    @admin.action(description="撤回（需说明原因）", permissions=["change"])
    def withdraw_action(self, request, queryset):
        reason = (request.POST.get("reason") or "").strip()
        if request.POST.get("confirm") and reason:
            self._run(request, queryset, publishing.withdraw, "撤回", reason=reason)
            return None
        if request.POST.get("confirm"):
            self.message_user(request, "撤回必须说明原因。", messages.ERROR)
        return TemplateResponse(
            request,
            "admin/disclosure/document/withdraw.html",
            {
                **self.admin_site.each_context(request),
                "title": "撤回文件",
                "documents": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


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
        step = publishing.repeal if obj.kind == "repeals" else publishing.amend
        relation = step(
            obj.to_document,
            by_document=obj.from_document,
            by=request.user,
            reason=obj.reason,
            on=obj.effective_on,
        )
        obj.pk = relation.pk
        obj._state.adding = False
