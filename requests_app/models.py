"""依申请公开: requests, their append-only event log, 协查, fees and review cases.

Nothing here changes a request's ``status`` or ``due_on``: ``steps`` changes status
and ``deadlines`` writes the due date computed from the receipt date and the events.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from catalog.models import Organization
from catalog.workdays import WorkCalendar, add_working_days
from config.web.storage import private_storage
from config.web.validators import normalize_id_number
from requests_app import crypto
from requests_app.approvals import Approval  # noqa: F401  (registers the model with the app)
from requests_app.fees import FeeMethod
from requests_app.fields import EncryptedCharField
from requests_app.letters import LetterKind, next_sequence
from requests_app.limits import ART44_MIN_APPLICANTS
from requests_app.outcomes import (
    ApplicantCategory,
    ApplicantType,
    OrganizationKind,
    Outcome,
    ReplyType,
)

# Readable and unguessable: no 0/O, 1/I/L.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_RANDOM_LENGTH = 8


def new_tracking_number(year: int | None = None) -> str:
    year = year or timezone.localdate().year
    random_part = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_RANDOM_LENGTH))
    return f"YSQ-{year}-{random_part}"


# -- masking for lists ------------------------------------------------------------------


def mask_name(name: str) -> str:
    """张三丰 -> 张*丰, 张三 -> 张*; organisations' names are not personal data but are
    masked the same way in lists for simplicity."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """13812345678 -> 138****5678; other numbers keep only their last four characters."""
    phone = (phone or "").strip()
    if len(phone) == 11 and phone.isdigit():
        return f"{phone[:3]}****{phone[-4:]}"
    if len(phone) <= 4:
        return "*" * len(phone)
    return "*" * (len(phone) - 4) + phone[-4:]


def mask_id_number(number: str) -> str:
    number = (number or "").strip()
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


# -- requests ---------------------------------------------------------------------------


class Status(models.TextChoices):
    PENDING = "pending", "待登记"
    REGISTERED = "registered", "已登记"
    PROCESSING = "processing", "办理中"
    CLARIFICATION = "clarification", "待补正"
    CONSULTATION = "consultation", "征求意见中"
    FEE = "fee", "待缴费"
    REPLIED = "replied", "已答复"
    DELIVERED = "delivered", "已送达"
    TERMINATED = "terminated", "已终止"
    ARCHIVED = "archived", "已归档"


#: Registered and not yet answered: the reply limit applies.
OPEN_STATUSES = frozenset(
    {
        Status.REGISTERED,
        Status.PROCESSING,
        Status.CLARIFICATION,
        Status.CONSULTATION,
        Status.FEE,
    }
)
#: The reply limit is not running (Art. 30, 33; fee rules).
STOPPED_STATUSES = frozenset({Status.CLARIFICATION, Status.CONSULTATION, Status.FEE})
#: Answered or ended: counted in the annual report under ``outcome``.
CLOSED_STATUSES = frozenset({Status.REPLIED, Status.DELIVERED, Status.TERMINATED, Status.ARCHIVED})


def _month_bounds(month) -> tuple[datetime.date, datetime.date]:
    """(first day, first day of next month) for a date or (year, month)."""
    if isinstance(month, datetime.date):
        year, mon = month.year, month.month
    else:
        year, mon = month
    first = datetime.date(year, mon, 1)
    nxt = datetime.date(year + (mon == 12), mon % 12 + 1, 1)
    return first, nxt


class InformationRequestQuerySet(models.QuerySet):
    def for_organization(self, organization):
        return self.filter(organization=organization)

    def pending(self):
        """Online applications awaiting confirmation of receipt (待登记)."""
        return self.filter(status=Status.PENDING)

    def open(self):
        """Registered and not yet answered or ended."""
        return self.filter(status__in=OPEN_STATUSES)

    def running(self):
        """Open with the reply limit running (not stopped)."""
        return self.filter(status__in=OPEN_STATUSES - STOPPED_STATUSES)

    def stopped(self):
        """Open with the clock stopped: 补正, consultation or an unpaid fee."""
        return self.filter(status__in=STOPPED_STATUSES)

    def closed(self):
        return self.filter(status__in=CLOSED_STATUSES)

    def overdue(self, on: datetime.date | None = None):
        """Open with the reply limit running and its last day before ``on`` (default today)."""
        on = on or timezone.localdate()
        return self.running().filter(due_on__lt=on)

    def counts_by_organization(self, on: datetime.date | None = None) -> dict[int, dict]:
        """{organization id: {"open": n, "overdue": n}} in one grouped query."""
        on = on or timezone.localdate()
        running = Q(status__in=OPEN_STATUSES - STOPPED_STATUSES)
        rows = self.values("organization").annotate(
            open=models.Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=models.Count("pk", filter=running & Q(due_on__lt=on)),
        )
        return {row["organization"]: row for row in rows}

    def due_within(self, n: int, on: datetime.date | None = None):
        """Open, running, with the last day within the next ``n`` working days (not overdue)."""
        on = on or timezone.localdate()
        return self.running().filter(due_on__gte=on, due_on__lte=add_working_days(on, n))

    def closed_in(self, month):
        """Closed (answered or ended) in a calendar month: a date in it, or (year, month)."""
        first, nxt = _month_bounds(month)
        return self.filter(closed_on__gte=first, closed_on__lt=nxt)

    def received_in(self, month):
        first, nxt = _month_bounds(month)
        return self.filter(received_on__gte=first, received_on__lt=nxt)

    def possible_repeats(self):
        """Flagged as possibly repeating an answered request (Art. 36(6))."""
        return self.filter(possible_repeat_of__isnull=False)

    def asked_by_many(self):
        """Flagged: similar information asked by several applicants (Art. 44)."""
        return self.filter(similar_applicants__gte=ART44_MIN_APPLICANTS)

    def with_id_number(self, number: str):
        """Requests with this ID number, matched on its keyed hash under every key."""
        hashes = crypto.id_number_hashes(number)
        return self.filter(id_number_hash__in=hashes) if hashes else self.none()

    def same_applicant(self, req: InformationRequest):
        """Requests by the same applicant (matched on ID number or 统一社会信用代码)."""
        key = req.applicant_key
        if not key:
            return self.none()
        if req.applicant_type == ApplicantType.ORGANIZATION:
            return self.filter(applicant_type=req.applicant_type, credit_code=key)
        return self.with_id_number(key).filter(
            applicant_type=req.applicant_type, id_type=req.id_type
        )


class InformationRequest(models.Model):
    """One 政府信息公开申请 (Art. 27-29)."""

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", "居民身份证"
        PASSPORT = "passport", "护照"
        HK_MACAO_PERMIT = "hk_macao", "港澳居民来往内地通行证"
        TAIWAN_PERMIT = "taiwan", "台湾居民来往大陆通行证"
        FOREIGN_PERMIT = "foreign_permit", "外国人永久居留身份证"
        OTHER = "other", "其他有效身份证件"

    class Form(models.TextChoices):
        PAPER = "paper", "纸质"
        ELECTRONIC = "electronic", "电子"

    class Delivery(models.TextChoices):
        POST = "post", "邮寄"
        EMAIL = "email", "电子邮件"
        PICKUP = "pickup", "当面领取"
        DOWNLOAD = "download", "网上下载"

    class Channel(models.TextChoices):
        # Art. 31 fixes the receipt date by channel.
        ONLINE = "online", "网上申请"
        IN_PERSON = "in_person", "当面提交"
        LETTER = "letter", "信函"
        REGISTERED_MAIL = "registered_mail", "挂号信、快递"
        FAX = "fax", "传真"
        EMAIL = "email", "电子邮件"
        ORAL = "oral", "口头提出（代为填写）"  # Art. 29(1)

    organization = models.ForeignKey(
        Organization,
        verbose_name="受理机关",
        on_delete=models.PROTECT,
        related_name="information_requests",
    )
    tracking_number = models.CharField(
        "申请编号", max_length=20, unique=True, default=new_tracking_number, editable=False
    )
    idempotency_key = models.CharField(
        "提交标识",
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="网上提交时生成，防止重复提交产生多件申请。",
    )

    # Applicant (Art. 29(1)).
    applicant_type = models.CharField(
        "申请人类型", max_length=20, choices=ApplicantType.choices, default=ApplicantType.PERSON
    )
    organization_kind = models.CharField(
        "法人或其他组织类型", max_length=20, choices=OrganizationKind.choices, blank=True
    )
    name = models.CharField(
        "申请人姓名或名称", max_length=100, help_text="法人或其他组织填写其名称。"
    )
    id_type = models.CharField("身份证件类型", max_length=20, choices=IdType.choices, blank=True)
    # Encrypted at rest (requests_app.crypto); looked up only through the keyed hash.
    id_number = EncryptedCharField("身份证件号码", max_length=40, blank=True)
    id_number_hash = models.CharField(
        "身份证件号码检索摘要", max_length=64, db_index=True, blank=True, editable=False
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人或负责人", max_length=50, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    postal_address = models.CharField("通信地址", max_length=200, blank=True)
    postal_code = models.CharField("邮政编码", max_length=6, blank=True)

    # What is asked (Art. 29(2)-(3)).
    description = models.TextField(
        "申请公开的政府信息", help_text="名称、文号或者便于查询的其他特征性描述。"
    )
    purpose = models.TextField("用途", blank=True)
    form = models.CharField("获取信息的形式", max_length=20, choices=Form.choices)
    delivery = models.CharField("获取信息的方式", max_length=20, choices=Delivery.choices)
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)

    # Derived: written only by requests_app.steps (status, outcome, dates) and
    # requests_app.deadlines (due_on).
    received_on = models.DateField("收到申请日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.PENDING, editable=False
    )
    due_on = models.DateField("答复期限", null=True, blank=True, editable=False)
    outcome = models.CharField(
        "办理结果", max_length=5, choices=Outcome.choices, blank=True, editable=False
    )
    reply_type = models.CharField(
        "答复类型", max_length=20, choices=ReplyType.choices, blank=True, editable=False
    )
    closed_on = models.DateField("办结日期", null=True, blank=True, editable=False)

    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_requests",
        editable=False,
    )
    backup_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="备岗承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="backup_requests",
        editable=False,
    )

    # Hints for the handler, written only by requests_app.flags.
    possible_repeat_of = models.ForeignKey(
        "self",
        verbose_name="可能重复申请（第三十六条第六项）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="同一申请人已获答复的内容相似的申请。",
    )
    similar_applicants = models.PositiveSmallIntegerField(
        "申请相似信息的申请人数",
        default=0,
        editable=False,
        help_text="近12个月本机关收到的相似申请的不同申请人数（第四十四条）。",
    )

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-created_at"]
        indexes = [
            models.Index(fields=["organization", "status", "due_on"]),
            models.Index(fields=["closed_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(applicant_type=ApplicantType.PERSON, organization_kind="")
                | Q(applicant_type=ApplicantType.ORGANIZATION) & ~Q(organization_kind=""),
                name="request_organization_kind_only_for_organizations",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.PENDING) | Q(received_on__isnull=False),
                name="request_registered_has_receipt_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(CLOSED_STATUSES)) | ~Q(outcome=""),
                name="request_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    def save(self, *args, **kwargs):
        if self.pk and self.status == Status.ARCHIVED:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True)
            if stored.first() == Status.ARCHIVED:
                raise ValidationError("已归档的申请不能修改。")
        if "id_number" not in self.get_deferred_fields():
            self.id_number_hash = crypto.id_number_hash(self.id_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "id_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "id_number_hash"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.applicant_type == ApplicantType.ORGANIZATION:
            if not self.organization_kind:
                errors["organization_kind"] = "请选择法人或其他组织的类型。"
            if not self.credit_code:
                errors["credit_code"] = "请填写统一社会信用代码。"
        else:
            self.organization_kind = ""
            if not self.id_type:
                errors["id_type"] = "请选择身份证件类型。"
            if not self.id_number:
                errors["id_number"] = "请填写身份证件号码。"
        if self.delivery == self.Delivery.POST and not self.postal_address:
            errors["postal_address"] = "选择邮寄的，请填写通信地址。"
        if self.delivery == self.Delivery.EMAIL and not self.email:
            errors["email"] = "选择电子邮件的，请填写电子邮箱。"
        if errors:
            raise ValidationError(errors)

    # -- derived values --------------------------------------------------------------
    @property
    def applicant_category(self) -> ApplicantCategory:
        """The annual report column this applicant is counted in."""
        if self.applicant_type == ApplicantType.PERSON:
            return ApplicantCategory.PERSON
        return ApplicantCategory(self.organization_kind or ApplicantCategory.OTHER)

    @property
    def applicant_key(self) -> str:
        """What identifies the same applicant across requests (fee tiers, Art. 35, 36(6))."""
        if self.applicant_type == ApplicantType.ORGANIZATION:
            return self.credit_code.strip().upper()
        return normalize_id_number(self.id_number)

    @property
    def applicant_digest(self) -> str:
        """Like ``applicant_key`` but without decrypting: the stored hash for persons."""
        if self.applicant_type == ApplicantType.ORGANIZATION:
            return self.credit_code.strip().upper()
        return self.id_number_hash

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_stopped(self) -> bool:
        return self.status in STOPPED_STATUSES

    @property
    def is_archived(self) -> bool:
        return self.status == Status.ARCHIVED

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def working_days_left(self, on: datetime.date | None = None, calendar=None) -> int | None:
        """Working days from ``on`` (default today) to the due date; negative when overdue."""
        if self.due_on is None or not self.is_open:
            return None
        calendar = calendar or WorkCalendar()
        on = on or timezone.localdate()
        if self.due_on >= on:
            return calendar.working_days_between(on, self.due_on)
        return -calendar.working_days_between(self.due_on, on)

    def requests_this_month(self) -> int:
        """This request's number among the applicant's requests of its calendar month."""
        day = self.received_on or timezone.localdate()
        qs = (
            InformationRequest.objects.same_applicant(self)
            .received_in(day)
            .filter(Q(received_on__lt=day) | Q(received_on=day, pk__lte=self.pk))
        )
        return max(qs.count(), 1)


class RequestEvent(models.Model):
    """Append-only log of every step of a request: who, when, what (the due date's input)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "网上提交"
        REGISTERED = "registered", "登记"
        ASSIGNED = "assigned", "分办"
        SUBTASK_CREATED = "subtask_created", "发起协查"
        SUBTASK_ANSWERED = "subtask_answered", "协查答复"
        CLARIFICATION_REQUESTED = "clarification_requested", "补正通知"
        CLARIFICATION_RECEIVED = "clarification_received", "补正收到"
        CLOSED_NO_CLARIFICATION = "closed_no_clarification", "逾期未补正终止"
        THIRD_PARTY_CONSULTED = "third_party_consulted", "征求第三方意见"
        THIRD_PARTY_OPINION = "third_party_opinion", "第三方意见收到"
        AGENCY_CONSULTED = "agency_consulted", "征求其他机关意见"
        AGENCY_OPINION = "agency_opinion", "其他机关意见收到"
        EXTENSION_REQUESTED = "extension_requested", "延期申请"
        EXTENSION_REFUSED = "extension_refused", "延期申请未获批准"
        EXTENDED = "extended", "延期"
        FEE_NOTICE = "fee_notice", "缴费通知"
        FEE_WAIVED = "fee_waived", "免收费用"
        FEE_PAID = "fee_paid", "缴费"
        CLOSED_UNPAID = "closed_unpaid", "逾期未缴费终止"
        REASONS_REQUESTED = "reasons_requested", "要求说明理由"
        REASONS_RECEIVED = "reasons_received", "申请人说明理由"
        REASONABLE_DATE = "reasonable_date", "确定合理答复期限"
        REPLIED = "replied", "答复"
        DELIVERED = "delivered", "送达"
        ARCHIVED = "archived", "归档"
        REVIEW_FILED = "review_filed", "行政复议或诉讼"
        REVIEW_CONCLUDED = "review_concluded", "复议或诉讼结果"
        PROACTIVE_PROPOSED = "proactive_proposed", "转为主动公开"
        CORRECTED = "corrected", "更正申请信息"
        NOTE = "note", "备注"

    request = models.ForeignKey(
        InformationRequest, verbose_name="申请", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("事项", max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("记录时间", default=timezone.now)
    on = models.DateField("发生日期", help_text="期限计算所依据的日期。")
    deadline = models.DateField(
        "期限", null=True, blank=True, help_text="如补正期限、第三方答复期限"
    )
    related = models.ForeignKey(
        "self",
        verbose_name="关联事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
    )
    note = models.TextField("说明", blank=True)
    data = models.JSONField("数据", default=dict, blank=True, encoder=DjangoJSONEncoder)
    visible_to_applicant = models.BooleanField("申请人可见", default=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["on", "at", "pk"]
        indexes = [models.Index(fields=["request", "kind"])]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.get("force_insert"):
            raise ValidationError("办理记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("办理记录只能追加，不能删除。")


#: The steps that stop the reply clock until their follow-up arrives: consulting a third
#: party or another agency (Art. 32-33) and the fee notice (国办函〔2020〕109号).
#: ``deadlines.explain`` computes the intervals; everything else asks this set.
CLOCK_STOPPING_KINDS = frozenset(
    {
        RequestEvent.Kind.THIRD_PARTY_CONSULTED,
        RequestEvent.Kind.AGENCY_CONSULTED,
        RequestEvent.Kind.FEE_NOTICE,
    }
)


class SubTaskQuerySet(models.QuerySet):
    def asked_of(self, organization: Organization | None) -> SubTaskQuerySet:
        """协查 put to an agency of the portal (``None``: to any of them, the supervisor)."""
        if organization is None:
            return self.filter(unit_organization__isnull=False)
        return self.filter(unit_organization=organization)

    def open(self) -> SubTaskQuerySet:
        return self.filter(state=SubTask.State.OPEN)


class SubTask(models.Model):
    """协查: a question to an internal unit or another department; does not stop the clock."""

    class State(models.TextChoices):
        OPEN = "open", "协查中"
        ANSWERED = "answered", "已答复"
        CANCELLED = "cancelled", "已撤销"

    request = models.ForeignKey(
        InformationRequest, verbose_name="申请", on_delete=models.CASCADE, related_name="subtasks"
    )
    unit = models.CharField("协查单位", max_length=100)
    unit_organization = models.ForeignKey(
        Organization,
        verbose_name="协查机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField("协查事项")
    asked_on = models.DateField("发起日期")
    answer_by = models.DateField("要求答复日期", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.OPEN)
    answer = models.TextField("协查答复", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = SubTaskQuerySet.as_manager()

    class Meta:
        verbose_name = "协查"
        verbose_name_plural = "协查"
        ordering = ["asked_on", "pk"]

    def __str__(self) -> str:
        return f"{self.unit}：{self.get_state_display()}"


class FeeNotice(models.Model):
    """A 收费通知 under 国办函〔2020〕109号: one method, the amount, reduction and payment."""

    class State(models.TextChoices):
        UNPAID = "unpaid", "待缴费"
        PAID = "paid", "已缴费"
        WAIVED = "waived", "已免收"
        LAPSED = "lapsed", "逾期未缴"

    request = models.ForeignKey(
        InformationRequest, verbose_name="申请", on_delete=models.CASCADE, related_name="fees"
    )
    method = models.CharField("计收方式", max_length=20, choices=FeeMethod.choices)
    quantity = models.PositiveIntegerField("计费数量", help_text="按件：当月第几件；按量：页数")
    calculation = models.CharField("计算过程", max_length=200)
    amount = models.DecimalField("应收金额（元）", max_digits=10, decimal_places=2)
    reduction = models.DecimalField("减免金额（元）", max_digits=10, decimal_places=2, default=0)
    reduction_reason = models.CharField("减免理由", max_length=200, blank=True)
    amount_due = models.DecimalField("实收金额（元）", max_digits=10, decimal_places=2)
    issued_on = models.DateField("通知日期")
    pay_by = models.DateField("缴费期限", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.UNPAID)
    paid_on = models.DateField("缴费日期", null=True, blank=True)

    class Meta:
        verbose_name = "信息处理费"
        verbose_name_plural = "信息处理费"
        ordering = ["issued_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reduction__gte=0) & Q(reduction__lte=models.F("amount")),
                name="fee_reduction_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(reduction=0) | ~Q(reduction_reason=""),
                name="fee_reduction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount_due}元"


class ReviewCase(models.Model):
    """行政复议 or 行政诉讼 against the handling of a request (annual report part 四)."""

    class Kind(models.TextChoices):
        REVIEW = "review", "行政复议"
        LITIGATION = "litigation", "行政诉讼（未经复议直接起诉）"
        LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"

    class Result(models.TextChoices):
        UPHELD = "upheld", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"
        PENDING = "pending", "尚未审结"

    request = models.ForeignKey(
        InformationRequest, verbose_name="申请", on_delete=models.PROTECT, related_name="reviews"
    )
    kind = models.CharField("类型", max_length=30, choices=Kind.choices)
    filed_on = models.DateField("申请或起诉日期")
    body = models.CharField("复议机关或人民法院", max_length=100, blank=True)
    case_number = models.CharField("案号", max_length=60, blank=True)
    result = models.CharField("结果", max_length=20, choices=Result.choices, default=Result.PENDING)
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "行政复议、行政诉讼"
        verbose_name_plural = "行政复议、行政诉讼"
        ordering = ["filed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result="pending", concluded_on__isnull=True)
                | (~Q(result="pending") & Q(concluded_on__isnull=False)),
                name="review_concluded_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_result_display()}"


class StaffAccessLog(models.Model):
    """Every view of an applicant's full record by staff (personal data protection)."""

    request = models.ForeignKey(
        InformationRequest,
        verbose_name="申请",
        on_delete=models.CASCADE,
        related_name="access_log",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="查看人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("查看时间", default=timezone.now)
    where = models.CharField("查看位置", max_length=100)

    class Meta:
        verbose_name = "申请人信息查看记录"
        verbose_name_plural = "申请人信息查看记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d %H:%M} {self.request}"


class LetterCounter(models.Model):
    """The last number of one letter series: per agency, year of issue and kind.

    ``requests_app.letters.letter_number`` formats the number; :meth:`take` gives the
    next one inside the issuing transaction, with the counter row locked.
    """

    organization = models.ForeignKey(
        Organization, verbose_name="机关", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("文书种类", max_length=20, choices=LetterKind.choices)
    last_seq = models.PositiveIntegerField("已用最大序号", default=0)

    class Meta:
        verbose_name = "文书编号"
        verbose_name_plural = "文书编号"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "kind"], name="one_letter_series_per_agency_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year} {self.get_kind_display()} {self.last_seq}"

    @classmethod
    def take(cls, organization: Organization, kind: str, year: int) -> int:
        """The next number of the series; call inside the transaction that issues the letter."""
        counter, _ = cls.objects.select_for_update().get_or_create(
            organization=organization, year=year, kind=kind
        )
        counter.last_seq = next_sequence(counter.last_seq or None)
        counter.save(update_fields=["last_seq"])
        return counter.last_seq


def _attachment_path(instance: RequestAttachment, filename: str) -> str:
    # Never the uploaded name in the path: it may carry personal data.
    suffix = PurePath(filename).suffix.lower()[:10]
    day = instance.request.received_on or timezone.localdate()
    return f"requests/{day:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class RequestAttachment(models.Model):
    """A file of a request: the applicant's supporting file, a letter or reply material."""

    class Kind(models.TextChoices):
        SUPPORTING = "supporting", "申请人证明材料"
        LETTER = "letter", "告知书"
        MATERIAL = "material", "答复材料"

    request = models.ForeignKey(
        InformationRequest,
        verbose_name="申请",
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    event = models.ForeignKey(
        RequestEvent,
        verbose_name="办理记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    file = models.FileField("文件", upload_to=_attachment_path, storage=private_storage)
    visible_to_applicant = models.BooleanField("申请人可见", default=True)
    # Letters only: the series, the number taken and the text as sent (after staff edits).
    letter_kind = models.CharField(
        "文书种类", max_length=20, choices=LetterKind.choices, blank=True
    )
    number = models.CharField("文书编号", max_length=60, blank=True)
    text = models.TextField("文书正文", blank=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "申请附件"
        verbose_name_plural = "申请附件"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title
