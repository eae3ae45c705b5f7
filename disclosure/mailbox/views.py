"""Public pages of 互动交流 (/hdjl/): the published letters with the month's figures, the
letter form, tracking and rating, the figures per month and year (page, chart, XLSX).

The writer's name, phone and e-mail appear on no page here: the tracking page shows the
letter and its reply only to the browser session that gave the 查询码 and the phone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from catalog.models import Organization
from config.web.breadcrumbs import crumbs
from config.web.charts import column_chart
from config.web.ratelimit import client_ip, hit, ratelimit, too_many
from config.web.storage import attachment_response
from disclosure.mailbox import figures as mailbox_figures
from disclosure.mailbox import workflow
from disclosure.mailbox.forms import LetterForm, RatingForm, TrackForm, phone_matches
from disclosure.mailbox.models import Letter, LetterKind
from disclosure.mailbox.sheets import figures_workbook
from disclosure.publishing.pages import PAGE_SIZE, PUBLIC_CACHE

SESSION_KEY = "hdjl_letters"  # letters this browser session may follow
TRACK_LIMIT, TRACK_WINDOW = 10, 600


def _allow(request, letter: Letter) -> None:
    allowed = request.session.get(SESSION_KEY, [])
    if letter.pk not in allowed:
        request.session[SESSION_KEY] = [*allowed[-19:], letter.pk]


def _allowed_letter(request, pk: int) -> Letter:
    if pk not in request.session.get(SESSION_KEY, []):
        raise Http404
    return get_object_or_404(Letter.objects.select_related("organization"), pk=pk)


def _hdjl_crumbs(*items):
    return crumbs(("互动交流", reverse("disclosure:mailbox-list")), *items)


def _limits() -> dict:
    return {
        "simple_days": settings.MAILBOX_SIMPLE_WORKING_DAYS,
        "complex_days": settings.MAILBOX_COMPLEX_WORKING_DAYS,
    }


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@PUBLIC_CACHE
def letter_list(request):
    """Published letters, newest first; filters: agency, type, year, keyword."""
    agencies = list(Organization.objects.active().order_by("-is_portal_main", "name"))
    letters = Letter.objects.public().select_related("organization")
    org = request.GET.get("organization", "")
    kind = request.GET.get("kind", "")
    year = _int(request.GET.get("year"))
    q = request.GET.get("q", "").strip()[:50]
    if org:
        letters = letters.filter(organization__slug=org)
    if kind in LetterKind.values:
        letters = letters.filter(kind=kind)
    if year:
        letters = letters.filter(replied_on__year=year)
    if q:
        letters = letters.filter(
            Q(public_title__icontains=q)
            | Q(public_body__icontains=q)
            | Q(public_reply__icontains=q)
        )
    letters = letters.defer("body", "reply", "name", "phone", "email").order_by(
        "-published_on", "-pk"
    )
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    start, end = mailbox_figures.period_of(today.year, today.month)
    month_rows = mailbox_figures.figures(agencies, start, end)
    return render(
        request,
        "mailbox/letter_list.html",
        {
            "page_obj": page,
            "letters": page.object_list,
            "agencies": agencies,
            "kinds": LetterKind.choices,
            "years": range(today.year, today.year - 5, -1),
            "selected": {"organization": org, "kind": kind, "year": year, "q": q},
            "month": start,
            "month_rows": [r for r in month_rows[:-1] if r.received or r.closed],
            "month_total": month_rows[-1],
            "active": "hdjl",
            "breadcrumbs": crumbs(("互动交流", None)),
        },
    )


@PUBLIC_CACHE
def letter_detail(request, pk: int):
    letter = get_object_or_404(
        Letter.objects.public().select_related("organization").defer("name", "phone", "email"),
        pk=pk,
    )
    files = list(letter.attachments.filter(from_reply=True))
    return render(
        request,
        "mailbox/letter_detail.html",
        {
            "letter": letter,
            "files": files,
            "breadcrumbs": _hdjl_crumbs((letter.shown_title, None)),
        },
    )


def letter_file(request, pk: int, file_pk: int):
    """A reply's file, served only while its letter is published."""
    letter = get_object_or_404(Letter.objects.public(), pk=pk)
    attachment = get_object_or_404(letter.attachments.filter(from_reply=True), pk=file_pk)
    return attachment_response(attachment)


@never_cache
@ratelimit("hdjl-write", limit="MAILBOX_RATE_LIMIT", window="MAILBOX_RATE_WINDOW")
def write(request):
    if request.method == "POST":
        form = LetterForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            letter = workflow.submit(
                data["addressed_to"],
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                may_publish=data["may_publish"],
                files=data["attachments"],
                submission_key=form.submission_key,
            )
            _allow(request, letter)
            return redirect("disclosure:mailbox-done", pk=letter.pk)
    else:
        initial = {}
        slug = request.GET.get("org")
        if slug:
            initial["addressed_to"] = Organization.objects.active().filter(slug=slug).first()
        form = LetterForm(initial=initial)
    return render(
        request,
        "mailbox/write.html",
        {
            "form": form,
            "had_file": bool(request.FILES.get("attachments")),
            **_limits(),
            "breadcrumbs": _hdjl_crumbs(("我要写信", None)),
        },
    )


