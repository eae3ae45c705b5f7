"""Letters to the government (网上留言 / 领导信箱), their log and files, and the
「我为政府网站找错」 reports the national platform forwards.

Statuses and derived dates are written only by ``disclosure.mailbox.workflow``.
The writer's name, phone and e-mail are kept for the staff who answer and for the
tracking lookup; they never reach a public page, feed, API or log.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from catalog.models import Organization
from config.web.storage import private_storage


class LetterKind(models.TextChoices):
    CONSULT = "consult", "咨询"
    COMPLAINT = "complaint", "投诉"
    SUGGESTION = "suggestion", "建议"
    HELP = "help", "求助"


class Complexity(models.TextChoices):
    SIMPLE = "simple", "一般事项"
    COMPLEX = "complex", "复杂事项"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    FAIRLY = "fairly", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Referral(models.TextChoices):
    """Where a letter that belongs elsewhere is sent (domain notes §9)."""

    PETITION = "petition", "信访渠道（《信访工作条例》）"
    COURT = "court", "人民法院（诉讼事项）"
    OTHER_GOVERNMENT = "other_government", "其他地方政府或部门"


class LetterQuerySet(models.QuerySet):
    def valid(self):
        """Letters counted as received: all but those screened out as invalid."""
        return self.exclude(status=Letter.Status.INVALID)

    def unanswered(self):
        """Valid letters still without a reply (待审查 or 待办理)."""
        return self.filter(status__in=(Letter.Status.PENDING, Letter.Status.ACCEPTED))

    def closed(self):
        """Letters closed with a reply: answered, or told where the matter belongs."""
        return self.filter(status__in=(Letter.Status.ANSWERED, Letter.Status.REFERRED))

    def public(self):
        """What the public may see: published answered letters of active agencies."""
        return self.filter(
            published=True, status=Letter.Status.ANSWERED, organization__is_active=True
        )

    def for_organizations(self, organizations):
        return self.filter(organization__in=organizations)


class Letter(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待审查"
        ACCEPTED = "accepted", "待办理"
        ANSWERED = "answered", "已答复"
        REFERRED = "referred", "已告知其他渠道"
        INVALID = "invalid", "不予受理"

    code = models.CharField("查询码", max_length=16, unique=True, editable=False)
    addressed_to = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="收信机关"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name="办理机关",
    )
    routed_from = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="转办机关",
    )
    handed_back = models.BooleanField("已退回过", default=False)
    kind = models.CharField("留言类型", max_length=16, choices=LetterKind.choices)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容")
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    may_publish = models.BooleanField("同意公开", default=False)
    received_at = models.DateTimeField("提交时间", default=timezone.now)
    received_on = models.DateField("收到日期")
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.PENDING, editable=False
    )
    complexity = models.CharField(
        "事项复杂程度", max_length=16, choices=Complexity.choices, default=Complexity.SIMPLE
    )
    due_on = models.DateField("办理期限", editable=False)
    reason = models.TextField("不予受理理由", blank=True)
    referral = models.CharField("告知渠道", max_length=32, choices=Referral.choices, blank=True)
    reply = models.TextField("答复内容", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    published = models.BooleanField("已公开", default=False, editable=False)
    published_on = models.DateField("公开日期", null=True, blank=True, editable=False)
    public_title = models.CharField("公开标题", max_length=100, blank=True)
    public_body = models.TextField("公开的留言内容", blank=True)
    public_reply = models.TextField("公开的答复内容", blank=True)
    rating = models.CharField("评价", max_length=16, choices=Rating.choices, blank=True)
    rating_comment = models.TextField("评价意见", blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    submission_key = models.CharField(max_length=64, unique=True, null=True, editable=False)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = "网上留言"
        verbose_name_plural = "网上留言"
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "status", "due_on"], name="letter_queue_idx"),
            models.Index(
                fields=["-published_on", "-id"],
                name="letter_public_idx",
                condition=models.Q(published=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(published=True) | models.Q(may_publish=True),
                name="letter_published_only_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def label(self) -> str:
        return self.code

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in (self.Status.PENDING, self.Status.ACCEPTED) and self.due_on < today

    @property
    def shown_title(self) -> str:
        return self.public_title or self.title


class LetterEvent(models.Model):
    """Append-only log of a letter: every step, who and when."""

    class Kind(models.TextChoices):
        RECEIVED = "received", "收到留言"
        ACCEPTED = "accepted", "审查通过"
        INVALID = "invalid", "不予受理"
        REFERRED = "referred", "告知其他渠道"
        ROUTED = "routed", "转办"
        HANDED_BACK = "handed_back", "退回"
        ANSWERED = "answered", "答复"
        PUBLISHED = "published", "公开"
        UNPUBLISHED = "unpublished", "取消公开"
        RATED = "rated", "评价"
        REMINDED = "reminded", "到期提醒"

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事项", max_length=16, choices=Kind.choices)
    at = models.DateTimeField("时间", default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="经办人",
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="办理机关"
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "留言办理记录"
        verbose_name_plural = "留言办理记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.letter.code} {self.get_kind_display()}"


class LetterAttachment(models.Model):
    """The writer's files and the reply's files, stored privately. A reply's files are
    served to the public only while their letter is published."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField("文件", upload_to="mailbox/%Y/", storage=private_storage)
    title = models.CharField("名称", max_length=200)
    from_reply = models.BooleanField("答复附件", default=False)
    uploaded_at = models.DateTimeField(default=timezone.now)

    number = ""  # attachment_response() names a file by title and number

    class Meta:
        verbose_name = "留言附件"
        verbose_name_plural = "留言附件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class ErrorReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(handled_on__isnull=True)


class ErrorReport(models.Model):
    """A 「我为政府网站找错」 report forwarded by the national platform to the sponsor."""

    number = models.CharField("留言编号", max_length=40, unique=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="error_reports",
        verbose_name="办理机关",
    )
    received_on = models.DateField("收到日期")
    page_url = models.CharField("问题页面", max_length=500)
    problem = models.TextField("问题描述")
    due_on = models.DateField("办理期限", editable=False)
    fix = models.TextField("整改情况", blank=True)
    answer = models.TextField("答复内容", blank=True)
    handled_on = models.DateField("办结日期", null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )

    objects = ErrorReportQuerySet.as_manager()

    class Meta:
        verbose_name = "网站找错留言"
        verbose_name_plural = "网站找错留言"
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.number

    def is_overdue(self, today: datetime.date) -> bool:
        return self.handled_on is None and self.due_on < today

    @property
    def on_time(self) -> bool:
        return self.handled_on is not None and self.handled_on <= self.due_on
