"""Models of the 政府信息公开 column, one module per aggregate."""

from disclosure.models.column import Guide, Regulation
from disclosure.models.consultation import (
    Adoption,
    Comment,
    Consultation,
    ConsultationAttachment,
    ConsultationEvent,
    ConsultationKind,
    Viewpoint,
)
from disclosure.models.decision import DecisionCatalog, DecisionItem, DecisionStatus
from disclosure.models.document import (
    Attachment,
    Document,
    DocumentEvent,
    DocumentRelation,
    IndexSequence,
    ValidityChange,
)
from disclosure.models.interpretation import (
    Interpretation,
    InterpretationEvent,
    InterpretationForm,
    InterpretationMedia,
)
from disclosure.models.meeting import (
    AttendeeCategory,
    Meeting,
    MeetingAttendance,
    MeetingTopic,
)
from disclosure.models.report import AnnualReport, AnnualReportEvent, AnnualReportOverride

__all__ = [
    "Adoption",
    "AnnualReport",
    "AnnualReportEvent",
    "AnnualReportOverride",
    "Attachment",
    "AttendeeCategory",
    "Comment",
    "Consultation",
    "ConsultationAttachment",
    "ConsultationEvent",
    "ConsultationKind",
    "DecisionCatalog",
    "DecisionItem",
    "DecisionStatus",
    "Document",
    "DocumentEvent",
    "DocumentRelation",
    "Guide",
    "IndexSequence",
    "Interpretation",
    "InterpretationEvent",
    "InterpretationForm",
    "InterpretationMedia",
    "Meeting",
    "MeetingAttendance",
    "MeetingTopic",
    "Regulation",
    "ValidityChange",
    "Viewpoint",
]
