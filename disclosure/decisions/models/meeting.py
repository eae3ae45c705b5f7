"""政府常务会议: the records of a government's executive meetings.

Domain notes §8: the column shows each meeting's 议定事项 and their interpretation, and who
was invited to attend (列席: 利益相关方、公众代表、专家、媒体) — by category and number,
never by name; the 2025 聊城 plan adds 「列席代表的意见发表和采纳情况面向社会公开」.
"""

from __future__ import annotations

import nh3
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from catalog.models import Organization
from disclosure.library.models.document import Document
from disclosure.library.models.interpretation import Interpretation


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def public(self):
        return self.published()


class Meeting(models.Model):
    """One 常务会议 of a government (人民政府)."""

    organization = models.ForeignKey(
        Organization, verbose_name="人民政府", on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField("会议名称", max_length=200, help_text="如 市政府第12次常务会议")
    held_on = models.DateField("会议日期")
    summary = models.TextField("会议概况", blank=True, help_text="主持人、出席范围等。")
    reading = models.TextField("会议解读", blank=True, help_text="对会议精神和议定事项的解读。")
    is_published = models.BooleanField("公开", default=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        db_table = "disclosure_meeting"
        verbose_name = "政府常务会议"
        verbose_name_plural = "政府常务会议"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["organization", "-held_on"], name="meeting_org_idx")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.reading = nh3.clean(self.reading or "")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "disclosure:meeting-detail", kwargs={"org": self.organization.slug, "pk": self.pk}
        )

    def clean(self) -> None:
        if self.organization_id and self.organization.kind != Organization.Kind.GOVERNMENT:
            raise ValidationError({"organization": "常务会议只能记录在人民政府名下。"})


class MeetingTopic(models.Model):
    """One 议题 of a meeting with its 议定事项 and the documents it concerns."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="topics"
    )
    position = models.PositiveIntegerField("排序", default=0)
    title = models.CharField("议题", max_length=300)
    decision = models.TextField("议定事项")
    documents = models.ManyToManyField(
        Document,
        verbose_name="相关文件",
        blank=True,
        related_name="meeting_topics",
        db_table="disclosure_meetingtopic_documents",
    )
    interpretations = models.ManyToManyField(
        Interpretation,
        verbose_name="相关解读",
        blank=True,
        related_name="meeting_topics",
        db_table="disclosure_meetingtopic_interpretations",
    )

    class Meta:
        db_table = "disclosure_meetingtopic"
        verbose_name = "会议议题"
        verbose_name_plural = "会议议题"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class AttendeeCategory(models.TextChoices):
    """Who may be invited to attend (列席), as the seed plans name them."""

    STAKEHOLDER = "stakeholder", "利益相关方"
    PUBLIC = "public", "公众代表"
    EXPERT = "expert", "专家"
    MEDIA = "media", "媒体"
    OTHER = "other", "其他"


class MeetingAttendance(models.Model):
    """列席: how many of one category attended, and what they said (never their names)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="attendances"
    )
    category = models.CharField("列席类别", max_length=20, choices=AttendeeCategory.choices)
    count = models.PositiveSmallIntegerField("人数")
    description = models.CharField(
        "说明", max_length=200, blank=True, help_text="如 市民代表、律师，不填写姓名。"
    )
    opinions = models.TextField(
        "意见发表和采纳情况", blank=True, help_text="列席代表发表的意见及采纳情况，向社会公开。"
    )

    class Meta:
        db_table = "disclosure_meetingattendance"
        verbose_name = "列席情况"
        verbose_name_plural = "列席情况"
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "category"], name="one_attendance_row_per_category"
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="attendance_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.count}人"
