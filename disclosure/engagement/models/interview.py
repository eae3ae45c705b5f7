"""在线访谈: an announced interview with officials, the public's questions, the 文字实录.

Domain notes §9. An interview is a publishable kind (``disclosure.publishing.steps``:
草稿 → 待审核 → 已发布 → 已撤回); its 预告 page takes questions from publication until the
interview ends, then shows the 文字实录: the questions staff let through and the answers,
each attributed to a guest, in order. Questions are screened before they appear
(待审核 → 已显示 / 不予显示) only by ``disclosure.engagement.interviews``, each change with a
``QuestionEvent``. The asker's name and contact are for staff only: no public page, feed
or API shows them.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organization
from config.web.filetypes import clean_public_file, safe_upload_name
from config.web.storage import private_storage
from disclosure.library.models import Document, Interpretation
from disclosure.publishing.files import PublicFile
from disclosure.publishing.models import PersonalDataConfirmation, Publishable, PublishingEvent

PICTURE_KINDS = frozenset({"JPEG", "PNG"})
PICTURE_MAX_BYTES = 10 * 1024 * 1024


class InterviewQuerySet(models.QuerySet):
    def public(self):
        """What public pages, feeds and the API may show: published interviews."""
        return self.filter(status=Interview.Status.PUBLISHED)

    def upcoming(self, now: datetime.datetime | None = None):
        return self.filter(ends_at__gt=now or timezone.now())

    def past(self, now: datetime.datetime | None = None):
        return self.filter(ends_at__lte=now or timezone.now())

    def held_in(self, year: int):
        """Interviews held (ended) in ``year`` (Beijing time): the report's 访谈期数."""
        return self.public().filter(starts_at__year=year, ends_at__lte=timezone.now())


class Interview(PersonalDataConfirmation, Publishable):
    """One 在线访谈: topic, agency, guests, time; then its 文字实录."""

    new_only_as_draft = "新在线访谈只能保存为草稿；发布请调用 disclosure.publishing。"

    organization = models.ForeignKey(
        Organization, verbose_name="主办机关", on_delete=models.PROTECT, related_name="interviews"
    )
    title = models.CharField("访谈主题", max_length=200)
    summary = models.TextField("访谈简介", blank=True)
    starts_at = models.DateTimeField("访谈开始时间", help_text="北京时间。")
    ends_at = models.DateTimeField(
        "访谈结束时间", help_text="北京时间；结束前网民可在预告页提问，结束后公开文字实录。"
    )
    video_url = models.URLField("视频地址", blank=True, help_text="访谈视频的公开地址（可选）。")
    documents = models.ManyToManyField(
        Document, verbose_name="相关文件", blank=True, related_name="interviews"
    )
    interpretations = models.ManyToManyField(
        Interpretation, verbose_name="相关解读", blank=True, related_name="interviews"
    )

    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = "在线访谈"
        verbose_name_plural = "在线访谈"
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["status", "-starts_at"], name="interview_public_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="interview_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("disclosure:interview-detail", args=[self.pk])

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "访谈结束时间须晚于开始时间。"})

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())


class Guest(models.Model):
    """A guest of the interview (name and post are published: they speak for the agency)."""

    interview = models.ForeignKey(
        Interview, verbose_name="在线访谈", on_delete=models.CASCADE, related_name="guests"
    )
    name = models.CharField("嘉宾姓名", max_length=50)
    post = models.CharField("职务", max_length=100)
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "访谈嘉宾"
        verbose_name_plural = "访谈嘉宾"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.post} {self.name}"


def picture_upload_to(instance, filename: str) -> str:
    return f"interviews/{timezone.localdate():%Y/%m}/{safe_upload_name(filename)}"


class InterviewPicture(PublicFile):
    """A picture of the interview: private until the interview is published."""

    interview = models.ForeignKey(
        Interview, verbose_name="在线访谈", on_delete=models.CASCADE, related_name="pictures"
    )
    item_field = "interview"
    file = models.FileField(
        "图片", upload_to=picture_upload_to, storage=private_storage, max_length=300
    )
    caption = models.CharField("图片说明", max_length=200, help_text="也是图片的文字替代。")
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "访谈图片"
        verbose_name_plural = "访谈图片"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption

    def clean(self) -> None:
        if self.file and not getattr(self.file, "_committed", True):
            try:
                clean_public_file(self.file, max_bytes=PICTURE_MAX_BYTES, kinds=PICTURE_KINDS)
            except ValidationError as exc:
                raise ValidationError({"file": exc.messages}) from exc


class QuestionStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    SHOWN = "shown", "已显示"
    REJECTED = "rejected", "不予显示"


class QuestionQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(status=QuestionStatus.SHOWN)

    def answered(self):
        return self.shown().exclude(answer="")


def _question_key() -> str:
    return uuid.uuid4().hex


class Question(models.Model):
    """A question from the public (online, or entered by staff from the live chat)."""

    Status = QuestionStatus

    interview = models.ForeignKey(
        Interview, verbose_name="在线访谈", on_delete=models.PROTECT, related_name="questions"
    )
    text = models.TextField("问题")
    # Personal data: staff only.
    name = models.CharField("称呼", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    submitted_at = models.DateTimeField("提问时间", default=timezone.now)
    idempotency_key = models.CharField(
        max_length=64, unique=True, default=_question_key, editable=False
    )
    # Screening and the answer: disclosure.engagement.interviews only.
    status = models.CharField(
        "审核状态",
        max_length=20,
        choices=QuestionStatus.choices,
        default=QuestionStatus.PENDING,
        editable=False,
    )
    public_text = models.TextField(
        "公开的问题文字",
        blank=True,
        editable=False,
        help_text="审核时可去除个人信息后公开；为空则公开原文。",
    )
    answer = models.TextField("答复", blank=True, editable=False)
    answered_by = models.ForeignKey(
        Guest,
        verbose_name="答复嘉宾",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
        editable=False,
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True, editable=False)
    position = models.PositiveIntegerField("实录顺序", default=0, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "网民提问"
        verbose_name_plural = "网民提问"
        ordering = ["position", "submitted_at", "pk"]
        indexes = [models.Index(fields=["interview", "status"], name="question_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="") | Q(answered_by__isnull=False),
                name="question_answer_has_guest",
            )
        ]

    def __str__(self) -> str:
        text = self.text.strip().replace("\n", " ")
        return text[:30] + ("…" if len(text) > 30 else "")

    @property
    def shown_text(self) -> str:
        """What the page shows of the question (never who asked)."""
        return self.public_text.strip() or self.text


class QuestionEvent(models.Model):
    """Append-only log of a question's screening and answer."""

    class Action(models.TextChoices):
        SHOWN = "shown", "审核通过（显示）"
        REJECTED = "rejected", "不予显示"
        ANSWERED = "answered", "答复"

    question = models.ForeignKey(
        Question, verbose_name="网民提问", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "网民提问操作记录"
        verbose_name_plural = "网民提问操作记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.get_action_display()}"


class InterviewEvent(PublishingEvent):
    class Action(models.TextChoices):
        SUBMITTED = "submitted", "提交审核"
        RETURNED = "returned", "退回修改"
        REVIEWED = "reviewed", "审核通过"
        PUBLISHED = "published", "发布"
        WITHDRAWN = "withdrawn", "撤回"
        PII_CONFIRMED = "pii_confirmed", "确认个人信息可以公开"

    interview = models.ForeignKey(
        Interview, verbose_name="在线访谈", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    item_field = "interview"

    class Meta(PublishingEvent.Meta):
        verbose_name = "在线访谈操作记录"
        verbose_name_plural = "在线访谈操作记录"
