"""The staff step forms: one small form per workflow step, shown on the admin's step pages.

Each form's ``run(req, by, cleaned_data)`` calls its function in :mod:`requests_app.steps`;
a form whose step issues a letter (``issues_letter``) first shows the letter's text for
staff to edit. :data:`STEPS` lists the step pages: slug, title, form and the statuses in
which the step is offered (``requests_app.admin`` serves them).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from catalog.models import Organization
from catalog.permissions import SUPERVISOR_GROUP
from requests_app import steps
from requests_app.fees import FeeMethod
from requests_app.forms.correction import CorrectionForm
from requests_app.forms.reply import ReplyForm
from requests_app.limits import EXTENSION_MAX_WORKING_DAYS
from requests_app.models import InformationRequest, ReviewCase, Status, SubTask
from requests_app.steps.base import display_name
from requests_app.steps.correction import CORRECTABLE_STATUSES


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

    @classmethod
    def available(cls, req: InformationRequest) -> bool:
        """Whether the step has something to act on (beyond the request's status)."""
        return True

    def __init__(self, *args, req: InformationRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.req = req
        self.fields["on"].initial = timezone.localdate()
        for name in ("handler", "backup"):
            if name in self.fields:
                self.fields[name].queryset = _agency_users(req.organization)
        for name, empty in (("handler", "请选择承办人"), ("backup", "不设备岗")):
            if name in self.fields:  # people by name, not by login
                self.fields[name].label_from_instance = display_name
                self.fields[name].empty_label = empty
        if self.issues_letter:
            self.fields["letter_text"] = forms.CharField(
                label="告知书正文",
                widget=forms.Textarea(attrs={"rows": 20, "cols": 90}),
                required=False,
                help_text="由模板生成，可修改；每行一段。发出时编号并生成PDF，申请人可在查询页面下载。",
            )

    def offer(self, name: str, queryset) -> None:
        """A choice among the request's open items: preselected when there is only one."""
        field = self.fields[name]
        field.queryset = queryset
        items = list(queryset[:2])
        if len(items) == 1:
            field.empty_label, field.initial = None, items[0].pk
        else:
            field.empty_label = "请选择"

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
    unit_organization = forms.ModelChoiceField(
        label="协查机关",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="不在本平台（填写协查单位）",
        help_text="本平台的机关：其工作人员可在“协查事项”页面直接答复。",
    )
    unit = forms.CharField(
        label="协查单位",
        max_length=100,
        required=False,
        help_text="不在本平台的单位或内设科室填写名称；选择了协查机关的可留空。",
    )
    question = forms.CharField(label="协查事项", widget=forms.Textarea(attrs={"rows": 3}))
    answer_by = forms.DateField(label="要求答复日期", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_organization"].queryset = Organization.objects.active().exclude(
            pk=self.req.organization_id
        )

    def clean(self):
        d = super().clean()
        if not d.get("unit") and d.get("unit_organization"):
            d["unit"] = d["unit_organization"].name
        if not d.get("unit"):
            self.add_error("unit", "请选择协查机关或填写协查单位。")
        return d

    def run(self, req, by, d):
        return steps.create_subtask(
            req,
            by=by,
            unit=d["unit"],
            unit_organization=d["unit_organization"],
            question=d["question"],
            answer_by=d["answer_by"],
            on=d["on"],
        )


class SubTaskAnswerForm(StepForm):
    """The clerk records the answer a unit gave (the unit itself answers on its queue)."""

    task = forms.ModelChoiceField(label="协查事项", queryset=SubTask.objects.none())
    answer = forms.CharField(label="协查答复", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "答复日期"
        self.offer("task", self.req.subtasks.filter(state=SubTask.State.OPEN))
        self.fields["task"].label_from_instance = lambda t: (
            f"{t.unit}（{t.asked_on:%Y-%m-%d}发起）：{t.question[:40]}"
        )

    @classmethod
    def available(cls, req):
        return req.subtasks.filter(state=SubTask.State.OPEN).exists()

    def run(self, req, by, d):
        steps.answer_subtask(d["task"], by=by, answer=d["answer"], on=d["on"])
        return req


class UnitAnswerForm(forms.Form):
    """The asked agency's answer to a 协查, on its own 协查 queue."""

    answer = forms.CharField(
        label="协查答复",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写协查答复。"},
    )
    on = forms.DateField(label="答复日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


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
    """The clerk's 延期申请: it takes effect when the office's head approves it."""

    days = forms.IntegerField(
        label="延长工作日数", min_value=1, max_value=EXTENSION_MAX_WORKING_DAYS
    )
    reason = forms.CharField(label="延期理由", help_text="接在“因”之后，写入延期答复告知书。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "申请日期"
        self.fields[
            "on"
        ].help_text = (
            "报请本机关政府信息公开工作机构负责人审批；审批同意后延期生效并发出延期答复告知书。"
        )

    def run(self, req, by, d):
        return steps.request_extension(req, by=by, days=d["days"], reason=d["reason"], on=d["on"])


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


class ReviewResultForm(StepForm):
    """The result of a 行政复议 or 行政诉讼 (annual report table 四 counts it by its date)."""

    case = forms.ModelChoiceField(label="案件", queryset=ReviewCase.objects.none())
    result = forms.ChoiceField(
        label="审结结果",
        choices=[c for c in ReviewCase.Result.choices if c[0] != ReviewCase.Result.PENDING],
    )
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "审结日期"
        self.fields["on"].help_text = "复议决定或裁判文书作出的日期；年度报告按此日期统计审结。"
        self.offer("case", self.req.reviews.filter(result=ReviewCase.Result.PENDING))
        self.fields["case"].label_from_instance = lambda c: (
            f"{c.get_kind_display()}（{c.filed_on:%Y-%m-%d}）{c.body or ''}{c.case_number or ''}"
        )

    @classmethod
    def available(cls, req):
        return req.reviews.filter(result=ReviewCase.Result.PENDING).exists()

    def run(self, req, by, d):
        steps.record_review_result(d["case"], by=by, result=d["result"], on=d["on"], note=d["note"])
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
_ANY = list(Status.values)

#: step slug -> (title, form, statuses in which the step is offered)
STEPS: dict[str, tuple[str, type[StepForm], list[str]]] = {
    "register": ("登记", RegisterForm, [Status.PENDING]),
    "assign": ("分办", AssignForm, _OPEN),
    "correct": ("更正申请信息", CorrectionForm, sorted(CORRECTABLE_STATUSES)),
    "subtask": ("发起协查", SubTaskForm, _OPEN),
    "subtask-answer": ("登记协查答复", SubTaskAnswerForm, _ANY),
    "clarify": ("补正通知", ClarificationForm, _RUNNING),
    "clarified": ("登记补正", ClarificationReceivedForm, [Status.CLARIFICATION]),
    "no-clarification": ("逾期未补正终止", NoClarificationForm, [Status.CLARIFICATION]),
    "third-party": ("征求第三方意见", ThirdPartyForm, [*_RUNNING, Status.CONSULTATION]),
    "third-party-opinion": ("登记第三方意见", ThirdPartyOpinionForm, [Status.CONSULTATION]),
    "agency": ("征求其他机关意见", AgencyForm, [*_RUNNING, Status.CONSULTATION]),
    "agency-opinion": ("登记其他机关意见", AgencyOpinionForm, [Status.CONSULTATION]),
    "extend": ("申请延期", ExtendForm, [*_RUNNING, Status.CONSULTATION, Status.FEE]),
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
    "review-result": ("登记复议、诉讼结果", ReviewResultForm, _ANY),
}


def offered_steps(req: InformationRequest) -> list[tuple[str, str]]:
    """(slug, title) of the steps offered now: allowed by the status, with something to do."""
    return [
        (slug, title)
        for slug, (title, form, statuses) in STEPS.items()
        if req.status in statuses and form.available(req)
    ]
