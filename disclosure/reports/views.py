"""年度报告 pages: the public list, report, downloads and performance page; staff pages.

Drafts are seen only by staff who may act for the agency (404 for everyone else) and are
never cached; published reports are shown from their frozen snapshot.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.cache import never_cache

from catalog.models import Organization
from catalog.permissions import can_act_for, is_supervisor
from config.web import charts
from config.web.breadcrumbs import crumbs
from disclosure.publishing import steps as publishing
from disclosure.publishing.pages import (
    PAGE_SIZE,
    PUBLIC_CACHE,
    PUBLIC_MAX_AGE,
    get_org,
    staff_scope,
)
from disclosure.reports import files as report_files
from disclosure.reports import national_format as fmt
from disclosure.reports import services as reports
from disclosure.reports.forms import (
    OverrideForm,
    RemoveOverrideForm,
    ReportCreateForm,
    ReportTextForm,
)
from disclosure.reports.models import AnnualReport

MONTHS = [f"{m}月" for m in range(1, 13)]


def _is_staff_for(user, organization) -> bool:
    return user.is_authenticated and user.is_staff and can_act_for(user, organization)


def _visible_report(request, org: str, year: int) -> AnnualReport:
    """The agency's report on ``year``: published, or a draft for its staff; else 404."""
    organization = get_org(org)
    report = (
        AnnualReport.objects.filter(organization=organization, year=year)
        .select_related("organization")
        .first()
    )
    if report is None or (
        not report.is_published and not _is_staff_for(request.user, organization)
    ):
        raise Http404("该年度报告尚未公布。")
    report.organization = organization
    return report


def _cache(response, report: AnnualReport):
    if report.is_published:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        add_never_cache_headers(response)
    return response


def _charts(performance) -> dict:
    outcomes = performance.outcomes
    return {
        "months": list(zip(MONTHS, performance.by_month, strict=True)),
        "month_chart": charts.column_chart(
            "chart-months",
            f"{performance.year}年各月新收政府信息公开申请数量",
            MONTHS,
            performance.by_month,
        ),
        "outcome_chart": charts.bar_chart(
            "chart-outcomes",
            f"{performance.year}年办结申请的办理结果",
            [o["heading"] + o["label"].split("（")[0] for o in outcomes],
            [o["count"] for o in outcomes],
        ),
    }


def _nb_crumbs(organization, *items):
    return crumbs(
        (organization.name, organization.get_absolute_url()),
        ("政府信息公开年报", reverse("disclosure:annual-report-list", args=[organization.slug])),
        *items,
    )


@PUBLIC_CACHE
def annual_report_list(request, org):
    """Every year's published report of the agency, newest first."""
    organization = get_org(org)
    items = reports.published().filter(organization=organization).order_by("-year")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/annual_report_list.html",
        {
            "org": organization,
            "page_obj": page,
            "active": "nb",
            "breadcrumbs": crumbs(
                (organization.name, organization.get_absolute_url()), ("政府信息公开年报", None)
            ),
        },
    )


def annual_report_detail(request, org, year):
    report = _visible_report(request, org, year)
    data = reports.report_data(report)
    context = {
        "org": report.organization,
        "report": report,
        "data": data,
        "parts": fmt.PARTS,
        "fee_sentence": report_files.fee_sentence(data),
        "active": "nb",
        "breadcrumbs": _nb_crumbs(report.organization, (f"{report.year}年度", None)),
        **_charts(data.performance),
    }
    return _cache(render(request, "disclosure/annual_report_detail.html", context), report)


def _download(request, org, year, kind: str):
    report = _visible_report(request, org, year)
    data = reports.report_data(report)
    if kind == "xlsx":
        body = report_files.xlsx(report, data)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = report_files.pdf(report, data)
        content_type = "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{report_files.filename(report, kind)}"'
    )
    return _cache(response, report)


def annual_report_xlsx(request, org, year):
    return _download(request, org, year, "xlsx")


def annual_report_pdf(request, org, year):
    return _download(request, org, year, "pdf")


