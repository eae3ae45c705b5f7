"""Public pages of the 依申请公开 channel: how to apply, the form, the receipt, tracking.

Applicants' personal data never appears here beyond what the applicant typed in the
same session: the confirmation and tracking pages are tied to the browser session
that submitted the application or proved it knows the tracking number and phone.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import InterfaceError, OperationalError, transaction
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache

from catalog.models import Organization
from config.outage import RETRY_AFTER_SECONDS, drop_broken_connections
from config.web.breadcrumbs import crumbs
from config.web.ratelimit import client_ip, hit, ratelimit, too_many
from config.web.storage import attachment_response
from requests_app import fees, limits, notices, steps
from requests_app.forms.public import (
    ApplicationForm,
    ClarificationForm,
    TrackForm,
    verifier_matches,
)
from requests_app.models import InformationRequest, RequestEvent

logger = logging.getLogger("portal.outage")

SESSION_KEY = "ysq_requests"  # tracking numbers this browser session may see
TRACK_LIMIT, TRACK_WINDOW = 10, 600  # lookups per client per 10 minutes


def _allow(request, tracking_number: str) -> None:
    allowed = request.session.get(SESSION_KEY, [])
    if tracking_number not in allowed:
        request.session[SESSION_KEY] = [*allowed[-19:], tracking_number]


def _allowed_request(request, tracking_number: str) -> InformationRequest:
    if tracking_number not in request.session.get(SESSION_KEY, []):
        raise Http404
    return get_object_or_404(
        InformationRequest.objects.select_related("organization"),
        tracking_number=tracking_number,
    )


def _org_from_query(request) -> Organization:
    slug = request.GET.get("org")
    orgs = Organization.objects.active()
    if slug:
        return get_object_or_404(orgs, slug=slug)
    org = orgs.main() or orgs.first()
    if org is None:
        raise Http404
    return org


def guide(request):
    """How to apply to one agency (``?org=<slug>``; default the portal's main agency)."""
    org = _org_from_query(request)
    return render(
        request,
        "requests_app/public/guide.html",
        {
            "org": org,
            "limits": limits,
            "fee_rules": fees.rule_lines(),
            "active": "ysqgk",
            "breadcrumbs": crumbs((org.name, org.get_absolute_url()), ("依申请公开", None)),
        },
    )


@never_cache
@ratelimit("apply", limit="APPLY_RATE_LIMIT", window="APPLY_RATE_WINDOW")
def apply(request):
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES)
        try:
            req = _store_application(form)
        except (OperationalError, InterfaceError) as error:
            # The database is away: nothing was stored (one transaction). Never a silent
            # loss: the applicant gets the form back as typed, told to send it again.
            logger.warning("application not stored, database unavailable: %s", error)
            return _not_received(request, form)
        if req is not None:
            _allow(request, req.tracking_number)
            _send_confirmation(request, req)
            return redirect("requests_app:done", tracking_number=req.tracking_number)
    else:
        initial = {}
        slug = request.GET.get("org")
        if slug:
            initial["organization"] = Organization.objects.active().filter(slug=slug).first()
        form = ApplicationForm(initial=initial)
    # A browser never sends a file again: after a failed submit the applicant is told.
    had_file = bool(request.FILES.get("supporting_file"))
    return render(request, "requests_app/public/apply.html", {"form": form, "had_file": had_file})


def _store_application(form: ApplicationForm) -> InformationRequest | None:
    """The request the valid form makes (with its file), all or nothing; None if invalid."""
    if not form.is_valid():
        return None
    data = {k: v for k, v in form.cleaned_data.items() if k in ApplicationForm.Meta.fields}
    organization = data.pop("organization")
    with transaction.atomic():
        req = steps.submit_online(organization, idempotency_key=form.submission_key, **data)
        upload = form.cleaned_data.get("supporting_file")
        if upload and not req.attachments.exists():
            steps.attach_supporting_file(req, upload)
    return req


