"""The only code that changes a request's status: one function per step of the 条例.

Every step opens a transaction, locks the request row, checks that the step is allowed
from the current status and that the actor may act for the request's agency, writes a
:class:`~requests_app.models.RequestEvent`, recomputes the due date with
:mod:`requests_app.deadlines` and returns the (re-read) request. A refused step raises
:class:`WorkflowError` with a message for staff, in Chinese.

Dates: each step takes ``on`` (default today), the date the step takes effect, which is
what the statutory limits are counted from.

One module per statute family; callers use this package (``steps.register(...)``):

- ``base``: what every step shares, :class:`WorkflowError` and :func:`draft_letter`;
- ``receipt``: submission, registration, assignment (Art. 29, 31);
- ``clarification``: 补正 (Art. 30);
- ``correction``: 更正申请信息, a correction of the application as received, with before
  and after in its event;
- ``consultation``: a third party (Art. 32), other agencies (Art. 33(3)) and 协查;
- ``approvals``: steps reserved to the head of the disclosure office, requested by a clerk
  and carried out on the head's approval (:func:`approve`, :func:`refuse`);
- ``extension``: the one extension (Art. 33(2)), an approval kind;
- ``excessive``: requests beyond a reasonable range (Art. 35);
- ``proactive``: a group of requests proposed for proactive disclosure (Art. 44);
- ``fees``: the 信息处理费 (Art. 42, 国办函〔2020〕109号);
- ``replies``: the reply (Art. 35-39), delivery and archive;
- ``review``: 行政复议 and 行政诉讼 (Art. 51).
"""

from requests_app.steps.approvals import approve, pending_for, refuse
from requests_app.steps.base import WorkflowError, draft_letter
from requests_app.steps.clarification import (
    applicant_clarifies,
    close_for_no_clarification,
    open_clarification,
    receive_clarification,
    request_clarification,
)
from requests_app.steps.consultation import (
    answer_subtask,
    consult_other_agency,
    consult_third_party,
    create_subtask,
    receive_agency_opinion,
    receive_third_party_opinion,
)
from requests_app.steps.correction import correct_application
from requests_app.steps.excessive import ask_for_reasons, record_reasons, set_reasonable_date
from requests_app.steps.extension import extend, request_extension
from requests_app.steps.fees import close_for_unpaid_fee, issue_fee_notice, record_payment
from requests_app.steps.proactive import record_proactive_proposal
from requests_app.steps.receipt import (
    assign,
    attach_supporting_file,
    register,
    register_received,
    submit_online,
)
from requests_app.steps.replies import (
    PublishedLink,
    ReplyFile,
    applicant_letters,
    archive,
    deliver,
    record_download,
    reply,
    reply_links,
    reply_material,
)
from requests_app.steps.review import record_review, record_review_result

__all__ = [
    "PublishedLink",
    "ReplyFile",
    "WorkflowError",
    "answer_subtask",
    "applicant_clarifies",
    "applicant_letters",
    "approve",
    "archive",
    "ask_for_reasons",
    "assign",
    "attach_supporting_file",
    "close_for_no_clarification",
    "close_for_unpaid_fee",
    "consult_other_agency",
    "consult_third_party",
    "correct_application",
    "create_subtask",
    "deliver",
    "draft_letter",
    "extend",
    "issue_fee_notice",
    "open_clarification",
    "pending_for",
    "receive_agency_opinion",
    "receive_clarification",
    "receive_third_party_opinion",
    "record_download",
    "record_payment",
    "record_proactive_proposal",
    "record_reasons",
    "record_review",
    "record_review_result",
    "refuse",
    "register",
    "register_received",
    "reply",
    "reply_links",
    "reply_material",
    "request_clarification",
    "request_extension",
    "set_reasonable_date",
    "submit_online",
]
