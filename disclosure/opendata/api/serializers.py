"""What the API says about each published item: DRF serializers over loaded objects.

No queries here: the views load what these serializers read (select_related /
prefetch_related) so every page costs the same number of queries. Only public data: the
views pass published, 主动公开 items, and relations to items the public may not open are
named without their title (``public_only``) or not at all. drf-spectacular describes every
serializer in /api/v1/openapi.json, so the document cannot drift from the answers. Of a
consultation's comments only ``consultations.public_feedback`` is read (the view passes it
in the context): no commenter's name, phone, e-mail or attachment, and no comment text but
staff's anonymised excerpts, can reach these serializers.

The serializer context carries ``links`` (``Links``), and where an answer depends on it
``today``, ``org``/``counts`` (catalog nodes), ``frozen`` (reports) and
``public_feedback`` (consultations).
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from catalog.models import Category, Genre, Organization, Theme
from disclosure.decisions.models import (
    Adoption,
    AttendeeCategory,
    Consultation,
    ConsultationAttachment,
    DecisionItem,
)
from disclosure.decisions.models.consultation import Phase
from disclosure.library.models import Concern, Interpretation
from disclosure.library.models.interpretation import MediaKind
from disclosure.library.openness import Openness
from disclosure.library.validity import RelationKind, Validity

# Stand-ins reversed once per URL name; a page of 100 items then needs no reverse() each.
_INT_MARK, _SLUG_MARK = 918273645, "zq-slug-mark-zq"


class Links:
    """Absolute URLs of pages and API resources, on the host the request came to."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self._templates: dict[tuple, str] = {}

    @classmethod
    def for_request(cls, request) -> Links:
        return cls(request.build_absolute_uri("/"))

    def absolute(self, path: str) -> str:
        return f"{self.base}{path}"

    def _reverse(self, name: str, args: tuple) -> str:
        """reverse() for ids and slugs, from a template made once per name."""
        key = (name, *(isinstance(a, int) for a in args))
        template = self._templates.get(key)
        if template is None:
            marks = [_INT_MARK if isinstance(a, int) else _SLUG_MARK for a in args]
            template = reverse(name, args=marks)
            self._templates[key] = template
        path = template
        for arg in args:
            path = path.replace(str(_INT_MARK if isinstance(arg, int) else _SLUG_MARK), str(arg), 1)
        return path

    def page(self, name: str, *args) -> str:
        return self.absolute(self._reverse(name, args))

    def api(self, name: str, *args) -> str:
        return self.absolute(self._reverse(f"api:{name}", args))


# -- fields -------------------------------------------------------------------------------


def _get(obj, path: str):
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


@extend_schema_field(OpenApiTypes.URI)
class Link(serializers.Field):
    """The absolute URL of a page (``disclosure:…``) or, with ``api=True``, of an API
    resource (``api:…``), reversed with the item's attributes ``args``."""

    def __init__(self, name: str, *args: str, api: bool = False, query: str = "", **kwargs):
        self.name, self.args, self.api, self.query = name, args, api, query
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        links = self.context["links"]
        args = [_get(obj, a) for a in self.args]
        url = links.api(self.name, *args) if self.api else links.page(self.name, *args)
        return url + (self.query.format(obj=obj) if self.query else "")


