"""The clerk's desk: one staff page per request, and the letters an agency issued.

``/ysqgk/staff/<no>/`` shows the application as received, every 补正 the applicant sent,
the due date and how it was counted, the log, the letters, the files, the 协查 and the
steps allowed now, each a small form (``forms.staff.STEPS``) posted to
``/ysqgk/staff/<no>/step/<slug>/`` and run by its function in ``steps``. Staff of the
request's agency and the supervisor only; opening the page is logged (StaffAccessLog), as
opening the admin's page is. The admin keeps its step pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalog import audit
from catalog.models import Organization
from catalog.permissions import can_act_for, is_supervisor, user_organization
from config.web.storage import attachment_response
from requests_app import deadlines, notices, steps
from requests_app.forms.staff import STEPS, UnitAnswerForm, offered_steps
from requests_app.letters import format_cn_date
from requests_app.limits import REPLY_WORKING_DAYS
from requests_app.models import (
    InformationRequest,
    RequestAttachment,
    RequestEvent,
    StaffAccessLog,
    SubTask,
)
from requests_app.steps.base import display_name

K = RequestEvent.Kind


def _staff_request(request, tracking_number: str) -> InformationRequest:
    req = get_object_or_404(
        InformationRequest.objects.select_related(
            "organization", "handler", "backup_handler", "possible_repeat_of"
        ),
        tracking_number=tracking_number,
    )
    if not request.user.is_staff or not can_act_for(request.user, req.organization):
        raise PermissionDenied("您无权查看该申请。")
    return req


def _log_view(request, req: InformationRequest, where: str) -> None:
    StaffAccessLog.objects.create(request=req, user=request.user, where=where)
    audit.record(
        audit.Action.RECORD_VIEWED,
        actor=request.user,
        obj=req,
        label=req.tracking_number,
        summary=where,
        request=request,
    )


def _clarifications(req: InformationRequest) -> list[RequestEvent]:
    """Every 补正 received: the applicant's text online, or what staff recorded."""
    return list(req.events.filter(kind=K.CLARIFICATION_RECEIVED).select_related("actor"))


def _page(request, req, *, open_step: str = "", bound=None, letter=None, status=200):
    """The request page; it shows the full record, so every rendering is logged."""
    _log_view(request, req, "办理页面")
    forms = []
    for slug, title in offered_steps(req):
        form_class = STEPS[slug][1]
        form = bound if slug == open_step and bound is not None else form_class(req=req)
        forms.append({"slug": slug, "title": title, "form": form, "open": slug == open_step})
    attachments = list(req.attachments.select_related("event").order_by("uploaded_at", "pk"))
    return render(
        request,
        "requests_app/staff/request.html",
        {
            "req": req,
            "clarifications": _clarifications(req),
            "explanation": deadlines.explain(req),
            "reply_working_days": REPLY_WORKING_DAYS,
            "handler_name": display_name(req.handler),
            "backup_name": display_name(req.backup_handler),
            "events": req.events.select_related("actor").order_by("on", "at", "pk"),
            "letters": [a for a in attachments if a.kind == RequestAttachment.Kind.LETTER],
            "files": [a for a in attachments if a.kind != RequestAttachment.Kind.LETTER],
            "links": steps.reply_links(req),
            "subtasks": req.subtasks.all(),
            "reviews": req.reviews.all(),
            "step_forms": forms,
            "draft_letter": letter,
        },
        status=status,
    )


@never_cache
@login_required
def request_page(request, tracking_number: str):
    """The staff page of one request (full record: logged)."""
    return _page(request, _staff_request(request, tracking_number))


@never_cache
@login_required
@require_POST
def step(request, tracking_number: str, slug: str):
    """Run one step from the request page; 「预览告知书」 shows the letter it would issue."""
    req = _staff_request(request, tracking_number)
    if slug not in STEPS or slug not in dict(offered_steps(req)):
        raise Http404
    title, form_class, _ = STEPS[slug]
    form = form_class(request.POST, request.FILES, req=req)
    if not form.is_valid():
        return _page(request, req, open_step=slug, bound=form, status=400)
    d = form.cleaned_data
    try:
        if form.issues_letter and "preview" in request.POST:
            letter = steps.draft_letter(
                lambda: form.run(req, request.user, {**d, "letter_text": ""})
            )
            data = request.POST.copy()
            data["letter_text"] = letter.body if letter else ""
            form = form_class(data, req=req)
            form.is_valid()
            return _page(request, req, open_step=slug, bound=form, letter=letter)
        form.run(req, request.user, d)
    except steps.WorkflowError as exc:
        form.add_error(None, str(exc))
        return _page(request, req, open_step=slug, bound=form, status=400)
    messages.success(request, f"已{title}。")
    return redirect("requests_app:staff-request", tracking_number=req.tracking_number)


