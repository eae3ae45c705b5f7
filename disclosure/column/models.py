"""The column's own texts: the 公开指南 (versioned) and the 公开制度 pages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organization


class GuideQuerySet(models.QuerySet):
    def current_for(self, organization: Organization) -> Guide | None:
        """The guide in force: the newest version whose 更新日期 has come."""
        return (
            self.filter(organization=organization, updated_on__lte=timezone.localdate())
            .order_by("-updated_on", "-pk")
            .first()
        )


class Guide(models.Model):
    """One version of an agency's 政府信息公开指南 text (Art. 12).

    The agency's contact data comes from the Organization; this is the written part.
    A change is a new version with its own 更新日期; old versions stay readable.
    """

    organization = models.ForeignKey(
        Organization, verbose_name="机关", on_delete=models.PROTECT, related_name="guides"
    )
    title = models.CharField("标题", max_length=200, default="政府信息公开指南")
    classification = models.TextField(
        "信息分类与编排体系", help_text="Art. 12：政府信息的分类、编排体系。"
    )
    how_to_obtain = models.TextField(
        "获取方式", help_text="Art. 12：主动公开、依申请公开的获取方式。"
    )
    body = models.TextField("其他说明", blank=True, help_text="收费、监督和救济渠道等。")
    updated_on = models.DateField("更新日期", default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="编辑人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        db_table = "disclosure_guide"
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"
        ordering = ["organization", "-updated_on", "-pk"]
        indexes = [models.Index(fields=["organization", "-updated_on"])]

    def __str__(self) -> str:
        return f"{self.organization} {self.title}（{self.updated_on:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse(
            "disclosure:guide-version", kwargs={"org": self.organization.slug, "pk": self.pk}
        )


class RegulationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Regulation(models.Model):
    """A page of the 政府信息公开制度 part: the agency's rules for its disclosure work."""

    organization = models.ForeignKey(
        Organization, verbose_name="机关", on_delete=models.PROTECT, related_name="regulations"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    published_on = models.DateField("发布日期", default=timezone.localdate)
    is_published = models.BooleanField("公开", default=True)

    objects = RegulationQuerySet.as_manager()

    class Meta:
        db_table = "disclosure_regulation"
        verbose_name = "政府信息公开制度"
        verbose_name_plural = "政府信息公开制度"
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["organization", "-published_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "disclosure:regulation-detail", kwargs={"org": self.organization.slug, "pk": self.pk}
        )