def _not_received(request, form: ApplicationForm):
    """The form again, as typed, with a 503 that says the application was NOT received.

    Rendered without the database: the agency list cannot be read, so the select keeps
    only the chosen agency's number (the name returns with the database). The signed
    submission key is kept too, so sending the form again can never file it twice.
    """
    drop_broken_connections()
    chosen = form.data.get("organization", "")
    form.fields["organization"].choices = (
        [(chosen, "（已选择，系统恢复后显示机关名称）")] if chosen else [("", "请选择机关")]
    )
    if form._errors is None:  # validation never ran: rendering must not run it now
        form._errors = ErrorDict()
    response = render(
        request,
        "requests_app/public/apply.html",
        {
            "form": form,
            "not_received": True,
            "had_file": bool(request.FILES.get("supporting_file")),
            "retry_after": RETRY_AFTER_SECONDS,
        },
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _send_confirmation(request, req: InformationRequest) -> None:
    if not req.email or req.events.filter(kind=RequestEvent.Kind.SUBMITTED).count() > 1:
        return
    body = render_to_string(
        "requests_app/public/confirmation_email.txt",
        {
            "req": req,
            "limits": limits,
            "track_url": request.build_absolute_uri(reverse("requests_app:track")),
        },
    )
    send_mail(
        f"您的政府信息公开申请已提交（{req.tracking_number}）",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [req.email],
        fail_silently=True,
    )


@never_cache
def done(request, tracking_number):
    req = _allowed_request(request, tracking_number)
    return render(request, "requests_app/public/done.html", {"req": req, "limits": limits})


@never_cache
def track(request):
    form = TrackForm(request.POST or None)
    not_found = False
    if request.method == "POST":
        if not hit("track", client_ip(request), limit=TRACK_LIMIT, window=TRACK_WINDOW):
            return too_many(request, retry_after=TRACK_WINDOW)
        if form.is_valid():
            number = form.cleaned_data["tracking_number"]
            req = InformationRequest.objects.filter(tracking_number=number).first()
            # The same answer whether the number or the verifier is wrong.
            if req is not None and verifier_matches(req, form.cleaned_data["verifier"]):
                _allow(request, req.tracking_number)
                return redirect("requests_app:track-detail", tracking_number=req.tracking_number)
            not_found = True
    return render(request, "requests_app/public/track.html", {"form": form, "not_found": not_found})


@never_cache
def track_detail(request, tracking_number):
    req = _allowed_request(request, tracking_number)
    clarification = steps.open_clarification(req)
    clarification_form = None
    if clarification is not None:
        clarification_form = ClarificationForm(request.POST or None)
        if request.method == "POST" and clarification_form.is_valid():
            steps.applicant_clarifies(req, text=clarification_form.cleaned_data["text"])
            return redirect("requests_app:track-detail", tracking_number=req.tracking_number)
    events = [
        e
        for e in req.events.filter(visible_to_applicant=True).order_by("on", "at", "pk")
        if e.kind != RequestEvent.Kind.NOTE
    ]
    for event in events:
        event.public_note = "；".join(event.data.get("items", [])) if event.data else ""
    asked = (clarification.data or {}) if clarification is not None else {}
    return render(
        request,
        "requests_app/public/track_detail.html",
        {
            "req": req,
            "events": events,
            "clarification_event": clarification,
            # What the 补正通知 asks for (Art. 30: every item at once) and staff's guidance.
            "clarification_items": asked.get("items", []),
            "clarification_guidance": asked.get("guidance", ""),
            "clarification_form": clarification_form,
            "letters": steps.applicant_letters(req),
            "links": steps.reply_links(req),
        },
    )


@never_cache
def track_file(request, tracking_number, attachment_id: int):
    """A letter or reply material of the request, for the browser allowed to track it.

    The only way an applicant gets a file: request files have no public URL. Each
    download is written in the request's log (staff only).
    """
    req = _allowed_request(request, tracking_number)
    attachment = get_object_or_404(
        req.attachments.filter(visible_to_applicant=True), pk=attachment_id
    )
    response = attachment_response(notices.ensure_pdf(attachment))
    steps.record_download(req, attachment)
    return response
