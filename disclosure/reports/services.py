"""The 年度报告 workflow: compute a draft, correct a figure with a reason, publish.

Parts 二, 三, 四 and part 六's fee figures are computed from the portal's records each
time a draft is shown (part 二 here, from the document library as of 31 December;
the request figures by :mod:`requests_app.stats`). Staff may override a computed figure
only with a written reason; the report shows every override. Publishing freezes the
figures, tables, checks and performance figures as a JSON snapshot, so later changes to
requests or documents do not alter a published report.

Every change runs in a transaction with the report row locked and writes an
:class:`~disclosure.reports.models.AnnualReportEvent` through the publishing core
(``disclosure.publishing.steps``, which also publishes a report: ``REPORT`` below says how);
views, the admin and the demo call these functions. The layout and the arithmetic checks are in
:mod:`disclosure.reports.national_format`;
the due dates (Art. 49) in :func:`catalog.statutory.annual_report_due_on`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from catalog.models import Organization
from catalog.permissions import is_supervisor, user_organization
from catalog.statutory import GENRE_NORMATIVE, GENRE_RULES, annual_report_due_on
from disclosure.library.models import Document
from disclosure.library.validity import IN_FORCE, Validity, validity_q
from disclosure.publishing.steps import (
    PublishingKind,
    begin,
    check_actor,
    record_event,
    register,
)
from disclosure.reports import national_format as fmt
from disclosure.reports.models import AnnualReport, AnnualReportEvent, AnnualReportOverride
from requests_app import stats

Action = AnnualReportEvent.Action
SNAPSHOT_VERSION = 1
#: The first year a report may be made for (the 条例 has required them since 2008).
FIRST_YEAR = 2008
#: Not law: staff are warned this many days before a report falls due.
DUE_WARNING_DAYS = 30

PUBLISHED_IS_FROZEN = "年度报告已公布，数据和文字不能再修改。"

TEXT_FIELDS = ("overview", "improvements", "problems", "other_matters")
ENTERED_FIELDS = tuple(field for field, _label in fmt.T2_ENTERED.values())

#: Library genres -> table 二 rows.
DOCUMENT_GENRES = {GENRE_RULES: "rules", GENRE_NORMATIVE: "normative"}


def published():
    """Published reports, newest year first (for the public pages and the API)."""
    return AnnualReport.objects.published().select_related("organization")


# -- which agencies a report covers -----------------------------------------------------


def scope_organizations(report: AnnualReport) -> list[Organization]:
    """The agency, plus its departments for a government's combined report."""
    organizations = [report.organization]
    if report.includes_departments:
        organizations += list(
            report.organization.children.filter(
                kind=Organization.Kind.DEPARTMENT, is_active=True
            ).order_by("position", "name")
        )
    return organizations


# -- part 二 from the document library ----------------------------------------------------


def document_figures(organizations, year: int) -> dict[str, int]:
    """Table 二 (Art. 20(1)): 规章 and 行政规范性文件 issued, repealed and in force.

    As of 31 December of ``year`` by the one validity rule (``disclosure.library.validity``):
    issued = 成文日期 in the year; repealed = 废止 as of 31 December but not as of the
    year before; in force = 有效 or 已修改 on 31 December. Published documents of the
    agencies (发布机关), of the two genres.
    """
    first, last = stats.year_bounds(year)
    before = first - datetime.timedelta(days=1)
    repealed = validity_q(Validity.REPEALED, last) & ~validity_q(Validity.REPEALED, before)
    rows = (
        Document.objects.filter(
            status=Document.Status.PUBLISHED,
            organization__in=[o.pk for o in organizations],
            genre__name__in=list(DOCUMENT_GENRES),
        )
        .values("genre__name")
        .annotate(
            issued=Count("pk", filter=Q(written_on__gte=first, written_on__lte=last)),
            repealed=Count("pk", filter=repealed),
            in_force=Count("pk", filter=validity_q(IN_FORCE, last)),
        )
    )
    values = {
        fmt.t2(row_key, column): 0
        for row_key in fmt.T2_DOCUMENT_ROWS
        for column in fmt.T2_DOCUMENT_COLUMNS
    }
    for row in rows:
        row_key = DOCUMENT_GENRES[row["genre__name"]]
        for column in fmt.T2_DOCUMENT_COLUMNS:
            values[fmt.t2(row_key, column)] = row[column]
    return values


