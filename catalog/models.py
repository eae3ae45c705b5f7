"""Agencies, the 主动公开目录, themes, genres, the working-day calendar and the audit log."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.validators import validate_credit_code
from catalog.workdays import WorkCalendar


class OrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def main(self) -> Organization | None:
        """The portal's own (main) agency, whose column the /xxgk/ home shows."""
        return self.active().filter(is_portal_main=True).first()


class Organization(models.Model):
    """An administrative agency (机关) with its own 政府信息公开 column."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门及其他机构"

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "设区的市级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡镇级"

    name = models.CharField("机关名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    slug = models.SlugField(
        "网址标识",
        max_length=40,
        unique=True,
        help_text="用于网址，如 lcszf 对应 /xxgk/lcszf/，只能包含小写字母、数字和连字符。",
    )
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text="18位，用于生成索引号。",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField("机关类型", max_length=20, choices=Kind.choices)
    level = models.CharField("行政层级", max_length=20, choices=Level.choices)
    review_body = models.CharField(
        "行政复议机关",
        max_length=100,
        blank=True,
        help_text="写入答复告知书的救济途径。留空则按层级确定：政府部门为本级人民政府，"
        "人民政府为上一级人民政府（省级人民政府为其本身）；海关、金融、外汇管理、税务、"
        "国家安全等实行垂直领导的机关填写上一级主管部门。",
    )
    is_portal_main = models.BooleanField(
        "本门户主体机关", default=False, help_text="信息公开栏目首页展示该机关的栏目。"
    )
    is_active = models.BooleanField("启用", default=True)
    position = models.PositiveIntegerField("排序", default=100)

    # Art. 12: what the 公开指南 must show about the disclosure office.
    office_name = models.CharField("政府信息公开工作机构", max_length=100)
    office_address = models.CharField("办公地址", max_length=200)
    office_hours = models.CharField("办公时间", max_length=200)
    phone = models.CharField("联系电话", max_length=50)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("网站", blank=True)
    postal_address = models.CharField("通信地址", max_length=200)
    postal_code = models.CharField(
        "邮政编码",
        max_length=6,
        validators=[
            RegexValidator(r"^\d{6}$", "邮政编码应为6位数字。"),
        ],
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_portal_main"],
                condition=Q(is_portal_main=True),
                name="one_portal_main_organization",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosure:org-column", kwargs={"org": self.slug})

    def administrative_review_body(self) -> str:
        """The 行政复议机关 named in the agency's replies (《行政复议法》2023).

        Art. 27: vertically managed agencies (海关, 金融, 外汇管理, 税务, 国家安全) answer to
        the competent authority one level up, which staff enter in ``review_body``; it
        also names a government above that this portal does not hold. Otherwise Art. 24:
        a department's is the government it belongs to (the first government up its
        parents), a government's the government above it, and a province-level
        government hears cases against itself (Art. 24, second paragraph). Where nothing
        can be named, the generic phrase.
        """
        if self.review_body.strip():
            return self.review_body.strip()
        if self.kind == self.Kind.GOVERNMENT:
            if self.parent_id:
                return self.parent.name
            if self.level == self.Level.PROVINCE:
                return self.name
            return "上一级人民政府"
        seen = {self.pk}
        above = self.parent
        while above is not None and above.pk not in seen:
            if above.kind == self.Kind.GOVERNMENT:
                return above.name
            seen.add(above.pk)
            above = above.parent
        return "本级人民政府"

    def clean(self) -> None:
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": "上级机关不能是本机关。"})

    @property
    def has_web_contact(self) -> bool:
        return bool(self.email or self.website)

    def catalog_scopes(self) -> list[str]:
        """Which statutory node scopes apply to this agency (Art. 20 always; Art. 21 by level)."""
        scopes = [Category.Scope.ALL]
        if self.level in (self.Level.CITY, self.Level.COUNTY):
            scopes.append(Category.Scope.CITY_COUNTY)
        elif self.level == self.Level.TOWNSHIP:
            scopes.append(Category.Scope.TOWNSHIP)
        return scopes


class StaffProfile(models.Model):
    """Links a staff account to the one agency whose data it works on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    organization = models.ForeignKey(
        Organization, verbose_name="所属机关", on_delete=models.PROTECT, related_name="staff"
    )

    class Meta:
        verbose_name = "工作人员所属机关"
        verbose_name_plural = "工作人员所属机关"

    def __str__(self) -> str:
        return f"{self.user} · {self.organization}"


