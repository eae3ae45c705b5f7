"""政府网站工作年度报表 (国务院办公厅 2018; domain notes §10): every row computed from the
portal's records where it holds them, the rest entered by staff with a reason; published
(公布) straight from its draft like the 政府信息公开工作年度报告 and frozen then.

Where each figure comes from: the library (``disclosure.library.website_counts``), the
column (guides, rules), the apps that registered figures in the publishing core's
registry (``site_figures``: 征集调查 by decisions, 留言办理 by the messages app, 在线访谈
and 新媒体 by the engagement app), the visit counter (``visits``) and the settings (the
site's identity). A registry key nobody registered reads None: the row is then entered
by staff, never shown as a false zero.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from catalog.models import Organization
from disclosure.column.models import Guide, Regulation
from disclosure.decisions.models import Consultation
from disclosure.library.models import Concern, Document, Interpretation
from disclosure.library.website_counts import website_counts
from disclosure.publishing import site_figures
from disclosure.publishing.steps import PublishingKind, begin, check_actor, record_event, register
from disclosure.website import visits
from disclosure.website.models import WebsiteReport, WebsiteReportEntry, WebsiteReportEvent

Action = WebsiteReportEvent.Action
PUBLISHED_IS_FROZEN = "该年度报表已公布，不能修改。"
SNAPSHOT_VERSION = 1

Compute = Callable[[int, list], object]


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    section: str
    compute: Compute | None = None  # None: entered by staff
    registry: str = ""  # a ``site_figures`` key (None there: entered by staff)
    hint: str = ""  # what staff enter, e.g. 是/否


def _setting(name: str) -> Compute:
    return lambda year, orgs: getattr(settings, name, "") or None


def _count(qs_for: Callable[[int, list], object]) -> Compute:
    return lambda year, orgs: qs_for(year, orgs).count()


def _documents(year, orgs):
    return Document.objects.public().filter(organization__in=orgs, published_on__year=year)


def _news(year, orgs) -> int:
    # 政务动态: what the portal publishes about the agencies' work as it happens — policy
    # interpretations, responses to public concerns and consultations.
    return sum(
        m.objects.public().filter(organization__in=orgs, published_on__year=year).count()
        for m in (Interpretation, Concern, Consultation)
    )


def _overview(year, orgs) -> int:
    # 概况类信息: the agencies' guides (机构概况, how to ask) and disclosure rules.
    return (
        Guide.objects.filter(organization__in=orgs, updated_on__year=year).count()
        + Regulation.objects.published()
        .filter(organization__in=orgs, published_on__year=year)
        .count()
    )


def _catalog(year, orgs) -> int:
    # 信息公开目录: public documents and interpretations filed under a catalog node.
    return (
        _documents(year, orgs).filter(category__isnull=False).count()
        + Interpretation.objects.public()
        .filter(organization__in=orgs, published_on__year=year, category__isnull=False)
        .count()
    )


def _total(year, orgs) -> int:
    return _overview(year, orgs) + _news(year, orgs) + _documents(year, orgs).count()


def _interpretation(field: str) -> Compute:
    return lambda year, orgs: getattr(website_counts(orgs, year), field)


def _yes(year, orgs) -> str:
    return "是"


BASIC, INFO, SPECIAL, INTERPRET, SERVICE, INTERACT, SECURITY, MEDIA, INNOVATE = (
    "基本信息",
    "信息发布",
    "专栏专题",
    "解读回应",
    "办事服务",
    "互动交流",
    "安全防护",
    "移动新媒体",
    "创新发展",
)

ROWS: list[Row] = [
    Row("basic.name", "网站名称", BASIC, lambda y, o: f"{settings.PORTAL_NAME}门户网站"),
    Row("basic.url", "首页网址", BASIC, lambda y, o: settings.PORTAL_BASE_URL + "/"),
    Row("basic.sponsor", "主办单位", BASIC, _setting("SITE_SPONSOR")),
    Row("basic.type", "网站类型", BASIC, lambda y, o: "政府门户网站"),
    Row("basic.code", "政府网站标识码", BASIC, _setting("SITE_IDENTIFIER_CODE")),
    Row("basic.icp", "ICP备案号", BASIC, _setting("ICP_RECORD")),
    Row("basic.psb", "公安机关备案号", BASIC, _setting("PSB_RECORD")),
    Row("basic.visitors", "独立用户访问总量（单位：个）", BASIC, lambda y, o: visits.totals(y)[0]),
    Row("basic.views", "网站总访问量（单位：次）", BASIC, lambda y, o: visits.totals(y)[1]),
    Row("info.total", "信息发布总数（单位：条）", INFO, _total),
    Row("info.overview", "其中：概况类信息更新量", INFO, _overview),
    Row("info.news", "政务动态信息更新量", INFO, _news),
    Row("info.catalog", "信息公开目录信息更新量", INFO, _catalog),
    Row("special.kept", "专栏专题维护数量（单位：个）", SPECIAL),
    Row("special.new", "新开设数量", SPECIAL),
    Row(
        "interpret.total",
        "解读信息发布总数（单位：条）",
        INTERPRET,
        _interpretation("interpretations"),
    ),
    Row("interpret.materials", "其中：解读材料数量", INTERPRET, _interpretation("materials")),
    Row("interpret.products", "解读产品数量", INTERPRET, _interpretation("products")),
    Row("interpret.media", "媒体评论文章数量", INTERPRET, _interpretation("media_articles")),
    Row(
        "interpret.concerns",
        "回应公众关注热点或重大舆情数量（单位：次）",
        INTERPRET,
        _interpretation("concerns"),
    ),
    Row("service.catalog", "是否发布服务事项目录", SERVICE, hint="是/否"),
    Row("service.users", "注册用户数（单位：个）", SERVICE),
    Row("service.items", "政务服务事项数量（单位：项）", SERVICE),
    Row("service.online", "可全程在线办理政务服务事项数量（单位：项）", SERVICE),
    Row("service.cases", "办件量（单位：件）", SERVICE),
    Row("interact.platform", "是否使用统一平台", INTERACT, hint="是/否"),
    Row(
        "interact.messages",
        "留言办理：收到留言数量（单位：条）",
        INTERACT,
        registry=site_figures.MESSAGES_RECEIVED,
    ),
    Row(
        "interact.closed",
        "办结留言数量（单位：条）",
        INTERACT,
        registry=site_figures.MESSAGES_CLOSED,
    ),
    Row(
        "interact.days",
        "平均办理时间（单位：天）",
        INTERACT,
        registry=site_figures.MESSAGES_AVERAGE_DAYS,
    ),
    Row(
        "interact.replies",
        "公开答复数量（单位：条）",
        INTERACT,
        registry=site_figures.MESSAGES_PUBLISHED,
    ),
    Row(
        "interact.surveys",
        "征集调查：征集调查期数（单位：期）",
        INTERACT,
        registry=site_figures.CONSULTATIONS,
    ),
    Row(
        "interact.comments",
        "收到意见数量（单位：条）",
        INTERACT,
        registry=site_figures.CONSULTATION_COMMENTS,
    ),
    Row(
        "interact.results",
        "公布调查结果期数（单位：期）",
        INTERACT,
        registry=site_figures.CONSULTATION_RESULTS,
    ),
    Row(
        "interact.interviews",
        "在线访谈：访谈期数（单位：期）",
        INTERACT,
        registry=site_figures.INTERVIEWS,
    ),
    Row(
        "interact.questions",
        "网民留言数量（单位：条）",
        INTERACT,
        registry=site_figures.INTERVIEW_QUESTIONS,
    ),
    Row(
        "interact.answers",
        "答复网民提问数量（单位：条）",
        INTERACT,
        registry=site_figures.INTERVIEW_ANSWERS,
    ),
    Row("interact.qa", "是否提供智能问答", INTERACT, hint="是/否"),
    Row("security.assessments", "安全检测评估次数（单位：次）", SECURITY),
    Row("security.found", "发现问题数量（单位：个）", SECURITY),
    Row("security.fixed", "问题整改数量（单位：个）", SECURITY),
    Row("security.monitoring", "是否建立安全监测预警机制", SECURITY, hint="是/否"),
    Row("security.drills", "是否开展应急演练", SECURITY, hint="是/否"),
    Row("security.owner", "是否明确网站安全责任人", SECURITY, hint="是/否"),
    Row(
        "media.accounts",
        "政务新媒体账号数量（单位：个）",
        MEDIA,
        registry=site_figures.NEW_MEDIA_ACCOUNTS,
    ),
    Row("media.posts", "信息发布量（单位：条）", MEDIA),
    Row("media.followers", "关注量/订阅数（单位：个）", MEDIA),
    # The portal's own features: site search (/ss/) and accessible display (长者模式、高对比度).
    Row("innovate.search", "搜索即服务", INNOVATE, _yes),
    Row("innovate.languages", "多语言版本", INNOVATE, hint="是/否"),
    Row("innovate.accessible", "无障碍浏览", INNOVATE, _yes),
    Row("innovate.personal", "千人千网", INNOVATE, hint="是/否"),
    Row("innovate.other", "其他", INNOVATE, hint="无则填「无」"),
]
BY_KEY = {row.key: row for row in ROWS}
SECTIONS = list(dict.fromkeys(row.section for row in ROWS))


def organizations() -> list[Organization]:
    """The site covers every agency of the portal."""
    return list(Organization.objects.active())


def is_computed(row: Row) -> bool:
    return row.compute is not None or (
        bool(row.registry) and site_figures.is_registered(row.registry)
    )


def compute(row: Row, year: int, orgs: list) -> object:
    if row.compute is not None:
        return row.compute(year, orgs)
    if row.registry:
        return site_figures.figure(row.registry, year, orgs)
    return None


def live_rows(report: WebsiteReport) -> list[dict]:
    """Every row: its value, whether computed or entered (with the reason), or missing."""
    orgs = organizations()
    entries = {e.key: e for e in report.entries.all()}
    rows = []
    for row in ROWS:
        value = compute(row, report.year, orgs) if is_computed(row) else None
        entry = entries.get(row.key)
        if value is not None:
            source, reason = "computed", ""
        elif entry is not None:
            value, source, reason = entry.value, "entered", entry.reason
        else:
            source, reason = "missing", ""
        rows.append(
            {
                "key": row.key,
                "label": row.label,
                "section": row.section,
                "value": value,
                "source": source,
                "reason": reason,
                "hint": row.hint,
            }
        )
    return rows


def report_rows(report: WebsiteReport) -> list[dict]:
    """The frozen rows of a published report, the live ones of a draft."""
    if report.is_published and report.snapshot:
        return report.snapshot["rows"]
    return live_rows(report)


def sections(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    return [(name, [r for r in rows if r["section"] == name]) for name in SECTIONS]


# -- workflow ---------------------------------------------------------------------------


def _begin(report: WebsiteReport, by) -> WebsiteReport:
    report = begin(report, by)
    if report.is_published:
        raise ValidationError(PUBLISHED_IS_FROZEN)
    return report


@transaction.atomic
def create_draft(year: int, *, by) -> WebsiteReport:
    """Start the report of ``year`` for the portal's main government (the sponsor)."""
    main = Organization.objects.main()
    if main is None:
        raise ValidationError("尚未设置本级人民政府（门户主办机关）。")
    check_actor(by, WebsiteReport(organization=main, year=year))
    today = timezone.localdate()
    if not 2000 <= int(year) <= today.year:
        raise ValidationError(f"年度应在2000年至{today.year}年之间。")
    Organization.objects.select_for_update().get(pk=main.pk)
    if WebsiteReport.objects.filter(organization=main, year=year).exists():
        raise ValidationError(f"{year}年政府网站工作年度报表已存在。")
    report = WebsiteReport.objects.create(organization=main, year=int(year))
    record_event(report, Action.CREATED, by, f"{year}年度")
    return report


