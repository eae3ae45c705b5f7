"""What every public and staff page of the disclosure apps shares: the cache header of
public pages, the page size, the agency from the URL, and the staff pages'
agency scope (staff see their own agency, the supervisor every agency or one chosen
with ``?org=``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control

from catalog.models import Organization
from catalog.permissions import can_act_for, is_supervisor, user_organization
from catalog.workdays import missing_schedule_years
from config.web.breadcrumbs import crumbs
from disclosure.publishing.models import PublicationStatus, WithdrawalReason
from disclosure.publishing.steps import kind_of

# Browsers and proxies may keep a public page a minute. The server itself answers from its
# stored pages (config/web/pagecache.py), renewed at once by every publication, so a
# longer freshness would only delay a withdrawal for readers who already saw the page.
PUBLIC_MAX_AGE = 60
PUBLIC_CACHE = cache_control(public=True, max_age=PUBLIC_MAX_AGE)
PAGE_SIZE = 20


def get_org(slug: str) -> Organization:
    return get_object_or_404(Organization.objects.active().select_related("parent"), slug=slug)


def staff_scope(request) -> tuple[list[Organization], Organization | None, bool]:
    """(agencies shown, the one chosen or None, whether the user is the supervisor)."""
    user = request.user
    if not user.is_staff:
        raise PermissionDenied("仅限信息公开工作人员访问。")
    supervisor = is_supervisor(user)
    slug = (request.GET.get("org") or "").strip()
    if slug:
        chosen = get_object_or_404(Organization, slug=slug)
        if not can_act_for(user, chosen):
            raise PermissionDenied("您无权查看该机关。")
        return [chosen], chosen, supervisor
    if supervisor:
        return list(Organization.objects.active()), None, True
    own = user_organization(user)
    if own is None:
        raise PermissionDenied("您的账号未关联机关。")
    return [own], own, False


def staff_context(scope, chosen, supervisor, today) -> dict:
    return {
        "organizations": list(Organization.objects.active()) if supervisor else scope,
        "selected": chosen,
        "supervisor": supervisor,
        "today": today,
        "missing_years": missing_schedule_years(today),
    }


def withdrawn_or_404(request, model, pk, *, noun: str, list_url: str, **public_filter):
    """The public notice of a withdrawn item (HTTP 410 Gone): what was withdrawn, when, the
    reason category staff chose and the replacement where there is one. Drafts and what
    never existed stay 404. ``public_filter`` narrows to what the public could see
    (e.g. only 主动公开 documents)."""
    item = (
        model.objects.filter(pk=pk, status=PublicationStatus.WITHDRAWN, **public_filter)
        .select_related("organization")
        .first()
    )
    if item is None:
        raise Http404
    field = kind_of(item).replacement_field
    replacement = getattr(item, field) if field else None
    return render(
        request,
        "disclosure/withdrawn.html",
        {
            "org": item.organization,
            "item": item,
            "noun": noun,
            "reason": WithdrawalReason(item.withdrawal_reason).label
            if item.withdrawal_reason
            else "",
            "replacement": replacement
            if replacement is not None and replacement.is_public
            else None,
            "list_url": list_url,
            "breadcrumbs": crumbs((noun, list_url), (item.title, None)),
        },
        status=410,
    )
