"""The 政策文件库: documents, their attachments, validity events and publishing log.

Status is changed only by ``disclosure.publishing.steps``; validity is derived by
``disclosure.library.validity`` from dated events. See both modules.
"""

from __future__ import annotations

import datetime

import nh3
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from catalog.models import Category, Genre, Organization, Theme
from config.web.filetypes import clean_public_file, safe_upload_name
from config.web.storage import private_storage
from disclosure.library import cache as library_cache
from disclosure.library import search
from disclosure.library.docnumber import parse_doc_number
from disclosure.library.openness import MARKS, NEEDS_REASON, REASON_HELP, Openness
from disclosure.library.validity import (
    IN_FORCE,
    RelationKind,
    Validity,
    validity_expression,
    validity_q,
)
from disclosure.publishing.files import PublicFile
from disclosure.publishing.models import PersonalDataConfirmation, Publishable, PublishingEvent


class WrittenYear(models.Func):
    """The year of the 成文日期 as the list's indexes hold it (``EXTRACT(YEAR FROM …)``).

    Django's ``written_on__year`` becomes a date range, which no index ordered by the
    发布日期 can answer; this expression equals the one in the year indexes below, so
    a list filtered by year reads its first page straight from one of them.
    """

    template = "EXTRACT(YEAR FROM %(expressions)s)"
    output_field = models.IntegerField()

    def __init__(self, expression="written_on", **extra):
        super().__init__(expression, **extra)


class DocumentQuerySet(models.QuerySet):
    def written_in(self, year: int):
        """Documents whose 成文日期 falls in ``year`` (through the year indexes)."""
        return self.alias(written_year=WrittenYear()).filter(written_year=year)

    def published(self):
        return self.filter(status=Document.Status.PUBLISHED)

    def public(self):
        """What public pages, search, feeds and the API may show: 已发布 and 主动公开."""
        return self.published().filter(disclosure=Openness.PROACTIVE)

    def with_validity(self, on: datetime.date | None = None):
        """Annotate ``current_validity``: the derived validity as of ``on`` (default today)."""
        return self.annotate(current_validity=validity_expression(on))

    def validity_is(self, states, on: datetime.date | None = None):
        return self.filter(validity_q(states, on))

    def in_force(self, on: datetime.date | None = None):
        """Documents in force on ``on``: 有效 or 已修改 as of that date."""
        return self.validity_is(IN_FORCE, on)

    def needing_interpretation(self):
        """Documents that need a 政策解读: marked so, or of a genre that needs one."""
        return self.filter(
            Q(needs_interpretation=True)
            | Q(needs_interpretation__isnull=True, genre__needs_interpretation=True)
        )

    def expiring_within(self, days: int = 183, today: datetime.date | None = None):
        """In force today and their 有效期至 falls within ``days`` (staff clean-up list)."""
        today = today or timezone.localdate()
        return self.in_force(today).filter(
            expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=days)
        )


