"""政民互动 (2): 在线访谈, 政府开放活动, 公开承诺事项, 政务新媒体 and 政务公开专区."""

from disclosure.engagement.models.activity import (
    Activity,
    ActivityPicture,
    OpenDayPlan,
    OpenDayPlanEvent,
    SignUp,
    SignUpEvent,
    SignUpStatus,
    VisitorOpinion,
)
from disclosure.engagement.models.commitment import (
    Commitment,
    CommitmentList,
    CommitmentListEvent,
    CommitmentStatus,
    ProgressEntry,
)
from disclosure.engagement.models.interview import (
    Guest,
    Interview,
    InterviewEvent,
    InterviewPicture,
    Question,
    QuestionEvent,
    QuestionStatus,
)
from disclosure.engagement.models.media import FilingStatus, NewMediaAccount, Platform, ServiceHall

__all__ = [
    "Activity",
    "ActivityPicture",
    "Commitment",
    "CommitmentList",
    "CommitmentListEvent",
    "CommitmentStatus",
    "FilingStatus",
    "Guest",
    "Interview",
    "InterviewEvent",
    "InterviewPicture",
    "NewMediaAccount",
    "OpenDayPlan",
    "OpenDayPlanEvent",
    "Platform",
    "ProgressEntry",
    "Question",
    "QuestionEvent",
    "QuestionStatus",
    "ServiceHall",
    "SignUp",
    "SignUpEvent",
    "SignUpStatus",
    "VisitorOpinion",
]
