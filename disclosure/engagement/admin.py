"""Admin of 政民互动 (2), scoped to the staff member's agency (``AgencyScopedAdmin``).

Interviews, open-day plans and commitment lists are publishable kinds: their status
changes only through the workflow actions (``disclosure.publishing.steps``). Questions are
screened and answered on their change page, which calls ``disclosure.engagement.interviews``;
sign-ups are read-only here (they change only through ``disclosure.engagement.signups``).
Event logs are read-only inlines: nobody edits or deletes them.
"""

from __future__ import annotations

import tablib
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from catalog.permissions import can_act_for, is_supervisor, user_organization
from catalog.scoping import AgencyScopedAdmin
from config.web.filetypes import PUBLIC_UPLOAD_HELP
from disclosure.engagement import interviews
from disclosure.engagement.models import (
    Activity,
    ActivityPicture,
    Commitment,
    CommitmentList,
    CommitmentListEvent,
    CommitmentStatus,
    Guest,
    Interview,
    InterviewEvent,
    InterviewPicture,
    NewMediaAccount,
    OpenDayPlan,
    OpenDayPlanEvent,
    ProgressEntry,
    Question,
    QuestionEvent,
    ServiceHall,
    SignUp,
    SignUpEvent,
    VisitorOpinion,
)
from disclosure.engagement.resources import export_commitments, import_commitments
from disclosure.publishing.admin import (
    KeepPublishedMixin,
    PersonalDataAdminMixin,
    PrivateFileInput,
    PublishingActionsMixin,
    ReadOnlyInline,
)

PUBLISHING_ACTIONS = [
    "submit_for_review_action",
    "publish_action",
    "return_to_draft_action",
    "withdraw_action",
]
WORKFLOW_READONLY = ["status", "published_on"]
PRIVATE_FILE = {models.FileField: {"help_text": PUBLIC_UPLOAD_HELP, "widget": PrivateFileInput}}


# -- 在线访谈 ------------------------------------------------------------------------------


class GuestInline(admin.TabularInline):
    model = Guest
    extra = 0
    fields = ["position", "name", "post"]


class InterviewPictureInline(admin.TabularInline):
    model = InterviewPicture
    extra = 0
    formfield_overrides = PRIVATE_FILE
    fields = ["position", "file", "caption"]


class InterviewEventInline(ReadOnlyInline):
    model = InterviewEvent
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields


@admin.register(Interview)
class InterviewAdmin(
    PersonalDataAdminMixin, PublishingActionsMixin, KeepPublishedMixin, AgencyScopedAdmin
):
    publishing_noun = "在线访谈"
    publishing_unit = "期在线访谈"
    list_display = ["title", "organization", "starts_at", "status", "submitted_by", "approved_by"]
    list_filter = ["status", "organization"]
    search_fields = ["title"]
    list_select_related = ["organization"]
    autocomplete_fields = ["documents", "interpretations"]
    fields = [
        "organization",
        "title",
        "summary",
        "starts_at",
        "ends_at",
        "video_url",
        "documents",
        "interpretations",
        "status",
        "published_on",
        "personal_data_check",
    ]
    readonly_fields = [*WORKFLOW_READONLY, "personal_data_check"]
    inlines = [GuestInline, InterviewPictureInline, InterviewEventInline]
    actions = [*PUBLISHING_ACTIONS, "confirm_personal_data_action"]


class QuestionEventInline(ReadOnlyInline):
    model = QuestionEvent
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields


class QuestionAdminForm(forms.ModelForm):
    """The screening and the answer, carried out by ``interviews`` on save."""

    decision = forms.ChoiceField(
        label="审核",
        required=False,
        choices=[("", "（不变）"), ("show", "审核通过，显示"), ("reject", "不予显示")],
    )
    shown_as = forms.CharField(
        label="公开的问题文字",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="审核通过时可填写去除个人信息后的文字；不填则公开原文。",
    )
    reason = forms.CharField(label="不予显示的理由", required=False, help_text="仅工作人员可见。")
    guest = forms.ModelChoiceField(label="答复嘉宾", queryset=Guest.objects.none(), required=False)
    answer_text = forms.CharField(
        label="答复", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    class Meta:
        model = Question
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["guest"].queryset = Guest.objects.filter(
                interview_id=self.instance.interview_id
            )
            self.fields["answer_text"].initial = self.instance.answer
            self.fields["guest"].initial = self.instance.answered_by_id

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "不予显示须说明理由。")
        if cleaned.get("answer_text", "").strip() and not cleaned.get("guest"):
            self.add_error("guest", "请选择答复的嘉宾。")
        return cleaned


