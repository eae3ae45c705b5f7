"""Admin of 依申请公开: scoped to the staff member's agency; every step calls workflow.

Lists show the applicant masked; opening a request shows the full record and is logged
(StaffAccessLog). Status, due date and outcome are derived and read-only.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from catalog import audit
from catalog.permissions import APPROVER_GROUP, SUPERVISOR_GROUP, can_act_for, is_supervisor
from catalog.scoping import AgencyScopedAdmin
from catalog.workdays import WorkCalendar
from config.web.storage import attachment_response
from config.web.validators import normalize_id_number
from requests_app import flags, notices, steps
from requests_app.fees import FeeMethod
from requests_app.letters import FIELDS, LetterKind, optional_fields, required_fields
from requests_app.letters.context import DATE
from requests_app.limits import ART44_MIN_APPLICANTS, EXTENSION_MAX_WORKING_DAYS
from requests_app.models import (
    FeeNotice,
    InformationRequest,
    RequestAttachment,
    RequestEvent,
    ReviewCase,
    StaffAccessLog,
    Status,
    SubTask,
)
from requests_app.outcomes import TERMINATION_OUTCOMES, Outcome, ReplyType, WithholdGround
from requests_app.steps import WorkflowError

#: An admin search term that may be a whole ID number (any kind of 证件), spaces removed.
ID_NUMBER_TERM = re.compile(r"[0-9A-Z]{6,40}")

# -- one form per workflow step (staff pages of the admin) -------------------------------


def _approvers(organization):
    """The heads of the agency's disclosure office (catalog.permissions.can_approve_for)."""
    return get_user_model().objects.filter(
        staff_profile__organization=organization, groups__name=APPROVER_GROUP, is_active=True
    )


def _agency_users(organization):
    return (
        get_user_model()
        .objects.filter(
            Q(staff_profile__organization=organization) | Q(groups__name=SUPERVISOR_GROUP),
            is_active=True,
        )
        .distinct()
    )


