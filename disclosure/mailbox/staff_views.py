"""Staff pages of 网上留言 (/hdjl/staff/): the queues per agency (待审查 / 待办理 /
已答复, overdue first), one page per letter with a screen per step, the 60-day alarm
list and the 「我为政府网站找错」 reports. Staff of the agency, or the supervisor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from catalog.permissions import can_act_for
from config.web.storage import attachment_response
from disclosure.mailbox import figures, workflow
from disclosure.mailbox.forms import (
    AnswerForm,
    ErrorReportForm,
    HandBackForm,
    HandleErrorReportForm,
    PublishForm,
    RouteForm,
    ScreenForm,
    UnpublishForm,
)
from disclosure.mailbox.models import ErrorReport, Letter
from disclosure.publishing.pages import PAGE_SIZE, staff_context, staff_scope

S = Letter.Status
QUEUES = {
    "pending": ("待审查", (S.PENDING,)),
    "accepted": ("待办理", (S.ACCEPTED,)),
    "answered": ("已答复", (S.ANSWERED, S.REFERRED, S.INVALID)),
}


def _check_perm(request, perm: str = "mailbox.view_letter") -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied("您没有办理网上留言的权限。")


def _staff_letter(request, pk: int) -> Letter:
    _check_perm(request)
    letter = get_object_or_404(
        Letter.objects.select_related("organization", "addressed_to", "routed_from"), pk=pk
    )
    if not request.user.is_staff or not can_act_for(request.user, letter.organization):
        raise PermissionDenied("您无权查看该留言。")
    return letter


@never_cache
@login_required
def queues(request):
    _check_perm(request)
    scope, chosen, supervisor = staff_scope(request)
    today = timezone.localdate()
    queue = request.GET.get("queue", "pending")
    if queue not in QUEUES:
        queue = "pending"
    title, statuses = QUEUES[queue]
    letters = (
        Letter.objects.for_organizations(scope)
        .filter(status__in=statuses)
        .select_related("organization")
        .defer("body", "reply", "public_body", "public_reply")
    )
    if queue == "answered":
        letters = letters.order_by("-replied_on", "-pk")
    else:
        letters = letters.annotate(
            late=Case(When(due_on__lt=today, then=0), default=1, output_field=IntegerField())
        ).order_by("late", "due_on", "pk")
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {
        key: Letter.objects.for_organizations(scope).filter(status__in=st).count()
        for key, (_, st) in QUEUES.items()
    }
    return render(
        request,
        "mailbox/staff/queues.html",
        {
            **staff_context(scope, chosen, supervisor, today),
            "queue": queue,
            "queue_title": title,
            "queues": [(k, v[0], counts[k]) for k, v in QUEUES.items()],
            "page_obj": page,
            "letters": page.object_list,
            "alarm_count": figures.alarm_letters(scope, today).count(),
        },
    )


@never_cache
@login_required
def alarm(request):
    """Valid letters unanswered for MAILBOX_ALARM_DAYS days or more (the supervisor: all)."""
    _check_perm(request)
    scope, chosen, supervisor = staff_scope(request)
    today = timezone.localdate()
    page = Paginator(figures.alarm_letters(scope, today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for letter in page.object_list:
        letter.waited = (today - letter.received_on).days
    return render(
        request,
        "mailbox/staff/alarm.html",
        {
            **staff_context(scope, chosen, supervisor, today),
            "page_obj": page,
            "letters": page.object_list,
        },
    )


def _steps(letter: Letter) -> list[tuple[str, str]]:
    """(slug, title) of the steps allowed now."""
    steps = []
    if letter.status == S.PENDING:
        steps.append(("screen", "审查"))
    if letter.status in (S.PENDING, S.ACCEPTED):
        steps.append(("route", "转办"))
        if workflow.can_hand_back(letter):
            steps.append(("hand-back", "退回"))
    if letter.status == S.ACCEPTED:
        steps.append(("answer", "答复"))
        steps.append(("refer", "告知其他渠道"))
    if letter.status == S.ANSWERED and letter.may_publish and not letter.published:
        steps.append(("publish", "公开"))
    if letter.published:
        steps.append(("unpublish", "取消公开"))
    return steps


@never_cache
@login_required
def letter_page(request, pk: int):
    letter = _staff_letter(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "mailbox/staff/letter.html",
        {
            "letter": letter,
            "today": today,
            "overdue": letter.is_overdue(today),
            "events": letter.events.select_related("by", "organization"),
            "attachments": list(letter.attachments.all()),
            "steps": _steps(letter),
        },
    )


STEP_FORMS = {
    "screen": ScreenForm,
    "refer": ScreenForm,
    "route": RouteForm,
    "hand-back": HandBackForm,
    "answer": AnswerForm,
    "publish": PublishForm,
    "unpublish": UnpublishForm,
}


def _run(step: str, letter: Letter, user, data: dict) -> None:
    if step in ("screen", "refer"):
        outcome = "elsewhere" if step == "refer" else data["outcome"]
        if outcome == "valid":
            workflow.accept(letter, by=user, complexity=data.get("complexity") or "simple")
        elif outcome == "invalid":
            workflow.reject(letter, by=user, reason=data.get("text", ""))
        else:
            workflow.refer(
                letter, by=user, referral=data.get("referral", ""), reply=data.get("text", "")
            )
    elif step == "route":
        workflow.route(letter, by=user, to=data["to"], note=data.get("note", ""))
    elif step == "hand-back":
        workflow.hand_back(letter, by=user, reason=data["reason"])
    elif step == "answer":
        workflow.answer(letter, by=user, reply=data["reply"], files=data.get("attachments"))
    elif step == "publish":
        workflow.publish(
            letter, by=user, title=data["title"], body=data["body"], reply=data["reply"]
        )
    elif step == "unpublish":
        workflow.unpublish(letter, by=user, reason=data["reason"])


@never_cache
@login_required
def step(request, pk: int, step: str):
    """One step's screen: the letter's summary and the step's form."""
    letter = _staff_letter(request, pk)
    _check_perm(request, "mailbox.change_letter")
    allowed = dict(_steps(letter))
    if step not in allowed:
        raise PermissionDenied("该留言当前不能进行此项操作。")
    form_class = STEP_FORMS[step]
    kwargs = {"letter": letter} if form_class is RouteForm else {}
    if step == "publish" and request.method != "POST":
        kwargs["initial"] = {
            "title": letter.public_title or letter.title,
            "body": letter.public_body or letter.body,
            "reply": letter.public_reply or letter.reply,
        }
    if step == "refer":
        kwargs.setdefault("initial", {})["outcome"] = "elsewhere"
    form = form_class(request.POST or None, request.FILES or None, **kwargs)
    if step == "refer":
        form.fields["outcome"].required = False
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            _run(step, letter, request.user, form.cleaned_data)
        except workflow.WorkflowError as exc:
            error = str(exc)
        else:
            messages.success(request, f"已{allowed[step]}。")
            if step == "route" or step == "hand-back":
                return redirect("disclosure:mailbox-staff")
            return redirect("disclosure:mailbox-staff-letter", pk=letter.pk)
    return render(
        request,
        "mailbox/staff/step.html",
        {"letter": letter, "form": form, "step": step, "step_title": allowed[step], "error": error},
        status=400 if error else 200,
    )