@extend_schema_field(OpenApiTypes.URI)
class FileLink(serializers.Field):
    """The absolute URL of a public file (its ``public_url``)."""

    def __init__(self, **kwargs):
        super().__init__(source="public_url", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["links"].absolute(value)


class OptionalText(serializers.CharField):
    """A text field sent as null when empty."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return value or None


@extend_schema_field(OpenApiTypes.DATETIME)
class Instant(serializers.Field):
    """A timestamp as ISO 8601 in UTC, as stored."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value.isoformat()


class ChoiceSerializer(serializers.Serializer):
    """A TextChoices value as ``{"code": …, "label": …}``; made per choices by ``choice``."""

    choices = None

    def to_representation(self, value):
        return {"code": value, "label": self.choices(value).label}


def choice(choices, name: str) -> type[ChoiceSerializer]:
    """The serializer (and OpenAPI component ``name``) of one TextChoices: the codes as an
    enum taken from the model's choices, each with its Chinese label."""
    code = extend_schema_field(
        {
            "type": "string",
            "enum": list(choices.values),
            "description": "；".join(f"{v}：{label}" for v, label in choices.choices),
        }
    )(type(f"{name}Code", (serializers.CharField,), {}))
    return type(
        f"{name}Serializer",
        (ChoiceSerializer,),
        {
            "choices": choices,
            "code": code(help_text="取值"),
            "label": serializers.CharField(help_text="中文名称"),
            "__doc__": "取值（code）及其中文名称（label）。",
        },
    )


ValidityChoice = choice(Validity, "Validity")
RelationKindChoice = choice(RelationKind, "RelationKind")
OpennessChoice = choice(Openness, "Openness")
InterpretationFormChoice = choice(Interpretation.Form, "InterpretationForm")
InterpretationStageChoice = choice(Interpretation.Stage, "InterpretationStage")
ConcernSourceChoice = choice(Concern.Source, "ConcernSource")
SeriousnessChoice = choice(Concern.Seriousness, "ConcernSeriousness")
MediaKindChoice = choice(MediaKind, "MediaKind")
AgencyKindChoice = choice(Organization.Kind, "AgencyKind")
AgencyLevelChoice = choice(Organization.Level, "AgencyLevel")
CategoryScopeChoice = choice(Category.Scope, "CategoryScope")
ConsultationKindChoice = choice(Consultation.Kind, "ConsultationKind")
ConsultationPhaseChoice = choice(Phase, "ConsultationPhase")
ConsultationFileKindChoice = choice(ConsultationAttachment.Kind, "ConsultationFileKind")
AdoptionChoice = choice(Adoption, "Adoption")
DecisionStatusChoice = choice(DecisionItem.Status, "DecisionStatus")
AttendeeCategoryChoice = choice(AttendeeCategory, "AttendeeCategory")


class PublicOnly(serializers.Serializer):
    """With ``public_only=True``: null for an item the public may not open (as the pages,
    which name it only when it is public)."""

    def __init__(self, *args, public_only: bool = False, **kwargs):
        self.public_only = public_only
        if public_only:
            kwargs["allow_null"] = True
        super().__init__(*args, **kwargs)

    def to_representation(self, instance):
        if self.public_only and not instance.is_public:
            return None
        return super().to_representation(instance)


# -- references ---------------------------------------------------------------------------


class AgencyRefSerializer(serializers.Serializer):
    """机关（引用）"""

    slug = serializers.CharField(help_text="网址标识")
    name = serializers.CharField(help_text="名称")
    api_url = Link("agency-detail", "slug", api=True)


@extend_schema_serializer(
    examples=[OpenApiExample("主题分类", value={"id": 3, "name": "综合政务"}, response_only=True)]
)
class NamedSerializer(serializers.Serializer):
    """编号和名称"""

    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class DocumentRefSerializer(PublicOnly):
    """政策文件（引用）"""

    id = serializers.IntegerField(source="pk")
    index_number = serializers.CharField(help_text="索引号")
    title = serializers.CharField(help_text="标题")
    doc_number = OptionalText(help_text="发文字号")
    url = Link("disclosure:document-detail", "pk", help_text="网页地址")
    api_url = Link("document-detail", "pk", api=True)


class InterpretationRefSerializer(serializers.Serializer):
    """政策解读（引用）"""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    url = Link("disclosure:interpretation-detail", "pk")
    api_url = Link("interpretation-detail", "pk", api=True)


class ConsultationRefSerializer(PublicOnly):
    """意见征集（引用）"""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    url = Link("disclosure:consultation-detail", "pk")
    api_url = Link("consultation-detail", "pk", api=True)


# -- 政策文件 -------------------------------------------------------------------------------


class DocumentItemSerializer(serializers.Serializer):
    """政策文件（列表项）。需要 organization、theme、genre、category、issuing_organizations
    已载入和 ``current_validity`` 注解。"""

    id = serializers.IntegerField(source="pk")
    index_number = serializers.CharField(help_text="索引号")
    title = serializers.CharField(help_text="标题")
    doc_number = OptionalText(help_text="发文字号")
    organization = AgencyRefSerializer(help_text="发布机关")
    issuers = AgencyRefSerializer(many=True, help_text="发文机关（联合发文时为多个）")
    written_on = serializers.DateField(allow_null=True, help_text="成文日期")
    published_on = serializers.DateField(allow_null=True, help_text="发布日期")
    effective_on = serializers.DateField(allow_null=True, help_text="施行日期")
    expires_on = serializers.DateField(allow_null=True, help_text="失效日期")
    validity = ValidityChoice(source="current_validity", help_text="有效性（按当日计算）")
    theme = NamedSerializer(allow_null=True, help_text="主题分类")
    genre = NamedSerializer(allow_null=True, help_text="体裁")
    category = NamedSerializer(allow_null=True, help_text="主动公开目录节点")
    summary = serializers.CharField(help_text="内容概述")
    keywords = serializers.CharField(help_text="关键词")
    url = Link("disclosure:document-detail", "pk", help_text="网页地址")
    api_url = Link("document-detail", "pk", api=True)
    updated_at = Instant(help_text="最后修改时间")


class AttachmentSerializer(serializers.Serializer):
    """附件"""

    title = serializers.CharField(source="__str__")
    url = FileLink()
    kind = OptionalText(help_text="文件格式")
    content_type = OptionalText()
    size = serializers.IntegerField(help_text="字节数")


class RelationSerializer(serializers.Serializer):
    kind = RelationKindChoice(help_text="废止或修改")
    effective_on = serializers.DateField(help_text="生效日期")
    in_effect = serializers.SerializerMethodField(help_text="是否已生效（按当日）")

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_in_effect(self, relation) -> bool:
        return relation.effective_on <= self.context["today"]


class ChangedBySerializer(RelationSerializer):
    """本文件被其他文件废止或修改；已不公开的文件不列名（null）。"""

    document = DocumentRefSerializer(source="from_document", public_only=True)


class ChangeSerializer(RelationSerializer):
    """本文件对其他公开文件的废止或修改。"""

    document = DocumentRefSerializer(source="to_document")


class DocumentInterpretationSerializer(InterpretationRefSerializer):
    """本文件的已发布解读"""

    form = InterpretationFormChoice(help_text="解读形式")
    stage = InterpretationStageChoice(
        help_text="解读阶段：起草阶段、发布解读、二次解读、阶段性解读、实施效能评估"
    )
    published_on = serializers.DateField(allow_null=True)


class DocumentSerializer(DocumentItemSerializer):
    """政策文件：正文、附件、效力变化和解读。另需 attachments、incoming_relations（含
    from_document）、指向公开文件的 outgoing_relations（含 to_document）和
    ``public_interpretations`` 已载入。"""

    registration_number = OptionalText(help_text="规范性文件登记号")
    disclosure = OpennessChoice(help_text="公开属性")
    body_html = serializers.CharField(source="body", help_text="正文（HTML）")
    attachments = AttachmentSerializer(many=True)
    changed_by = ChangedBySerializer(many=True, source="incoming_relations")
    changes = ChangeSerializer(many=True, source="outgoing_relations")
    interpretations = DocumentInterpretationSerializer(many=True, source="public_interpretations")


# -- 政策解读 -------------------------------------------------------------------------------


class InterpreterSerializer(serializers.Serializer):
    """解读人"""

    name = OptionalText(source="interpreter_name")
    role = OptionalText(source="interpreter_role")
    is_first_interpreter = serializers.BooleanField(help_text="是否为第一解读人")


class InterpretationItemSerializer(serializers.Serializer):
    """政策解读（列表项）。需要 organization、category 和 ``public_documents`` 已载入。"""

    id = serializers.IntegerField(source="pk")
    index_number = serializers.CharField(help_text="索引号")
    title = serializers.CharField(help_text="标题")
    summary = serializers.CharField(help_text="内容概述")
    form = InterpretationFormChoice(help_text="解读形式")
    stage = InterpretationStageChoice(
        help_text="解读阶段：起草阶段、发布解读、二次解读、阶段性解读、实施效能评估"
    )
    interpreter = InterpreterSerializer(source="*")
    organization = AgencyRefSerializer(help_text="发布机关")
    category = NamedSerializer(allow_null=True, help_text="主动公开目录节点")
    published_on = serializers.DateField(allow_null=True, help_text="发布日期")
    documents = DocumentRefSerializer(many=True, source="public_documents", help_text="所解读文件")
    url = Link("disclosure:interpretation-detail", "pk", help_text="网页地址")
    api_url = Link("interpretation-detail", "pk", api=True)
    updated_at = Instant(help_text="最后修改时间")


class MediaSerializer(serializers.Serializer):
    """图解、音视频等解读材料，均有文字替代"""

    kind = MediaKindChoice()
    title = OptionalText()
    url = serializers.SerializerMethodField(help_text="文件地址或嵌入地址")
    embedded = serializers.SerializerMethodField(help_text="是否为嵌入的外部播放器")
    content_type = OptionalText()
    text_alternative = serializers.CharField(help_text="文字替代")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, media) -> str:
        return self.context["links"].absolute(media.public_url) if media.file else media.embed_url

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_embedded(self, media) -> bool:
        return not media.file


