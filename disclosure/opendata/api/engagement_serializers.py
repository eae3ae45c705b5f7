"""政民互动 (2) in the API: interviews with their transcripts, open-day activities with the
places left, and 公开承诺事项 lists with each task's computed status. Never a question's
asker nor a sign-up's name, phone, code or count per person."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from disclosure.engagement.models import CommitmentStatus
from disclosure.opendata.api.serializers import (
    AgencyRefSerializer,
    DocumentRefSerializer,
    FileLink,
    Instant,
    InterpretationRefSerializer,
    Link,
    OptionalText,
    choice,
)

CommitmentStatusChoice = choice(CommitmentStatus, "CommitmentStatus")


class GuestSerializer(serializers.Serializer):
    """访谈嘉宾"""

    name = serializers.CharField(help_text="姓名")
    post = serializers.CharField(help_text="职务")


class InterviewItemSerializer(serializers.Serializer):
    """在线访谈（列表项）"""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField(help_text="访谈主题")
    organization = AgencyRefSerializer(help_text="主办机关")
    starts_at = Instant(help_text="开始时间")
    ends_at = Instant(help_text="结束时间")
    guests = GuestSerializer(many=True)
    url = Link("disclosure:interview-detail", "pk")
    api_url = Link("interview-detail", "pk", api=True)


class TranscriptEntrySerializer(serializers.Serializer):
    """文字实录的一问一答（不含提问人的任何信息）"""

    question = serializers.CharField(source="shown_text", help_text="网友提问")
    answer = serializers.CharField(help_text="答复")
    guest = GuestSerializer(source="answered_by", help_text="答复嘉宾")


class PictureSerializer(serializers.Serializer):
    """图片"""

    caption = serializers.CharField(help_text="图片说明")
    url = FileLink()


class InterviewSerializer(InterviewItemSerializer):
    """在线访谈：简介、嘉宾、文字实录（已结束的）、图片和相关文件、解读。"""

    summary = serializers.CharField(help_text="访谈简介")
    video_url = OptionalText(help_text="视频地址")
    transcript = TranscriptEntrySerializer(many=True, help_text="文字实录；未结束的为空")
    pictures = PictureSerializer(many=True)
    documents = DocumentRefSerializer(
        many=True, source="documents_public", help_text="相关文件（公开的）"
    )
    interpretations = InterpretationRefSerializer(
        many=True, source="interpretations_public", help_text="相关解读（公开的）"
    )


class ActivitySerializer(serializers.Serializer):
    """政府开放活动：时间、地点、名额和剩余名额（不含报名人的任何信息）。"""

    id = serializers.IntegerField(source="pk")
    theme = serializers.CharField(help_text="活动主题")
    year = serializers.IntegerField(source="plan.year", help_text="开放计划年度")
    organization = AgencyRefSerializer(source="plan.organization", help_text="开放计划的机关")
    host = AgencyRefSerializer(help_text="承办机关")
    starts_at = Instant(help_text="开始时间")
    ends_at = Instant(help_text="结束时间")
    place = serializers.CharField(help_text="地点")
    audience = serializers.CharField(help_text="参加对象")
    quota = serializers.IntegerField(help_text="名额（人）")
    places_left = serializers.SerializerMethodField(help_text="剩余名额（人）")
    signup_closes_at = Instant(help_text="报名截止时间")
    url = Link("disclosure:activity-detail", "pk")
    api_url = Link("activity-detail", "pk", api=True)

    @extend_schema_field({"type": "integer"})
    def get_places_left(self, activity) -> int:
        return activity.places_left()


class ProgressSerializer(serializers.Serializer):
    """进展情况"""

    on = serializers.DateField(help_text="日期")
    text = serializers.CharField(help_text="进展情况")
    completes = serializers.BooleanField(help_text="是否标志任务完成")


class CommitmentSerializer(serializers.Serializer):
    """承诺事项"""

    position = serializers.IntegerField(help_text="序号")
    task = serializers.CharField(help_text="工作任务")
    deadline = serializers.DateField(help_text="完成时限")
    responsible_unit = serializers.CharField(help_text="责任单位")
    responsible_person = serializers.CharField(help_text="责任人（职务，公开姓名的含姓名）")
    status = serializers.SerializerMethodField(help_text="状态（按今日计算）")
    progress = ProgressSerializer(many=True)

    @extend_schema_field(CommitmentStatusChoice)
    def get_status(self, task) -> dict:
        return CommitmentStatusChoice().to_representation(task.state)


class CommitmentListItemSerializer(serializers.Serializer):
    """公开承诺事项清单（列表项）"""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    year = serializers.IntegerField(help_text="年度")
    organization = AgencyRefSerializer()
    published_on = serializers.DateField(help_text="发布日期")
    url = Link("disclosure:commitment-list", "organization.slug", "year")
    api_url = Link("commitment-list-detail", "pk", api=True)


class CommitmentListSerializer(CommitmentListItemSerializer):
    """公开承诺事项清单：每项任务及其进展和状态。"""

    intro = serializers.CharField(help_text="说明")
    commitments = CommitmentSerializer(many=True, source="tasks")
