"""Admin of 政策解读: scoped to the staff member's agency; workflow steps call
disclosure.publishing.steps, which alone changes an interpretation's status."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html_join

from catalog.scoping import AgencyScopedAdmin
from catalog.workdays import WorkCalendar
from disclosure.library import timeliness
from disclosure.library.models import Interpretation, InterpretationEvent, InterpretationMedia
from disclosure.publishing.admin import (
    KeepPublishedMixin,
    PersonalDataAdminMixin,
    PrivateFileInput,
    PublishingActionsMixin,
    ReadOnlyInline,
)


class InterpretationMediaInline(admin.StackedInline):
    model = InterpretationMedia
    extra = 0
    fields = ["kind", "title", "file", "embed_url", "text_alternative", "position"]
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.FileField: {
            "widget": PrivateFileInput,
            "help_text": "图片 JPG 或 PNG（上传时自动清除拍摄地点、设备等隐藏信息）；"
            "音频 MP3、M4A、WAV；视频 MP4、WebM。",
        },
    }
    verbose_name_plural = "图片或音视频（图片须填写替代文字，音视频须提供文字稿）"


class InterpretationEventInline(ReadOnlyInline):
    model = InterpretationEvent
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields
    verbose_name_plural = "操作记录"


class InterpretationAdminForm(forms.ModelForm):
    class Meta:
        model = Interpretation
        fields = [
            "organization",
            "documents",
            "title",
            "summary",
            "stage",
            "form",
            "interpreter_name",
            "interpreter_role",
            "is_first_interpreter",
            "category",
            "body",
        ]


@admin.register(Interpretation)
class InterpretationAdmin(
    KeepPublishedMixin, PersonalDataAdminMixin, PublishingActionsMixin, AgencyScopedAdmin
):
    form = InterpretationAdminForm
    publishing_noun = "政策解读"
    publishing_unit = "篇解读"
    list_display = [
        "title",
        "stage",
        "form",
        "organization",
        "interpreter_name",
        "is_first_interpreter",
        "status",
        "published_on",
        "submitted_by",
        "approved_by",
    ]
    list_filter = ["status", "stage", "form", "is_first_interpreter", "organization"]
    search_fields = ["title", "interpreter_name", "index_number", "documents__title"]
    list_select_related = ["organization"]
    autocomplete_fields = ["documents", "category"]
    readonly_fields = [
        "index_number",
        "status",
        "published_on",
        "due_dates",
        "draft_consultations",
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
                    "documents",
                    "title",
                    "summary",
                    "stage",
                    "draft_consultations",
                    "form",
                    "category",
                ]
            },
        ),
        ("解读人", {"fields": ["interpreter_name", "interpreter_role", "is_first_interpreter"]}),
        ("正文", {"fields": ["body"]}),
        ("发布前个人信息检查", {"fields": ["personal_data_check"]}),
        (
            "发布信息（由发布流程生成）",
            {
                "fields": [
                    "status",
                    "index_number",
                    "published_on",
                    "due_dates",
                    "created_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    inlines = [InterpretationMediaInline, InterpretationEventInline]
    actions = [
        "submit_for_review_action",
        "confirm_personal_data_action",
        "publish_action",
        "return_to_draft_action",
        "withdraw_action",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector", "body")

    @admin.display(description="关联的意见征集")
    def draft_consultations(self, obj):
        # The consultation links its 起草阶段 interpretations (decisions sits above the
        # library and declares the relation); shown here, edited on the consultation.
        if obj is None or obj.pk is None:
            return "起草阶段的解读保存后，在意见征集的「起草阶段解读」中关联。"
        found = list(obj.consultations.only("pk", "title"))
        if not found:
            return "—（起草阶段的解读在意见征集的「起草阶段解读」中关联）"
        return format_html_join(
            "\n",
            '<p><a href="{}">{}</a></p>',
            ((reverse("admin:decisions_consultation_change", args=[c.pk]), c.title) for c in found),
        )

    @admin.display(description="解读期限")
    def due_dates(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        if not timeliness.is_timed(obj):
            return "发布时限只适用于「发布解读」阶段。"
        calendar = WorkCalendar()
        rows = [
            (
                document.title,
                document.published_on,
                timeliness.interpretation_due_on(document.published_on, calendar),
            )
            for document in obj.documents.exclude(published_on=None)
        ]
        if not rows:
            return "所解读的文件发布后计算。"
        return format_html_join(
            "\n",
            "<p>《{}》{} 发布，解读应于 {} 前发布</p>",
            ((t, f"{p:%Y-%m-%d}", f"{d:%Y-%m-%d}") for t, p, d in rows),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The interpreted documents' titles are part of the search vector.
        form.instance.save(update_fields=["updated_at"])
