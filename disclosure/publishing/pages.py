"""What every public and staff page of the disclosure apps shares: the cache header of
public pages, the page size, the agency from the URL, and the staff pages'
agency scope (staff see their own agency, the supervisor every agency or one chosen
with ``?org=``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control

from catalog.models import Organization
from catalog.permissions import can_act_for, is_supervisor, user_organization
from catalog.workdays import missing_schedule_years

PUBLIC_CACHE = cache_control(public=True, max_age=300)
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
