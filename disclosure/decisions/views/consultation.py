"""意见征集: the list (/yjzj/) and one consultation with its comment form (/yjzj/<pk>/).

Commenters' names and contact data never reach these pages: the view hands over the
consultation, its public files and ``consultations.public_feedback`` only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models.functions import ExtractYear
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from catalog.models import Organization
from config.web.breadcrumbs import crumbs
from config.web.ratelimit import ratelimit
from disclosure.decisions import consultations
from disclosure.decisions.filters import ConsultationFilter
from disclosure.decisions.forms import CommentForm
from disclosure.decisions.models import Consultation
from disclosure.decisions.models.consultation import Phase
from disclosure.publishing.pages import PUBLIC_CACHE, withdrawn_or_404

PAGE_SIZE = 20
SESSION_KEY = "yjzj_submitted"  # the consultation this browser just commented on
COMMENT_LIMIT, COMMENT_WINDOW = 5, 600  # comments per client per 10 minutes


def _list_breadcrumbs(*items):
    return [
        {"label": "首页", "url": reverse("disclosure:home")},
        *[{"label": label, "url": url} for label, url in items],
    ]


@PUBLIC_CACHE
def consultation_list(request):
    today = consultations.beijing_date()
    public = Consultation.objects.public()
    filterset = ConsultationFilter(request.GET or None, queryset=public)
    cleaned = {}
    if filterset.is_bound:
        filterset.is_valid()  # invalid values are ignored and shown as form errors
        cleaned = filterset.form.cleaned_data
    qs = public
    for name, value in cleaned.items():
        if value not in (None, ""):
            qs = filterset.filters[name].filter(qs, value)
    qs = (
        qs.select_related("organization")
        .only(
            "pk",
            "title",
            "kind",
            "summary",
            "starts_on",
            "ends_on",
            "feedback_published_on",
            "organization__name",
            "organization__slug",
        )
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"item": c, "phase": c.phase(today), "days_left": c.days_left(today)}
        for c in page.object_list
    ]
    agencies = Organization.objects.filter(pk__in=public.values("organization_id").distinct()).only(
        "slug", "name"
    )
    years = (
        public.annotate(y=ExtractYear("starts_on")).values_list("y", flat=True).distinct()
    ).order_by("-y")
    selected = cleaned.get("organization")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosure/consultation_list.html",
        {
            "filterset": filterset,
            "rows": rows,
            "page_obj": page,
            "query": query.urlencode(),
            "agencies": list(agencies),
            "years": list(years),
            "phases": Phase.choices,
            "selected_org": selected.slug if selected else "",
            "selected_phase": cleaned.get("phase") or "",
            "selected_year": cleaned.get("year") or "",
            "breadcrumbs": _list_breadcrumbs(("意见征集", None)),
        },
    )


@never_cache
@ratelimit("comment", limit=COMMENT_LIMIT, window=COMMENT_WINDOW)
def consultation_detail(request, pk):
    consultation = (
        Consultation.objects.public()
        .select_related("organization", "final_document")
        .filter(pk=pk)
        .first()
    )
    if consultation is None:
        return withdrawn_or_404(
            request,
            Consultation,
            pk,
            noun="意见征集",
            list_url=reverse("disclosure:consultation-list"),
        )
    now = timezone.now()
    today = consultations.beijing_date(now)
    is_open = consultations.accepts_comments(consultation, now)
    form = CommentForm() if is_open else None
    if request.method == "POST" and is_open:
        form = CommentForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                consultations.submit_comment(
                    consultation,
                    idempotency_key=form.submission_key,
                    text=data["text"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    attachment=data.get("attachment"),
                    attachment_kind=form.attachment_kind,
                    consent=data["consent"],
                    at=now,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session[SESSION_KEY] = consultation.pk
                return redirect(f"{consultation.get_absolute_url()}#comment")
    submitted = False
    if request.method == "GET" and request.session.get(SESSION_KEY) == consultation.pk:
        submitted = True
        del request.session[SESSION_KEY]
    final = consultation.final_document
    organization = consultation.organization
    return render(
        request,
        "disclosure/consultation_detail.html",
        {
            "org": organization,
            "item": consultation,
            "phase": consultation.phase(today),
            "Phase": Phase,
            "days_left": consultation.days_left(today),
            "is_open": is_open,
            "closed_message": "" if is_open else consultations.closed_message(consultation, now),
            "form": form,
            "submitted": submitted,
            "attachments": list(consultation.attachments.all()),
            # 起草阶段解读: the interpretations explaining the draft, public ones only.
            "draft_interpretations": list(
                consultation.draft_interpretations.public()
                .only("pk", "title", "form", "published_on")
                .order_by("published_on", "pk")
            ),
            "feedback": consultations.public_feedback(consultation),
            "final_document": final if final is not None and final.is_public else None,
            "breadcrumbs": crumbs(
                ("意见征集", reverse("disclosure:consultation-list")), (consultation.title, None)
            ),
        },
    )
