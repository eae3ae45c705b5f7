"""重大行政决策事项目录: each decision-making body's yearly list of its major decisions.

《重大行政决策程序暂行条例》Art. 3 (domain notes §8): the list is published and adjusted
as needed. Agencies keep it as a spreadsheet: ``disclosure.decisions.resources`` imports
and exports the items as XLSX, all or nothing.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organization
from disclosure.decisions.models.consultation import Consultation, Phase
from disclosure.library.models.document import Document
from disclosure.library.models.interpretation import Interpretation


class DecisionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    CONSULTING = "consulting", "征求意见中"
    DECIDED = "decided", "已决策"
    EVALUATING = "evaluating", "执行评估"


class DecisionCatalogQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def public(self):
        return self.published()


class DecisionCatalog(models.Model):
    """One agency's 重大行政决策事项目录 for one year."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="决策机关",
        on_delete=models.PROTECT,
        related_name="decision_catalogs",
    )
    year = models.PositiveSmallIntegerField("年度")
    is_published = models.BooleanField(
        "公开", default=False, help_text="勾选后在本机关「重大行政决策事项目录」页面公开。"
    )
    published_on = models.DateField(
        "发布日期", null=True, blank=True, help_text="不填则在公开时取当天。"
    )
    adjusted_on = models.DateField(
        "最近调整日期", null=True, blank=True, help_text="目录发布后调整事项时填写（条例第三条）。"
    )
    note = models.TextField("说明", blank=True, help_text="目录的编制依据、标准或调整说明。")

    objects = DecisionCatalogQuerySet.as_manager()

    class Meta:
        db_table = "disclosure_decisioncatalog"
        verbose_name = "重大行政决策事项目录"
        verbose_name_plural = "重大行政决策事项目录"
        ordering = ["organization", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="one_decision_catalog_per_agency_year"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="decision_catalog_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}{self.year}年度重大行政决策事项目录"

    def save(self, *args, **kwargs):
        if self.is_published and self.published_on is None:
            self.published_on = timezone.localdate()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        url = reverse("disclosure:decision-catalog", kwargs={"org": self.organization.slug})
        return f"{url}?year={self.year}"


class DecisionItem(models.Model):
    """One 重大行政决策事项 of the catalog, linked to what followed it when it exists."""

    Status = DecisionStatus

    catalog = models.ForeignKey(
        DecisionCatalog, verbose_name="目录", on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveIntegerField("序号", default=0)
    title = models.CharField("决策事项", max_length=300)
    lead_unit = models.CharField("承办单位", max_length=200)
    basis = models.TextField("决策依据", blank=True)
    planned_completion = models.CharField(
        "计划完成时间", max_length=40, blank=True, help_text="如 2026年6月、2026年第三季度"
    )
    hearing_planned = models.BooleanField("拟举行听证", default=False)
    status = models.CharField(
        "状态", max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.NOT_STARTED
    )
    consultation = models.ForeignKey(
        Consultation,
        verbose_name="意见征集",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decision_items",
    )
    decision_document = models.ForeignKey(
        Document,
        verbose_name="决策文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decision_items",
    )
    evaluation_report = models.ForeignKey(
        Document,
        verbose_name="执行效果评估报告",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluated_decision_items",
    )
    # 「全周期」解读: the 实施效能评估 published as an interpretation of the decision document
    # can stand as the item's 执行效果评估 too.
    evaluation = models.ForeignKey(
        Interpretation,
        verbose_name="实施效能评估（政策解读）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluated_decision_items",
        limit_choices_to={"stage": "evaluation"},
        help_text="解读阶段为「实施效能评估」的政策解读，可代替或补充评估报告文件。",
    )
    note = models.TextField("备注", blank=True)

    class Meta:
        db_table = "disclosure_decisionitem"
        verbose_name = "重大行政决策事项"
        verbose_name_plural = "重大行政决策事项"
        ordering = ["catalog", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "title"], name="unique_decision_item_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def status_label(self, today: datetime.date | None = None) -> str:
        """The stage the public sees, derived from what followed where the stored status
        lags: 征求意见中 only while the linked consultation runs (after its end:
        征求意见已结束), 已决策 once the decision document is published."""
        stored = DecisionStatus(self.status)
        if stored not in (DecisionStatus.NOT_STARTED, DecisionStatus.CONSULTING):
            return stored.label
        if self.decision_document_id is not None and self.decision_document.is_public:
            return DecisionStatus.DECIDED.label
        consultation = self.consultation if self.consultation_id is not None else None
        if consultation is not None and consultation.is_public:
            phase = consultation.phase(today)
            if phase == Phase.OPEN:
                return DecisionStatus.CONSULTING.label
            if phase in (Phase.CLOSED, Phase.ANSWERED):
                return "征求意见已结束"
        return stored.label
