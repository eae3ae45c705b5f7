"""回应关切 pages: the public list per agency (/xxgk/<org>/hygq/) and the staff page of
open and late concerns (/hygq/staff/)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from catalog.workdays import WorkCalendar
from config.web.breadcrumbs import crumbs
from config.web.pagecache import public_page
from disclosure.library import concerns
from disclosure.library.models import Concern
from disclosure.publishing.pages import PAGE_SIZE, PUBLIC_CACHE, get_org, staff_context, staff_scope


@PUBLIC_CACHE
@public_page
def concern_list(request, org):
    """An agency's published responses, newest concern first."""
    organization = get_org(org)
    responses = (
        Concern.objects.public()
        .filter(organization=organization)
        .only(
            "pk",
            "topic",
            "source",
            "seriousness",
            "learned_at",
            "response",
            "channel",
            "responded_at",
            "press_conference_at",
            "links",
            "published_on",
            "organization_id",
        )
        .order_by("-learned_at", "-pk")
    )
    page = Paginator(responses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/concern_list.html",
        {
            "org": organization,
            "page_obj": page,
            "responses": list(page.object_list),
            "query": "",
            "breadcrumbs": crumbs(
                (organization.name, organization.get_absolute_url()), ("回应关切", None)
            ),
        },
    )


@never_cache
@login_required
def concern_staff(request):
    """Concerns still open (no response, or no press conference for a serious emergency)
    and those whose response came or is coming late; the supervisor sees every agency."""
    if not request.user.has_perm("library.view_concern"):
        raise PermissionDenied("您没有查看回应关切的权限。")
    scope, chosen, supervisor = staff_scope(request)
    now = timezone.now()
    rows = concerns.staff_rows(scope, now, WorkCalendar())
    return render(
        request,
        "disclosure/staff/concerns.html",
        {
            **staff_context(scope, chosen, supervisor, timezone.localdate()),
            "late": [r for r in rows if r.is_late],
            "open": [r for r in rows if r.is_open and not r.is_late],
            "working_days": concerns.response_working_days(),
            "information_hours": concerns.SERIOUS_INFORMATION_HOURS,
            "press_hours": concerns.SERIOUS_PRESS_CONFERENCE_HOURS,
        },
    )
