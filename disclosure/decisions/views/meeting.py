"""政府常务会议 (/xxgk/<org>/cwhy/): a government's executive meetings, newest first."""

from __future__ import annotations

from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from catalog.models import Organization
from config.web.breadcrumbs import crumbs
from disclosure.decisions.models import Meeting, MeetingTopic
from disclosure.library.models import Document, Interpretation
from disclosure.publishing.pages import PUBLIC_CACHE, get_org

PAGE_SIZE = 20


def _government(slug: str) -> Organization:
    organization = get_org(slug)
    if organization.kind != Organization.Kind.GOVERNMENT:
        raise Http404("政府常务会议栏目只设在人民政府。")
    return organization


def _crumbs(organization, *items):
    return crumbs(
        (organization.name, organization.get_absolute_url()),
        *items,
    )


@PUBLIC_CACHE
def meeting_list(request, org):
    """Newest first, under a heading per year; ``?year=`` shows one year."""
    organization = _government(org)
    meetings = Meeting.objects.public().filter(organization=organization)
    years = [d.year for d in meetings.dates("held_on", "year", order="DESC")]
    year = (request.GET.get("year") or "").strip()
    if year:
        if not year.isdigit() or int(year) not in years:
            raise Http404("该年度没有公开的常务会议。")
        meetings = meetings.filter(held_on__year=int(year))
    meetings = meetings.only("pk", "title", "held_on", "organization_id").prefetch_related(
        Prefetch("topics", queryset=MeetingTopic.objects.only("pk", "meeting_id", "title"))
    )
    page = Paginator(meetings.order_by("-held_on", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    by_year = [
        {"year": y, "meetings": list(group)}
        for y, group in groupby(page.object_list, key=lambda m: m.held_on.year)
    ]
    return render(
        request,
        "disclosure/meeting_list.html",
        {
            "org": organization,
            "years": years,
            "year": year,
            "by_year": by_year,
            "page_obj": page,
            "query": f"year={year}" if year else "",
            "breadcrumbs": _crumbs(organization, ("政府常务会议", None)),
        },
    )


@PUBLIC_CACHE
def meeting_detail(request, org, pk):
    organization = _government(org)
    topics = MeetingTopic.objects.prefetch_related(
        Prefetch(
            "documents",
            queryset=Document.objects.public().only("pk", "title", "doc_number"),
            to_attr="public_documents",
        ),
        Prefetch(
            "interpretations",
            queryset=Interpretation.objects.public().only("pk", "title"),
            to_attr="public_interpretations",
        ),
    )
    meeting = get_object_or_404(
        Meeting.objects.public()
        .filter(organization=organization)
        .prefetch_related(Prefetch("topics", queryset=topics), "attendances"),
        pk=pk,
    )
    attendances = list(meeting.attendances.all())
    return render(
        request,
        "disclosure/meeting_detail.html",
        {
            "org": organization,
            "meeting": meeting,
            "topics": list(meeting.topics.all()),
            "attendances": attendances,
            "attendance_total": sum(a.count for a in attendances),
            "breadcrumbs": _crumbs(
                organization,
                ("政府常务会议", f"{organization.get_absolute_url()}cwhy/"),
                (meeting.title, None),
            ),
        },
    )