SIGNATURE_FIELDS = ("head", "reviewer", "filler", "phone")


@transaction.atomic
def update(report: WebsiteReport, *, by, **fields) -> WebsiteReport:
    """The signatures of the form: 单位负责人, 审核人, 填报人, 联系电话."""
    report = _begin(report, by)
    unknown = set(fields) - set(SIGNATURE_FIELDS)
    if unknown:
        raise ValueError(f"不能修改：{', '.join(sorted(unknown))}")
    changed = [f for f, v in fields.items() if getattr(report, f) != (v or "").strip()]
    for f in changed:
        setattr(report, f, (fields[f] or "").strip())
    if changed:
        report.save(update_fields=[*changed, "updated_at"])
        labels = [str(WebsiteReport._meta.get_field(f).verbose_name) for f in changed]
        record_event(report, Action.EDITED, by, "、".join(labels))
    return report


@transaction.atomic
def enter(report: WebsiteReport, *, by, key: str, value: str, reason: str) -> WebsiteReportEntry:
    """Enter a figure the portal holds no record of, with where it comes from."""
    report = _begin(report, by)
    row = BY_KEY.get(key)
    if row is None or (is_computed(row) and compute(row, report.year, organizations()) is not None):
        raise ValidationError("该项由系统根据记录统计，不能填报。")
    value, reason = (value or "").strip(), (reason or "").strip()
    if not value:
        raise ValidationError(f"请填写「{row.label}」。")
    if not reason:
        raise ValidationError("填报数据必须说明数据来源。")
    entry, _ = WebsiteReportEntry.objects.update_or_create(
        report=report,
        key=key,
        defaults={"value": value[:60], "reason": reason, "by": by, "at": timezone.now()},
    )
    record_event(report, Action.ENTERED, by, f"{row.label}：{value}。说明：{reason}")
    return entry