class InterpretationSerializer(InterpretationItemSerializer):
    """政策解读：正文和解读材料"""

    body_html = serializers.CharField(source="body", help_text="正文（HTML）")
    media = MediaSerializer(many=True)


# -- 机关、目录、主题、体裁 --------------------------------------------------------------------


class OfficeSerializer(serializers.Serializer):
    """政府信息公开工作机构及联系方式（条例第十二条）"""

    name = serializers.CharField(source="office_name")
    address = serializers.CharField(source="office_address")
    hours = serializers.CharField(source="office_hours")
    phone = serializers.CharField()
    fax = OptionalText()
    email = OptionalText()
    website = OptionalText()
    postal_address = serializers.CharField()
    postal_code = serializers.CharField()


class AgencySerializer(serializers.Serializer):
    """机关及其公开指南所列联系方式（条例第十二条）"""

    slug = serializers.CharField(help_text="网址标识")
    name = serializers.CharField(help_text="名称")
    short_name = OptionalText(help_text="简称")
    credit_code = serializers.CharField(help_text="统一社会信用代码")
    kind = AgencyKindChoice(help_text="机关类型")
    level = AgencyLevelChoice(help_text="层级")
    parent = AgencyRefSerializer(allow_null=True, help_text="上级机关")
    is_portal_main = serializers.BooleanField(help_text="是否为本平台主体机关")
    office = OfficeSerializer(source="*")
    url = Link("disclosure:org-column", "slug", help_text="信息公开专栏")
    api_url = Link("agency-detail", "slug", api=True)
    documents_api_url = Link("document-list", api=True, query="?organization={obj.slug}")
    catalog_api_url = Link("catalog-node-list", api=True, query="?organization={obj.slug}")


