"""The website itself (domain notes §10): 错敏词 and their recorded overrides, the link check's
results, the privacy-preserving visit counter, and the 政府网站工作年度报表.

Overrides and reports change only through ``disclosure.website.wording`` and
``disclosure.website.annual``; the counter only through ``disclosure.website.visits``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organization
from disclosure.publishing.models import Publishable, PublishingEvent


class Severity(models.TextChoices):
    # 严重表述错误 is a veto item of the national check (国办秘函〔2019〕19号).
    SEVERE = "severe", "严重（阻止发布）"
    NORMAL = "normal", "一般（提示修改）"


class WordingRule(models.Model):
    """One wrong or forbidden expression staff added (the prepared ones live in
    ``disclosure.website.wording.PREPARED``)."""

    wrong = models.CharField("错误表述", max_length=100, unique=True)
    right = models.CharField("正确表述", max_length=100, blank=True)
    severity = models.CharField(
        "严重程度", max_length=10, choices=Severity.choices, default=Severity.NORMAL
    )
    note = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "错敏词"
        verbose_name_plural = "错敏词"
        ordering = ["-severity", "wrong"]

    def __str__(self) -> str:
        return f"{self.wrong} → {self.right}" if self.right else self.wrong


class WordingOverride(models.Model):
    """A reviewer let an item with severe 错敏词 findings go on, with the reason. It covers
    the expressions it names: another severe finding added later blocks again.
    Append-only (written by ``wording.override``)."""

    content_type = models.ForeignKey(
        ContentType, verbose_name="信息类型", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("信息编号")
    organization = models.ForeignKey(
        Organization, verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField("信息", max_length=300)
    expressions = models.TextField("放行的表述（每行一个）")
    reason = models.TextField("放行理由")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "错敏词放行记录"
        verbose_name_plural = "错敏词放行记录"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="wording_override_idx")]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.label}"

    def covered(self) -> set[str]:
        return {line for line in self.expressions.splitlines() if line}


class LinkCheck(models.Model):
    """The last answer of one external address (reused for a day: the check is polite)."""

    url = models.CharField("地址", max_length=1000, unique=True)
    ok = models.BooleanField("可以访问")
    status = models.PositiveSmallIntegerField("HTTP 状态", null=True, blank=True)
    error = models.CharField("错误", max_length=200, blank=True)
    checked_at = models.DateTimeField("检测时间", default=timezone.now)

    class Meta:
        verbose_name = "外部链接检测结果"
        verbose_name_plural = "外部链接检测结果"

    def __str__(self) -> str:
        return self.url


class SiteCheckRun(models.Model):
    """One run of ``site_check``: the broken links it found (the rest of the check is
    computed live by the page)."""

    ran_at = models.DateTimeField("检测时间", default=timezone.now)
    external = models.BooleanField("检测了外部链接", default=True)
    links_checked = models.PositiveIntegerField("检测链接数", default=0)
    # [{"organization_id", "page_url", "page_title", "url", "reason", "internal"}]
    broken = models.JSONField("不可用的链接", default=list, encoder=DjangoJSONEncoder)
    # [{"organization_id", "page_url", "page_title", "wrong", "right", "severity", "blocked"}]
    wording = models.JSONField("错敏词", default=list, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = "站点体检记录"
        verbose_name_plural = "站点体检记录"
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.ran_at):%Y-%m-%d %H:%M}"


# -- the visit counter: no IP address, no cookie, no third-party script -----------------


class VisitSalt(models.Model):
    """Today's random salt. Yesterday's is deleted, so nobody (not even staff with the
    database) can tell whether an address visited on an earlier day."""

    day = models.DateField("日期", unique=True)
    salt = models.CharField("盐", max_length=64)

    class Meta:
        verbose_name = "访问统计盐值"
        verbose_name_plural = "访问统计盐值"

    def __str__(self) -> str:
        return str(self.day)


class DailyVisitor(models.Model):
    """One visitor of one day, known only by a hash of (the day's salt, address, browser)."""

    day = models.DateField("日期")
    visitor = models.CharField("访客摘要", max_length=64)

    class Meta:
        verbose_name = "当日访客摘要"
        verbose_name_plural = "当日访客摘要"
        constraints = [
            models.UniqueConstraint(fields=["day", "visitor"], name="one_visitor_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.visitor[:8]}…"


class DailyVisits(models.Model):
    """A day's totals: 独立用户访问量 and 网站访问量 of the website annual report."""

    day = models.DateField("日期", unique=True)
    visitors = models.PositiveIntegerField("独立访客数", default=0)
    views = models.PositiveIntegerField("访问量", default=0)

    class Meta:
        verbose_name = "每日访问量"
        verbose_name_plural = "每日访问量"
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}：{self.visitors}人 {self.views}次"


# -- 政府网站工作年度报表 -----------------------------------------------------------------


class WebsiteReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=WebsiteReport.Status.PUBLISHED)


class WebsiteReport(Publishable):
    """The site's 政府网站工作年度报表 of one year, published by 31 January (国务院办公厅
    2018). Computed from the records; rows the portal holds no records of are entered by
    staff with a reason (``WebsiteReportEntry``). Frozen on publication."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已公布"

    workflow_fields = Publishable.workflow_fields | {"snapshot"}

    organization = models.ForeignKey(
        Organization,
        verbose_name="主办机关",
        on_delete=models.PROTECT,
        related_name="website_reports",
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_on = models.DateField("公布日期", null=True, blank=True, editable=False)
    head = models.CharField("单位负责人", max_length=40, blank=True)
    reviewer = models.CharField("审核人", max_length=40, blank=True)
    filler = models.CharField("填报人", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    snapshot = models.JSONField(
        "公布时的数据", default=dict, blank=True, editable=False, encoder=DjangoJSONEncoder
    )

    objects = WebsiteReportQuerySet.as_manager()

    class Meta:
        verbose_name = "政府网站工作年度报表"
        verbose_name_plural = "政府网站工作年度报表"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="one_website_report_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年政府网站工作年度报表"

    @property
    def title(self) -> str:
        return str(self)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def get_absolute_url(self) -> str:
        return reverse("disclosure:website-report", args=[self.year])


class WebsiteReportEntry(models.Model):
    """A figure the portal holds no record of, entered by staff with its reason."""

    report = models.ForeignKey(
        WebsiteReport, verbose_name="年度报表", on_delete=models.CASCADE, related_name="entries"
    )
    key = models.CharField("统计项", max_length=60)
    value = models.CharField("填报值", max_length=60)
    reason = models.TextField("说明（数据来源）")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("填报时间", default=timezone.now)

    class Meta:
        verbose_name = "填报数据"
        verbose_name_plural = "填报数据"
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="one_entry_per_report_key")
        ]

    def __str__(self) -> str:
        return f"{self.key}：{self.value}"


class WebsiteReportEvent(PublishingEvent):
    """Append-only log of a website report's workflow."""

    class Action(models.TextChoices):
        CREATED = "created", "生成草稿"
        EDITED = "edited", "编辑"
        ENTERED = "entered", "填报数据"
        PUBLISHED = "published", "公布"

    report = models.ForeignKey(
        WebsiteReport, verbose_name="年度报表", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    item_field = "report"

    class Meta(PublishingEvent.Meta):
        verbose_name = "网站年度报表操作记录"
        verbose_name_plural = "网站年度报表操作记录"
