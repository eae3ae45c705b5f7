"""决策公开: 意见征集, the 重大行政决策事项目录 and 政府常务会议."""

from disclosure.decisions.models.consultation import (
    Adoption,
    Comment,
    Consultation,
    ConsultationAttachment,
    ConsultationEvent,
    ConsultationKind,
    Viewpoint,
)
from disclosure.decisions.models.decision import DecisionCatalog, DecisionItem, DecisionStatus
from disclosure.decisions.models.meeting import (
    AttendeeCategory,
    Meeting,
    MeetingAttendance,
    MeetingTopic,
)

__all__ = [
    "Adoption",
    "AttendeeCategory",
    "Comment",
    "Consultation",
    "ConsultationAttachment",
    "ConsultationEvent",
    "ConsultationKind",
    "DecisionCatalog",
    "DecisionItem",
    "DecisionStatus",
    "Meeting",
    "MeetingAttendance",
    "MeetingTopic",
    "Viewpoint",
]
