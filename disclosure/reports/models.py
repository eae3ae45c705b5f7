"""年度报告: one per agency and year; computed tables, written parts, overrides, snapshot.

Status changes, overrides and publication only through ``disclosure.reports.services``; the
layout and the cells are in ``disclosure.reports.national_format``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organization
from catalog.statutory import annual_report_due_on
from disclosure.publishing.models import Publishable, PublishingEvent
from disclosure.reports.national_format import COMPUTED_CELLS


class AnnualReportQuerySet(models.QuerySet):
    def published(self):
        """Reports the public may see (the API and the public pages use this)."""
        return self.filter(status=AnnualReport.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=AnnualReport.Status.DRAFT)

    def for_organization(self, organization):
        return self.filter(organization=organization)


class AnnualReport(Publishable):
    """政府信息公开工作年度报告 of one agency on one year (条例 Art. 49-50).

    A report goes from draft straight to publication (公布): its review is the figures'
    checks and the written reasons for every corrected figure; it is never withdrawn.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已公布"

    workflow_fields = Publishable.workflow_fields | {"snapshot"}

    organization = models.ForeignKey(
        Organization, verbose_name="机关", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    includes_departments = models.BooleanField(
        "汇总本级政府各部门",
        default=False,
        editable=False,
        help_text="本级人民政府的年度报告，统计数据汇总本级政府及其所属各部门。",
    )
    # Overrides the core's fields: a report has no review step and is 公布ed.
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )

    # Written parts (一, 五, 六), started from templates.
    overview = models.TextField("一、总体情况", blank=True)
    improvements = models.TextField(
        "五（一）上年度存在问题的改进情况",
        blank=True,
        help_text="对照上年度报告所列问题，逐项说明改进情况。",
    )
    problems = models.TextField("五（二）本年度存在的主要问题及改进措施", blank=True)
    other_matters = models.TextField(
        "六、其他需要报告的事项",
        blank=True,
        help_text="信息处理费收取情况由系统统计列于本部分；另写明年度政务公开工作要点落实情况等。",
    )

    # Table 二 figures the portal holds no records of: entered by staff.
    licensing_decisions = models.PositiveIntegerField(
        "行政许可本年处理决定数量", null=True, blank=True
    )
    penalty_decisions = models.PositiveIntegerField(
        "行政处罚本年处理决定数量", null=True, blank=True
    )
    enforcement_decisions = models.PositiveIntegerField(
        "行政强制本年处理决定数量", null=True, blank=True
    )
    administrative_fees = models.DecimalField(
        "行政事业性收费本年收费金额（万元）",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
    )

    # Frozen on publication: figures, overrides, tables, checks, performance.
    snapshot = models.JSONField(
        "公布时的数据", default=dict, blank=True, editable=False, encoder=DjangoJSONEncoder
    )
    published_on = models.DateField("公布日期", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        db_table = "disclosure_annualreport"
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "organization__position", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="one_annual_report_per_agency_year"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_on__isnull=False),
                name="annual_report_published_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "organization", "-year"], name="annual_report_public_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}{self.year}年度政府信息公开工作年度报告"

    def get_absolute_url(self) -> str:
        return reverse(
            "disclosure:annual-report-detail",
            kwargs={"org": self.organization.slug, "year": self.year},
        )

    @property
    def title(self) -> str:
        return str(self)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def due_on(self):
        return annual_report_due_on(self.organization, self.year)

    def get_staff_url(self) -> str:
        return reverse("disclosure:report-staff-detail", kwargs={"pk": self.pk})


class AnnualReportOverride(models.Model):
    """A computed figure replaced by staff, with the written reason (shown on the report)."""

    report = models.ForeignKey(
        AnnualReport, verbose_name="年度报告", on_delete=models.CASCADE, related_name="overrides"
    )
    cell = models.CharField("统计项", max_length=60)
    computed = models.CharField("系统统计值", max_length=30)
    value = models.CharField("修正值", max_length=30)
    reason = models.TextField("修正理由")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修正人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("修正时间", default=timezone.now)

    class Meta:
        db_table = "disclosure_annualreportoverride"
        verbose_name = "统计数据修正"
        verbose_name_plural = "统计数据修正"
        ordering = ["cell"]
        constraints = [
            models.UniqueConstraint(fields=["report", "cell"], name="one_override_per_cell"),
            models.CheckConstraint(condition=~Q(reason=""), name="override_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.label}：{self.computed} → {self.value}"

    @property
    def label(self) -> str:
        return COMPUTED_CELLS.get(self.cell, self.cell)


class AnnualReportEvent(PublishingEvent):
    """Append-only log of a report's workflow: who, when, what and why."""

    class Action(models.TextChoices):
        CREATED = "created", "生成草稿"
        EDITED = "edited", "编辑文字和填报数据"
        OVERRIDDEN = "overridden", "修正统计数据"
        OVERRIDE_REMOVED = "override_removed", "恢复系统统计值"
        PUBLISHED = "published", "公布"

    report = models.ForeignKey(
        AnnualReport, verbose_name="年度报告", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    item_field = "report"

    class Meta(PublishingEvent.Meta):
        db_table = "disclosure_annualreportevent"
        verbose_name = "年度报告操作记录"
        verbose_name_plural = "年度报告操作记录"
        indexes = [models.Index(fields=["report", "-at"], name="annual_report_event_idx")]