class StepForm(forms.Form):
    on = forms.DateField(label="日期", help_text="该事项发生的日期，期限据此计算。")

    #: The step issues a letter: the form first shows its text for staff to edit.
    issues_letter = False

    def __init__(self, *args, req: InformationRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.req = req
        self.fields["on"].initial = timezone.localdate()
        for name in ("handler", "backup"):
            if name in self.fields:
                self.fields[name].queryset = _agency_users(req.organization)
        if "approver" in self.fields:
            self.fields["approver"].queryset = _approvers(req.organization)
        if self.issues_letter:
            self.fields["letter_text"] = forms.CharField(
                label="告知书正文",
                widget=forms.Textarea(attrs={"rows": 20, "cols": 90}),
                required=False,
                help_text="由模板生成，可修改；每行一段。发出时编号并生成PDF，申请人可在查询页面下载。",
            )

    def letter_body(self, d) -> str | None:
        return d.get("letter_text") or None


class RegisterForm(StepForm):
    note = forms.CharField(label="备注", required=False)
    issues_letter = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "收到申请日期"
        self.fields[
            "on"
        ].help_text = "第三十一条：网上申请为双方确认之日，挂号信为签收之日，当面提交为提交之日。"

    def run(self, req, by, d):
        return steps.register(
            req, by=by, received_on=d["on"], note=d["note"], letter_body=self.letter_body(d)
        )


class AssignForm(StepForm):
    handler = forms.ModelChoiceField(label="承办人", queryset=None)
    backup = forms.ModelChoiceField(label="备岗承办人", queryset=None, required=False)

    def run(self, req, by, d):
        return steps.assign(req, by=by, handler=d["handler"], backup=d["backup"], on=d["on"])


class SubTaskForm(StepForm):
    unit = forms.CharField(label="协查单位", max_length=100)
    question = forms.CharField(label="协查事项", widget=forms.Textarea(attrs={"rows": 3}))
    answer_by = forms.DateField(label="要求答复日期", required=False)

    def run(self, req, by, d):
        return steps.create_subtask(
            req,
            by=by,
            unit=d["unit"],
            question=d["question"],
            answer_by=d["answer_by"],
            on=d["on"],
        )


class ClarificationForm(StepForm):
    items = forms.CharField(
        label="需要补正的事项",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一项（第三十条：一次性告知）。",
    )
    reply_by = forms.DateField(label="补正期限")
    guidance = forms.CharField(
        label="指导和释明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    issues_letter = True

    def run(self, req, by, d):
        return steps.request_clarification(
            req,
            by=by,
            items=d["items"].splitlines(),
            reply_by=d["reply_by"],
            guidance=d["guidance"],
            on=d["on"],
            letter_body=self.letter_body(d),
        )


class ClarificationReceivedForm(StepForm):
    text = forms.CharField(
        label="补正内容", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    late_reason = forms.CharField(label="逾期的正当理由", required=False)

    def run(self, req, by, d):
        return steps.receive_clarification(
            req, by=by, on=d["on"], text=d["text"], late_reason=d["late_reason"]
        )


class OnlyDateForm(StepForm):
    step = None

    def run(self, req, by, d):
        return self.step(req, by=by, on=d["on"])


class NoClarificationForm(OnlyDateForm):
    step = staticmethod(steps.close_for_no_clarification)


class PaymentForm(OnlyDateForm):
    step = staticmethod(steps.record_payment)


class UnpaidForm(OnlyDateForm):
    step = staticmethod(steps.close_for_unpaid_fee)


class ArchiveForm(OnlyDateForm):
    step = staticmethod(steps.archive)


class ThirdPartyForm(StepForm):
    party = forms.CharField(label="第三方姓名或名称", max_length=100)
    concern = forms.CharField(
        label="涉及第三方的情形",
        required=False,
        help_text="接在“该政府信息”之后，如“涉及贵单位的商业秘密”。",
    )
    issues_letter = True

    def run(self, req, by, d):
        return steps.consult_third_party(
            req,
            by=by,
            party=d["party"],
            concern=d["concern"],
            on=d["on"],
            letter_body=self.letter_body(d),
        )


class ThirdPartyOpinionForm(StepForm):
    opinion = forms.CharField(
        label="第三方意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="逾期未提出意见的留空。",
    )
    agrees = forms.NullBooleanField(label="是否同意公开", required=False)

    def run(self, req, by, d):
        return steps.receive_third_party_opinion(
            req, by=by, on=d["on"], opinion=d["opinion"], agrees=d["agrees"]
        )


class AgencyForm(StepForm):
    agency = forms.CharField(label="被征求意见的机关", max_length=100)
    reply_by = forms.DateField(label="要求答复日期", required=False)
    question = forms.CharField(
        label="征求意见事项", required=False, help_text="缺省为“该政府信息是否可以公开”。"
    )
    issues_letter = True

    def run(self, req, by, d):
        return steps.consult_other_agency(
            req,
            by=by,
            agency=d["agency"],
            reply_by=d["reply_by"],
            question=d["question"],
            on=d["on"],
            letter_body=self.letter_body(d),
        )


class AgencyOpinionForm(StepForm):
    opinion = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}))

    def run(self, req, by, d):
        return steps.receive_agency_opinion(req, by=by, on=d["on"], opinion=d["opinion"])


class ExtendForm(StepForm):
    approver = forms.ModelChoiceField(label="批准人", queryset=None)
    days = forms.IntegerField(
        label="延长工作日数", min_value=1, max_value=EXTENSION_MAX_WORKING_DAYS
    )
    reason = forms.CharField(label="延期理由")
    issues_letter = True

    def run(self, req, by, d):
        return steps.extend(
            req,
            by=by,
            approver=d["approver"],
            days=d["days"],
            reason=d["reason"],
            on=d["on"],
            letter_body=self.letter_body(d),
        )


class AskReasonsForm(StepForm):
    situation = forms.CharField(
        label="申请数量、频次明显超过合理范围的情况",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如“您自2026年1月以来已提交申请58件”。",
    )
    reasons_due_on = forms.DateField(label="说明理由期限", required=False)
    issues_letter = True

    def run(self, req, by, d):
        return steps.ask_for_reasons(
            req,
            by=by,
            situation=d["situation"],
            reasons_due_on=d["reasons_due_on"],
            on=d["on"],
            letter_body=self.letter_body(d),
        )


class ReasonsForm(StepForm):
    reasons = forms.CharField(label="申请人说明的理由", widget=forms.Textarea(attrs={"rows": 4}))

    def run(self, req, by, d):
        return steps.record_reasons(req, by=by, reasons=d["reasons"], on=d["on"])


