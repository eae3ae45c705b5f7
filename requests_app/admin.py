"""Admin of 依申请公开: scoped to the staff member's agency; every step calls ``steps``.

Lists show the applicant masked; opening a request shows the full record and is logged
(StaffAccessLog). Status, due date and outcome are derived and read-only.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from catalog import audit
from catalog.permissions import can_act_for, is_supervisor
from catalog.scoping import AgencyScopedAdmin
from catalog.validators import validate_credit_code
from catalog.workdays import WorkCalendar
from config.web.storage import attachment_response
from config.web.validators import normalize_id_number, validate_resident_id
from requests_app import flags, notices, steps
from requests_app.approvals import Approval
from requests_app.forms.staff import STEPS, offered_steps
from requests_app.limits import ART44_MIN_APPLICANTS
from requests_app.models import (
    FeeNotice,
    InformationRequest,
    RequestAttachment,
    RequestEvent,
    ReviewCase,
    StaffAccessLog,
    SubTask,
)
from requests_app.outcomes import ApplicantType
from requests_app.steps import WorkflowError

#: An admin search term that may be a whole ID number (any kind of 证件), spaces removed.
ID_NUMBER_TERM = re.compile(r"[0-9A-Z]{6,40}")


class OverdueFilter(admin.SimpleListFilter):
    title = "期限"
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("overdue", "已超期"), ("soon", "5个工作日内到期"), ("stopped", "期限暂停")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "soon":
            return queryset.due_within(5)
        if self.value() == "stopped":
            return queryset.stopped()
        return queryset


class FlagFilter(admin.SimpleListFilter):
    title = "提示"
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [
            ("repeat", "可能重复申请（第三十六条第六项）"),
            ("many", f"{ART44_MIN_APPLICANTS}人以上申请相似信息（第四十四条）"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "repeat":
            return queryset.possible_repeats()
        if self.value() == "many":
            return queryset.asked_by_many()
        return queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the log and the records under a request are never deleted here


class RequestEventInline(ReadOnlyInline):
    model = RequestEvent
    fk_name = "request"
    fields = ["on", "kind", "actor", "at", "deadline", "note"]
    readonly_fields = fields
    verbose_name_plural = "办理记录"


class SubTaskInline(ReadOnlyInline):
    model = SubTask
    fields = ["unit", "question", "asked_on", "answer_by", "state", "answer", "answered_on"]
    readonly_fields = fields


class FeeNoticeInline(ReadOnlyInline):
    model = FeeNotice
    fields = [
        "method",
        "calculation",
        "amount",
        "reduction",
        "reduction_reason",
        "amount_due",
        "issued_on",
        "pay_by",
        "state",
        "paid_on",
    ]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = RequestAttachment
    fields = ["title", "number", "kind", "visible_to_applicant", "uploaded_at", "download"]
    readonly_fields = fields
    verbose_name_plural = "告知书和附件"

    @admin.display(description="下载")
    def download(self, obj):
        url = reverse("admin:requests_app_informationrequest_file", args=[obj.request_id, obj.pk])
        return format_html('<a href="{}">下载</a>', url)


class ReviewCaseInline(ReadOnlyInline):
    model = ReviewCase
    fields = ["kind", "filed_on", "body", "case_number", "result", "concluded_on"]
    readonly_fields = fields


def _run_step(modeladmin, request, queryset, step, label: str) -> None:
    done, refused = 0, []
    for req in queryset:
        try:
            step(req, by=request.user)
            done += 1
        except WorkflowError as exc:
            refused.append(f"{req.tracking_number}：{exc}")
    if done:
        modeladmin.message_user(request, f"已{label}{done}件申请。", messages.SUCCESS)
    for message in refused:
        modeladmin.message_user(request, message, messages.ERROR)


@admin.action(description="确认收到（登记，收到日期为今天）")
def register_selected(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, steps.register, "登记")


@admin.action(description="分办给我本人")
def assign_to_me(modeladmin, request, queryset):
    def step(req, *, by):
        return steps.assign(req, by=by, handler=by)

    _run_step(modeladmin, request, queryset, step, "分办")


@admin.action(description="逾期未补正，终止办理")
def close_no_clarification_selected(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, steps.close_for_no_clarification, "终止")


@admin.action(description="逾期未缴费，终止办理")
def close_unpaid_selected(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, steps.close_for_unpaid_fee, "终止")


@admin.action(description="归档")
def archive_selected(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, steps.archive, "归档")


#: The application as received (Art. 29): entered once, when a paper or oral application
#: is registered in the admin; afterwards read-only, corrected only through
#: ``steps.correct_application`` (an event with before and after).
APPLICATION_FIELDS = [
    "applicant_type",
    "organization_kind",
    "name",
    "id_type",
    "id_number",
    "credit_code",
    "legal_representative",
    "contact_name",
    "phone",
    "email",
    "postal_address",
    "postal_code",
    "description",
    "purpose",
    "form",
    "delivery",
]


class InformationRequestAdminForm(forms.ModelForm):
    """Checks the identifiers as the public application form does, with its messages."""

    class Meta:
        model = InformationRequest
        fields = ["organization", "channel", "received_on", *APPLICATION_FIELDS]

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data.get("id_number", ""))

    def clean_credit_code(self):
        code = (self.cleaned_data.get("credit_code") or "").strip().upper()
        if code:
            validate_credit_code(code)
        return code

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("id_number")
        resident = cleaned.get("id_type") == InformationRequest.IdType.RESIDENT_ID
        if cleaned.get("applicant_type") == ApplicantType.PERSON and resident and number:
            try:
                validate_resident_id(number)
            except ValidationError as error:
                self.add_error("id_number", error)
                # Kept for the model's clean(), which would otherwise add 「请填写」.
                cleaned["id_number"] = number
        return cleaned


@admin.register(InformationRequest)
class InformationRequestAdmin(AgencyScopedAdmin):
    form = InformationRequestAdminForm
    list_filter = ["status", OverdueFilter, FlagFilter, "outcome", "channel", "applicant_type"]
    search_fields = ["tracking_number"]
    search_help_text = "按申请编号或完整的身份证件号码检索。"
    date_hierarchy = "received_on"
    list_select_related = ["organization"]
    inlines = [
        RequestEventInline,
        AttachmentInline,
        SubTaskInline,
        FeeNoticeInline,
        ReviewCaseInline,
    ]
    actions = [
        register_selected,
        assign_to_me,
        close_no_clarification_selected,
        close_unpaid_selected,
        archive_selected,
    ]
    readonly_fields = [
        "tracking_number",
        "status",
        "due_on",
        "due_explanation_link",
        "outcome",
        "reply_type",
        "closed_on",
        "handler",
        "backup_handler",
        "created_at",
        "applicant_month_count",
        "repeat_hint",
        "similar_hint",
    ]
    fieldsets = [
        (
            "办理情况",
            {
                "fields": [
                    "organization",
                    "tracking_number",
                    "channel",
                    "received_on",
                    "status",
                    "due_on",
                    "due_explanation_link",
                    "handler",
                    "backup_handler",
                    "outcome",
                    "reply_type",
                    "closed_on",
                    "applicant_month_count",
                    "repeat_hint",
                    "similar_hint",
                ]
            },
        ),
        (
            "申请人",
            {
                "fields": [
                    "applicant_type",
                    "organization_kind",
                    "name",
                    "id_type",
                    "id_number",
                    "credit_code",
                    "legal_representative",
                    "contact_name",
                    "phone",
                    "email",
                    "postal_address",
                    "postal_code",
                ]
            },
        ),
        ("申请内容", {"fields": ["description", "purpose", "form", "delivery"]}),
    ]

    def get_list_display(self, request):
        calendar, today = WorkCalendar(), timezone.localdate()

        @admin.display(description="剩余工作日")
        def working_days_left(obj):
            left = obj.working_days_left(on=today, calendar=calendar)
            if left is None:
                return "暂停" if obj.is_stopped else "—"
            if left < 0:
                return format_html('<strong class="overdue">超期{}天</strong>', -left)
            return left

        columns = [
            "tracking_number",
            "masked_applicant",
            "masked_phone",
            "status",
            "received_on",
            "due_on",
            working_days_left,
            "outcome",
            "hints",
        ]
        if is_supervisor(request.user):
            columns.insert(1, "organization")
        return columns

    @admin.display(description="申请人")
    def masked_applicant(self, obj):
        return obj.masked_name

    @admin.display(description="联系电话")
    def masked_phone(self, obj):
        return obj.masked_phone

    @admin.display(description="提示")
    def hints(self, obj):
        labels = []
        if obj.possible_repeat_of_id:
            labels.append("可能重复")
        if obj.similar_applicants >= ART44_MIN_APPLICANTS:
            labels.append(f"{obj.similar_applicants}人申请相似信息")
        return "；".join(labels) or "—"

    @admin.display(description="可能重复申请（第三十六条第六项）")
    def repeat_hint(self, obj):
        earlier = flags.possible_repeat_of(obj) if obj and obj.pk else None
        if earlier is None:
            return "—"
        url = reverse("admin:requests_app_informationrequest_change", args=[earlier.pk])
        return format_html(
            '同一申请人曾申请相似内容并已于{}答复：<a href="{}">{}</a>',
            f"{earlier.closed_on:%Y-%m-%d}" if earlier.closed_on else "—",
            url,
            earlier.tracking_number,
        )

    @admin.display(description="相似申请（第四十四条）")
    def similar_hint(self, obj):
        similar = flags.similar_requests(obj) if obj and obj.pk else []
        if not similar:
            return "—"
        count = flags.distinct_applicants(obj, similar)
        links = format_html_join(
            "、",
            '<a href="{}">{}</a>',
            (
                (
                    reverse("admin:requests_app_informationrequest_change", args=[r.pk]),
                    r.tracking_number,
                )
                for r in similar[:20]
            ),
        )
        text = format_html("近12个月共{}名申请人申请相似信息：{}", count, links)
        if count < ART44_MIN_APPLICANTS:
            return text
        # The draft document belongs to the disclosure app; linked by URL name only.
        url = reverse("disclosure:document-from-requests", args=[obj.tracking_number])
        return format_html('{}。<a href="{}">可考虑转为主动公开（生成草稿）</a>', text, url)

    @admin.display(description="申请人本月申请件数")
    def applicant_month_count(self, obj):
        """This request's number in the month: fee tiers (国办函〔2020〕109号), Art. 35."""
        if obj is None or obj.pk is None or not obj.applicant_key:
            return "—"
        return f"本月第{obj.requests_this_month()}件"

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if is_supervisor(request.user):
            filters.insert(0, "organization")
        return filters

    def get_search_results(self, request, queryset, search_term):
        """The column holds ciphertext: a whole ID number is matched on its keyed hash."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        number = normalize_id_number(search_term)
        if ID_NUMBER_TERM.fullmatch(number):
            results |= queryset.with_id_number(number)
        return results, may_have_duplicates

    @admin.display(description="期限计算说明")
    def due_explanation_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("requests_app:due-explanation", args=[obj.tracking_number])
        return format_html('<a href="{}">查看期限计算说明</a>', url)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Received, it is a record: corrections go through the 更正申请信息 step.
            fields += ["received_on", "channel", "organization", *APPLICATION_FIELDS]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_archived:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # requests are never deleted: the annual report counts them

    def get_urls(self):
        step_view = self.admin_site.admin_view(self.step_view)
        return [
            path(
                "<path:object_id>/step/<slug:step>/",
                step_view,
                name="requests_app_informationrequest_step",
            ),
            path(
                "<path:object_id>/file/<int:attachment_id>/",
                self.admin_site.admin_view(self.file_view),
                name="requests_app_informationrequest_file",
            ),
            *super().get_urls(),
        ]

    def _request_or_404(self, request, object_id):
        # get_object() answers None for an id that is no number ("../1"), where a plain
        # pk lookup would raise ValueError (a 500).
        req = self.get_object(request, object_id)
        if req is None:
            raise Http404
        return req

    def step_view(self, request, object_id, step):
        """One workflow step on one request: a small form, then the workflow function."""
        if step not in STEPS:
            raise PermissionDenied
        title, form_class, _ = STEPS[step]
        req = self._request_or_404(request, object_id)
        if not can_act_for(request.user, req.organization):
            raise PermissionDenied
        form = form_class(request.POST or None, req=req)
        letter = None
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            issuing = request.POST.get("stage") == "issue" and "regenerate" not in request.POST
            try:
                if form.issues_letter and not issuing:
                    # First submit: show the letter the step would issue, for editing.
                    letter = steps.draft_letter(
                        lambda: form.run(req, request.user, {**d, "letter_text": ""})
                    )
                if issuing and not (d.get("letter_text") or "").strip():
                    form.add_error("letter_text", "请填写告知书正文。")
                elif letter is None:
                    form.run(req, request.user, d)
                    self.message_user(
                        request, f"{req.tracking_number}：已{title}。", messages.SUCCESS
                    )
                    return redirect("admin:requests_app_informationrequest_change", req.pk)
            except WorkflowError as exc:
                form.add_error(None, str(exc))
                letter = None
            if letter is not None:
                data = request.POST.copy()
                data["letter_text"] = letter.body
                form = form_class(data, req=req)
                form.is_valid()
        letter_stage = letter is not None or (
            request.method == "POST" and request.POST.get("stage") == "issue"
        )
        return TemplateResponse(
            request,
            "admin/requests_app/step_form.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{title}：{req.tracking_number}",
                "form": form,
                "letter": letter,
                "letter_stage": letter_stage,
                "req": req,
                "opts": self.model._meta,
                "original": req,
            },
        )

    def file_view(self, request, object_id, attachment_id):
        """A letter or file of the request, for staff of its agency (never a public URL)."""
        req = self._request_or_404(request, object_id)
        if not can_act_for(request.user, req.organization):
            raise PermissionDenied
        attachment = get_object_or_404(req.attachments, pk=attachment_id)
        StaffAccessLog.objects.create(request=req, user=request.user, where="下载申请附件")
        audit.record(
            audit.Action.RECORD_VIEWED,
            actor=request.user,
            obj=req,
            label=req.tracking_number,
            summary="下载申请附件",
            request=request,
        )
        return attachment_response(notices.ensure_pdf(attachment))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context = {
                **(extra_context or {}),
                "workflow_steps": [
                    (
                        reverse("admin:requests_app_informationrequest_step", args=[obj.pk, slug]),
                        title,
                    )
                    for slug, title in offered_steps(obj)
                ],
                "due_explanation_url": reverse(
                    "requests_app:due-explanation", args=[obj.tracking_number]
                ),
            }
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and obj is not None and response.status_code == 200:
            StaffAccessLog.objects.create(request=obj, user=request.user, where="管理后台详情页")
            audit.record(
                audit.Action.RECORD_VIEWED,
                actor=request.user,
                obj=obj,
                label=obj.tracking_number,
                summary="管理后台详情页",
                request=request,
            )
        return response

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new request from the admin was received in person, by post or fax: register it.
        received_on = obj.received_on or timezone.localdate()
        obj.received_on = None
        super().save_model(request, obj, form, change)
        try:
            steps.register(obj, by=request.user, received_on=received_on)
        except WorkflowError as exc:
            self.message_user(request, str(exc), messages.ERROR)


@admin.register(ReviewCase)
class ReviewCaseAdmin(AgencyScopedAdmin):
    agency_field = "request__organization"
    list_display = ["request", "kind", "filed_on", "body", "result", "concluded_on"]
    list_filter = ["kind", "result"]
    search_fields = ["request__tracking_number", "case_number"]
    readonly_fields = [f.name for f in ReviewCase._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False  # recorded through steps.record_review


@admin.register(StaffAccessLog)
class StaffAccessLogAdmin(AgencyScopedAdmin):
    agency_field = "request__organization"
    list_display = ["at", "user", "request", "where"]
    list_filter = ["where"]
    search_fields = ["request__tracking_number", "user__username"]
    readonly_fields = ["at", "user", "request", "where"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a log: nobody deletes it, superusers included


@admin.register(Approval)
class ApprovalAdmin(AgencyScopedAdmin):
    """The approvals, read-only: requested on a step page, decided on the head's queue."""

    agency_field = "request__organization"
    list_display = [
        "request",
        "kind",
        "requested_by",
        "requested_at",
        "decision",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["kind", "decision"]
    search_fields = ["request__tracking_number"]
    list_select_related = ["request", "requested_by", "decided_by"]
    fields = [
        "request",
        "kind",
        "data",
        "requested_by",
        "requested_at",
        "decision",
        "decided_by",
        "decided_at",
        "reason",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