@PUBLIC_CACHE
def annual_report_performance(request, org, year):
    """绩效: how the agency answered requests in ``year`` — aggregates only."""
    organization = get_org(org)
    if not reports.FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404("没有该年度的数据。")
    performance, frozen = reports.performance_for(organization, year)
    report = reports.published().filter(organization=organization, year=year).first()
    return render(
        request,
        "disclosure/annual_report_performance.html",
        {
            "org": organization,
            "year": year,
            "p": performance,
            "frozen": frozen,
            "report": report,
            "today": timezone.localdate(),
            "active": "nb",
            "breadcrumbs": _nb_crumbs(organization, (f"{year}年度依申请公开办理绩效", None)),
            **_charts(performance),
        },
    )


# -- staff ------------------------------------------------------------------------------


@never_cache
@login_required
def report_staff_list(request):
    """Reports of the staff member's agency (the supervisor: all), due dates, new draft."""
    scope, chosen, supervisor = staff_scope(request)
    form = ReportCreateForm(
        request.POST or None, organizations=scope, supervisor=is_supervisor(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = reports.create_draft(
                form.cleaned_data["organization"],
                form.cleaned_data["year"],
                by=request.user,
                includes_departments=form.cleaned_data.get("includes_departments", False),
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, f"已生成{report}草稿。")
            return redirect(report.get_staff_url())
    items = (
        AnnualReport.objects.filter(organization__in=[o.pk for o in scope])
        .select_related("organization")
        .order_by("-year", "organization__position", "organization__name")
    )
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    rows = [(r, r.due_on) for r in page.object_list]
    return render(
        request,
        "disclosure/staff/reports.html",
        {
            "organizations": list(Organization.objects.active()) if supervisor else scope,
            "selected": chosen,
            "supervisor": supervisor,
            "today": timezone.localdate(),
            "form": form,
            "rows": rows,
            "page_obj": page,
            "notices": reports.due_notices(request.user),
            "missing_years": [],
        },
    )


def _messages(exc) -> str:
    return "；".join(getattr(exc, "messages", [str(exc)]))


@never_cache
@login_required
def report_staff_detail(request, pk):
    """Review a draft: computed tables and checks, overrides, texts; publish."""
    report = get_object_or_404(AnnualReport.objects.select_related("organization"), pk=pk)
    if not _is_staff_for(request.user, report.organization):
        raise PermissionDenied("您无权查看该年度报告。")
    text_form = ReportTextForm(instance=report)
    override_form = OverrideForm()
    if request.method == "POST" and not report.is_published:
        action = request.POST.get("action")
        try:
            if action == "texts":
                text_form = ReportTextForm(request.POST, instance=AnnualReport.objects.get(pk=pk))
                if text_form.is_valid():
                    fields = {f: text_form.cleaned_data[f] for f in text_form.Meta.fields}
                    reports.update(report, by=request.user, **fields)
                    messages.success(request, "已保存。")
                    return redirect(report.get_staff_url())
            elif action == "override":
                override_form = OverrideForm(request.POST)
                if override_form.is_valid():
                    reports.override(report, by=request.user, **override_form.cleaned_data)
                    messages.success(request, "已修正，理由将随报告公布。")
                    return redirect(report.get_staff_url())
            elif action == "remove_override":
                form = RemoveOverrideForm(request.POST)
                if form.is_valid():
                    reports.remove_override(report, by=request.user, **form.cleaned_data)
                    messages.success(request, "已恢复系统统计值。")
                    return redirect(report.get_staff_url())
            elif action == "publish":
                publishing.publish(report, by=request.user)
                messages.success(request, "年度报告已公布。")
                return redirect(report.get_absolute_url())
        except PermissionDenied as exc:
            raise PermissionDenied(_messages(exc)) from None
        except ValidationError as exc:
            messages.error(request, _messages(exc))
    data = reports.report_data(report)
    last = reports.last_year_report(report)
    today = timezone.localdate()
    return render(
        request,
        "disclosure/staff/report_detail.html",
        {
            "report": report,
            "data": data,
            "parts": fmt.PARTS,
            "text_form": text_form,
            "override_form": override_form,
            "last": last,
            "problems": []
            if report.is_published
            else reports.publish_problems(report, data, today),
            "events": report.events.select_related("actor")[:50],
            "fee_sentence": report_files.fee_sentence(data),
            "today": today,
        },
    )