class ReasonableDateForm(StepForm):
    date = forms.DateField(label="合理答复期限")
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))
    issues_letter = True

    def run(self, req, by, d):
        return steps.set_reasonable_date(
            req,
            by=by,
            date=d["date"],
            reason=d["reason"],
            on=d["on"],
            letter_body=self.letter_body(d),
        )


class FeeForm(StepForm):
    method = forms.ChoiceField(label="计收方式", choices=FeeMethod.choices)
    pages = forms.IntegerField(label="页数（按量计收）", min_value=1, required=False)
    nth_in_month = forms.IntegerField(
        label="本月第几件（按件计收）",
        min_value=1,
        required=False,
        help_text="留空则按系统统计的申请人本月申请件数。",
    )
    reduction = forms.DecimalField(label="减免金额（元）", min_value=0, required=False)
    reduction_reason = forms.CharField(label="减免理由", required=False)
    payment_instructions = forms.CharField(
        label="缴费方式", required=False, help_text="缴费渠道、账户等；留空则请申请人到本机关缴纳。"
    )
    issues_letter = True

    def run(self, req, by, d):
        steps.issue_fee_notice(
            req,
            by=by,
            method=d["method"],
            pages=d["pages"],
            nth_in_month=d["nth_in_month"],
            reduction=d["reduction"] or 0,
            reduction_reason=d["reduction_reason"],
            on=d["on"],
            payment_instructions=d["payment_instructions"],
            letter_body=self.letter_body(d),
        )
        return req


def _reply_letter_keys() -> list[str]:
    """Facts some reply letter needs beyond the request's own and the form's fixed fields."""
    common = set(required_fields(LetterKind.REPLY)) | set(optional_fields(LetterKind.REPLY))
    keys: set[str] = set()
    for reply_type in ReplyType:
        keys |= set(required_fields(LetterKind.REPLY, reply_type, review_first=False))
        keys |= set(optional_fields(LetterKind.REPLY, reply_type))
    fixed = {
        "publication_location",
        "responsible_agency",
        "responsible_agency_contact",
        "withhold_reason",
        "withhold_ground",
        "withheld_parts",
        "special_law",
        "review_body",
        "court",
    }
    return [key for key in FIELDS if key in keys - common - fixed]


REPLY_LETTER_KEYS = _reply_letter_keys()


class ReplyForm(StepForm):
    outcome = forms.ChoiceField(
        label="办理结果",
        choices=[(o.value, o.label) for o in Outcome if o not in TERMINATION_OUTCOMES],
    )
    reply_type = forms.ChoiceField(
        label="答复类型", choices=[("", "按办理结果"), *ReplyType.choices], required=False
    )
    publication_location = forms.CharField(label="获取方式和途径（已主动公开）", required=False)
    responsible_agency = forms.CharField(label="负责公开的机关（非本机关）", required=False)
    responsible_agency_contact = forms.CharField(label="该机关联系方式", required=False)
    withhold_reason = forms.CharField(label="不予公开的理由和依据", required=False)
    withheld_parts = forms.CharField(
        label="部分公开：不予公开的内容",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="每行一项：内容|依据（" + "、".join(WithholdGround.values) + "）|理由",
    )
    special_law = forms.CharField(label="另有规定的法律、行政法规", required=False)
    review_body = forms.CharField(label="行政复议机关", help_text="写入答复告知书的救济途径。")
    court = forms.CharField(label="人民法院", help_text="可以直接起诉的答复写入告知书。")
    note = forms.CharField(label="备注", required=False)
    issues_letter = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_body"].initial = notices.review_body(self.req.organization)
        self.fields["court"].initial = notices.DEFAULT_COURT
        # The other facts a reply letter of some type states (letters.FIELDS).
        for key in REPLY_LETTER_KEYS:
            spec = FIELDS[key]
            field_class = forms.DateField if spec.type == DATE else forms.CharField
            self.fields[key] = field_class(
                label=spec.label, required=False, help_text=spec.help or None
            )
        if self.req.possible_repeat_of_id:
            self.fields["previous_reply_on"].initial = self.req.possible_repeat_of.closed_on
        # The letter's text comes last.
        if "letter_text" in self.fields:
            self.fields["letter_text"] = self.fields.pop("letter_text")

    def run(self, req, by, d):
        parts = []
        for line in d["withheld_parts"].splitlines():
            if line.strip():
                part, _, rest = line.partition("|")
                ground, _, reason = rest.partition("|")
                parts.append(
                    {"part": part.strip(), "ground": ground.strip(), "reason": reason.strip()}
                )
        details = {
            key: d[key]
            for key in (
                "publication_location",
                "responsible_agency",
                "responsible_agency_contact",
                "withhold_reason",
                "special_law",
            )
            if d[key]
        }
        if parts:
            details["withheld_parts"] = parts
        for key in ("review_body", "court", *REPLY_LETTER_KEYS):
            if d.get(key):
                details[key] = d[key]
        return steps.reply(
            req,
            by=by,
            outcome=d["outcome"],
            reply_type=d["reply_type"] or None,
            details=details,
            note=d["note"],
            on=d["on"],
            letter_body=self.letter_body(d),
        )


