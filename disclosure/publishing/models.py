"""The one publishing core: what every published kind shares.

- ``Publishable``: status (草稿 → 待审核 → 已发布 → 已撤回), 发布日期 and the rule that
  only ``disclosure.publishing.steps`` writes them; documents, interpretations,
  consultations and annual reports are built on it.
- ``PublishingEvent``: the append-only log of every step, one table per kind.
- ``PersonalDataConfirmation``: staff's confirmation that the personal numbers found by
  ``config.web.pii`` may be published.
- ``IndexSequence``: each agency's yearly 索引号 counter (numbers are never reused).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from catalog.models import Organization
from config.web import pagecache


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEW = "review", "待审核"  # the 保密审查 before publication: 先审查、后公开
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class WithdrawalReason(models.TextChoices):
    """Why a published item was withdrawn, as the public notice states it (the written
    reason stays in the event log for staff)."""

    ERROR = "error", "内容有误，已撤回更正"
    REPLACED = "replaced", "已被新发布的信息替代"
    NOT_DISCLOSABLE = "not_disclosable", "经审查依法不予公开"
    DUPLICATE = "duplicate", "重复发布"
    OTHER = "other", "其他原因"


# Written only by disclosure.publishing.steps.confirm_personal_data.
PII_CONFIRMATION_FIELDS = frozenset(
    {"pii_confirmed_by", "pii_confirmed_at", "pii_confirmed_digests"}
)


class PersonalDataConfirmation(models.Model):
    """Staff's confirmation that the personal numbers found by ``config.web.pii`` may be
    published. It covers the findings it names (keyed hashes, never the numbers): a later
    edit that adds another number blocks publication again."""

    pii_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="个人信息核实人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pii_confirmed_at = models.DateTimeField(
        "个人信息核实时间", null=True, blank=True, editable=False
    )
    pii_confirmed_digests = models.TextField("已核实的个人信息（摘要）", blank=True, editable=False)

    class Meta:
        abstract = True


class Publishable(models.Model):
    """Something the portal publishes. Its status and 发布日期 change only through
    ``disclosure.publishing.steps``; an edit saves every other field and never these, so an
    edit form loaded before a publication cannot write the old status back."""

    Status = PublicationStatus

    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_on = models.DateField("发布日期", null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True, editable=False)
    withdrawal_reason = models.CharField(
        "撤回原因类别",
        max_length=20,
        choices=WithdrawalReason.choices,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    #: Fields only the workflow writes (a kind adds its own derived ones).
    workflow_fields: frozenset[str] = frozenset(
        {"status", "published_on", "created_at", "withdrawn_at", "withdrawal_reason"}
    )
    #: The refusal when a new row is not a draft.
    new_only_as_draft = "新内容只能保存为草稿；发布请调用 disclosure.publishing。"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            if not self.is_new_draft():
                raise ValueError(self.new_only_as_draft)
        elif kwargs.get("update_fields") is None:
            protected = self.workflow_fields
            if isinstance(self, PersonalDataConfirmation):
                protected = protected | PII_CONFIRMATION_FIELDS
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in protected
            ]
        super().save(*args, **kwargs)
        if self.status in (PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN):
            # An edit of what the public sees: every stored public page is renewed.
            pagecache.bump_now_and_at_commit()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        pagecache.bump_now_and_at_commit()
        return result

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    def is_new_draft(self) -> bool:
        """A new row must be a draft (publication is a step, not a save)."""
        return self.status == self.Status.DRAFT


class PublishingEvent(models.Model):
    """Append-only log of a publishable item's steps: who, when, what and why. Each kind
    has its own table with the foreign key to its item (``related_name="events"``) and its
    own ``Action`` choices; ``disclosure.publishing.steps.record_event`` writes them."""

    action = models.CharField("操作", max_length=20)
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

    #: The name of the foreign key to the item.
    item_field = ""

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        # Local (Asia/Shanghai) time, as the admin shows the 时间 column beside it.
        item = getattr(self, self.item_field)
        at = timezone.localtime(self.at)
        return f"{at:%Y-%m-%d %H:%M} {self.get_action_display()} {item}"


class IndexSequence(models.Model):
    """The last 索引号 sequence number used by one agency in one year; never goes back."""

    organization = models.ForeignKey(
        Organization, verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    last_value = models.PositiveIntegerField("已用到的序号", default=0)

    class Meta:
        db_table = "disclosure_indexsequence"
        verbose_name = "索引号序号"
        verbose_name_plural = "索引号序号"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="one_index_sequence_per_agency_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}: {self.last_value}"