class CatalogNodeSerializer(serializers.Serializer):
    """主动公开目录节点；指定机关时含其专栏中的页面和直接归入该节点的公开信息数。"""

    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(help_text="名称")
    parent_id = serializers.IntegerField(allow_null=True, help_text="上级节点编号")
    statutory = serializers.BooleanField(source="is_statutory", help_text="是否为法定节点")
    scope = CategoryScopeChoice(help_text="适用范围")
    article_item = OptionalText(help_text="条例条款")
    position = serializers.IntegerField(help_text="排序")
    update_rule = OptionalText(source="update_rule_label", help_text="更新时限")
    url = serializers.SerializerMethodField(help_text="该机关专栏中的页面；未指定机关为 null")
    item_count = serializers.SerializerMethodField(help_text="公开信息数；未指定机关为 null")
    api_url = Link("catalog-node-detail", "pk", api=True)

    @extend_schema_field({"type": ["string", "null"], "format": "uri"})
    def get_url(self, node) -> str | None:
        org = self.context.get("org")
        return (
            self.context["links"].page("disclosure:category-items", org.slug, node.pk)
            if org
            else None
        )

    @extend_schema_field({"type": ["integer", "null"]})
    def get_item_count(self, node) -> int | None:
        if self.context.get("org") is None:
            return None
        return self.context["counts"].get(node.pk, 0)