class CategoryQuerySet(models.QuerySet):
    def statutory(self):
        return self.filter(organization__isnull=True)

    def for_organization(self, organization: Organization):
        """The agency's tree: the statutory nodes that apply to it plus its own nodes."""
        return self.filter(
            Q(organization__isnull=True, scope__in=organization.catalog_scopes())
            | Q(organization=organization)
        )


# Art. 26: proactively disclosed information is published within 20 working days of being
# formed or changed, unless a law or regulation sets another limit.
PROACTIVE_DISCLOSURE_WORKING_DAYS = 20


class UpdateRule(models.TextChoices):
    """How often a catalog node must receive new information (its 更新要求)."""

    WORKING_DAYS = "working_days", "信息形成或变更之日起若干个工作日内"
    MONTHLY = "monthly", "按月更新"
    QUARTERLY = "quarterly", "按季度更新"
    YEARLY = "yearly", "按年度更新"


def _period_end(day: datetime.date, months: int) -> datetime.date:
    """The last day of the period (of ``months`` months, aligned to the year) after ``day``'s."""
    start_month = (day.month - 1) // months * months  # 0-based month the period starts in
    following = day.year * 12 + start_month + 2 * months  # first month after the next period
    year, month = divmod(following, 12)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


class Category(models.Model):
    """A node of the 主动公开目录 (法定主动公开内容). Statutory nodes have no agency."""

    UpdateRule = UpdateRule

    class Scope(models.TextChoices):
        ALL = "all", "各级行政机关（第二十条）"
        CITY_COUNTY = "city_county", "设区的市级、县级人民政府及其部门（第二十一条）"
        TOWNSHIP = "township", "乡（镇）人民政府（第二十一条）"
        LOCAL = "local", "本机关自设"

    name = models.CharField("目录名称", max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级目录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="所属机关",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="categories",
        help_text="法定目录不属于某一机关；机关自设目录属于本机关。",
    )
    scope = models.CharField("适用范围", max_length=20, choices=Scope.choices, default=Scope.LOCAL)
    article_item = models.CharField(
        "条例依据", max_length=40, blank=True, help_text="如 第二十条第（一）项"
    )
    position = models.PositiveIntegerField("排序", default=100)
    update_rule = models.CharField(
        "更新要求",
        max_length=20,
        choices=UpdateRule.choices,
        blank=True,
        help_text="不填表示不检查更新时效。法定目录上的要求适用于所有机关。",
    )
    update_working_days = models.PositiveSmallIntegerField(
        "更新时限（工作日）",
        null=True,
        blank=True,
        help_text=f"更新要求为「信息形成或变更之日起若干个工作日内」时的工作日数，"
        f"不填按条例第二十六条的{PROACTIVE_DISCLOSURE_WORKING_DAYS}个工作日。",
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = "主动公开目录"
        verbose_name_plural = "主动公开目录"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "parent", "scope", "name"],
                name="unique_category_name_per_parent",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=True, scope__in=["all", "city_county", "township"])
                | Q(organization__isnull=False, scope="local"),
                name="statutory_categories_have_no_organization",
            ),
            models.CheckConstraint(
                condition=Q(update_working_days__isnull=True) | Q(update_working_days__gt=0),
                name="category_update_working_days_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_statutory(self) -> bool:
        return self.organization_id is None

    @property
    def update_limit_working_days(self) -> int:
        return self.update_working_days or PROACTIVE_DISCLOSURE_WORKING_DAYS

    @property
    def update_rule_label(self) -> str:
        """The rule as the pages word it, e.g. 「信息形成或变更之日起20个工作日内」."""
        if self.update_rule == UpdateRule.WORKING_DAYS:
            return f"信息形成或变更之日起{self.update_limit_working_days}个工作日内"
        return UpdateRule(self.update_rule).label if self.update_rule else ""

    def update_due_after(self, last_update: datetime.date, calendar=None) -> datetime.date | None:
        """The last day by which new information is due, given the newest item's date.

        N working days after it (via ``catalog.workdays``); or, for a periodic rule, the
        end of the period after the one it falls in (August's figures by 30 September).
        None when the node has no rule.
        """
        if self.update_rule == UpdateRule.WORKING_DAYS:
            calendar = calendar or WorkCalendar()
            return calendar.add_working_days(last_update, self.update_limit_working_days)
        months = {UpdateRule.MONTHLY: 1, UpdateRule.QUARTERLY: 3, UpdateRule.YEARLY: 12}
        if self.update_rule in months:
            return _period_end(last_update, months[self.update_rule])
        return None

    def clean(self) -> None:
        if self.organization_id:
            self.scope = self.Scope.LOCAL
        if self.parent is not None:
            if self.parent.organization_id and self.parent.organization_id != self.organization_id:
                raise ValidationError({"parent": "只能挂在法定目录或本机关自设目录之下。"})
            node, seen = self.parent, set()
            while node is not None:
                if node.pk == self.pk or node.pk in seen:
                    raise ValidationError({"parent": "上级目录不能是本目录或其下级。"})
                seen.add(node.pk)
                node = node.parent


class Theme(models.Model):
    """主题分类 (the State Council's scheme)."""

    name = models.CharField("主题分类", max_length=60, unique=True)
    position = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Genre(models.Model):
    """体裁分类 (公文种类 and the kinds policy libraries add)."""

    name = models.CharField("体裁", max_length=30, unique=True)
    position = models.PositiveIntegerField("排序", default=100)
    # The one place that says which genres need a 政策解读 (规范性文件 by default, set in
    # migration 0004); a document can override it with Document.needs_interpretation.
    needs_interpretation = models.BooleanField(
        "需要政策解读",
        default=False,
        help_text="该体裁的文件发布后须配套政策解读（单个文件可另行设置）。",
    )

    class Meta:
        verbose_name = "体裁分类"
        verbose_name_plural = "体裁分类"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class HolidaySchedule(models.Model):
    """One year's holiday arrangement (国务院办公厅关于某年部分节假日安排的通知).

    A year without a schedule is computed Monday-Friday, and staff pages say so.
    """

    class Source(models.TextChoices):
        SEEDED = "seeded", "chinese-calendar 预置"
        MANUAL = "manual", "人工录入"

    year = models.PositiveSmallIntegerField("年度", unique=True)
    notice = models.CharField(
        "依据通知", max_length=200, blank=True, help_text="如 国办发明电〔2025〕7号"
    )
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.MANUAL)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class CalendarDay(models.Model):
    """A date that differs from the Monday-Friday rule: a weekday holiday or a make-up workday."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日（休息）"
        WORKDAY = "workday", "调休上班"

    schedule = models.ForeignKey(
        HolidaySchedule, verbose_name="年度安排", on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("节日", max_length=40, help_text="如 国庆节、春节")

    class Meta:
        verbose_name = "节假日或调休日"
        verbose_name_plural = "节假日和调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}{self.get_kind_display()}"

    def clean(self) -> None:
        if self.date is None:
            return
        if self.schedule_id and self.schedule.year != self.date.year:
            raise ValidationError({"date": "日期不在该年度安排的年份内。"})
        weekend = self.date.weekday() >= 5
        if self.kind == self.Kind.HOLIDAY and weekend:
            raise ValidationError(
                {"date": "周末本就休息，无需录入为节假日；只录入落在工作日的假日。"}
            )
        if self.kind == self.Kind.WORKDAY and not weekend:
            raise ValidationError({"date": "调休上班日应为周六或周日。"})


def weekday_label(day: datetime.date) -> str:
    return "一二三四五六日"[day.weekday()]


class StandardCatalogItemQuerySet(models.QuerySet):
    def for_organization(self, organization: Organization):
        return self.filter(organization=organization).select_related("category")


class StandardCatalogItem(models.Model):
    """A row of an agency's 政务公开事项标准目录, in the columns agencies publish it in."""

    organization = models.ForeignKey(
        Organization, verbose_name="机关", on_delete=models.CASCADE, related_name="standard_items"
    )
    domain = models.CharField(
        "领域",
        max_length=60,
        help_text="如 义务教育、社会救助（基层政务公开标准化规范化试点领域或其他领域）",
    )
    position = models.PositiveIntegerField("序号", default=0)
    matter = models.CharField("一级事项", max_length=200)
    sub_matter = models.CharField("二级事项", max_length=200, blank=True)
    content = models.TextField("公开内容（要素）")
    basis = models.TextField("公开依据")
    time_limit = models.CharField("公开时限", max_length=200)
    subject = models.CharField("公开主体", max_length=200)
    channels = models.TextField("公开渠道和载体")
    audience_public = models.BooleanField("公开对象：全社会", default=False)
    audience_specific = models.BooleanField("公开对象：特定群体", default=False)
    mode_proactive = models.BooleanField("公开方式：主动", default=False)
    mode_on_request = models.BooleanField("公开方式：依申请", default=False)
    level_county = models.BooleanField("公开层级：县级", default=False)
    level_township = models.BooleanField("公开层级：乡级", default=False)
    category = models.ForeignKey(
        Category,
        verbose_name="对应目录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="standard_items",
        help_text="该事项信息发布在本机关主动公开目录的哪个节点。",
    )

    objects = StandardCatalogItemQuerySet.as_manager()

    class Meta:
        verbose_name = "政务公开事项标准目录"
        verbose_name_plural = "政务公开事项标准目录"
        ordering = ["organization", "domain", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "domain", "matter", "sub_matter"],
                name="unique_standard_item_per_agency",
            ),
        ]
        indexes = [models.Index(fields=["organization", "domain", "position"])]

    def __str__(self) -> str:
        return f"{self.domain} · {self.matter}{' · ' + self.sub_matter if self.sub_matter else ''}"

    def clean(self) -> None:
        errors = {}
        if not (self.audience_public or self.audience_specific):
            errors["audience_public"] = "公开对象至少选择「全社会」或「特定群体」之一。"
        if not (self.mode_proactive or self.mode_on_request):
            errors["mode_proactive"] = "公开方式至少选择「主动」或「依申请」之一。"
        if not (self.level_county or self.level_township):
            errors["level_county"] = "公开层级至少选择「县级」或「乡级」之一。"
        if self.category_id and self.category.organization_id not in (None, self.organization_id):
            errors["category"] = "只能对应法定目录或本机关自设目录。"
        if errors:
            raise ValidationError(errors)

    @property
    def audience_display(self) -> str:
        return "、".join(
            label
            for flag, label in (
                (self.audience_public, "全社会"),
                (self.audience_specific, "特定群体"),
            )
            if flag
        )

    @property
    def mode_display(self) -> str:
        return "、".join(
            label
            for flag, label in ((self.mode_proactive, "主动"), (self.mode_on_request, "依申请"))
            if flag
        )

    @property
    def level_display(self) -> str:
        return "、".join(
            label
            for flag, label in ((self.level_county, "县级"), (self.level_township, "乡级"))
            if flag
        )