# -- the figures ------------------------------------------------------------------------


def _money(amount: Decimal) -> str:
    return str(Decimal(amount).quantize(Decimal("0.01")))


def computed_values(report: AnnualReport) -> dict:
    """Every computed cell of the report, from the records, before overrides."""
    return _compute(report, scope_organizations(report))[0]


def _compute(report: AnnualReport, organizations) -> tuple[dict, stats.RequestFigures]:
    year = report.year
    values = document_figures(organizations, year)

    requests = stats.request_figures(organizations, year)
    rows = {
        "new": (requests.new, requests.new_total),
        "carried_in": (requests.carried_in, requests.carried_in_total),
        fmt.CLOSED_TOTAL: (requests.closed_column_totals, requests.closed_total),
        "carried_out": (requests.carried_out, requests.carried_out_total),
    }
    for outcome in fmt.OUTCOMES:
        rows[outcome] = (requests.closed[outcome], requests.closed_row_totals[outcome])
    for row_key, (by_column, total) in rows.items():
        for column in fmt.CATEGORIES:
            values[fmt.t3(row_key, column)] = by_column[column]
        values[fmt.t3(row_key, fmt.TOTAL)] = total

    reviews = stats.review_figures(organizations, year)
    for kind, _label in fmt.T4_GROUPS:
        for result, _r in fmt.T4_RESULTS:
            values[fmt.t4(kind, result)] = reviews[kind][result]

    fees = stats.fee_figures(organizations, year)
    values["fees:notices"] = fees.notices
    values["fees:notices_amount"] = _money(fees.notices_amount)
    values["fees:collected_amount"] = _money(fees.collected_amount)
    return values, requests


def entered_values(report: AnnualReport) -> dict:
    """Table 二's staff-entered figures (None where not yet entered)."""
    values = {}
    for key, (field, _label) in fmt.T2_ENTERED.items():
        raw = getattr(report, field)
        values[key] = None if raw is None else fmt.parse_value(key, raw)
    return values


@dataclass
class ReportData:
    """What the pages, the files and the snapshot show of one report."""

    values: dict  # every cell, after overrides
    computed: dict  # computed cells before overrides
    overrides: list[dict]  # {cell, label, computed, value, reason, by, at}
    tables: dict  # report_format.build_tables(values)
    performance: stats.Performance
    organizations: list[str]  # the agencies covered, by name
    frozen: bool

    @property
    def checks_passed(self) -> bool:
        return all(check["passed"] for check in self.tables["checks"])


def _override_rows(report: AnnualReport) -> list[dict]:
    return [
        {
            "cell": o.cell,
            "label": o.label,
            "computed": o.computed,
            "value": o.value,
            "reason": o.reason,
            "by": (o.by.get_full_name() or o.by.get_username()) if o.by else "",
            "at": o.at.isoformat(),
        }
        for o in report.overrides.select_related("by").order_by("cell")
    ]


def live_data(report: AnnualReport) -> ReportData:
    """The report computed now from the records, with its overrides applied."""
    organizations = scope_organizations(report)
    computed, requests = _compute(report, organizations)
    overrides = _override_rows(report)
    values = {**computed, **entered_values(report)}
    for o in overrides:
        values[o["cell"]] = fmt.parse_value(o["cell"], o["value"])
    return ReportData(
        values=values,
        computed=computed,
        overrides=overrides,
        tables=fmt.build_tables(values, {o["cell"] for o in overrides}),
        performance=stats.performance(organizations, report.year, figures=requests),
        organizations=[o.name for o in organizations],
        frozen=False,
    )


def frozen_data(report: AnnualReport) -> ReportData:
    snap = report.snapshot
    return ReportData(
        values=snap["values"],
        computed=snap["computed"],
        overrides=snap["overrides"],
        tables=snap["tables"],
        performance=stats.Performance.from_dict(snap["performance"]),
        organizations=snap["organizations"],
        frozen=True,
    )