@never_cache
def done(request, pk: int):
    letter = _allowed_letter(request, pk)
    return render(
        request,
        "mailbox/done.html",
        {"letter": letter, "breadcrumbs": _hdjl_crumbs(("提交成功", None)), **_limits()},
    )


@never_cache
def track(request):
    form = TrackForm(request.POST or None)
    not_found = False
    if request.method == "POST":
        if not hit("hdjl-track", client_ip(request), limit=TRACK_LIMIT, window=TRACK_WINDOW):
            return too_many(request, retry_after=TRACK_WINDOW)
        if form.is_valid():
            letter = Letter.objects.filter(code=form.cleaned_data["code"]).first()
            # The same answer whether the code or the phone is wrong.
            if letter is not None and phone_matches(letter, form.cleaned_data["phone"]):
                _allow(request, letter)
                return redirect("disclosure:mailbox-track-detail", pk=letter.pk)
            not_found = True
    return render(
        request,
        "mailbox/track.html",
        {"form": form, "not_found": not_found, "breadcrumbs": _hdjl_crumbs(("留言查询", None))},
    )


@never_cache
def track_detail(request, pk: int):
    letter = _allowed_letter(request, pk)
    can_rate = letter.status in mailbox_figures.CLOSED and not letter.rating
    form = RatingForm(request.POST or None) if can_rate else None
    error = ""
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            workflow.rate(
                letter, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
        except workflow.WorkflowError as exc:
            error = str(exc)
        else:
            return redirect("disclosure:mailbox-track-detail", pk=letter.pk)
    return render(
        request,
        "mailbox/track_detail.html",
        {
            "letter": letter,
            "form": form,
            "error": error,
            "files": list(letter.attachments.filter(from_reply=True)),
            "breadcrumbs": _hdjl_crumbs(
                ("留言查询", reverse("disclosure:mailbox-track")), (letter.code, None)
            ),
        },
    )


@never_cache
def track_file(request, pk: int, file_pk: int):
    """A reply's file for the writer's session."""
    letter = _allowed_letter(request, pk)
    return attachment_response(get_object_or_404(letter.attachments, pk=file_pk, from_reply=True))


# -- figures ---------------------------------------------------------------------------------


def _figures_context(year: int, month: int | None):
    """(agencies, one Figures row per agency and the total) of the period; 404 outside it."""
    if not 2000 <= year <= timezone.localdate().year + 1 or (
        month is not None and not 1 <= month <= 12
    ):
        raise Http404
    agencies = list(Organization.objects.active().order_by("-is_portal_main", "name"))
    rows = mailbox_figures.figures(agencies, *mailbox_figures.period_of(year, month))
    return agencies, rows


@PUBLIC_CACHE
def figures_page(request, year: int, month: int | None = None):
    agencies, rows = _figures_context(year, month)
    period = f"{year}年{month}月" if month else f"{year}年"
    if month is None:
        # Twelve months of the year for the chart (one query per month: twelve at most).
        monthly = [
            mailbox_figures.figures(agencies, *mailbox_figures.period_of(year, m))[-1]
            for m in range(1, 13)
        ]
        chart = column_chart(
            "hdjl-chart",
            f"{period}每月收到留言数",
            [f"{m}月" for m in range(1, 13)],
            [r.received for r in monthly],
        )
    else:
        shown = [r for r in rows[:-1] if r.received or r.closed] or rows[:-1]
        chart = column_chart(
            "hdjl-chart",
            f"{period}各机关收到留言数",
            [r.organization.short_name or r.organization.name for r in shown],
            [r.received for r in shown],
        )
    return render(
        request,
        "mailbox/figures.html",
        {
            "rows": rows[:-1],
            "total": rows[-1],
            "year": year,
            "month": month,
            "period": period,
            "chart": chart,
            "months": range(1, 13),
            "breadcrumbs": _hdjl_crumbs(("办理情况统计", None)),
        },
    )


@PUBLIC_CACHE
def figures_xlsx(request, year: int, month: int | None = None):
    _agencies, rows = _figures_context(year, month)
    period = f"{year}年{month}月" if month else f"{year}年"
    content = figures_workbook(rows, period)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"hdjl-{year}" + (f"-{month:02d}" if month else "") + ".xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def figures_index(request):
    today = timezone.localdate()
    return redirect("disclosure:mailbox-figures-month", year=today.year, month=today.month)