def _staff_attachment(request, tracking_number: str, attachment_id: int):
    req = _staff_request(request, tracking_number)
    return req, get_object_or_404(req.attachments, pk=attachment_id)


@never_cache
@login_required
def file(request, tracking_number: str, attachment_id: int):
    """A letter's PDF or a file of the request, as a download (logged)."""
    req, attachment = _staff_attachment(request, tracking_number, attachment_id)
    _log_view(request, req, "下载申请附件")
    return attachment_response(notices.ensure_pdf(attachment))


@never_cache
@login_required
def letter_print(request, tracking_number: str, attachment_id: int):
    """A letter's text as sent, laid out for the browser's print."""
    req, letter = _staff_attachment(request, tracking_number, attachment_id)
    if letter.kind != RequestAttachment.Kind.LETTER:
        raise Http404
    _log_view(request, req, "打印告知书")
    context = {
        "req": req,
        "letter": letter,
        "signed_on": format_cn_date(notices.signed_on(letter)),
    }
    return render(request, "requests_app/staff/letter_print.html", context)


@never_cache
@login_required
def letters(request):
    """告知书: every letter the staff member's agency issued (the supervisor: every agency)."""
    if not request.user.is_staff:
        raise PermissionDenied("仅限信息公开工作人员访问。")
    issued = RequestAttachment.objects.filter(kind=RequestAttachment.Kind.LETTER).select_related(
        "request", "request__organization"
    )
    supervisor = is_supervisor(request.user)
    organizations = list(Organization.objects.active()) if supervisor else []
    if supervisor:
        slug = request.GET.get("org")
        if slug:
            issued = issued.filter(request__organization__slug=slug)
    else:
        own = user_organization(request.user)
        if own is None:
            raise PermissionDenied("您的账号未关联机关。")
        issued = issued.filter(request__organization=own)
    kind = request.GET.get("kind", "")
    if kind:
        issued = issued.filter(letter_kind=kind)
    page = Paginator(issued.order_by("-uploaded_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "requests_app/staff/letters.html",
        {
            "page": page,
            "supervisor": supervisor,
            "organizations": organizations,
            "kinds": RequestAttachment._meta.get_field("letter_kind").choices,
            "kind": kind,
            "org": request.GET.get("org", ""),
        },
    )


# -- 协查 put to this agency by another one ---------------------------------------------


def _asked_of(request):
    """The 协查 put to the user's agency (the supervisor: to every agency)."""
    if not request.user.is_staff:
        raise PermissionDenied("仅限信息公开工作人员访问。")
    if is_supervisor(request.user):
        return SubTask.objects.asked_of(None)
    own = user_organization(request.user)
    if own is None:
        raise PermissionDenied("您的账号未关联机关。")
    return SubTask.objects.asked_of(own)


def _subtask_page(request, *, bound=None, status=200):
    asked = _asked_of(request).select_related(
        "request__organization", "unit_organization", "answered_by"
    )
    waiting = Paginator(asked.open().order_by("answer_by", "asked_on", "pk"), 20).get_page(
        request.GET.get("page")
    )
    bound = bound or {}
    rows = [(task, bound.get(task.pk) or UnitAnswerForm(prefix=f"t{task.pk}")) for task in waiting]
    answered = asked.filter(state=SubTask.State.ANSWERED).order_by("-answered_on", "-pk")[:20]
    return render(
        request,
        "requests_app/staff/subtasks.html",
        {"rows": rows, "page": waiting, "answered": answered},
        status=status,
    )


@never_cache
@login_required
def subtasks(request):
    """协查事项: questions other agencies put to this one, to answer here."""
    return _subtask_page(request)


@never_cache
@login_required
@require_POST
def answer_subtask(request, pk: int):
    task = get_object_or_404(_asked_of(request).open(), pk=pk)
    form = UnitAnswerForm(request.POST, prefix=f"t{task.pk}")
    if form.is_valid():
        try:
            steps.answer_subtask(
                task,
                by=request.user,
                answer=form.cleaned_data["answer"],
                on=form.cleaned_data["on"],
            )
        except steps.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已答复{task.request.organization.name}的协查。")
            return redirect("requests_app:subtasks")
    return _subtask_page(request, bound={task.pk: form}, status=400)
