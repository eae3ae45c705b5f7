"""政策解读: interpretations of published documents, their media and publishing log.

An interpretation explains one or more documents (domain notes §6). Status, 索引号 and
发布日期 are changed only by ``disclosure.publishing.steps`` (the same 草稿 → 待审核 → 已发布
workflow as documents); when it is due is computed by ``disclosure.library.timeliness``.
"""

from __future__ import annotations

import html

import nh3
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from catalog.models import Category, Organization
from config.web.filetypes import check_size, clean_public_file, detect, safe_upload_name
from config.web.storage import private_storage
from disclosure.library import search
from disclosure.library.models.document import Document, attachment_max_bytes
from disclosure.publishing.files import PublicFile
from disclosure.publishing.models import PersonalDataConfirmation, Publishable, PublishingEvent


class InterpretationForm(models.TextChoices):
    """The forms of 政策解读 (domain notes §6); the one list the project uses."""

    TEXT = "text", "文字解读"
    GRAPHIC = "graphic", "图片图解"
    AUDIO = "audio", "音频"
    VIDEO = "video", "视频"
    ANIMATION = "animation", "动漫"
    QA = "qa", "问答"
    EXPERT = "expert", "专家解读"
    HEAD = "head", "主要负责人解读"
    PRESS = "press", "新闻发布会"
    BRIEFING = "briefing", "政策例行吹风会"
    MEDIA_COMMENT = "media_comment", "媒体评论文章"


class InterpretationStage(models.TextChoices):
    """Where in a policy's life an interpretation stands: the 2025 plan's 「全周期」 解读
    (domain notes §6) — explained at the draft stage, interpreted on publication, then
    re-interpreted and evaluated while in force."""

    DRAFT = "draft", "起草阶段"
    PUBLICATION = "publication", "发布解读"
    SECOND = "second", "二次解读"
    INTERIM = "interim", "阶段性解读"
    EVALUATION = "evaluation", "实施效能评估"


# Stages that follow up a policy in force (二次解读, 阶段性解读, 实施效能评估): what the staff
# reminder of ``disclosure.library.timeliness.follow_ups_due`` looks for.
FOLLOW_UP_STAGES = (
    InterpretationStage.SECOND,
    InterpretationStage.INTERIM,
    InterpretationStage.EVALUATION,
)


class MediaKind(models.TextChoices):
    IMAGE = "image", "图片"
    AUDIO = "audio", "音频"
    VIDEO = "video", "视频"


# The media a form cannot be published without: a 图解 shows its images, an audio or video
# interpretation plays something.
REQUIRED_MEDIA: dict[str, str] = {
    InterpretationForm.GRAPHIC: MediaKind.IMAGE,
    InterpretationForm.AUDIO: MediaKind.AUDIO,
    InterpretationForm.VIDEO: MediaKind.VIDEO,
    InterpretationForm.ANIMATION: MediaKind.VIDEO,
}


class InterpretationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Interpretation.Status.PUBLISHED)

    def public(self):
        """What public pages may show. Interpretations are always 主动公开."""
        return self.published()