def report_data(report: AnnualReport) -> ReportData:
    """The frozen data of a published report; a draft's computed now."""
    return frozen_data(report) if report.is_published else live_data(report)


def frozen_tables(report: AnnualReport) -> dict:
    """A published report's frozen figures and tables as plain dicts (for the API)."""
    if not report.is_published:
        raise ValueError("只有已公布的年度报告有固定的数据。")
    snap = report.snapshot
    return {
        "organization": report.organization.name,
        "year": report.year,
        "published_on": report.published_on.isoformat(),
        "organizations": list(snap["organizations"]),
        "values": dict(snap["values"]),
        "tables": snap["tables"],
        "overrides": [dict(o) for o in snap["overrides"]],
    }


def performance_for(organization: Organization, year: int) -> tuple[stats.Performance, bool]:
    """The performance figures of an agency's year: frozen with its published report, else
    computed now. Returns (figures, frozen)."""
    report = AnnualReport.objects.published().filter(organization=organization, year=year).first()
    if report is not None and report.snapshot.get("performance"):
        return stats.Performance.from_dict(report.snapshot["performance"]), True
    return stats.performance([organization], year), False


# -- permissions ------------------------------------------------------------------------


def _combined_reports_by_supervisor(by, report: AnnualReport) -> None:
    if report.includes_departments and not is_supervisor(by):
        raise PermissionDenied("汇总本级政府及各部门的年度报告由政府信息公开工作主管部门编制。")


def _begin(report: AnnualReport, by) -> AnnualReport:
    """Lock a draft for a change; a published report is frozen."""
    report = begin(report, by)
    if report.is_published:
        raise ValidationError(PUBLISHED_IS_FROZEN)
    return report


# -- templates for the written parts ----------------------------------------------------


def _templates(report: AnnualReport, values: dict, last: AnnualReport | None) -> dict:
    org, year = report.organization.name, report.year

    def n(key):
        return values.get(key, 0)

    overview = "\n".join(
        [
            f"{year}年，{org}深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
            "不公开为例外，……现将本年度政府信息公开工作情况报告如下。",
            f"（一）主动公开。本年度制发规章{n(fmt.t2('rules', 'issued'))}件、"
            f"行政规范性文件{n(fmt.t2('normative', 'issued'))}件，……",
            f"（二）依申请公开。本年度新收政府信息公开申请{n(fmt.t3('new', fmt.TOTAL))}件，"
            f"上年结转{n(fmt.t3('carried_in', fmt.TOTAL))}件，"
            f"办结{n(fmt.t3(fmt.CLOSED_TOTAL, fmt.TOTAL))}件，"
            f"结转下年度继续办理{n(fmt.t3('carried_out', fmt.TOTAL))}件。……",
            "（三）政府信息管理。……",
            "（四）平台建设。……",
            "（五）监督保障。……",
        ]
    )
    if last is not None and last.problems.strip():
        improvements = f"{year - 1}年度报告所列问题：\n{last.problems.strip()}\n改进情况：……"
    else:
        improvements = "……"
    problems = "一是……\n二是……\n下一步，……"
    other_matters = "\n".join(
        [
            "（一）收取信息处理费情况：见本部分所列统计数据。",
            f"（二）{year}年政务公开工作要点落实情况：……",
            "（三）人大代表建议和政协提案办理结果公开情况：……",
        ]
    )
    return {
        "overview": overview,
        "improvements": improvements,
        "problems": problems,
        "other_matters": other_matters,
    }


def last_year_report(report: AnnualReport) -> AnnualReport | None:
    return AnnualReport.objects.filter(
        organization_id=report.organization_id, year=report.year - 1
    ).first()


# -- workflow ---------------------------------------------------------------------------


def _check_year(year: int, today: datetime.date) -> None:
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError(f"年度应在{FIRST_YEAR}年至{today.year}年之间。")