class Document(PersonalDataConfirmation, Publishable):
    """A proactively disclosed document of the 政策文件库 (§5 of the domain notes)."""

    workflow_fields = Publishable.workflow_fields | {
        "index_number",
        "validity",
        "search_vector",
        "replaced_by",
    }
    new_only_as_draft = "新文件只能保存为草稿；发布请调用 disclosure.publishing。"

    organization = models.ForeignKey(
        Organization,
        verbose_name="发布机关",
        on_delete=models.PROTECT,
        related_name="documents",
        help_text="发布本文件的机关，索引号按其统一社会信用代码编制。",
    )
    issuing_organizations = models.ManyToManyField(
        Organization,
        verbose_name="发文机关",
        blank=True,
        related_name="issued_documents",
        help_text="联合发文时选择全部发文机关；不选则发文机关即发布机关。",
        db_table="disclosure_document_issuing_organizations",
    )
    index_number = models.CharField(
        "索引号", max_length=40, unique=True, null=True, blank=True, editable=False
    )
    # An imported document's own 索引号 (from the page or the spreadsheet), kept apart from
    # ``index_number``: a draft never carries the portal's 索引号 (``is_new_draft`` refuses a
    # new document that has one, and the exchange treats an index_number as "published
    # somewhere"), so the original waits here and publication copies it into
    # ``index_number`` (``disclosure.library.kinds._original_index_number``). It stays
    # searchable, and is unique within the agency.
    original_index_number = models.CharField(
        "原索引号",
        max_length=40,
        blank=True,
        default="",
        editable=False,
        help_text="导入文件原载的索引号；发布时沿用为本库的索引号。",
    )
    title = models.CharField("标题", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    doc_number = models.CharField(
        "发文字号", max_length=60, blank=True, help_text="如 莱政办字〔2020〕34号"
    )
    doc_number_agency = models.CharField("机关代字", max_length=40, blank=True, editable=False)
    doc_number_year = models.PositiveSmallIntegerField(
        "文号年份", null=True, blank=True, editable=False
    )
    doc_number_seq = models.PositiveIntegerField("文号序号", null=True, blank=True, editable=False)
    written_on = models.DateField("成文日期")
    effective_on = models.DateField(
        "施行日期", null=True, blank=True, help_text="不填则自发布之日起施行。"
    )
    expires_on = models.DateField(
        "有效期至", null=True, blank=True, help_text="规范性文件的有效期；届满次日起失效。"
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name="主题分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    genre = models.ForeignKey(
        Genre,
        verbose_name="体裁",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    category = models.ForeignKey(
        Category,
        verbose_name="主动公开目录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    keywords = models.CharField(
        "关键词", max_length=200, blank=True, help_text="多个关键词用空格或逗号分隔。"
    )
    disclosure = models.CharField(
        "公开属性", max_length=20, choices=Openness.choices, default=Openness.PROACTIVE
    )
    disclosure_reason = models.TextField(
        "不公开或依申请公开的理由", blank=True, help_text=REASON_HELP
    )
    body = models.TextField("正文", blank=True)
    needs_interpretation = models.BooleanField(
        "需要政策解读",
        null=True,
        blank=True,
        choices=[(None, "按体裁（默认）"), (True, "需要"), (False, "不需要")],
        help_text="不设置时按体裁分类的设置（规范性文件需要）；需要的文件应与文件同步或在规定时限内发布解读。",
    )
    major_policy = models.BooleanField(
        "重大政策",
        default=False,
        help_text="重大政策施行一段时间后须跟进二次解读、阶段性解读或实施效能评估"
        "（规范性文件按体裁自动跟进）。",
    )
    # A copy of the derived validity as of its last refresh (on save, on each validity event
    # and daily by `expire_documents`), for fast staff filtering. Pages use the derived rule.
    validity = models.CharField(
        "有效性（每日更新）",
        max_length=20,
        choices=Validity.choices,
        default=Validity.VALID,
        editable=False,
    )
    registration_number = models.CharField(
        "统一登记号",
        max_length=60,
        blank=True,
        help_text="规范性文件「三统一」（统一登记、统一编号、统一印发）的登记号。",
    )
    import_source = models.CharField(
        "导入来源", max_length=500, unique=True, null=True, blank=True, editable=False
    )
    #: SHA-256 of the migrated page (``site_import``): an unchanged page is not re-imported.
    import_hash = models.CharField("导入内容摘要", max_length=64, blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    # Set by the withdrawal step: the public notice links to it.
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="替代文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
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

    objects = DocumentQuerySet.as_manager()

    class Meta:
        db_table = "disclosure_document"
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"
        ordering = ["-published_on", "-pk"]
        indexes = [
            GinIndex(fields=["search_vector"], name="document_search_gin"),
            # The public list's order (newest first, then by id) straight from the index.
            models.Index(
                fields=["status", "disclosure", "-published_on", "-id"],
                name="document_public_idx",
            ),
            models.Index(fields=["organization", "-published_on"], name="document_org_idx"),
            # A filtered list's first page in order from one index (issue 19: any choice of
            # agency, theme, genre and year at 1,000,000 documents): per facet, newest
            # first, and with the year of the 成文日期; the other filters are checked on
            # the few rows read. Public documents only.
            *[
                models.Index(
                    *columns,
                    models.F("published_on").desc(),
                    models.F("id").desc(),
                    condition=Q(status="published", disclosure="proactive"),
                    name=name,
                )
                for name, columns in [
                    ("document_pub_org_year_idx", [models.F("organization"), WrittenYear()]),
                    ("document_pub_theme_idx", [models.F("theme")]),
                    ("document_pub_theme_year_idx", [models.F("theme"), WrittenYear()]),
                    ("document_pub_genre_idx", [models.F("genre")]),
                    ("document_pub_genre_year_idx", [models.F("genre"), WrittenYear()]),
                    ("document_pub_year_idx", [WrittenYear()]),
                ]
            ],
            # The API's validators: the newest change among public documents, at once.
            models.Index(
                fields=["updated_at"],
                condition=Q(status="published", disclosure="proactive"),
                name="document_public_updated_idx",
            ),
            models.Index(fields=["doc_number"], name="document_doc_number_idx"),
            models.Index(fields=["written_on"], name="document_written_on_idx"),
            models.Index(fields=["expires_on"], name="document_expires_on_idx"),
        ]
        constraints = [
            # Art. 14-16: withholding a document always needs a stated reason.
            models.CheckConstraint(
                condition=Q(disclosure=Openness.PROACTIVE) | ~Q(disclosure_reason=""),
                name="document_withholding_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review"])
                | Q(index_number__isnull=False, published_on__isnull=False),
                name="document_published_has_index_number",
            ),
            models.UniqueConstraint(
                fields=["organization", "original_index_number"],
                condition=~Q(original_index_number=""),
                name="document_original_index_number_per_agency",
                violation_error_message="本机关已有使用该原索引号的文件。",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(expires_on__gte=models.F("effective_on")),
                name="document_expires_after_effective",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_new_draft(self) -> bool:
        return super().is_new_draft() and not self.index_number

    def save(self, *args, **kwargs):
        self.body = nh3.clean(self.body or "")
        if self.doc_number.strip():
            try:
                self._apply_doc_number(parse_doc_number(self.doc_number))
            except ValidationError:
                # Imported text may carry a 文号 we cannot split: keep it as written.
                self.doc_number = self.doc_number.strip()
                self.doc_number_agency, self.doc_number_year, self.doc_number_seq = "", None, None
        else:
            self.doc_number = ""
            self.doc_number_agency, self.doc_number_year, self.doc_number_seq = "", None, None
        super().save(*args, **kwargs)
        # Keep the search vector and the stored validity current (one UPDATE).
        Document.objects.filter(pk=self.pk).update(
            search_vector=search.document_vector(self),
            validity=validity_expression(timezone.localdate()),
        )
        if self.status in (self.Status.PUBLISHED, self.Status.WITHDRAWN):
            library_cache.bump()  # a draft or one under review is on no public page

    def get_absolute_url(self) -> str:
        return reverse("disclosure:document-detail", kwargs={"pk": self.pk})

    # -- derived values ------------------------------------------------------
    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.disclosure == Openness.PROACTIVE

    @property
    def disclosure_mark(self) -> str:
        return MARKS[self.disclosure]

    @property
    def body_carries_mark(self) -> bool:
        """Does the body already print a 「此件…」 mark (imported documents keep theirs)?
        The page then does not print it a second time."""
        text = "".join(strip_tags(self.body or "").split())
        return any(mark in text for mark in (*MARKS.values(), "此件主动公开"))

    @property
    def starts_on(self) -> datetime.date | None:
        return self.effective_on or self.published_on or self.written_on

    def validity_on(self, on: datetime.date | None = None) -> str:
        """The derived validity as of ``on``; uses the ``with_validity`` annotation if present."""
        if on is None and getattr(self, "current_validity", None):
            return self.current_validity
        if self.pk is None:
            return Validity.VALID
        return (
            Document.objects.with_validity(on)
            .values_list("current_validity", flat=True)
            .get(pk=self.pk)
        )

    def validity_label(self, on: datetime.date | None = None) -> str:
        return Validity(self.validity_on(on)).label

    def issuers(self) -> list[Organization]:
        """发文机关: the joint issuers, else the publishing agency (prefetch to avoid a query)."""
        return list(self.issuing_organizations.all()) or [self.organization]

    # -- invariants ----------------------------------------------------------
    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.disclosure in NEEDS_REASON and not self.disclosure_reason.strip():
            errors["disclosure_reason"] = (
                f"公开属性为「{Openness(self.disclosure).label}」时必须写明理由及法律依据。"
            )
        if self.expires_on and self.effective_on and self.expires_on < self.effective_on:
            errors["expires_on"] = "有效期至不能早于施行日期。"
        if self.expires_on and self.written_on and self.expires_on < self.written_on:
            errors["expires_on"] = "有效期至不能早于成文日期。"
        if self.doc_number.strip():
            try:
                parsed = parse_doc_number(self.doc_number)
            except ValidationError as exc:
                errors["doc_number"] = exc.messages[0]
            else:
                self._apply_doc_number(parsed)
        if problem := self.original_index_number_problem():
            # Not a form field (read-only), so reported for the whole document.
            errors[NON_FIELD_ERRORS] = problem
        if errors:
            raise ValidationError(errors)

    def original_index_number_problem(self) -> str:
        """Why this document's ``original_index_number`` cannot be kept (empty: it can).

        Within one agency a 索引号 names one document: neither another document's original
        number nor the 索引号 another document was published under may be the same.
        """
        number = (self.original_index_number or "").strip()
        if not number:
            return ""
        others = Document.objects.filter(organization_id=self.organization_id).exclude(pk=self.pk)
        other = (
            others.filter(Q(original_index_number=number) | Q(index_number=number))
            .order_by("pk")
            .first()
        )
        if other is None:
            return ""
        return f"索引号「{number}」在本机关已属于文件《{other.title}》，同一机关的索引号不能重复。"

    def _apply_doc_number(self, parsed) -> None:
        self.doc_number = parsed.normalized
        self.doc_number_agency = parsed.agency
        self.doc_number_year = parsed.year
        self.doc_number_seq = parsed.seq


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    today = timezone.localdate()
    return f"documents/{today:%Y/%m}/{safe_upload_name(filename)}"


def attachment_max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_ATTACHMENT_MAX_BYTES", 50 * 1024 * 1024))


class Attachment(PublicFile):
    """A file published with a document; its type is checked by content, not by name, and
    its hidden metadata (author, GPS, revisions) removed before it is stored
    (``config.web.filetypes.accept_public_upload``)."""

    document = models.ForeignKey(
        Document, verbose_name="文件", on_delete=models.CASCADE, related_name="attachments"
    )
    item_field = "document"
    title = models.CharField("附件名称", max_length=200, blank=True)
    file = models.FileField(
        "附件", upload_to=attachment_upload_to, storage=private_storage, max_length=300
    )
    size = models.PositiveBigIntegerField("大小（字节）", default=0, editable=False)
    content_type = models.CharField("文件类型", max_length=100, blank=True, editable=False)
    kind = models.CharField("格式", max_length=10, blank=True, editable=False)
    position = models.PositiveIntegerField("排序", default=0)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        db_table = "disclosure_attachment"
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title or self.file.name

    def save(self, *args, **kwargs):
        if self._has_new_file():
            self._check_file()
        if not self.title and self.file:
            self.title = self.file.name.rsplit("/", 1)[-1]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self._has_new_file():
            self._check_file()

    def _has_new_file(self) -> bool:
        # A fresh upload is not yet committed to storage; a stored file was checked before.
        return bool(self.file) and not getattr(self.file, "_committed", True)

    def _check_file(self) -> None:
        try:
            accepted = clean_public_file(self.file, max_bytes=attachment_max_bytes())
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        self.kind, self.content_type, self.size = accepted.kind, accepted.mime, accepted.size


class DocumentRelation(models.Model):
    """A dated validity event: a later document repeals or amends an earlier one."""

    from_document = models.ForeignKey(
        Document,
        verbose_name="新文件",
        on_delete=models.PROTECT,
        related_name="outgoing_relations",
        help_text="作出废止或修改的文件。",
    )
    to_document = models.ForeignKey(
        Document,
        verbose_name="被废止或修改的文件",
        on_delete=models.PROTECT,
        related_name="incoming_relations",
    )
    kind = models.CharField("类型", max_length=20, choices=RelationKind.choices)
    effective_on = models.DateField("生效日期")
    reason = models.TextField("说明")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        db_table = "disclosure_documentrelation"
        verbose_name = "废止或修改记录"
        verbose_name_plural = "废止或修改记录"
        ordering = ["effective_on", "pk"]
        # The API's validators: the newest record at once.
        indexes = [models.Index(fields=["created_at"], name="documentrelation_created_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["from_document", "to_document", "kind"], name="unique_document_relation"
            ),
            models.CheckConstraint(
                condition=~Q(from_document=models.F("to_document")),
                name="document_relation_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"《{self.from_document}》{self.get_kind_display()}《{self.to_document}》"


class ValidityChange(models.Model):
    """The log of every validity change of a document: who, when and why."""

    document = models.ForeignKey(
        Document, verbose_name="文件", on_delete=models.CASCADE, related_name="validity_changes"
    )
    validity = models.CharField("有效性", max_length=20, choices=Validity.choices)
    changed_on = models.DateField("生效日期")
    relation = models.ForeignKey(
        DocumentRelation,
        verbose_name="依据的废止或修改记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="为空表示系统每日自动更新。",
    )
    at = models.DateTimeField("记录时间", default=timezone.now)
    reason = models.TextField("原因")

    class Meta:
        db_table = "disclosure_validitychange"
        verbose_name = "有效性变更记录"
        verbose_name_plural = "有效性变更记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} → {self.get_validity_display()}（{self.changed_on:%Y-%m-%d}）"


class DocumentEvent(PublishingEvent):
    """Append-only log of a document's steps (publishing and validity)."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "提交审核"
        RETURNED = "returned", "退回修改"
        REVIEWED = "reviewed", "第一审核人审核通过"
        PUBLISHED = "published", "发布"
        WITHDRAWN = "withdrawn", "撤回"
        REPEALED = "repealed", "废止"
        AMENDED = "amended", "修改"
        VALIDITY_PERIOD = "validity_period", "调整施行日期或有效期"
        EXPIRED = "expired", "有效性自动更新"
        PII_CONFIRMED = "pii_confirmed", "确认个人信息可以公开"

    document = models.ForeignKey(
        Document, verbose_name="文件", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    item_field = "document"

    class Meta(PublishingEvent.Meta):
        db_table = "disclosure_documentevent"
        verbose_name = "文件操作记录"
        verbose_name_plural = "文件操作记录"
        indexes = [models.Index(fields=["document", "-at"], name="document_event_idx")]
