"""E-mail to applicants and handlers (console backend by default; SMTP by settings).

Mails to applicants carry the tracking number, what happened and the tracking page's
address — never the applicant's name, ID, phone or the content of the request, because
e-mail travels in clear and may reach the wrong inbox. Letters are downloaded from the
tracking page, which asks for the tracking number and phone again.

Workflow steps call :func:`notify_applicant` inside their transaction; the mail goes
once the step is committed (``transaction.on_commit``), so a refused or previewed step
sends nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from requests_app.models import InformationRequest, RequestEvent

logger = logging.getLogger(__name__)

K = RequestEvent.Kind

#: The steps the applicant is told of by e-mail, with the subject's wording.
APPLICANT_SUBJECTS: dict[str, str] = {
    K.REGISTERED: "已登记",
    K.CLARIFICATION_REQUESTED: "需要补正",
    K.EXTENDED: "答复期限延长",
    K.REASONS_REQUESTED: "请说明申请理由",
    K.REASONABLE_DATE: "延迟答复",
    K.FEE_NOTICE: "收费通知",
    K.REPLIED: "已答复",
}


def track_url() -> str:
    return settings.PORTAL_BASE_URL + reverse("requests_app:track")


def _send(subject: str, body: str, to: Sequence[str]) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, list(to))
    except Exception:  # a mail server down must not undo or hide a committed step
        logger.exception("sending %r failed", subject)


def notify_applicant(req: InformationRequest, event: RequestEvent) -> None:
    """E-mail the applicant about ``event`` once the step is committed (if they gave one)."""
    if not req.email or event.kind not in APPLICANT_SUBJECTS:
        return
    subject = f"您的政府信息公开申请{APPLICANT_SUBJECTS[event.kind]}（{req.tracking_number}）"
    body = render_to_string(
        "requests_app/email/applicant_notice.txt",
        {
            "kind": event.kind,
            "K": K,
            "tracking_number": req.tracking_number,
            "agency": req.organization.name,
            "event": event,
            "due_on": req.due_on,
            "track_url": track_url(),
        },
    )
    to = req.email
    transaction.on_commit(lambda: _send(subject, body, [to]))


def remind_handler(user, rows: Sequence[tuple[InformationRequest, int | None]]) -> bool:
    """E-mail one handler their requests due soon or overdue; ``rows`` are (request, days left)."""
    if not user.email or not rows:
        return False
    body = render_to_string(
        "requests_app/email/handler_reminder.txt",
        {
            "user": user,
            # Each request's own staff page: where the clerk acts on it.
            "rows": [
                (
                    req,
                    left,
                    settings.PORTAL_BASE_URL
                    + reverse("requests_app:staff-request", args=[req.tracking_number]),
                )
                for req, left in rows
            ],
            "dashboard_url": settings.PORTAL_BASE_URL + reverse("requests_app:staff-dashboard"),
        },
    )
    overdue = sum(1 for _, left in rows if left is not None and left < 0)
    subject = f"政府信息公开申请到期提醒：{len(rows)}件即将到期或已超期"
    if overdue:
        subject += f"（其中超期{overdue}件）"
    _send(subject, body, [user.email])
    return True
