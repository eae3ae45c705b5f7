"""政府开放活动: the year's 开放计划, its activities, online sign-up and the 活动回顾.

Domain notes §9. The published item is the plan (``OpenDayPlan``, a publishable kind of
``disclosure.publishing.steps``): its activities, their pictures and, once staff switch it
on, each activity's 活动回顾 (summary, visitors' opinions and the answers) are public while
the plan is, and leave with it on withdrawal. Sign-ups are changed only by
``disclosure.engagement.signups`` (a row lock on the activity holds the quota), each
change with a ``SignUpEvent``. A person's name and phone are for staff only.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organization
from config.web.filetypes import clean_public_file, safe_upload_name
from config.web.storage import private_storage
from disclosure.engagement.models.interview import PICTURE_KINDS, PICTURE_MAX_BYTES
from disclosure.publishing.files import PublicFile
from disclosure.publishing.models import Publishable, PublishingEvent


class OpenDayPlanQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=OpenDayPlan.Status.PUBLISHED)


class OpenDayPlan(Publishable):
    """One government's (or agency's) 政府开放计划 for a year."""

    new_only_as_draft = "新开放计划只能保存为草稿；发布请调用 disclosure.publishing。"

    organization = models.ForeignKey(
        Organization, verbose_name="机关", on_delete=models.PROTECT, related_name="open_day_plans"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200, help_text="如 2026年政府开放活动计划")
    intro = models.TextField("说明", blank=True)

    objects = OpenDayPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "政府开放计划"
        verbose_name_plural = "政府开放计划"
        ordering = ["-year", "organization__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="one_open_day_plan_per_agency_year"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("disclosure:open-day-plan", args=[self.year])


class ActivityQuerySet(models.QuerySet):
    def public(self):
        """Activities of published plans."""
        return self.filter(plan__status=OpenDayPlan.Status.PUBLISHED)

    def with_places(self):
        """Each activity with ``places_taken``: the people of its confirmed sign-ups."""
        return self.annotate(
            places_taken=Coalesce(
                Sum("signups__people", filter=Q(signups__status=SignUpStatus.CONFIRMED)), 0
            )
        )


class Activity(models.Model):
    """One open-day activity of a plan."""

    plan = models.ForeignKey(
        OpenDayPlan, verbose_name="开放计划", on_delete=models.CASCADE, related_name="activities"
    )
    theme = models.CharField("活动主题", max_length=200)
    host = models.ForeignKey(
        Organization, verbose_name="承办机关", on_delete=models.PROTECT, related_name="activities"
    )
    starts_at = models.DateTimeField("活动开始时间", help_text="北京时间。")
    ends_at = models.DateTimeField("活动结束时间", help_text="北京时间。")
    place = models.CharField("活动地点", max_length=200)
    audience = models.CharField(
        "参加对象", max_length=200, default="社会公众", help_text="如 年满16周岁的市民"
    )
    quota = models.PositiveIntegerField("名额（人）", validators=[MinValueValidator(1)])
    per_person_limit = models.PositiveSmallIntegerField(
        "每次报名最多人数",
        default=2,
        validators=[MinValueValidator(1)],
        help_text="一次报名可带的人数上限（含报名人）。",
    )
    how_to_sign_up = models.TextField(
        "报名方式", blank=True, default="在本页网上报名；名额已满的可登记候补，有人取消时依次递补。"
    )
    signup_closes_at = models.DateTimeField("报名截止时间", help_text="北京时间。")
    # The 活动回顾 (public with the plan once ``review_published``).
    review_published = models.BooleanField("公开活动回顾", default=False)
    review = models.TextField("活动回顾", blank=True)
    position = models.PositiveIntegerField("排序", default=0)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "开放活动"
        verbose_name_plural = "开放活动"
        ordering = ["starts_at", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(signup_closes_at__lte=models.F("starts_at")),
                name="activity_signup_closes_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.theme

    def get_absolute_url(self) -> str:
        return reverse("disclosure:activity-detail", args=[self.pk])

    @property
    def organization(self):
        """The agency whose staff manage it (the plan's)."""
        return self.plan.organization

    @property
    def is_public(self) -> bool:
        return self.plan.is_public

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "活动结束时间须晚于开始时间。"
        if self.signup_closes_at and self.starts_at and self.signup_closes_at > self.starts_at:
            errors["signup_closes_at"] = "报名截止时间不能晚于活动开始时间。"
        if self.quota and self.per_person_limit and self.per_person_limit > self.quota:
            errors["per_person_limit"] = "每次报名最多人数不能超过名额。"
        if errors:
            raise ValidationError(errors)

    def places_left(self) -> int:
        """Needs ``with_places()``."""
        return max(0, self.quota - self.places_taken)

    def signup_open(self, now: datetime.datetime | None = None) -> bool:
        return self.is_public and (now or timezone.now()) < self.signup_closes_at

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())


