"""Models of the 政府信息公开 column, one module per aggregate."""

from disclosure.models.column import Guide, Regulation
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
from disclosure.models.report import AnnualReport, AnnualReportEvent, AnnualReportOverride

__all__ = [
    "AnnualReport",
    "AnnualReportEvent",
    "AnnualReportOverride",
    "Attachment",
    "Document",
    "DocumentEvent",
    "DocumentRelation",
    "Guide",
    "IndexSequence",
    "Interpretation",
    "InterpretationEvent",
    "InterpretationForm",
    "InterpretationMedia",
    "Regulation",
    "ValidityChange",
]