@transaction.atomic
def create_draft(
    organization: Organization, year: int, *, by, includes_departments: bool = False
) -> AnnualReport:
    """Start the report of ``organization`` on ``year`` from the records and the templates.

    ``includes_departments`` (the supervisor only, for a government): the figures cover
    the government and all its departments.
    """
    check_actor(
        by, AnnualReport(organization=organization, includes_departments=includes_departments)
    )
    _check_year(int(year), timezone.localdate())
    if includes_departments and organization.kind != Organization.Kind.GOVERNMENT:
        raise ValidationError("只有人民政府的年度报告可以汇总所属各部门。")
    # Lock the agency row so two drafts of the same year cannot race past the check.
    Organization.objects.select_for_update().get(pk=organization.pk)
    if AnnualReport.objects.filter(organization=organization, year=year).exists():
        raise ValidationError(f"{organization}{year}年度报告已存在。")
    report = AnnualReport(
        organization=organization,
        year=int(year),
        includes_departments=includes_departments,
        created_by=by,
    )
    if includes_departments:
        # The departments' entered figures, summed, as a start.
        departments = scope_organizations(report)[1:]
        sources = AnnualReport.objects.filter(organization__in=departments, year=year)
        for field in ENTERED_FIELDS:
            entered = [getattr(r, field) for r in sources if getattr(r, field) is not None]
            if entered:
                setattr(report, field, sum(entered))
    values = computed_values(report)
    for field, text in _templates(report, values, last_year_report(report)).items():
        setattr(report, field, text)
    report.save()
    scope = "（汇总本级政府及所属各部门）" if includes_departments else ""
    record_event(report, Action.CREATED, by, f"{year}年度{scope}")
    return report


@transaction.atomic
def update(report: AnnualReport, *, by, **fields) -> AnnualReport:
    """Edit the written parts and table 二's entered figures of a draft."""
    report = _begin(report, by)
    unknown = set(fields) - set(TEXT_FIELDS) - set(ENTERED_FIELDS)
    if unknown:
        raise ValueError(f"不能修改：{', '.join(sorted(unknown))}")
    changed = []
    for field, value in fields.items():
        if field in TEXT_FIELDS:
            value = (value or "").strip()
        elif value not in (None, ""):
            key = next(k for k, (f, _l) in fmt.T2_ENTERED.items() if f == field)
            try:
                value = fmt.parse_value(key, value)
            except ValueError as exc:
                raise ValidationError({field: str(exc)}) from None
            value = Decimal(value) if isinstance(value, str) else value
        else:
            value = None
        if getattr(report, field) != value:
            setattr(report, field, value)
            changed.append(field)
    if changed:
        report.save(update_fields=[*changed, "updated_at"])
        labels = [str(AnnualReport._meta.get_field(f).verbose_name) for f in changed]
        record_event(report, Action.EDITED, by, "、".join(labels))
    return report


