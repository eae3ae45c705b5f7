"""决策公开 in the API: consultations (意见征集) with their published feedback, decision
catalogs (重大行政决策事项目录) and executive meetings (政府常务会议), as DRF serializers
(the conventions of ``serializers``)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from disclosure.decisions.models import Adoption
from disclosure.decisions.models.consultation import Phase
from disclosure.opendata.api.serializers import (
    AdoptionChoice,
    AgencyRefSerializer,
    AttendeeCategoryChoice,
    ConsultationFileKindChoice,
    ConsultationKindChoice,
    ConsultationPhaseChoice,
    ConsultationRefSerializer,
    DecisionStatusChoice,
    DocumentRefSerializer,
    FileLink,
    Instant,
    InterpretationRefSerializer,
    Link,
    OptionalText,
)

# -- 意见征集 -------------------------------------------------------------------------------


class ConsultationItemSerializer(ConsultationRefSerializer):
    """意见征集（列表项）；状态和剩余天数按北京时间当日（context ``today``）。"""

    kind = ConsultationKindChoice(help_text="草案类型")
    summary = serializers.CharField(help_text="内容概述")
    organization = AgencyRefSerializer(help_text="征集机关")
    published_on = serializers.DateField(allow_null=True, help_text="发布日期")
    starts_on = serializers.DateField(help_text="开始日期")
    ends_on = serializers.DateField(help_text="截止日期")
    period_days = serializers.IntegerField(help_text="征集期（日）")
    minimum_days = serializers.IntegerField(help_text="规定的最短征集期（日）")
    short_period_reason = serializers.SerializerMethodField(
        help_text="征集期短于规定时的理由；否则为 null"
    )
    phase = serializers.SerializerMethodField(help_text="状态（按北京时间当日）")
    days_left = serializers.SerializerMethodField(help_text="剩余天数；未在征集中为 null")
    accepts_comments = serializers.SerializerMethodField(help_text="是否正在接受意见")
    feedback_published_on = serializers.DateField(
        allow_null=True, help_text="意见采纳情况反馈公布日期"
    )
    updated_at = Instant(help_text="最后修改时间")

    def _phase(self, consultation) -> str:
        return consultation.phase(self.context["today"])

    @extend_schema_field({"type": ["string", "null"]})
    def get_short_period_reason(self, consultation) -> str | None:
        # Shown, as on the page, only where the period is shorter than the minimum.
        return (consultation.short_period_reason or None) if consultation.is_short_period else None

    @extend_schema_field(ConsultationPhaseChoice)
    def get_phase(self, consultation) -> dict:
        return ConsultationPhaseChoice().to_representation(self._phase(consultation))

    @extend_schema_field({"type": ["integer", "null"]})
    def get_days_left(self, consultation) -> int | None:
        if self._phase(consultation) != Phase.OPEN:
            return None
        return consultation.days_left(self.context["today"])

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_accepts_comments(self, consultation) -> bool:
        return self._phase(consultation) == Phase.OPEN


class ConsultationFileSerializer(serializers.Serializer):
    """征求意见稿附件、起草说明等文件"""

    kind = ConsultationFileKindChoice()
    title = serializers.CharField(source="__str__")
    url = FileLink()
    format = OptionalText(source="file_kind", help_text="文件格式")
    size = serializers.IntegerField(help_text="字节数")


class AdoptionCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FeedbackCountsSerializer(serializers.Serializer):
    """收到的意见数及采纳情况"""

    received = serializers.IntegerField(help_text="收到意见总数")
    recorded = serializers.IntegerField(help_text="逐条登记的意见数")
    letters = serializers.IntegerField(help_text="来信数")
    meetings = serializers.IntegerField(help_text="座谈会等收集的意见数")
    adopted = serializers.IntegerField(help_text="采纳数（含部分采纳）")
    by_adoption = serializers.SerializerMethodField(help_text="按采纳情况分类的意见数")

    @extend_schema_field(AdoptionCountSerializer(many=True))
    def get_by_adoption(self, counts) -> list:
        return [
            {"code": value, "label": label, "count": counts.by_adoption[value]}
            for value, label in Adoption.choices
        ]


class ViewpointSerializer(serializers.Serializer):
    """主要观点及其处理"""

    summary = serializers.CharField()
    response = OptionalText()
    comment_count = serializers.IntegerField(help_text="归入该观点的意见数")

    def to_representation(self, instance):
        viewpoint, count = instance
        data = {"summary": viewpoint.summary, "response": viewpoint.response}
        return super().to_representation({**data, "comment_count": count})


_ADOPTION_CODES = {label: value for value, label in Adoption.choices}


class NotAdoptedSerializer(serializers.Serializer):
    """未采纳或部分采纳的意见：工作人员公开的摘要和理由（不含提出人信息）"""

    adoption = serializers.SerializerMethodField()
    excerpt = OptionalText(source="text", help_text="工作人员公开的意见摘要")
    reason = serializers.CharField(help_text="理由")

    @extend_schema_field(AdoptionChoice)
    def get_adoption(self, comment) -> dict:
        return AdoptionChoice().to_representation(_ADOPTION_CODES[comment.adoption])


class FeedbackSerializer(serializers.Serializer):
    """已公布的意见采纳情况反馈（只读 ``consultations.public_feedback``）"""

    published_on = serializers.DateField()
    summary = serializers.CharField()
    counts = FeedbackCountsSerializer()
    viewpoints = ViewpointSerializer(many=True)
    not_adopted = NotAdoptedSerializer(many=True)

    def get_attribute(self, instance):
        return self.context["public_feedback"]


class ConsultationSerializer(ConsultationItemSerializer):
    """意见征集：征求意见稿、起草说明、文件、公开的最终文件和已公布的反馈。"""

    draft_html = serializers.CharField(source="draft", help_text="征求意见稿（HTML）")
    explanation_html = OptionalText(source="explanation", help_text="起草说明（HTML）")
    contact = serializers.CharField(help_text="意见提交方式和联系方式")
    attachments = ConsultationFileSerializer(many=True)
    final_document = DocumentRefSerializer(public_only=True, help_text="正式印发的文件")
    feedback = FeedbackSerializer(source="*", allow_null=True, help_text="意见采纳情况反馈")


# -- 重大行政决策事项目录 ------------------------------------------------------------------------


class DecisionCatalogItemSerializer(serializers.Serializer):
    """重大行政决策事项目录（列表项；``item_count`` 注解）"""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField(source="__str__")
    organization = AgencyRefSerializer()
    year = serializers.IntegerField(help_text="年度")
    published_on = serializers.DateField(allow_null=True, help_text="公布日期")
    adjusted_on = serializers.DateField(allow_null=True, help_text="调整日期")
    note = serializers.CharField(help_text="说明")
    item_count = serializers.IntegerField(help_text="事项数")
    url = Link(
        "disclosure:decision-catalog",
        "organization.slug",
        query="?year={obj.year}",
        help_text="网页地址",
    )
    api_url = Link("decision-catalog-detail", "pk", api=True)


class DecisionItemSerializer(serializers.Serializer):
    """决策事项；只链接公开的意见征集和文件"""

    position = serializers.IntegerField(help_text="序号")
    title = serializers.CharField(help_text="事项名称")
    lead_unit = serializers.CharField(help_text="承办单位")
    basis = serializers.CharField(help_text="决策依据")
    planned_completion = OptionalText(help_text="计划完成时间")
    hearing_planned = serializers.BooleanField(help_text="是否听证")
    status = DecisionStatusChoice(help_text="进展")
    note = serializers.CharField(help_text="备注")
    consultation = ConsultationRefSerializer(public_only=True)
    decision_document = DocumentRefSerializer(public_only=True, help_text="决策文件")
    evaluation_report = DocumentRefSerializer(public_only=True, help_text="执行效果评估报告")


class DecisionCatalogSerializer(DecisionCatalogItemSerializer):
    """重大行政决策事项目录及其全部事项"""

    items = DecisionItemSerializer(many=True)


# -- 政府常务会议 ---------------------------------------------------------------------------


class MeetingItemSerializer(serializers.Serializer):
    """政府常务会议（列表项）"""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField(help_text="会议名称")
    held_on = serializers.DateField(help_text="召开日期")
    organization = AgencyRefSerializer()
    url = Link("disclosure:meeting-detail", "organization.slug", "pk")
    api_url = Link("meeting-detail", "pk", api=True)
    topic_titles = serializers.SerializerMethodField(help_text="议题")

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_topic_titles(self, meeting) -> list[str]:
        return [topic.title for topic in meeting.topics.all()]


class TopicSerializer(serializers.Serializer):
    """议题、议定事项及其公开的文件和解读"""

    title = serializers.CharField()
    decision = serializers.CharField(help_text="议定事项")
    documents = DocumentRefSerializer(many=True, source="public_documents")
    interpretations = InterpretationRefSerializer(many=True, source="public_interpretations")


class AttendanceSerializer(serializers.Serializer):
    """列席情况（按类别和人数，不列姓名）"""

    category = AttendeeCategoryChoice()
    count = serializers.IntegerField()
    description = OptionalText()
    opinions = OptionalText()


class MeetingSerializer(serializers.Serializer):
    """政府常务会议：议题和议定事项、公开的文件和解读、列席情况（按类别和人数）。"""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField(help_text="会议名称")
    held_on = serializers.DateField(help_text="召开日期")
    organization = AgencyRefSerializer()
    url = Link("disclosure:meeting-detail", "organization.slug", "pk")
    api_url = Link("meeting-detail", "pk", api=True)
    summary = serializers.CharField()
    reading_html = OptionalText(source="reading", help_text="会议解读（HTML）")
    topics = TopicSerializer(many=True)
    attendance = AttendanceSerializer(many=True, source="attendances")
    attendance_total = serializers.SerializerMethodField(help_text="列席总人数")

    @extend_schema_field(OpenApiTypes.INT)
    def get_attendance_total(self, meeting) -> int:
        return sum(a.count for a in meeting.attendances.all())