@never_cache
@login_required
def staff_file(request, pk: int, file_pk: int):
    letter = _staff_letter(request, pk)
    return attachment_response(get_object_or_404(letter.attachments, pk=file_pk))


# -- 「我为政府网站找错」 --------------------------------------------------------------------


@never_cache
@login_required
def error_reports(request):
    """Open reports (overdue first), then the handled ones; and the form to record one."""
    _check_perm(request, "mailbox.view_errorreport")
    scope, chosen, supervisor = staff_scope(request)
    today = timezone.localdate()
    form = ErrorReportForm(request.POST or None, organizations=scope)
    if request.method == "POST":
        _check_perm(request, "mailbox.add_errorreport")
        if form.is_valid():
            data = form.cleaned_data
            try:
                workflow.record_error_report(
                    data["organization"],
                    by=request.user,
                    number=data["number"],
                    received_on=data["received_on"],
                    page_url=data["page_url"],
                    problem=data["problem"],
                )
            except workflow.WorkflowError as exc:
                form.add_error("received_on", str(exc))
            else:
                messages.success(request, "已登记。")
                return redirect("disclosure:mailbox-error-reports")
    reports = ErrorReport.objects.filter(organization__in=scope).select_related("organization")
    open_reports = list(reports.open().order_by("due_on", "pk"))
    handled = Paginator(
        reports.filter(handled_on__isnull=False).order_by("-handled_on", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "mailbox/staff/error_reports.html",
        {
            **staff_context(scope, chosen, supervisor, today),
            "form": form,
            "overdue": [r for r in open_reports if r.is_overdue(today)],
            "open_reports": [r for r in open_reports if not r.is_overdue(today)],
            "page_obj": handled,
            "handled": handled.object_list,
            "counts": figures.error_report_counts(scope, today.year),
        },
    )


@never_cache
@login_required
def error_report(request, pk: int):
    _check_perm(request, "mailbox.change_errorreport")
    report = get_object_or_404(ErrorReport.objects.select_related("organization"), pk=pk)
    if not can_act_for(request.user, report.organization):
        raise PermissionDenied("您无权办理该机关的找错留言。")
    form = None
    if report.handled_on is None:
        form = HandleErrorReportForm(
            request.POST or None, initial={"handled_on": timezone.localdate()}
        )
        if request.method == "POST" and form.is_valid():
            try:
                workflow.handle_error_report(
                    report,
                    by=request.user,
                    fix=form.cleaned_data["fix"],
                    answer=form.cleaned_data["answer"],
                    on=form.cleaned_data["handled_on"],
                )
            except workflow.WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已办结。")
                return redirect("disclosure:mailbox-error-reports")
    return render(
        request,
        "mailbox/staff/error_report.html",
        {"report": report, "form": form, "today": timezone.localdate()},
    )
