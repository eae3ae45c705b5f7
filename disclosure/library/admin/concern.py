"""Admin of 回应关切: scoped to the staff member's agency; the response is published through
disclosure.publishing.steps like every other kind; the admin shows its time limits."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html_join

from catalog.scoping import AgencyScopedAdmin
from disclosure.library import concerns
from disclosure.library.models import Concern, ConcernEvent
from disclosure.publishing.admin import (
    KeepPublishedMixin,
    PersonalDataAdminMixin,
    PublishingActionsMixin,
    ReadOnlyInline,
)


class ConcernEventInline(ReadOnlyInline):
    model = ConcernEvent
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields
    verbose_name_plural = "操作记录"


class ConcernAdminForm(forms.ModelForm):
    class Meta:
        model = Concern
        fields = [
            "organization",
            "topic",
            "source",
            "learned_at",
            "seriousness",
            "response",
            "channel",
            "responded_at",
            "press_conference_at",
            "links",
        ]


@admin.register(Concern)
class ConcernAdmin(
    KeepPublishedMixin, PersonalDataAdminMixin, PublishingActionsMixin, AgencyScopedAdmin
):
    form = ConcernAdminForm
    publishing_noun = "回应关切"
    publishing_unit = "条回应"
    list_display = [
        "topic",
        "organization",
        "source",
        "seriousness",
        "learned_at",
        "responded_at",
        "status",
        "published_on",
    ]
    list_filter = ["status", "seriousness", "source", "organization"]
    search_fields = ["topic"]
    list_select_related = ["organization"]
    date_hierarchy = "learned_at"
    readonly_fields = [
        "time_limits",
        "status",
        "published_on",
        "personal_data_check",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        ("关切", {"fields": ["organization", "topic", "source", "learned_at", "seriousness"]}),
        (
            "回应",
            {
                "fields": [
                    "response",
                    "channel",
                    "responded_at",
                    "press_conference_at",
                    "links",
                    "time_limits",
                ]
            },
        ),
        ("发布前个人信息检查", {"fields": ["personal_data_check"]}),
        (
            "发布信息（由发布流程生成）",
            {"fields": ["status", "published_on", "created_by", "created_at", "updated_at"]},
        ),
    ]
    inlines = [ConcernEventInline]
    actions = [
        "submit_for_review_action",
        "confirm_personal_data_action",
        "publish_action",
        "return_to_draft_action",
        "withdraw_action",
    ]

    @admin.display(description="回应时限")
    def time_limits(self, obj):
        if obj is None or obj.pk is None or obj.learned_at is None:
            return "保存后按获知时间计算。"
        now = timezone.now()
        return format_html_join(
            "\n",
            "<p>{}：{} 前（{}）</p>",
            (
                (
                    clock.label,
                    clock.due_text,
                    "已超时" if clock.is_late(now) else ("已完成" if clock.done_at else "未完成"),
                )
                for clock in concerns.clocks(obj)
            ),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
