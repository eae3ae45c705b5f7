"""意见征集: drafts put to public comment, the comments, and the 采纳情况反馈.

Domain notes §8 (《重大行政决策程序暂行条例》Art. 15). A consultation's status changes only
in ``disclosure.publishing.steps`` (the documents' workflow: 草稿 → 待审核 → 已发布 → 已撤回);
comments are taken in, tagged and summed up, and the feedback published, only by
``disclosure.decisions.consultations``. The minimum comment periods are settings
(``CONSULTATION_MINIMUM_DAYS``) read by ``minimum_period_days``.

Commenters' name, phone and e-mail are for staff only: no public page, feed, API or
export for publication shows them.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organization
from config.web.filetypes import clean_public_file, safe_upload_name
from config.web.storage import private_storage
from disclosure.library.models.document import Document, attachment_max_bytes
from disclosure.library.models.interpretation import Interpretation
from disclosure.publishing.files import PublicFile
from disclosure.publishing.models import PersonalDataConfirmation, Publishable, PublishingEvent


class ConsultationKind(models.TextChoices):
    MAJOR = "major", "重大行政决策"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER = "other", "其他"


def minimum_period_days(kind: str) -> int:
    """The minimum comment period of a kind of draft, in days (the setting)."""
    return int(settings.CONSULTATION_MINIMUM_DAYS.get(kind, 0))


def period_days(starts_on: datetime.date, ends_on: datetime.date) -> int:
    """Days of a comment period, its first and its last day both counted."""
    return (ends_on - starts_on).days + 1


def period_problem(
    kind: str, starts_on: datetime.date, ends_on: datetime.date, short_reason: str
) -> str | None:
    """Why the period is not allowed, or None.

    Art. 15: the period is generally at least the minimum; a shorter one must be explained
    when the consultation opens (the reason is shown on the public page).
    """
    if ends_on < starts_on:
        return "截止日期不能早于开始日期。"
    days, minimum = period_days(starts_on, ends_on), minimum_period_days(kind)
    if days < minimum and not (short_reason or "").strip():
        return (
            f"{ConsultationKind(kind).label}草案征求意见的期限一般不少于{minimum}日，"
            f"本次为{days}日；期限较短的，须在「期限较短的理由」中说明，理由将向社会公开。"
        )
    return None


class Phase(models.TextChoices):
    """Where a published consultation stands on a given day (derived, never stored)."""

    UPCOMING = "upcoming", "即将开始"
    OPEN = "open", "征集中"
    CLOSED = "closed", "已结束"
    ANSWERED = "answered", "已反馈"


class ConsultationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Consultation.Status.PUBLISHED)

    def public(self):
        """What public pages, feeds and the API may show: published consultations."""
        return self.published()

    def in_phase(self, phase: str, today: datetime.date | None = None):
        today = today or timezone.localdate()
        if phase == Phase.UPCOMING:
            return self.filter(starts_on__gt=today)
        if phase == Phase.OPEN:
            return self.filter(starts_on__lte=today, ends_on__gte=today)
        if phase == Phase.CLOSED:
            return self.filter(ends_on__lt=today, feedback_published_on__isnull=True)
        if phase == Phase.ANSWERED:
            return self.filter(feedback_published_on__isnull=False)
        return self

    def finished_without_feedback(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.published().filter(ends_on__lt=today, feedback_published_on__isnull=True)


class Consultation(PersonalDataConfirmation, Publishable):
    """A draft decision put to public comment (决策预公开)."""

    workflow_fields = Publishable.workflow_fields | {"feedback_published_on", "final_document"}
    new_only_as_draft = "新意见征集只能保存为草稿；发布请调用 disclosure.publishing。"
    Kind = ConsultationKind

    organization = models.ForeignKey(
        Organization,
        verbose_name="征集机关",
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    title = models.CharField("标题", max_length=300, help_text="如 《××管理办法（征求意见稿）》")
    kind = models.CharField(
        "草案类型", max_length=20, choices=ConsultationKind.choices, default=ConsultationKind.MAJOR
    )
    summary = models.TextField("内容概述", blank=True)
    draft = models.TextField("征求意见稿", help_text="决策草案正文；也可作为附件上传。")
    explanation = models.TextField("起草说明", blank=True, help_text="决策草案的说明。")
    contact = models.TextField(
        "联系方式",
        help_text="网上提交以外的意见提交方式：通信地址、电子邮箱、电话、传真等。",
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期", help_text="当日24时（北京时间）截止。")
    short_period_reason = models.TextField(
        "期限较短的理由",
        blank=True,
        help_text="征求意见期限短于规定期限时必填，在意见征集页面公开。",
    )
    final_document = models.ForeignKey(
        Document,
        verbose_name="正式文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        help_text="决策作出后，关联政策文件库中的正式文件；两个页面互相链接。",
    )
    # 「全周期」解读 (domain notes §6): the interpretations explaining the draft while it is
    # put to comment. Declared here, above the library, so the library reaches the
    # consultation through the reverse relation ``Interpretation.consultations``.
    draft_interpretations = models.ManyToManyField(
        Interpretation,
        verbose_name="起草阶段解读",
        blank=True,
        related_name="consultations",
        limit_choices_to={"stage": "draft"},
        help_text="解读决策草案和起草说明的政策解读（解读阶段为「起草阶段」）。",
    )
    # 意见采纳情况反馈 (published by disclosure.decisions.consultations.publish_feedback).
    feedback_summary = models.TextField(
        "意见收集和采纳情况说明",
        blank=True,
        help_text="征集意见的总体情况和采纳情况，随反馈公开。",
    )
    letter_count = models.PositiveIntegerField(
        "信函、电子邮件等收到的意见（条）", default=0, help_text="未逐条录入系统的意见数。"
    )
    meeting_count = models.PositiveIntegerField(
        "座谈会、论证会、听证会收到的意见（条）", default=0, help_text="未逐条录入系统的意见数。"
    )
    feedback_published_on = models.DateField("反馈发布日期", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        db_table = "disclosure_consultation"
        verbose_name = "意见征集"
        verbose_name_plural = "意见征集"
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "-starts_on", "-id"], name="consultation_public_idx"),
            models.Index(fields=["organization", "-starts_on"], name="consultation_org_idx"),
            models.Index(fields=["ends_on"], name="consultation_ends_on_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="consultation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review"]) | Q(published_on__isnull=False),
                name="consultation_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_new_draft(self) -> bool:
        return super().is_new_draft() and not self.feedback_published_on

    def save(self, *args, **kwargs):
        self.draft = nh3.clean(self.draft or "")
        self.explanation = nh3.clean(self.explanation or "")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("disclosure:consultation-detail", kwargs={"pk": self.pk})

    # -- derived values ------------------------------------------------------

    @property
    def period_days(self) -> int:
        return period_days(self.starts_on, self.ends_on)

    @property
    def minimum_days(self) -> int:
        return minimum_period_days(self.kind)

    @property
    def is_short_period(self) -> bool:
        return self.period_days < self.minimum_days

    def phase(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.feedback_published_on:
            return Phase.ANSWERED
        if today < self.starts_on:
            return Phase.UPCOMING
        if today <= self.ends_on:
            return Phase.OPEN
        return Phase.CLOSED

    def phase_label(self, today: datetime.date | None = None) -> str:
        return Phase(self.phase(today)).label

    def days_left(self, today: datetime.date | None = None) -> int:
        """Days left after today (0 on the last day)."""
        return (self.ends_on - (today or timezone.localdate())).days

    # -- invariants ----------------------------------------------------------
    def clean(self) -> None:
        if self.starts_on and self.ends_on:
            problem = period_problem(
                self.kind, self.starts_on, self.ends_on, self.short_period_reason
            )
            if problem:
                field = "ends_on" if self.ends_on >= self.starts_on else "starts_on"
                raise ValidationError({field: problem})


def consultation_upload_to(instance: ConsultationAttachment, filename: str) -> str:
    today = timezone.localdate()
    return f"consultations/{today:%Y/%m}/{safe_upload_name(filename)}"


class ConsultationAttachment(PublicFile):
    """A published file of the consultation: the draft, its 起草说明 or other material."""

    class Kind(models.TextChoices):
        DRAFT = "draft", "征求意见稿"
        EXPLANATION = "explanation", "起草说明"
        OTHER = "other", "其他材料"

    consultation = models.ForeignKey(
        Consultation, verbose_name="意见征集", on_delete=models.CASCADE, related_name="attachments"
    )
    item_field = "consultation"
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.DRAFT)
    title = models.CharField("附件名称", max_length=200, blank=True)
    file = models.FileField(
        "附件", upload_to=consultation_upload_to, storage=private_storage, max_length=300
    )
    size = models.PositiveBigIntegerField("大小（字节）", default=0, editable=False)
    file_kind = models.CharField("格式", max_length=10, blank=True, editable=False)
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        db_table = "disclosure_consultationattachment"
        verbose_name = "征求意见材料"
        verbose_name_plural = "征求意见材料"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title or self.file.name

    def save(self, *args, **kwargs):
        if self.file and not getattr(self.file, "_committed", True):
            self._check_file()
        if not self.title and self.file:
            self.title = self.file.name.rsplit("/", 1)[-1]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.file and not getattr(self.file, "_committed", True):
            self._check_file()

    def _check_file(self) -> None:
        try:
            accepted = clean_public_file(self.file, max_bytes=attachment_max_bytes())
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        self.file_kind, self.size = accepted.kind, accepted.size


class Viewpoint(models.Model):
    """A 主要观点 of the comments, written by staff, with how it was handled."""

    consultation = models.ForeignKey(
        Consultation, verbose_name="意见征集", on_delete=models.CASCADE, related_name="viewpoints"
    )
    summary = models.TextField("主要观点")
    response = models.TextField(
        "采纳情况", blank=True, help_text="该观点是否采纳；未采纳的说明理由。随反馈公开。"
    )
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        db_table = "disclosure_viewpoint"
        verbose_name = "主要观点"
        verbose_name_plural = "主要观点"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.summary[:40]


class Adoption(models.TextChoices):
    """How staff handled one comment (the tags the feedback counts)."""

    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"
    OUT_OF_SCOPE = "out_of_scope", "不属于征求范围"


# Every tag but 采纳 needs its reason (未采纳意见理由, domain notes §8).
ADOPTION_NEEDS_REASON = frozenset({Adoption.PARTLY, Adoption.NOT_ADOPTED, Adoption.OUT_OF_SCOPE})


def _comment_path(instance: Comment, filename: str) -> str:
    # Never the uploaded name in the path: it may carry personal data.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"comments/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Comment(models.Model):
    """One comment on a consultation: online, or registered by staff from a letter."""

    class Channel(models.TextChoices):
        ONLINE = "online", "网上提交"
        LETTER = "letter", "信函"
        EMAIL = "email", "电子邮件"
        FAX = "fax", "传真"
        OTHER = "other", "其他"

    consultation = models.ForeignKey(
        Consultation, verbose_name="意见征集", on_delete=models.PROTECT, related_name="comments"
    )
    channel = models.CharField(
        "提交渠道", max_length=20, choices=Channel.choices, default=Channel.ONLINE
    )
    text = models.TextField("意见内容")
    # Personal data: staff only.
    name = models.CharField("姓名或单位名称", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    attachment = models.FileField(
        "附件", upload_to=_comment_path, storage=private_storage, blank=True, max_length=300
    )
    attachment_kind = models.CharField("附件格式", max_length=10, blank=True, editable=False)
    consent = models.BooleanField("同意意见用于本次征集", default=False)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    # Staff's handling (disclosure.decisions.consultations.tag_comment).
    adoption = models.CharField(
        "采纳情况", max_length=20, choices=Adoption.choices, blank=True, editable=False
    )
    reason = models.TextField("理由", blank=True, editable=False)
    viewpoint = models.ForeignKey(
        Viewpoint,
        verbose_name="所属主要观点",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    excerpt = models.TextField(
        "公开摘要",
        blank=True,
        help_text="选择公开的意见，填写去除姓名、联系方式等个人信息后的摘要；不填则不公开意见原文。",
    )
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="标注人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    tagged_at = models.DateTimeField("标注时间", null=True, blank=True, editable=False)

    class Meta:
        db_table = "disclosure_comment"
        verbose_name = "征集意见"
        verbose_name_plural = "征集意见"
        ordering = ["submitted_at", "pk"]
        indexes = [
            models.Index(fields=["consultation", "adoption"], name="comment_adoption_idx"),
        ]
        constraints = [
            # 未采纳意见理由: every tag but 采纳 carries its reason.
            models.CheckConstraint(
                condition=Q(adoption__in=["", Adoption.ADOPTED]) | ~Q(reason=""),
                name="comment_not_adopted_has_reason",
            ),
        ]

    def __str__(self) -> str:
        text = self.text.strip().replace("\n", " ")
        return text[:30] + ("…" if len(text) > 30 else "")

    @property
    def public_text(self) -> str:
        """What the published feedback may show of this comment (never its author)."""
        if self.excerpt.strip():
            return self.excerpt.strip()
        if self.viewpoint_id is not None:
            return self.viewpoint.summary
        return ""


class ConsultationEvent(PublishingEvent):
    """Append-only log of a consultation: publishing workflow, feedback, final document."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "提交审核"
        RETURNED = "returned", "退回修改"
        PUBLISHED = "published", "发布"
        WITHDRAWN = "withdrawn", "撤回"
        FEEDBACK = "feedback", "发布意见采纳情况反馈"
        FINAL_DOCUMENT = "final_document", "关联正式文件"
        PII_CONFIRMED = "pii_confirmed", "确认个人信息可以公开"

    consultation = models.ForeignKey(
        Consultation, verbose_name="意见征集", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    item_field = "consultation"

    class Meta(PublishingEvent.Meta):
        db_table = "disclosure_consultationevent"
        verbose_name = "意见征集操作记录"
        verbose_name_plural = "意见征集操作记录"
        indexes = [models.Index(fields=["consultation", "-at"], name="consultation_event_idx")]