class ThemeSerializer(serializers.ModelSerializer):
    """主题分类"""

    class Meta:
        model = Theme
        fields = read_only_fields = ["id", "name", "position"]


class GenreSerializer(serializers.ModelSerializer):
    """体裁"""

    class Meta:
        model = Genre
        fields = read_only_fields = ["id", "name", "position", "needs_interpretation"]


class EndpointsSerializer(serializers.Serializer):
    documents = serializers.URLField()
    interpretations = serializers.URLField()
    agencies = serializers.URLField()
    catalog_nodes = serializers.URLField()
    themes = serializers.URLField()
    genres = serializers.URLField()
    annual_reports = serializers.URLField()
    consultations = serializers.URLField()
    decision_catalogs = serializers.URLField()
    meetings = serializers.URLField()
    concerns = serializers.URLField()
    interviews = serializers.URLField()
    activities = serializers.URLField()
    commitment_lists = serializers.URLField()
    letters = serializers.URLField()
    letter_figures = serializers.URLField()


class ConcernSerializer(serializers.Serializer):
    """回应关切：公众关注的事项及机关的公开回应（国办发〔2016〕61号）。"""

    id = serializers.IntegerField(source="pk")
    topic = serializers.CharField(help_text="关切事项")
    source = ConcernSourceChoice(help_text="来源")
    seriousness = SeriousnessChoice(help_text="性质")
    organization = AgencyRefSerializer(help_text="回应机关")
    learned_at = Instant(help_text="机关获知时间（UTC）")
    response = serializers.CharField(help_text="回应内容")
    channel = OptionalText(help_text="回应渠道")
    responded_at = Instant(help_text="回应时间（UTC）")
    press_conference_at = serializers.SerializerMethodField(help_text="新闻发布会时间（UTC）")
    links = serializers.ListField(
        child=serializers.URLField(), source="link_list", help_text="相关链接"
    )
    published_on = serializers.DateField(help_text="发布日期")
    url = serializers.SerializerMethodField(help_text="网页地址")

    @extend_schema_field(
        {"type": ["string", "null"], "format": "date-time", "description": "新闻发布会时间"}
    )
    def get_press_conference_at(self, obj) -> str | None:
        return obj.press_conference_at.isoformat() if obj.press_conference_at else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return self.context["links"].absolute(obj.get_absolute_url())


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "接口入口",
            value={
                "name": "聊城市政府信息公开平台开放接口",
                "version": "1",
                "openapi": "https://example.gov.cn/api/v1/openapi.json",
                "endpoints": {
                    name: f"https://example.gov.cn/api/v1/{path}/"
                    for name, path in [
                        ("documents", "documents"),
                        ("interpretations", "interpretations"),
                        ("agencies", "agencies"),
                        ("catalog_nodes", "catalog-nodes"),
                        ("themes", "themes"),
                        ("genres", "genres"),
                        ("annual_reports", "annual-reports"),
                        ("consultations", "consultations"),
                        ("decision_catalogs", "decision-catalogs"),
                        ("meetings", "meetings"),
                        ("interviews", "interviews"),
                        ("activities", "activities"),
                        ("commitment_lists", "commitment-lists"),
                    ]
                },
            },
            response_only=True,
        )
    ]
)
class IndexSerializer(serializers.Serializer):
    """接口入口：各数据集的地址"""

    name = serializers.CharField()
    version = serializers.CharField()
    openapi = serializers.URLField(help_text="OpenAPI 文档")
    endpoints = EndpointsSerializer()


class ErrorSerializer(serializers.Serializer):
    """错误：error 为代码，detail 为中文说明。"""

    error = serializers.CharField(help_text="错误代码")
    detail = serializers.CharField(help_text="中文说明")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="每个无效参数的问题",
    )


class WithdrawnSerializer(serializers.Serializer):
    """410：已由发布机关撤回。"""

    error = serializers.CharField(help_text="错误代码：withdrawn")
    detail = serializers.CharField(help_text="中文说明：已于何时撤回、撤回原因")
    withdrawn_on = serializers.DateField(allow_null=True, help_text="撤回日期")
    withdrawal_reason = serializers.CharField(allow_null=True, help_text="撤回原因类别")
