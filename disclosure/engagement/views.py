"""Public pages of 政民互动 (2): /hdjl/ftzb/ (在线访谈), /hdjl/kfhd/ (政府开放活动 and sign-up),
/hdjl/xmt/ (政务新媒体), /hdjl/zq/ and /xxgk/<org>/gkzq/ (政务公开专区),
/xxgk/<org>/gkcn/<year>/ (公开承诺事项).

No page shows an asker's or a visitor's name or contact: the views hand over interviews,
the shown questions' texts and answers, activities with their places left, and counts.
"""

from __future__ import annotations

from itertools import groupby

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from catalog.models import Organization
from config.web.ratelimit import ratelimit
from disclosure.engagement import interviews, signups
from disclosure.engagement.forms import CancelForm, QuestionForm, SignUpForm
from disclosure.engagement.models import (
    Activity,
    Commitment,
    CommitmentList,
    CommitmentStatus,
    Interview,
    NewMediaAccount,
    OpenDayPlan,
    ProgressEntry,
    ServiceHall,
    SignUpStatus,
)
from disclosure.engagement.models.commitment import STATUS_ORDER
from disclosure.publishing.pages import PAGE_SIZE, PUBLIC_CACHE, get_org, withdrawn_or_404

QUESTION_LIMIT, QUESTION_WINDOW = 5, 600  # questions per client per 10 minutes
SIGNUP_LIMIT, SIGNUP_WINDOW = 5, 600
CANCEL_LIMIT, CANCEL_WINDOW = 10, 600  # wrong codes are guesses: keep them few
QUESTION_SESSION = "ftzb_asked"
SIGNUP_SESSION = "kfhd_signup"


def _crumbs(*items):
    return [
        {"label": "首页", "url": reverse("disclosure:home")},
        {"label": "互动交流", "url": reverse("disclosure:mailbox-list")},
        *[{"label": label, "url": url} for label, url in items],
    ]


# -- 在线访谈 ------------------------------------------------------------------------------

INTERVIEW_LIST_FIELDS = (
    "pk",
    "title",
    "summary",
    "starts_at",
    "ends_at",
    "organization__name",
    "organization__slug",
)