@admin.register(Question)
class QuestionAdmin(AgencyScopedAdmin):
    agency_field = "interview__organization"
    form = QuestionAdminForm
    list_display = ["__str__", "interview", "status", "submitted_at", "answered_by"]
    list_filter = ["status", "interview__organization"]
    search_fields = ["text", "interview__title"]
    list_select_related = ["interview", "answered_by"]
    readonly_fields = [
        "interview",
        "text",
        "name",
        "phone",
        "email",
        "submitted_at",
        "status",
        "public_text_now",
        "answer",
        "answered_by",
        "answered_at",
    ]
    fieldsets = [
        (
            "提问（称呼和联系方式仅工作人员可见）",
            {"fields": ["interview", "text", "name", "phone", "email", "submitted_at"]},
        ),
        ("审核", {"fields": ["status", "public_text_now", "decision", "shown_as", "reason"]}),
        ("答复", {"fields": ["answer", "answered_by", "answered_at", "guest", "answer_text"]}),
    ]
    inlines = [QuestionEventInline]

    @admin.display(description="当前公开文字")
    def public_text_now(self, obj):
        return obj.public_text or "（原文）"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if data.get("decision") == "show":
                obj = interviews.show(obj, by=request.user, public_text=data["shown_as"])
            elif data.get("decision") == "reject":
                obj = interviews.reject(obj, by=request.user, reason=data["reason"])
            text = (data.get("answer_text") or "").strip()
            if text and (text != obj.answer or data["guest"].pk != obj.answered_by_id):
                interviews.answer(obj, by=request.user, guest=data["guest"], text=text)
        except (ValidationError, PermissionDenied) as exc:
            message = "；".join(getattr(exc, "messages", [str(exc)]))
            self.message_user(request, message, messages.ERROR)


# -- 政府开放活动 ---------------------------------------------------------------------------


class OpenDayPlanEventInline(ReadOnlyInline):
    model = OpenDayPlanEvent
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields


class ActivityLinkInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["theme", "starts_at", "place", "quota", "signup_closes_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OpenDayPlan)
class OpenDayPlanAdmin(PublishingActionsMixin, KeepPublishedMixin, AgencyScopedAdmin):
    publishing_noun = "政府开放计划"
    publishing_unit = "个开放计划"
    list_display = ["title", "organization", "year", "status", "submitted_by", "approved_by"]
    list_filter = ["status", "year", "organization"]
    search_fields = ["title"]
    list_select_related = ["organization"]
    fields = ["organization", "year", "title", "intro", "status", "published_on"]
    readonly_fields = WORKFLOW_READONLY
    inlines = [ActivityLinkInline, OpenDayPlanEventInline]
    actions = PUBLISHING_ACTIONS


class ActivityPictureInline(admin.TabularInline):
    model = ActivityPicture
    extra = 0
    formfield_overrides = PRIVATE_FILE
    fields = ["position", "file", "caption"]
    verbose_name_plural = "活动回顾图片（随开放计划公开）"


class VisitorOpinionInline(admin.TabularInline):
    model = VisitorOpinion
    extra = 0
    fields = ["position", "summary", "response"]
    verbose_name_plural = "参访意见及答复（随活动回顾公开，不写个人信息）"


class SignUpInline(admin.TabularInline):
    model = SignUp
    extra = 0
    can_delete = False
    fields = ["code", "status", "people", "name", "phone", "created_at"]
    readonly_fields = fields
    verbose_name_plural = "报名名单（仅工作人员可见）"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(AgencyScopedAdmin):
    agency_field = "plan__organization"
    list_display = ["theme", "plan", "host", "starts_at", "quota", "taken", "signup_closes_at"]
    list_filter = ["plan__year", "plan__organization"]
    search_fields = ["theme"]
    list_select_related = ["plan", "host"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "plan",
                    "theme",
                    "host",
                    "starts_at",
                    "ends_at",
                    "place",
                    "audience",
                    "quota",
                    "per_person_limit",
                    "how_to_sign_up",
                    "signup_closes_at",
                    "position",
                ]
            },
        ),
        ("活动回顾", {"fields": ["review", "review_published"]}),
    ]
    inlines = [SignUpInline, ActivityPictureInline, VisitorOpinionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_places()

    @admin.display(description="已报名（人）")
    def taken(self, obj):
        return obj.places_taken

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "plan" and not is_supervisor(request.user):
            org = user_organization(request.user)
            kwargs["queryset"] = OpenDayPlan.objects.filter(organization=org)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SignUpEventInline(ReadOnlyInline):
    model = SignUpEvent
    fields = ["at", "action", "note"]
    readonly_fields = fields


@admin.register(SignUp)
class SignUpAdmin(AgencyScopedAdmin):
    agency_field = "activity__plan__organization"
    list_display = ["code", "activity", "status", "people", "created_at"]
    list_filter = ["status", "activity__plan__organization"]
    search_fields = ["code", "activity__theme"]
    list_select_related = ["activity"]
    readonly_fields = ["activity", "name", "phone", "people", "code", "status", "created_at"]
    fields = readonly_fields
    inlines = [SignUpEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# -- 公开承诺事项 ----------------------------------------------------------------------------


class CommitmentListEventInline(ReadOnlyInline):
    model = CommitmentListEvent
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields


class ImportForm(forms.Form):
    file = forms.FileField(label="XLSX 文件", help_text="请使用导出的表格作为模板填写。")


@admin.register(CommitmentList)
class CommitmentListAdmin(PublishingActionsMixin, KeepPublishedMixin, AgencyScopedAdmin):
    publishing_noun = "公开承诺事项清单"
    publishing_unit = "个清单"
    list_display = ["title", "organization", "year", "status", "submitted_by", "approved_by"]
    list_filter = ["status", "year", "organization"]
    search_fields = ["title"]
    list_select_related = ["organization"]
    fields = ["organization", "year", "title", "intro", "status", "published_on", "spreadsheet"]
    readonly_fields = [*WORKFLOW_READONLY, "spreadsheet"]
    inlines = [CommitmentListEventInline]
    actions = PUBLISHING_ACTIONS

    @admin.display(description="表格导入导出")
    def spreadsheet(self, obj):
        if obj is None or obj.pk is None:
            return "保存后可导入、导出。"
        return format_html(
            '<a href="{}">导出 XLSX</a> · <a href="{}">导入 XLSX</a>',
            reverse("admin:engagement_commitmentlist_export", args=[obj.pk]),
            reverse("admin:engagement_commitmentlist_import", args=[obj.pk]),
        )

    def get_urls(self):
        own = [
            path(
                "<int:pk>/export/",
                self.admin_site.admin_view(self.export_view),
                name="engagement_commitmentlist_export",
            ),
            path(
                "<int:pk>/import/",
                self.admin_site.admin_view(self.import_view),
                name="engagement_commitmentlist_import",
            ),
        ]
        return own + super().get_urls()

    def _own_list(self, request, pk, *, change: bool) -> CommitmentList:
        clist = get_object_or_404(self.get_queryset(request), pk=pk)
        allowed = (
            self.has_change_permission(request, clist)
            if change
            else self.has_view_permission(request, clist)
        )
        if not allowed or not can_act_for(request.user, clist.organization):
            raise PermissionDenied
        return clist

    def export_view(self, request, pk):
        clist = self._own_list(request, pk, change=False)
        response = HttpResponse(
            export_commitments(clist),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="commitments-{clist.year}.xlsx"'
        return response

    def import_view(self, request, pk):
        clist = self._own_list(request, pk, change=True)
        form = ImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                dataset = tablib.Dataset().load(form.cleaned_data["file"].read(), format="xlsx")
            except Exception:
                errors = ["无法读取该文件，请上传 XLSX 格式的表格。"]
            else:
                report = import_commitments(dataset, clist)
                if report.ok:
                    self.message_user(
                        request,
                        f"已导入：新增 {report.created} 项，更新 {report.updated} 项。",
                        messages.SUCCESS,
                    )
                    url = reverse("admin:engagement_commitmentlist_change", args=[clist.pk])
                    return HttpResponseRedirect(url)
                errors = ["文件中有错误，未导入任何一行：", *report.messages()]
        return TemplateResponse(
            request,
            "admin/engagement/commitment_import.html",
            {
                **self.admin_site.each_context(request),
                "title": f"导入承诺事项：{clist}",
                "form": form,
                "errors": errors,
                "opts": self.model._meta,
                "original": clist,
            },
        )


class ProgressEntryInline(admin.TabularInline):
    model = ProgressEntry
    extra = 1
    fields = ["on", "text", "completes"]


@admin.register(Commitment)
class CommitmentAdmin(AgencyScopedAdmin):
    agency_field = "commitment_list__organization"
    list_display = [
        "position",
        "__str__",
        "commitment_list",
        "deadline",
        "responsible_unit",
        "status_now",
    ]
    list_filter = ["commitment_list__year", "commitment_list__organization"]
    search_fields = ["task", "responsible_unit"]
    list_select_related = ["commitment_list"]
    fields = [
        "commitment_list",
        "position",
        "task",
        "deadline",
        "responsible_unit",
        "responsible_post",
        "responsible_name",
    ]
    inlines = [ProgressEntryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description="状态", ordering="state_order")
    def status_now(self, obj):
        return CommitmentStatus(obj.state).label

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "commitment_list" and not is_supervisor(request.user):
            org = user_organization(request.user)
            kwargs["queryset"] = CommitmentList.objects.filter(organization=org)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# -- 政务新媒体 and 政务公开专区 ---------------------------------------------------------------


@admin.register(NewMediaAccount)
class NewMediaAccountAdmin(AgencyScopedAdmin):
    list_display = [
        "name",
        "platform",
        "account_id",
        "organization",
        "filing_status",
        "opened_on",
        "closed_on",
    ]
    list_filter = ["platform", "filing_status", "organization"]
    search_fields = ["name", "account_id"]
    list_select_related = ["organization"]

    def has_delete_permission(self, request, obj=None):
        return False  # a closed account stays listed with its date and notice


@admin.register(ServiceHall)
class ServiceHallAdmin(AgencyScopedAdmin):
    list_display = ["name", "organization", "address", "opening_hours", "phone"]
    list_filter = ["organization"]
    search_fields = ["name", "address"]
    list_select_related = ["organization"]
