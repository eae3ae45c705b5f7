"""政务新媒体 accounts and 政务公开专区.

Plain staff-managed records, not publishable kinds: an account and a 专区 are facts about
the agency that the public needs as soon as they exist (and the 全国政务新媒体信息报送系统 is
the account's filing, not a publication review), so they are public once saved. The QR
image is checked by content and stripped of metadata like every public upload
(``config.web.filetypes.clean_public_file``) and stored in public storage.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from catalog.models import Organization
from config.web.filetypes import clean_public_file, safe_upload_name
from disclosure.engagement.models.interview import PICTURE_KINDS


class Platform(models.TextChoices):
    WECHAT = "wechat", "微信"
    WEIBO = "weibo", "微博"
    DOUYIN = "douyin", "抖音"
    TOUTIAO = "toutiao", "今日头条"
    KUAISHOU = "kuaishou", "快手"
    OTHER = "other", "其他"


class FilingStatus(models.TextChoices):
    FILED = "filed", "已备案"
    PENDING = "pending", "备案中"
    NOT_FILED = "not_filed", "未备案"


def qr_upload_to(instance, filename: str) -> str:
    return f"new-media/{safe_upload_name(filename)}"


class NewMediaAccountQuerySet(models.QuerySet):
    def open_on(self, day: datetime.date):
        """Accounts open on ``day`` (opened, and not yet closed)."""
        return self.filter(opened_on__lte=day).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=day)
        )

    def closed(self):
        return self.filter(closed_on__isnull=False)


class NewMediaAccount(models.Model):
    """One 政务新媒体 account of an agency (主办单位), as filed nationally."""

    Platform = Platform

    organization = models.ForeignKey(
        Organization,
        verbose_name="主办单位",
        on_delete=models.PROTECT,
        related_name="new_media_accounts",
    )
    platform = models.CharField("平台", max_length=20, choices=Platform.choices)
    platform_other = models.CharField(
        "其他平台名称", max_length=50, blank=True, help_text="平台为「其他」时填写。"
    )
    name = models.CharField("账号名称", max_length=100)
    account_id = models.CharField("账号ID", max_length=100, help_text="如微信号、微博ID、抖音号。")
    qr_code = models.ImageField("二维码", upload_to=qr_upload_to, blank=True, max_length=300)
    operator = models.CharField(
        "运维单位", max_length=200, blank=True, help_text="与主办单位不同时填写。"
    )
    filing_status = models.CharField(
        "备案状态",
        max_length=20,
        choices=FilingStatus.choices,
        default=FilingStatus.FILED,
        help_text="在全国政务新媒体信息报送系统中的备案情况。",
    )
    opened_on = models.DateField("开设日期")
    closed_on = models.DateField("关停日期", null=True, blank=True)
    closing_notice = models.TextField(
        "关停公告", blank=True, help_text="关停或注销的账号须公告；关停日期填写后必填。"
    )

    objects = NewMediaAccountQuerySet.as_manager()

    class Meta:
        verbose_name = "政务新媒体账号"
        verbose_name_plural = "政务新媒体账号"
        ordering = ["organization__position", "platform", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "account_id"], name="one_record_per_platform_account"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(closing_notice=""),
                name="closed_account_has_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform_label} · {self.name}"

    @property
    def platform_label(self) -> str:
        if self.platform == Platform.OTHER and self.platform_other:
            return self.platform_other
        return self.get_platform_display()

    def clean(self) -> None:
        errors = {}
        if self.closed_on and not (self.closing_notice or "").strip():
            errors["closing_notice"] = "关停的账号须填写关停公告。"
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = "关停日期不能早于开设日期。"
        if self.platform == Platform.OTHER and not (self.platform_other or "").strip():
            errors["platform_other"] = "平台为「其他」时请填写平台名称。"
        if self.qr_code and not getattr(self.qr_code, "_committed", True):
            try:
                clean_public_file(self.qr_code, max_bytes=2 * 1024 * 1024, kinds=PICTURE_KINDS)
            except ValidationError as exc:
                errors["qr_code"] = exc.messages
        if errors:
            raise ValidationError(errors)


class ServiceHall(models.Model):
    """A 政务公开专区: a place in a service hall where the public consults information."""

    organization = models.ForeignKey(
        Organization, verbose_name="机关", on_delete=models.PROTECT, related_name="service_halls"
    )
    name = models.CharField("专区名称", max_length=200)
    address = models.CharField("地址", max_length=200)
    opening_hours = models.CharField("开放时间", max_length=200)
    phone = models.CharField("咨询电话", max_length=50)
    services = models.TextField(
        "可查阅、咨询的内容", help_text="如 政府公报、政策文件查阅，依申请公开受理，政策咨询。"
    )
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "政务公开专区"
        verbose_name_plural = "政务公开专区"
        ordering = ["organization__position", "position", "pk"]

    def __str__(self) -> str:
        return self.name