@PUBLIC_CACHE
def interview_list(request):
    """Upcoming interviews (taking questions) first, then past ones, newest first."""
    now = timezone.now()
    public = Interview.objects.public().select_related("organization").only(*INTERVIEW_LIST_FIELDS)
    public = public.prefetch_related("guests")
    upcoming = list(public.upcoming(now).order_by("starts_at", "pk"))
    page = Paginator(public.past(now).order_by("-starts_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "engagement/interview_list.html",
        {
            "upcoming": upcoming,
            "page_obj": page,
            "past": page.object_list,
            "breadcrumbs": _crumbs(("在线访谈", None)),
        },
    )


@never_cache
@ratelimit("question", limit=QUESTION_LIMIT, window=QUESTION_WINDOW)
def interview_detail(request, pk):
    interview = (
        Interview.objects.public()
        .select_related("organization")
        .prefetch_related("guests", "pictures")
        .filter(pk=pk)
        .first()
    )
    if interview is None:
        return withdrawn_or_404(
            request, Interview, pk, noun="在线访谈", list_url=reverse("disclosure:interview-list")
        )
    now = timezone.now()
    is_open = interviews.accepts_questions(interview, now)
    form = QuestionForm() if is_open else None
    if request.method == "POST" and is_open:
        form = QuestionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                interviews.submit_question(
                    interview,
                    idempotency_key=form.submission_key,
                    text=data["text"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    at=now,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session[QUESTION_SESSION] = interview.pk
                return redirect(f"{interview.get_absolute_url()}#ask")
    asked = False
    if request.method == "GET" and request.session.get(QUESTION_SESSION) == interview.pk:
        asked = True
        del request.session[QUESTION_SESSION]
    ended = interview.has_ended(now)
    return render(
        request,
        "engagement/interview_detail.html",
        {
            "item": interview,
            "org": interview.organization,
            "ended": ended,
            "is_open": is_open,
            "form": form,
            "asked": asked,
            "guests": list(interview.guests.all()),
            "pictures": [p for p in interview.pictures.all() if p.public_name],
            "transcript": interviews.transcript(interview),
            "waiting": [] if ended else interviews.shown_unanswered(interview),
            "documents": list(
                interview.documents.public().only("pk", "title", "doc_number", "published_on")
            ),
            "interpretations": list(
                interview.interpretations.public().only("pk", "title", "published_on")
            ),
            "breadcrumbs": _crumbs(
                ("在线访谈", reverse("disclosure:interview-list")), (interview.title, None)
            ),
        },
    )


# -- 政府开放活动 ---------------------------------------------------------------------------


def _plan_years() -> list[int]:
    return list(
        OpenDayPlan.objects.public().values_list("year", flat=True).distinct().order_by("-year")
    )


@PUBLIC_CACHE
def open_day_index(request):
    """/hdjl/kfhd/: the newest year's plan."""
    years = _plan_years()
    if years:
        return redirect("disclosure:open-day-plan", year=years[0])
    return render(
        request,
        "engagement/open_day_plan.html",
        {"year": None, "plans": [], "years": [], "breadcrumbs": _crumbs(("政府开放活动", None))},
    )


@PUBLIC_CACHE
def open_day_plan(request, year):
    activities = Activity.objects.with_places().select_related("host").order_by("starts_at", "pk")
    plans = list(
        OpenDayPlan.objects.public()
        .filter(year=year)
        .select_related("organization")
        .prefetch_related(Prefetch("activities", queryset=activities))
        .order_by("organization__position", "pk")
    )
    if not plans:
        raise Http404("该年度没有公开的政府开放计划。")
    now = timezone.now()
    return render(
        request,
        "engagement/open_day_plan.html",
        {
            "year": year,
            "plans": [
                {
                    "plan": plan,
                    "rows": [
                        {
                            "activity": a,
                            "places_left": a.places_left(),
                            "open": now < a.signup_closes_at,
                        }
                        for a in plan.activities.all()
                    ],
                }
                for plan in plans
            ],
            "years": _plan_years(),
            "breadcrumbs": _crumbs(("政府开放活动", None), (f"{year}年开放计划", None)),
        },
    )


def _public_activity(pk) -> Activity:
    activity = (
        Activity.objects.public()
        .with_places()
        .select_related("plan", "plan__organization", "host")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404("没有找到该开放活动。")
    return activity


@never_cache
@ratelimit("signup", limit=SIGNUP_LIMIT, window=SIGNUP_WINDOW)
def activity_detail(request, pk):
    activity = _public_activity(pk)
    now = timezone.now()
    closed = signups.closed_message(activity, now)
    form = None if closed else SignUpForm(limit=activity.per_person_limit)
    if request.method == "POST" and not closed:
        form = SignUpForm(request.POST, limit=activity.per_person_limit)
        if form.is_valid():
            data = form.cleaned_data
            try:
                signup = signups.sign_up(
                    activity,
                    name=data["name"],
                    phone=data["phone"],
                    people=data["people"],
                    idempotency_key=form.submission_key,
                    at=now,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, messages in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, messages)
                else:
                    form.add_error(None, error)
            else:
                # The code is shown once, to this browser only.
                request.session[SIGNUP_SESSION] = {"activity": activity.pk, "signup": signup.pk}
                return redirect(f"{activity.get_absolute_url()}#signup")
    result = None
    stored = request.session.get(SIGNUP_SESSION)
    if request.method == "GET" and stored and stored.get("activity") == activity.pk:
        del request.session[SIGNUP_SESSION]
        signup = activity.signups.filter(pk=stored["signup"]).first()
        if signup is not None:
            result = {
                "code": signup.code,
                "people": signup.people,
                "confirmed": signup.status == SignUpStatus.CONFIRMED,
                "waiting_position": signups.waiting_position(signup),
            }
    show_review = activity.review_published and activity.has_ended(now)
    return render(
        request,
        "engagement/activity_detail.html",
        {
            "activity": activity,
            "plan": activity.plan,
            "places_left": activity.places_left(),
            "closed_message": closed,
            "form": form,
            "result": result,
            "show_review": show_review,
            "pictures": [p for p in activity.pictures.all() if p.public_name]
            if show_review
            else [],
            "opinions": list(activity.opinions.all()) if show_review else [],
            "breadcrumbs": _crumbs(
                ("政府开放活动", reverse("disclosure:open-day-plan", args=[activity.plan.year])),
                (activity.theme, None),
            ),
        },
    )


@never_cache
@ratelimit("signup-cancel", limit=CANCEL_LIMIT, window=CANCEL_WINDOW)
def signup_cancel(request):
    """Cancel a sign-up with its code and phone number."""
    form = CancelForm()
    cancelled = None
    if request.method == "POST":
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                signup = signups.cancel(form.cleaned_data["code"], form.cleaned_data["phone"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                cancelled = {"activity": signup.activity, "people": signup.people}
                form = None
    return render(
        request,
        "engagement/signup_cancel.html",
        {
            "form": form,
            "cancelled": cancelled,
            "breadcrumbs": _crumbs(("政府开放活动", None), ("取消报名", None)),
        },
    )


# -- 政务新媒体 and 政务公开专区 ---------------------------------------------------------------


@PUBLIC_CACHE
def new_media(request):
    """The matrix: open accounts grouped by agency and platform; closed ones below."""
    today = timezone.localdate()
    accounts = NewMediaAccount.objects.select_related("organization").order_by(
        "organization__position", "organization__pk", "platform", "name", "pk"
    )
    open_accounts = list(accounts.open_on(today))
    matrix = []
    for organization, rows in groupby(open_accounts, key=lambda a: a.organization):
        rows = list(rows)
        platforms = [
            {"label": label, "accounts": list(group)}
            for label, group in groupby(rows, key=lambda a: a.get_platform_display())
        ]
        matrix.append({"organization": organization, "platforms": platforms})
    closed = list(accounts.closed().filter(closed_on__lte=today).order_by("-closed_on", "pk"))
    return render(
        request,
        "engagement/new_media.html",
        {
            "matrix": matrix,
            "closed": closed,
            "count": len(open_accounts),
            "breadcrumbs": _crumbs(("政务新媒体", None)),
        },
    )


@PUBLIC_CACHE
def service_halls(request):
    halls = ServiceHall.objects.select_related("organization").order_by(
        "organization__position", "organization__pk", "position", "pk"
    )
    page = Paginator(halls, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/service_halls.html",
        {
            "halls": page.object_list,
            "page_obj": page,
            "breadcrumbs": _crumbs(("政务公开专区", None)),
        },
    )


@PUBLIC_CACHE
def org_service_halls(request, org):
    organization = get_org(org)
    halls = list(ServiceHall.objects.filter(organization=organization).order_by("position", "pk"))
    return render(
        request,
        "engagement/org_service_halls.html",
        {
            "org": organization,
            "halls": halls,
            "breadcrumbs": [
                {"label": "首页", "url": reverse("disclosure:home")},
                {"label": organization.name, "url": organization.get_absolute_url()},
                {"label": "政务公开专区", "url": None},
            ],
        },
    )


# -- 公开承诺事项 ----------------------------------------------------------------------------


@PUBLIC_CACHE
def commitment_list(request, org, year):
    """One government's 公开承诺事项 of a year: counts per status, overdue first."""
    organization: Organization = get_org(org)
    clist = CommitmentList.objects.public().filter(organization=organization, year=year).first()
    if clist is None:
        raise Http404("该机关没有公开该年度的公开承诺事项。")
    today = timezone.localdate()
    tasks = (
        Commitment.objects.filter(commitment_list=clist)
        .with_status(today)
        .prefetch_related(Prefetch("progress", queryset=ProgressEntry.objects.order_by("on", "pk")))
        .order_by("state_order", "deadline", "position", "pk")
    )
    counts = dict(
        Commitment.objects.filter(commitment_list=clist)
        .with_status(today)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    years = list(
        CommitmentList.objects.public()
        .filter(organization=organization)
        .values_list("year", flat=True)
        .order_by("-year")
    )
    return render(
        request,
        "engagement/commitment_list.html",
        {
            "org": organization,
            "clist": clist,
            "year": year,
            "years": years,
            "tasks": page.object_list,
            "page_obj": page,
            "counts": [
                (CommitmentStatus(s).value, CommitmentStatus(s).label, counts.get(s, 0))
                for s in sorted(STATUS_ORDER, key=STATUS_ORDER.get)
            ],
            "total": sum(counts.values()),
            "breadcrumbs": [
                {"label": "首页", "url": reverse("disclosure:home")},
                {"label": organization.name, "url": organization.get_absolute_url()},
                {"label": f"{year}年公开承诺事项", "url": None},
            ],
        },
    )
