"""公开承诺事项: the year's key tasks a government promises in public, with progress.

Domain notes §9: each task with its 工作任务, 完成时限, 责任单位 and 责任人, its progress
published until done (接受社会监督). The list is a publishable kind; its tasks and their
dated progress entries are public with it. A task's status is never stored: it is
computed from the entries and the deadline by ``CommitmentQuerySet.with_status`` — the one
place of the rule — so it turns 逾期未完成 the day after the deadline without anyone saving.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, Min, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organization
from disclosure.publishing.models import Publishable, PublishingEvent


class CommitmentStatus(models.TextChoices):
    RUNNING = "running", "推进中"
    DONE = "done", "已完成"
    OVERDUE = "overdue", "逾期未完成"


# Overdue first on the public page, then running, then done.
STATUS_ORDER = {CommitmentStatus.OVERDUE: 0, CommitmentStatus.RUNNING: 1, CommitmentStatus.DONE: 2}


class CommitmentListQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=CommitmentList.Status.PUBLISHED)


class CommitmentList(Publishable):
    """One government's 公开承诺事项 of a year."""

    new_only_as_draft = "新承诺事项清单只能保存为草稿；发布请调用 disclosure.publishing。"

    organization = models.ForeignKey(
        Organization,
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="commitment_lists",
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField(
        "标题", max_length=200, help_text="如 2026年度重点工作任务公开承诺事项"
    )
    intro = models.TextField("说明", blank=True)

    objects = CommitmentListQuerySet.as_manager()

    class Meta:
        verbose_name = "公开承诺事项清单"
        verbose_name_plural = "公开承诺事项清单"
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="one_commitment_list_per_agency_year"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("disclosure:commitment-list", args=[self.organization.slug, self.year])


class CommitmentQuerySet(models.QuerySet):
    def with_status(self, today: datetime.date | None = None):
        """Each task with ``completed_on`` (its first progress entry marked 完成) and
        ``state``: 已完成 once such an entry exists (even after the deadline), else
        逾期未完成 from the day after the 完成时限, else 推进中."""
        today = today or timezone.localdate()
        return self.annotate(
            completed_on=Min("progress__on", filter=Q(progress__completes=True))
        ).annotate(
            state=Case(
                When(completed_on__isnull=False, then=Value(CommitmentStatus.DONE)),
                When(deadline__lt=today, then=Value(CommitmentStatus.OVERDUE)),
                default=Value(CommitmentStatus.RUNNING),
                output_field=models.CharField(),
            ),
            state_order=Case(
                *[When(state=s, then=Value(n)) for s, n in STATUS_ORDER.items()],
                output_field=models.IntegerField(),
            ),
        )


class Commitment(models.Model):
    """One promised task."""

    commitment_list = models.ForeignKey(
        CommitmentList,
        verbose_name="承诺事项清单",
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    position = models.PositiveIntegerField("序号", default=0)
    task = models.TextField("工作任务")
    deadline = models.DateField("完成时限")
    responsible_unit = models.CharField("责任单位", max_length=200)
    responsible_post = models.CharField("责任人职务", max_length=100)
    responsible_name = models.CharField(
        "责任人姓名", max_length=50, blank=True, help_text="公开责任人姓名的，填写。"
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = "承诺事项"
        verbose_name_plural = "承诺事项"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.task[:40]

    @property
    def organization(self):
        return self.commitment_list.organization

    def status(self, today: datetime.date | None = None) -> str:
        """The status by ``with_status`` (read from the annotation when present)."""
        state = getattr(self, "state", None)
        if state is None or today is not None:
            state = (
                type(self)
                .objects.with_status(today)
                .values_list("state", flat=True)
                .get(pk=self.pk)
            )
        return state

    def status_label(self, today: datetime.date | None = None) -> str:
        return CommitmentStatus(self.status(today)).label

    @property
    def responsible_person(self) -> str:
        return " ".join(filter(None, [self.responsible_post, self.responsible_name]))


class ProgressEntry(models.Model):
    """A dated step of a task's progress; one marked 完成 completes the task."""

    commitment = models.ForeignKey(
        Commitment, verbose_name="承诺事项", on_delete=models.CASCADE, related_name="progress"
    )
    on = models.DateField("日期")
    text = models.TextField("进展情况")
    completes = models.BooleanField("任务已完成", default=False)

    class Meta:
        verbose_name = "进展情况"
        verbose_name_plural = "进展情况"
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.text[:30]}"


class CommitmentListEvent(PublishingEvent):
    class Action(models.TextChoices):
        SUBMITTED = "submitted", "提交审核"
        RETURNED = "returned", "退回修改"
        REVIEWED = "reviewed", "审核通过"
        PUBLISHED = "published", "发布"
        WITHDRAWN = "withdrawn", "撤回"

    commitment_list = models.ForeignKey(
        CommitmentList,
        verbose_name="承诺事项清单",
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    item_field = "commitment_list"

    class Meta(PublishingEvent.Meta):
        verbose_name = "承诺事项清单操作记录"
        verbose_name_plural = "承诺事项清单操作记录"
