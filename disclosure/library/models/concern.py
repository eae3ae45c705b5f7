"""回应关切: a public concern about an agency's work and the agency's public response
(domain notes §6, 国办发〔2016〕61号).

The response is published through ``disclosure.publishing.steps`` like every other kind
(草稿 → 待审核 → 已发布); when it is due is computed by ``disclosure.library.concerns``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organization
from disclosure.publishing.models import PersonalDataConfirmation, Publishable, PublishingEvent


class ConcernSource(models.TextChoices):
    """Where the concern arose."""

    NETWORK = "network", "网络"
    MEDIA = "media", "媒体"
    HOTLINE = "hotline", "12345"
    MESSAGE = "message", "留言"
    OTHER = "other", "其他"


class Seriousness(models.TextChoices):
    """国办发〔2016〕61号 sets hours for especially serious and serious emergencies only."""

    SERIOUS = "serious", "特别重大或重大突发事件"
    GENERAL = "general", "一般"


class ConcernQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Concern.Status.PUBLISHED)

    def public(self):
        """What public pages may show: published responses."""
        return self.published()


class Concern(PersonalDataConfirmation, Publishable):
    """A public concern (政务舆情 or 公众关注热点) and the agency's public response."""

    new_only_as_draft = "新的回应关切只能保存为草稿；发布请调用 disclosure.publishing。"
    Source = ConcernSource
    Seriousness = Seriousness

    organization = models.ForeignKey(
        Organization,
        verbose_name="回应机关",
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    topic = models.CharField("关切事项", max_length=300)
    source = models.CharField("来源", max_length=20, choices=ConcernSource.choices)
    learned_at = models.DateTimeField("获知时间", help_text="本机关获知该关切的时间（北京时间）。")
    seriousness = models.CharField(
        "性质",
        max_length=20,
        choices=Seriousness.choices,
        default=Seriousness.GENERAL,
        help_text="特别重大或重大突发事件须在5小时内发布权威信息、24小时内举行新闻发布会。",
    )
    response = models.TextField("回应内容", blank=True)
    channel = models.CharField(
        "回应渠道",
        max_length=100,
        blank=True,
        help_text="如 门户网站、新闻发布会、政务新媒体、接受媒体采访",
    )
    responded_at = models.DateTimeField(
        "回应时间", null=True, blank=True, help_text="首次发布权威信息或作出回应的时间。"
    )
    press_conference_at = models.DateTimeField(
        "新闻发布会时间", null=True, blank=True, help_text="特别重大或重大突发事件须填写。"
    )
    links = models.TextField(
        "相关链接", blank=True, help_text="回应的网页、视频等地址，每行一个（https）。"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ConcernQuerySet.as_manager()

    class Meta:
        verbose_name = "回应关切"
        verbose_name_plural = "回应关切"
        ordering = ["-learned_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "status", "-learned_at"], name="concern_org_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review"])
                | (Q(responded_at__isnull=False) & ~Q(response="")),
                name="published_concern_has_response",
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("disclosure:concern-list", kwargs={"org": self.organization.slug}) + (
            f"#concern-{self.pk}"
        )

    @property
    def title(self) -> str:
        """The publishing core and the admin name every item by its title."""
        return self.topic

    @property
    def is_serious(self) -> bool:
        return self.seriousness == Seriousness.SERIOUS

    def link_list(self) -> list[str]:
        return [line.strip() for line in (self.links or "").splitlines() if line.strip()]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        validate = URLValidator(schemes=["https"])
        for link in self.link_list():
            try:
                validate(link)
            except ValidationError:
                errors["links"] = f"链接「{link}」不是有效的 https 地址。"
                break
        # They record what happened: none lies in the future.
        now = timezone.now()
        for name, label in [
            ("learned_at", "获知时间"),
            ("responded_at", "回应时间"),
            ("press_conference_at", "新闻发布会时间"),
        ]:
            moment = getattr(self, name)
            if moment is not None and moment > now:
                errors[name] = f"{label}不能晚于当前时间。"
        if self.learned_at and self.responded_at and self.responded_at < self.learned_at:
            errors["responded_at"] = "回应时间不能早于获知时间。"
        if (
            self.learned_at
            and self.press_conference_at
            and self.press_conference_at < self.learned_at
        ):
            errors["press_conference_at"] = "新闻发布会时间不能早于获知时间。"
        if errors:
            raise ValidationError(errors)

    def publication_problems(self) -> list[str]:
        """Why the response cannot be published yet (empty when it can)."""
        problems = []
        if not self.response.strip():
            problems.append("请填写回应内容。")
        if self.responded_at is None:
            problems.append("请填写回应时间。")
        return problems


class ConcernEvent(PublishingEvent):
    """Append-only log of a response's publishing workflow."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "提交审核"
        RETURNED = "returned", "退回修改"
        REVIEWED = "reviewed", "审核通过"
        PUBLISHED = "published", "发布"
        WITHDRAWN = "withdrawn", "撤回"
        PII_CONFIRMED = "pii_confirmed", "确认个人信息可以公开"

    concern = models.ForeignKey(
        Concern, verbose_name="回应关切", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    item_field = "concern"

    class Meta(PublishingEvent.Meta):
        verbose_name = "回应关切操作记录"
        verbose_name_plural = "回应关切操作记录"
        indexes = [models.Index(fields=["concern", "-at"], name="concern_event_idx")]
