"""Approvals: steps the law or the agency's rules reserve to the head of the disclosure office.

A clerk *requests* such a step (an :class:`Approval` pending); it takes effect only when
the head (``catalog.permissions.can_approve_for``) approves it on their own queue
(``/ysqgk/staff/approvals/``). What each kind does on approval is registered by its step
module (``requests_app.steps.approvals``); this module holds the record only.

``requests_app.models`` imports this module so the model is registered with the app; it
refers to the request and its events by name to keep the import one-way.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from catalog.permissions import APPROVER_GROUP, user_organization


class ApprovalQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(decision=Approval.Decision.PENDING)

    def decided(self):
        return self.exclude(decision=Approval.Decision.PENDING)

    def for_approver(self, user):
        """What ``user`` may decide: their own agency's, if they head its disclosure office."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        own = user_organization(user)
        if own is None or not user.groups.filter(name=APPROVER_GROUP).exists():
            return self.none()
        return self.filter(request__organization=own)


class Approval(models.Model):
    """One request for the head's approval of a step, and the head's decision."""

    class Kind(models.TextChoices):
        # Art. 33(2): 经政府信息公开工作机构负责人同意.
        EXTENSION = "extension", "延期答复"

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "同意"
        REFUSED = "refused", "不同意"

    request = models.ForeignKey(
        "requests_app.InformationRequest",
        verbose_name="申请",
        on_delete=models.PROTECT,
        related_name="approvals",
    )
    kind = models.CharField("审批事项", max_length=30, choices=Kind.choices)
    data = models.JSONField("事项内容", default=dict, blank=True, encoder=DjangoJSONEncoder)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("报请时间")
    request_event = models.ForeignKey(
        "requests_app.RequestEvent",
        verbose_name="报请记录",
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(
        "审批结果", max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    reason = models.TextField("审批意见", blank=True, help_text="不同意的，须写明理由。")
    decision_event = models.ForeignKey(
        "requests_app.RequestEvent",
        verbose_name="审批记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        verbose_name = "审批"
        verbose_name_plural = "审批"
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind"],
                condition=Q(decision="pending"),
                name="one_pending_approval_per_request_and_kind",
            ),
            models.CheckConstraint(
                condition=Q(decision="pending", decided_by__isnull=True, decided_at__isnull=True)
                | (~Q(decision="pending") & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="approval_decided_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=~Q(decision="refused") | ~Q(reason=""),
                name="approval_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_decision_display()}"

    @property
    def is_pending(self) -> bool:
        return self.decision == self.Decision.PENDING

    def delete(self, *args, **kwargs):
        raise ValidationError("审批记录不能删除。")