class DeliverForm(StepForm):
    method = forms.ChoiceField(label="送达方式", choices=InformationRequest.Delivery.choices)

    def run(self, req, by, d):
        return steps.deliver(req, by=by, method=d["method"], on=d["on"])


class ReviewForm(StepForm):
    kind = forms.ChoiceField(label="类型", choices=ReviewCase.Kind.choices)
    body = forms.CharField(label="复议机关或人民法院", required=False)
    case_number = forms.CharField(label="案号", required=False)

    def run(self, req, by, d):
        steps.record_review(
            req,
            by=by,
            kind=d["kind"],
            filed_on=d["on"],
            body=d["body"],
            case_number=d["case_number"],
        )
        return req


_OPEN = [
    Status.REGISTERED,
    Status.PROCESSING,
    Status.CLARIFICATION,
    Status.CONSULTATION,
    Status.FEE,
]
_RUNNING = [Status.REGISTERED, Status.PROCESSING]
_CLOSED = [Status.REPLIED, Status.DELIVERED, Status.TERMINATED, Status.ARCHIVED]

#: step slug -> (title, form, statuses in which the step is offered)
STEPS: dict[str, tuple[str, type[StepForm], list[str]]] = {
    "register": ("登记", RegisterForm, [Status.PENDING]),
    "assign": ("分办", AssignForm, _OPEN),
    "subtask": ("发起协查", SubTaskForm, _OPEN),
    "clarify": ("补正通知", ClarificationForm, _RUNNING),
    "clarified": ("登记补正", ClarificationReceivedForm, [Status.CLARIFICATION]),
    "no-clarification": ("逾期未补正终止", NoClarificationForm, [Status.CLARIFICATION]),
    "third-party": ("征求第三方意见", ThirdPartyForm, [*_RUNNING, Status.CONSULTATION]),
    "third-party-opinion": ("登记第三方意见", ThirdPartyOpinionForm, [Status.CONSULTATION]),
    "agency": ("征求其他机关意见", AgencyForm, [*_RUNNING, Status.CONSULTATION]),
    "agency-opinion": ("登记其他机关意见", AgencyOpinionForm, [Status.CONSULTATION]),
    "extend": ("延期", ExtendForm, [*_RUNNING, Status.CONSULTATION, Status.FEE]),
    "ask-reasons": ("要求说明理由（第三十五条）", AskReasonsForm, _RUNNING),
    "reasons": ("登记申请人说明的理由", ReasonsForm, _RUNNING),
    "reasonable-date": (
        "确定合理期限（第三十五条）",
        ReasonableDateForm,
        [*_RUNNING, Status.CONSULTATION],
    ),
    "fee": ("收费通知", FeeForm, _RUNNING),
    "paid": ("登记缴费", PaymentForm, [Status.FEE]),
    "unpaid": ("逾期未缴费终止", UnpaidForm, [Status.FEE]),
    "reply": ("答复", ReplyForm, _RUNNING),
    "deliver": ("送达", DeliverForm, [Status.REPLIED]),
    "archive": ("归档", ArchiveForm, [Status.DELIVERED, Status.TERMINATED]),
    "review": ("登记行政复议、行政诉讼", ReviewForm, _CLOSED),
}


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


@admin.register(InformationRequest)
class InformationRequestAdmin(AgencyScopedAdmin):
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
            fields += ["received_on", "channel", "organization"]
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
                    for slug, (title, _, statuses) in STEPS.items()
                    if obj.status in statuses
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