def publish_problems(report: WebsiteReport, rows: list[dict], on: datetime.date) -> list[str]:
    problems = []
    if on <= datetime.date(report.year, 12, 31):
        problems.append(f"{report.year}年度尚未结束。")
    problems += [f"请填报「{r['label']}」。" for r in rows if r["source"] == "missing"]
    for f in SIGNATURE_FIELDS:
        if not getattr(report, f).strip():
            problems.append(f"请填写{WebsiteReport._meta.get_field(f).verbose_name}。")
    return problems


def _publication_problems(report: WebsiteReport, on: datetime.date) -> list[str]:
    report._publication_rows = live_rows(report)
    return publish_problems(report, report._publication_rows, on)


def _publication_fields(report: WebsiteReport, on: datetime.date) -> dict:
    rows = [
        {**r, "value": None if r["value"] is None else str(r["value"])}
        for r in report._publication_rows
    ]
    return {
        "snapshot": {
            "version": SNAPSHOT_VERSION,
            "frozen_at": timezone.now().isoformat(),
            "rows": rows,
        }
    }


def _publication_note(report: WebsiteReport, on: datetime.date) -> str:
    due = datetime.date(report.year + 1, 1, 31)
    late = f"（晚于{due:%Y-%m-%d}）" if on > due else ""
    return f"公布日期 {on:%Y-%m-%d}{late}"


# Published (公布) from its draft by ``publishing.steps.publish`` after its checks, like
# the 政府信息公开工作年度报告; never withdrawn, frozen once published.
WEBSITE_REPORT = PublishingKind(
    noun="政府网站工作年度报表",
    own="政府网站工作年度报表",
    publish_from=(WebsiteReport.Status.DRAFT,),
    four_eyes=False,
    transition_refusal=PUBLISHED_IS_FROZEN,
    publication_problems=_publication_problems,
    publication_fields=_publication_fields,
    publication_note=_publication_note,
    audit_label=lambda report: str(report),
)


def register_kinds() -> None:
    register(WebsiteReport, WEBSITE_REPORT)