@transaction.atomic
def override(report: AnnualReport, *, by, cell: str, value, reason: str) -> AnnualReportOverride:
    """Replace a computed figure; a written reason is required and shown on the report."""
    report = _begin(report, by)
    if cell not in fmt.COMPUTED_CELLS:
        raise ValidationError("只能修正系统统计的数据项。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("修正统计数据必须写明理由。")
    try:
        parsed = fmt.parse_value(cell, value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    computed = computed_values(report)[cell]
    row, _created = AnnualReportOverride.objects.update_or_create(
        report=report,
        cell=cell,
        defaults={
            "computed": str(computed),
            "value": str(parsed),
            "reason": reason,
            "by": by,
            "at": timezone.now(),
        },
    )
    label = fmt.COMPUTED_CELLS[cell]
    record_event(report, Action.OVERRIDDEN, by, f"{label}：{computed} → {parsed}。理由：{reason}")
    return row


@transaction.atomic
def remove_override(report: AnnualReport, *, by, cell: str, reason: str = "") -> None:
    """Go back to the computed figure of ``cell``."""
    report = _begin(report, by)
    deleted, _ = AnnualReportOverride.objects.filter(report=report, cell=cell).delete()
    if not deleted:
        raise ValidationError("该数据项没有修正。")
    note = fmt.COMPUTED_CELLS.get(cell, cell)
    if reason.strip():
        note += f"。理由：{reason.strip()}"
    record_event(report, Action.OVERRIDE_REMOVED, by, note)


def publish_problems(report: AnnualReport, data: ReportData, today: datetime.date) -> list[str]:
    """Why the report cannot be published yet (empty when it can)."""
    problems = []
    if today <= datetime.date(report.year, 12, 31):
        problems.append(f"{report.year}年度尚未结束。")
    for check in data.tables["checks"]:
        if not check["passed"]:
            problems.append(
                f"表三勾稽关系不成立：{check['rule']}（{'；'.join(check['failures'])}）"
            )
    for key, (field, label) in fmt.T2_ENTERED.items():
        if data.values.get(key) is None:
            verbose = AnnualReport._meta.get_field(field).verbose_name
            problems.append(f"请填报{label}数据（{verbose}，没有的填0）。")
    for field in ("overview", "problems"):
        if not getattr(report, field).strip():
            problems.append(f"请填写{AnnualReport._meta.get_field(field).verbose_name}。")
    return problems


def snapshot(report: AnnualReport, data: ReportData) -> dict:
    return {
        "version": SNAPSHOT_VERSION,
        "frozen_at": timezone.now().isoformat(),
        "organizations": list(data.organizations),
        "values": dict(data.values),
        "computed": dict(data.computed),
        "overrides": list(data.overrides),
        "tables": data.tables,
        "performance": data.performance.as_dict(),
    }


def _publication_problems(report: AnnualReport, on: datetime.date) -> list[str]:
    # Computed once here and frozen by _publication_fields in the same step.
    report._publication_data = live_data(report)
    return publish_problems(report, report._publication_data, on)


def _publication_fields(report: AnnualReport, on: datetime.date) -> dict:
    """草稿 → 已公布 freezes every figure and table; the report appears under /nb/."""
    return {"snapshot": snapshot(report, report._publication_data)}


def _publication_note(report: AnnualReport, on: datetime.date) -> str:
    late = f"（晚于法定期限{report.due_on:%Y-%m-%d}）" if on > report.due_on else ""
    return f"公布日期 {on:%Y-%m-%d}{late}"


# The annual report as a kind of the publishing core: published (公布) straight from its
# draft by ``disclosure.publishing.steps.publish``, never withdrawn.
REPORT = PublishingKind(
    noun="年度报告",
    own="年度报告",
    denied="您没有编制年度报告的权限。",
    not_own="您不能代{organization}编制年度报告。",
    extra_actor_check=_combined_reports_by_supervisor,
    publish_from=(AnnualReport.Status.DRAFT,),
    # A report keeps its own rules: 公布ed from its draft after its arithmetic checks,
    # with no submission to a reviewer.
    four_eyes=False,
    transition_refusal=PUBLISHED_IS_FROZEN,
    publication_problems=_publication_problems,
    publication_fields=_publication_fields,
    publication_note=_publication_note,
    audit_label=lambda report: f"{report.year}年政府信息公开工作年度报告",
)


def register_kinds() -> None:
    register(AnnualReport, REPORT)


# -- due dates and the staff warning ----------------------------------------------------


@dataclass
class DueNotice:
    organization: Organization
    year: int
    due_on: datetime.date
    days_left: int  # negative: overdue
    report: AnnualReport | None

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(-self.days_left, 0)


def due_notices(user, today: datetime.date | None = None) -> list[DueNotice]:
    """Reports on last year that fall due within DUE_WARNING_DAYS (or are overdue) and are
    not yet published, for the agencies the user works for."""
    if user is None or not getattr(user, "is_staff", False):
        return []
    today = today or timezone.localdate()
    year = today.year - 1
    if is_supervisor(user):
        organizations = list(Organization.objects.active())
    else:
        own = user_organization(user)
        organizations = [own] if own is not None else []
    if not organizations:
        return []
    reports = {
        r.organization_id: r
        for r in AnnualReport.objects.filter(
            organization__in=[o.pk for o in organizations], year=year
        )
    }
    notices = []
    for organization in organizations:
        due_on = annual_report_due_on(organization, year)
        report = reports.get(organization.pk)
        if report is not None and report.is_published:
            continue
        if today < due_on - datetime.timedelta(days=DUE_WARNING_DAYS):
            continue
        notices.append(DueNotice(organization, year, due_on, (due_on - today).days, report))
    return notices