def activity_picture_upload_to(instance, filename: str) -> str:
    return f"open-days/{timezone.localdate():%Y/%m}/{safe_upload_name(filename)}"


class ActivityPicture(PublicFile):
    """A picture of the 活动回顾: private until the plan is published."""

    activity = models.ForeignKey(
        Activity, verbose_name="开放活动", on_delete=models.CASCADE, related_name="pictures"
    )
    item_field = "activity"
    file = models.FileField(
        "图片", upload_to=activity_picture_upload_to, storage=private_storage, max_length=300
    )
    caption = models.CharField("图片说明", max_length=200, help_text="也是图片的文字替代。")
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "活动图片"
        verbose_name_plural = "活动图片"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption

    def clean(self) -> None:
        if self.file and not getattr(self.file, "_committed", True):
            try:
                clean_public_file(self.file, max_bytes=PICTURE_MAX_BYTES, kinds=PICTURE_KINDS)
            except ValidationError as exc:
                raise ValidationError({"file": exc.messages}) from exc


class VisitorOpinion(models.Model):
    """One of the visitors' opinions, summed up by staff, and how it was answered."""

    activity = models.ForeignKey(
        Activity, verbose_name="开放活动", on_delete=models.CASCADE, related_name="opinions"
    )
    summary = models.TextField("意见建议（摘要）", help_text="不写提出人的姓名等个人信息。")
    response = models.TextField("答复和采纳情况")
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "参访意见"
        verbose_name_plural = "参访意见"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.summary[:40]


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", "报名成功"
    WAITING = "waiting", "候补"
    CANCELLED = "cancelled", "已取消"


class SignUp(models.Model):
    """One sign-up (for ``people`` persons). Name and phone: staff only."""

    Status = SignUpStatus

    activity = models.ForeignKey(
        Activity, verbose_name="开放活动", on_delete=models.PROTECT, related_name="signups"
    )
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("手机号码", max_length=30)
    people = models.PositiveSmallIntegerField("人数", validators=[MinValueValidator(1)])
    code = models.CharField("报名确认码", max_length=12, unique=True, editable=False)
    status = models.CharField("状态", max_length=20, choices=SignUpStatus.choices, editable=False)
    created_at = models.DateTimeField("报名时间", default=timezone.now, editable=False)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = "活动报名"
        verbose_name_plural = "活动报名"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["activity", "status"], name="signup_status_idx")]
        constraints = [
            # One active sign-up per phone per activity (a person signs up once).
            models.UniqueConstraint(
                fields=["activity", "phone"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="one_active_signup_per_phone",
            ),
            models.CheckConstraint(condition=Q(people__gte=1), name="signup_people_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code}（{self.get_status_display()}，{self.people}人）"


class SignUpEvent(models.Model):
    """Append-only log of a sign-up: confirmed, put on the waiting list, promoted, cancelled."""

    class Action(models.TextChoices):
        CONFIRMED = "confirmed", "报名成功"
        WAITING = "waiting", "进入候补"
        PROMOTED = "promoted", "候补递补成功"
        CANCELLED = "cancelled", "取消报名"

    signup = models.ForeignKey(
        SignUp, verbose_name="活动报名", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "活动报名记录"
        verbose_name_plural = "活动报名记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.get_action_display()}"


class OpenDayPlanEvent(PublishingEvent):
    class Action(models.TextChoices):
        SUBMITTED = "submitted", "提交审核"
        RETURNED = "returned", "退回修改"
        REVIEWED = "reviewed", "审核通过"
        PUBLISHED = "published", "发布"
        WITHDRAWN = "withdrawn", "撤回"

    plan = models.ForeignKey(
        OpenDayPlan, verbose_name="开放计划", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    item_field = "plan"

    class Meta(PublishingEvent.Meta):
        verbose_name = "开放计划操作记录"
        verbose_name_plural = "开放计划操作记录"