class AuditLogIsAppendOnly(Exception):
    """An attempt to change or delete an audit entry."""


APPEND_ONLY_MESSAGE = "审计日志只能追加，不能修改或删除。"


class AuditEntryQuerySet(models.QuerySet):
    # Bulk changes are refused here with a clear message; the database trigger of migration
    # 0005_audit_log refuses them for any other client too.
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly(APPEND_ONLY_MESSAGE)

    def delete(self):
        raise AuditLogIsAppendOnly(APPEND_ONLY_MESSAGE)


class AuditEntry(models.Model):
    """One line of the audit log: who did what, when, from where.

    Append-only: ``catalog.audit.record`` writes it, nobody changes or deletes it (the model
    refuses, and a trigger refuses UPDATE and DELETE in the database). It keeps plain ids of
    the actor and agency, never foreign keys that a deletion could cascade through, and never
    an applicant's personal data: requests are named by tracking number.
    """

    class Action(models.TextChoices):
        LOGIN = "login", "登录成功"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOGOUT = "logout", "退出登录"
        PUBLISHED = "published", "发布"
        WITHDRAWN = "withdrawn", "撤回"
        PUBLISHING = "publishing", "其他公开操作"
        VALIDITY = "validity", "有效性变更"
        REQUEST_STEP = "request_step", "申请办理环节"
        RECORD_VIEWED = "record_viewed", "查看申请人完整信息"
        CALENDAR_CHANGED = "calendar_changed", "工作日历调整"

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    action = models.CharField("操作类型", max_length=20, choices=Action.choices)
    actor_id = models.BigIntegerField("操作人编号", null=True, blank=True)
    actor_username = models.CharField("操作人", max_length=150, blank=True)
    # No constraint and no cascade: the entry outlives the agency row.
    organization = models.ForeignKey(
        Organization,
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the (organization, at) index serves
        related_name="+",
    )
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_label = models.CharField(
        "对象", max_length=200, blank=True, help_text="索引号、标题或申请编号，不含申请人信息。"
    )
    summary = models.CharField("说明", max_length=200, blank=True)
    ip = models.GenericIPAddressField("IP地址", null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "-at"], name="audit_org_at"),
            models.Index(fields=["action", "-at"], name="audit_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_action_display()} {self.object_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly(APPEND_ONLY_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly(APPEND_ONLY_MESSAGE)
