"""The 政策文件库 and 政策解读: documents, interpretations and what hangs on them."""

from disclosure.library.models.concern import Concern, ConcernEvent
from disclosure.library.models.document import (
    Attachment,
    Document,
    DocumentEvent,
    DocumentRelation,
    ValidityChange,
)
from disclosure.library.models.interpretation import (
    Interpretation,
    InterpretationEvent,
    InterpretationForm,
    InterpretationMedia,
    InterpretationStage,
)

__all__ = [
    "Attachment",
    "Concern",
    "ConcernEvent",
    "Document",
    "DocumentEvent",
    "DocumentRelation",
    "Interpretation",
    "InterpretationEvent",
    "InterpretationForm",
    "InterpretationMedia",
    "InterpretationStage",
    "ValidityChange",
]