class Interpretation(PersonalDataConfirmation, Publishable):
    """A 政策解读 of one or more documents."""

    workflow_fields = Publishable.workflow_fields | {"index_number", "search_vector"}
    new_only_as_draft = "新解读只能保存为草稿；发布请调用 disclosure.publishing。"
    Form = InterpretationForm
    Stage = InterpretationStage

    organization = models.ForeignKey(
        Organization,
        verbose_name="发布机关",
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    documents = models.ManyToManyField(
        Document,
        verbose_name="解读的文件",
        related_name="interpretations",
        help_text="本解读所解读的政策文件，可选多件。",
        db_table="disclosure_interpretation_documents",
    )
    index_number = models.CharField(
        "索引号", max_length=40, unique=True, null=True, blank=True, editable=False
    )
    title = models.CharField("标题", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    stage = models.CharField(
        "解读阶段",
        max_length=20,
        choices=InterpretationStage.choices,
        default=InterpretationStage.PUBLICATION,
        db_default=InterpretationStage.PUBLICATION,
        help_text="起草阶段的解读在意见征集中关联；发布解读须在文件发布后3个工作日内发布。",
    )
    form = models.CharField(
        "解读形式", max_length=20, choices=InterpretationForm.choices, default="text"
    )
    interpreter_name = models.CharField(
        "解读人", max_length=60, blank=True, help_text="专家解读、主要负责人解读须填写。"
    )
    interpreter_role = models.CharField(
        "解读人职务", max_length=100, blank=True, help_text="如 市教育和体育局局长、某大学教授"
    )
    is_first_interpreter = models.BooleanField(
        "第一解读人",
        default=False,
        help_text="解读人为本机关主要负责人（「第一解读人」）时勾选。",
    )
    body = models.TextField(
        "正文",
        blank=True,
        help_text="说明政策背景依据、目标任务、主要内容、适用范围、执行标准、新旧政策差异和咨询方式。",
    )
    category = models.ForeignKey(
        Category,
        verbose_name="主动公开目录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
        help_text="不填则发布时沿用所解读文件的目录。",
    )
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = InterpretationQuerySet.as_manager()

    class Meta:
        db_table = "disclosure_interpretation"
        verbose_name = "政策解读"
        verbose_name_plural = "政策解读"
        ordering = ["-published_on", "-pk"]
        indexes = [
            GinIndex(fields=["search_vector"], name="interpretation_search_gin"),
            models.Index(
                fields=["status", "-published_on", "-id"], name="interpretation_public_idx"
            ),
            models.Index(fields=["organization", "-published_on"], name="interpretation_org_idx"),
            models.Index(fields=["stage", "status"], name="interpretation_stage_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review"])
                | Q(index_number__isnull=False, published_on__isnull=False),
                name="interpretation_published_has_index_number",
            ),
            models.CheckConstraint(
                condition=~Q(form="head") | Q(is_first_interpreter=True),
                name="head_interpretation_by_first_interpreter",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_new_draft(self) -> bool:
        return super().is_new_draft() and not self.index_number

    def save(self, *args, **kwargs):
        self.body = nh3.clean(self.body or "")
        super().save(*args, **kwargs)
        Interpretation.objects.filter(pk=self.pk).update(search_vector=interpretation_vector(self))

    def get_absolute_url(self) -> str:
        return reverse("disclosure:interpretation-detail", kwargs={"pk": self.pk})

    @property
    def interpreter(self) -> str:
        """「张三（市教育和体育局局长）」, as the pages show who interprets."""
        if not self.interpreter_name:
            return self.interpreter_role
        return self.interpreter_name + (
            f"（{self.interpreter_role}）" if self.interpreter_role else ""
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.form == InterpretationForm.HEAD and not self.is_first_interpreter:
            errors["is_first_interpreter"] = (
                "主要负责人解读须由本机关主要负责人作为「第一解读人」解读。"
            )
        if (
            self.form in (InterpretationForm.HEAD, InterpretationForm.EXPERT)
            or self.is_first_interpreter
        ) and not self.interpreter_name.strip():
            errors["interpreter_name"] = "请填写解读人姓名。"
        if (
            self.category_id
            and self.organization_id
            and self.category.organization_id not in (None, self.organization_id)
        ):
            errors["category"] = "只能选择法定目录或本机关自设目录。"
        if errors:
            raise ValidationError(errors)

    def publication_problems(self) -> list[str]:
        """Why this interpretation cannot be published yet (empty when it can)."""
        problems = []
        documents = list(self.documents.all())
        if self.stage == InterpretationStage.DRAFT:
            # At the draft stage there is no document yet: the interpretation explains the
            # draft put to public comment, and the consultation links it (decisions declares
            # the relation, as it sits above the library).
            if not documents and not self.consultations.exists():
                problems.append("起草阶段的解读须在意见征集中关联，或关联所解读的政策文件。")
        elif not documents:
            problems.append("请先关联所解读的政策文件。")
        unpublished = [d for d in documents if not d.is_public]
        if unpublished and self.stage != InterpretationStage.DRAFT:
            titles = "、".join(f"《{d.title}》" for d in unpublished)
            problems.append(f"所解读的文件{titles}尚未主动公开发布，须先发布文件。")
        if not self.body.strip() and not self.media.exists():
            problems.append("正文和多媒体不能都为空。")
        needed = REQUIRED_MEDIA.get(self.form)
        if needed and not self.media.filter(kind=needed).exists():
            problems.append(
                f"{InterpretationForm(self.form).label}须至少上传或嵌入一个{MediaKind(needed).label}。"
            )
        return problems


def interpretation_vector(interpretation: Interpretation) -> SearchVector:
    """Weighted tsvector of an interpretation: title (A); 索引号, interpreter and the
    interpreted documents' titles and 文号 (B); summary and body (C). Same tokenizer as
    documents (``disclosure.library.search``)."""
    title = " ".join(search.index_tokens(interpretation.title))
    extra = [interpretation.interpreter_name, interpretation.interpreter_role]
    if interpretation.index_number:
        extra.append(interpretation.index_number.replace("/", " ").replace("-", " "))
    if interpretation.pk:
        for title, number in interpretation.documents.values_list("title", "doc_number"):
            extra += [title, number]
    keywords = " ".join(search.index_tokens(" ".join(e for e in extra if e)))
    body = html.unescape(strip_tags(interpretation.body or ""))[: search.MAX_INDEXED_BODY]
    text = " ".join(search.index_tokens(f"{interpretation.summary}\n{body}"))
    return (
        SearchVector(Value(title), config="simple", weight="A")
        + SearchVector(Value(keywords), config="simple", weight="B")
        + SearchVector(Value(text), config="simple", weight="C")
    )


def media_upload_to(instance: InterpretationMedia, filename: str) -> str:
    today = timezone.localdate()
    return f"interpretations/{today:%Y/%m}/{safe_upload_name(filename)}"


def media_max_bytes() -> int:
    """Audio and video may be larger than documents' attachments (settings)."""
    return int(getattr(settings, "INTERPRETATION_MEDIA_MAX_BYTES", 200 * 1024 * 1024))


# Audio and video recognized by their first bytes, like config.web.filetypes does for documents.
_AV_KINDS = {
    MediaKind.AUDIO: {"mp3": "audio/mpeg", "m4a": "audio/mp4", "wav": "audio/wav"},
    MediaKind.VIDEO: {"mp4": "video/mp4", "webm": "video/webm"},
}


def _detect_av(head: bytes, extension: str) -> str | None:
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "mp3"
    if head[4:8] == b"ftyp":
        return "m4a" if extension == "m4a" else "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    return None


class InterpretationMedia(PublicFile):
    """An image, audio or video of an interpretation, always with its text alternative.

    An image needs alt text; audio and video need a transcript (文字稿), so the content
    reaches readers who cannot see or hear it (GB/T 37668-2019, 互联网内容无障碍可访问性).
    """

    Kind = MediaKind

    interpretation = models.ForeignKey(
        Interpretation, verbose_name="政策解读", on_delete=models.CASCADE, related_name="media"
    )
    item_field = "interpretation"
    kind = models.CharField("类型", max_length=10, choices=MediaKind.choices)
    title = models.CharField("说明", max_length=200, blank=True)
    file = models.FileField(
        "文件", upload_to=media_upload_to, storage=private_storage, max_length=300, blank=True
    )
    embed_url = models.URLField(
        "嵌入地址",
        blank=True,
        validators=[URLValidator(schemes=["https"])],
        help_text="音频、视频可填写视频平台的 https 播放地址，代替上传文件。",
    )
    text_alternative = models.TextField(
        "文字替代",
        help_text="图片填写替代文字（alt），说明图中内容；音频、视频填写完整文字稿。",
    )
    content_type = models.CharField("文件类型", max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField("大小（字节）", default=0, editable=False)
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        db_table = "disclosure_interpretationmedia"
        verbose_name = "解读图片或音视频"
        verbose_name_plural = "解读图片或音视频"
        ordering = ["position", "pk"]
        constraints = [
            # Every image, audio and video carries its text alternative.
            models.CheckConstraint(
                condition=~Q(text_alternative=""), name="interpretation_media_has_text_alternative"
            ),
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(embed_url="")) | (~Q(file="") & Q(embed_url="")),
                name="interpretation_media_file_or_embed",
            ),
            models.CheckConstraint(
                condition=~Q(kind="image") | ~Q(file=""), name="interpretation_image_is_a_file"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()}{self.position or ''}"

    def save(self, *args, **kwargs):
        self.text_alternative = (self.text_alternative or "").strip()
        if self._has_new_file():
            self._check_file()
        super().save(*args, **kwargs)

    @property
    def text_alternative_label(self) -> str:
        return "替代文字" if self.kind == MediaKind.IMAGE else "文字稿"

    def clean(self) -> None:
        self.text_alternative = (self.text_alternative or "").strip()
        errors: dict[str, str] = {}
        if not self.text_alternative:
            errors["text_alternative"] = (
                "图片必须填写替代文字（alt），说明图中内容。"
                if self.kind == MediaKind.IMAGE
                else "音频、视频必须提供完整文字稿。"
            )
        if bool(self.file) == bool(self.embed_url):
            errors["file"] = "请上传文件或填写嵌入地址（二选一）。"
        elif self.kind == MediaKind.IMAGE and not self.file:
            errors["file"] = "图片须上传文件（JPG 或 PNG）。"
        if not errors and self._has_new_file():
            try:
                self._check_file()
            except ValidationError as exc:
                errors["file"] = exc.messages[0]
        if errors:
            raise ValidationError(errors)

    def _has_new_file(self) -> bool:
        return bool(self.file) and not getattr(self.file, "_committed", True)

    def _check_file(self) -> None:
        if self.kind == MediaKind.IMAGE:
            if detect(self.file, self.file.name or "") not in (None, "JPEG", "PNG"):
                raise ValidationError("图片只接受 JPG 或 PNG 格式。")
            accepted = clean_public_file(
                self.file, max_bytes=attachment_max_bytes(), kinds=frozenset({"JPEG", "PNG"})
            )
            self.content_type, self.size = accepted.mime, accepted.size
            return
        check_size(self.file.size, media_max_bytes())
        name = self.file.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        self.file.seek(0)
        head = self.file.read(12)
        self.file.seek(0)
        detected = _detect_av(head, extension)
        allowed = _AV_KINDS[self.kind]
        if detected not in allowed or extension not in allowed:
            formats = "、".join(e.upper() for e in allowed)
            raise ValidationError(f"{self.get_kind_display()}只接受 {formats} 格式。")
        self.content_type, self.size = allowed[detected], self.file.size


class InterpretationEvent(PublishingEvent):
    """Append-only log of an interpretation's publishing workflow."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "提交审核"
        RETURNED = "returned", "退回修改"
        PUBLISHED = "published", "发布"
        WITHDRAWN = "withdrawn", "撤回"
        PII_CONFIRMED = "pii_confirmed", "确认个人信息可以公开"

    interpretation = models.ForeignKey(
        Interpretation, verbose_name="政策解读", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    item_field = "interpretation"

    class Meta(PublishingEvent.Meta):
        db_table = "disclosure_interpretationevent"
        verbose_name = "解读操作记录"
        verbose_name_plural = "解读操作记录"
        indexes = [models.Index(fields=["interpretation", "-at"], name="interpretation_event_idx")]
