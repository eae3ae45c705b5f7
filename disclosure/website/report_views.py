"""The staff 站点体检 page (and its XLSX), the 政府网站工作年度报表 pages (public: published
reports, XLSX, PDF; staff: the draft, entered figures, publication)."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from catalog.permissions import is_supervisor
from config.web.breadcrumbs import crumbs
from disclosure.publishing import steps
from disclosure.publishing.pages import PUBLIC_CACHE, staff_context, staff_scope
from disclosure.website import annual, files, sitecheck, wording
from disclosure.website.models import WebsiteReport


@never_cache
@login_required
def site_check_page(request):
    """站点体检: staff see their agency, the supervisor every agency and the site's verdict."""
    scope, chosen, supervisor = staff_scope(request)
    today = timezone.localdate()
    found = sitecheck.report(scope, today)
    show = (request.GET.get("show") or "problems").strip()
    return render(
        request,
        "website/staff/site_check.html",
        {
            **staff_context(scope, chosen, supervisor, today),
            "report": found,
            "show_all": show == "all",
            "site_wide": supervisor and chosen is None,
            "thresholds": {
                "home_alarm": sitecheck.HOME_ALARM_DAYS,
                "home_veto": sitecheck.HOME_VETO_DAYS,
                "key": sitecheck.KEY_STALE_VETO,
                "all": sitecheck.ALL_STALE_VETO,
                "empty": sitecheck.EMPTY_VETO,
                "alarm_days": settings.MAILBOX_ALARM_DAYS,
            },
        },
    )


@never_cache
@login_required
def site_check_xlsx(request):
    scope, chosen, _supervisor = staff_scope(request)
    found = sitecheck.report(scope, timezone.localdate())
    name = f"zdtj-{chosen.slug if chosen else 'all'}-{found.today:%Y%m%d}.xlsx"
    return _download(files.site_check_xlsx(found), name, files.XLSX)


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@login_required
def wording_override(request):
    """A reviewer lets the severe 错敏词 of a blocked item pass, with the reason."""
    if request.method != "POST":
        return redirect("disclosure:site-check")
    try:
        model = apps.get_model(request.POST.get("model", ""))
    except (LookupError, ValueError):
        raise Http404 from None
    item = get_object_or_404(model, pk=request.POST.get("pk"))
    try:
        row = wording.override(item, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        sitecheck.mark_overridden(item, row)
        messages.success(request, f"已放行「{row.expressions}」，可以重新提交审核。")
    return redirect(f"{reverse('disclosure:site-check')}?org={item.organization.slug}")


# -- 政府网站工作年度报表 ----------------------------------------------------------------


def _published(year: int) -> WebsiteReport:
    return get_object_or_404(
        WebsiteReport.objects.published().select_related("organization"), year=year
    )


@PUBLIC_CACHE
def report_detail(request, year):
    report = _published(year)
    rows = annual.report_rows(report)
    return render(
        request,
        "website/report_detail.html",
        {
            "report": report,
            "sections": annual.sections(rows),
            "breadcrumbs": crumbs((str(report), None)),
        },
    )


@PUBLIC_CACHE
def report_xlsx(request, year):
    report = _published(year)
    return _download(
        files.report_xlsx(report, annual.report_rows(report)),
        f"wzndbb-{year}.xlsx",
        files.XLSX,
    )


@PUBLIC_CACHE
def report_pdf(request, year):
    report = _published(year)
    return _download(
        files.report_pdf(report, annual.report_rows(report)),
        f"wzndbb-{year}.pdf",
        "application/pdf",
    )


def _supervisor(request):
    if not (request.user.is_staff and is_supervisor(request.user)):
        raise PermissionDenied(
            "政府网站工作年度报表由政府网站主管单位（政府信息公开工作主管部门）编制。"
        )


@never_cache
@login_required
def report_staff(request, year):
    """The draft (or the published report) of ``year`` with every row, the figures staff
    enter, the signatures and publication."""
    _supervisor(request)
    report = WebsiteReport.objects.filter(year=year).select_related("organization").first()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "create":
                annual.create_draft(year, by=request.user)
            elif report is None:
                raise ValidationError("该年度报表尚未生成。")
            elif action == "enter":
                annual.enter(
                    report,
                    by=request.user,
                    key=request.POST.get("key", ""),
                    value=request.POST.get("value", ""),
                    reason=request.POST.get("reason", ""),
                )
            elif action == "sign":
                annual.update(
                    report,
                    by=request.user,
                    **{f: request.POST.get(f, "") for f in annual.SIGNATURE_FIELDS},
                )
            elif action == "publish":
                steps.publish(report, by=request.user)
                messages.success(request, "已公布。")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("disclosure:website-report-staff", year=year)
    rows = annual.report_rows(report) if report else []
    today = timezone.localdate()
    return render(
        request,
        "website/staff/report.html",
        {
            "year": year,
            "report": report,
            "sections": annual.sections(rows) if rows else [],
            "problems": annual.publish_problems(report, rows, today)
            if report and not report.is_published
            else [],
            "signature_fields": [
                (
                    f,
                    WebsiteReport._meta.get_field(f).verbose_name,
                    getattr(report, f) if report else "",
                )
                for f in annual.SIGNATURE_FIELDS
            ],
            "events": list(report.events.select_related("actor")[:20]) if report else [],
        },
    )
