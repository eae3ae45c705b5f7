"""站点体检: the portal checked against the national 检查指标 (国办秘函〔2019〕19号; domain
notes §10) from its own records.

- 首页不更新: the newest item on the home page; alarm at ``HOME_ALARM_DAYS``, veto at
  ``HOME_VETO_DAYS`` (2 weeks).
- 栏目不更新 / 空白栏目: every column of every agency with its kind, update rule, last
  update and status; the veto counts (≥ 5 stale of the 2-week/6-month kinds, ≥ 10 stale
  overall, ≥ 5 empty), per agency and for the site.
- 链接可用性 / 附件下载 and 严重表述错误: from the last ``site_check`` run (``links``,
  ``wording``).
- 互动回应差: valid messages unanswered 60+ days (alarm) and over 3 months (veto), from the
  apps registered with ``site_figures``.

``report(organizations, today)`` costs a constant number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from catalog.models import Category, Organization
from catalog.workdays import WorkCalendar
from disclosure.decisions.models import Consultation
from disclosure.library import catalog_items
from disclosure.library.models import Concern, Document, Interpretation
from disclosure.library.timeliness import add_months
from disclosure.publishing import site_figures
from disclosure.publishing.models import PublicationStatus
from disclosure.publishing.steps import kinds
from disclosure.website import links, pages, wording
from disclosure.website.models import SiteCheckRun

HOME_ALARM_DAYS = 10
HOME_VETO_DAYS = 14  # 首页不更新: no new item in 2 weeks
DYNAMIC_DAYS = 14  # 动态、要闻类栏目: 2 weeks
KEY_MONTHS = 6  # 通知公告、政策文件类栏目: 6 months
# The veto lines of 栏目不更新 and 空白栏目.
KEY_STALE_VETO = 5
ALL_STALE_VETO = 10
EMPTY_VETO = 5
# 互动回应差: a valid message unanswered for more than 3 months; staff are warned after
# settings.MAILBOX_ALARM_DAYS (60) days, the same alarm the messages' own staff list uses.
UNANSWERED_VETO_MONTHS = 3
DUE_SOON_DAYS = 7

OK, DUE, STALE, EMPTY = "ok", "due", "stale", "empty"
STATUS_LABELS = {OK: "正常", DUE: "即将到期", STALE: "未按时更新", EMPTY: "空白栏目"}
DYNAMIC, NOTICE, POLICY, CATALOG = "dynamic", "notice", "policy", "catalog"
KIND_LABELS = {
    DYNAMIC: "动态要闻类",
    NOTICE: "通知公告类",
    POLICY: "政策文件类",
    CATALOG: "信息公开目录",
}
KEY_KINDS = {DYNAMIC, NOTICE, POLICY}


@dataclass
class Column:
    organization: Organization
    name: str
    kind: str
    rule: str
    last: datetime.date | None
    due: datetime.date | None
    status: str
    url: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Counts:
    key_stale: int = 0
    all_stale: int = 0
    empty: int = 0

    def add(self, column: Column) -> None:
        if column.status == STALE:
            self.all_stale += 1
            if column.kind in KEY_KINDS:
                self.key_stale += 1
        elif column.status == EMPTY:
            self.empty += 1

    @property
    def vetoes(self) -> list[str]:
        found = []
        if self.key_stale >= KEY_STALE_VETO:
            found.append(
                f"动态要闻类、通知公告类、政策文件类栏目未按时更新{self.key_stale}个（≥{KEY_STALE_VETO}）"
            )
        if self.all_stale >= ALL_STALE_VETO:
            found.append(f"应更新未更新栏目{self.all_stale}个（≥{ALL_STALE_VETO}）")
        if self.empty >= EMPTY_VETO:
            found.append(f"空白栏目{self.empty}个（≥{EMPTY_VETO}）")
        return found


@dataclass
class AgencyCheck:
    organization: Organization
    columns: list[Column] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    broken_links: list[dict] = field(default_factory=list)
    wording: list[dict] = field(default_factory=list)
    unanswered: list[dict] = field(default_factory=list)

    @property
    def vetoes(self) -> list[str]:
        found = list(self.counts.vetoes)
        if any(is_severe_published(row) for row in self.wording):
            found.append("已发布信息存在严重表述错误")
        if any(row["veto"] for row in self.unanswered):
            found.append(f"留言超过{UNANSWERED_VETO_MONTHS}个月未回复")
        return found

    @property
    def passed(self) -> bool:
        return not self.vetoes


@dataclass
class Report:
    today: datetime.date
    home_last: datetime.date | None
    agencies: list[AgencyCheck]
    counts: Counts
    run: SiteCheckRun | None

    @property
    def home_days(self) -> int | None:
        return (self.today - self.home_last).days if self.home_last else None

    @property
    def home_status(self) -> str:
        days = self.home_days
        if days is None or days >= HOME_VETO_DAYS:
            return STALE
        return DUE if days >= HOME_ALARM_DAYS else OK

    @property
    def vetoes(self) -> list[str]:
        found = []
        if self.home_status == STALE:
            found.append(f"首页{HOME_VETO_DAYS}天内无更新")
        found += self.counts.vetoes
        if any(is_severe_published(row) for a in self.agencies for row in a.wording):
            found.append("已发布信息存在严重表述错误")
        if any(row["veto"] for a in self.agencies for row in a.unanswered):
            found.append(f"留言超过{UNANSWERED_VETO_MONTHS}个月未回复")
        return found


def is_severe_published(row: dict) -> bool:
    """A severe 错敏词 finding on a public page no reviewer let pass: a veto item."""
    return row["severe"] and not row["blocked"] and not row.get("overridden")


def _status(last, due, today) -> str:
    if last is None:
        return EMPTY
    if due is None:
        return OK
    if due < today:
        return STALE
    return DUE if (due - today).days <= DUE_SOON_DAYS else OK


def _latest(qs, orgs) -> dict[int, datetime.date]:
    rows = (
        qs.filter(organization__in=orgs)
        .order_by()
        .values("organization_id")
        .annotate(last=Max("published_on"))
    )
    return {r["organization_id"]: r["last"] for r in rows}


def columns(orgs: list[Organization], today: datetime.date) -> list[Column]:
    """Every column of these agencies (about eight queries, however many agencies)."""
    calendar = WorkCalendar()
    documents = _latest(Document.objects.public(), orgs)
    notices = _latest(Document.objects.public().filter(genre__name__in=pages.NOTICE_GENRES), orgs)
    dynamic: dict[int, datetime.date] = {}
    for model in (Interpretation, Concern, Consultation):
        for org_id, last in _latest(model.objects.public(), orgs).items():
            if last and (org_id not in dynamic or last > dynamic[org_id]):
                dynamic[org_id] = last
    all_nodes = list(Category.objects.order_by("position", "pk"))
    latest = catalog_items.latest_by_category(orgs)
    six_months = f"{KEY_MONTHS}个月"
    found = []
    for org in orgs:
        column_url = org.get_absolute_url()
        for name, kind, last, url in (
            ("工作动态（解读、回应、征集）", DYNAMIC, dynamic.get(org.pk), column_url),
            (
                "通知公告",
                NOTICE,
                notices.get(org.pk),
                reverse("disclosure:document-list") + f"?organization={org.slug}",
            ),
            (
                "政策文件",
                POLICY,
                documents.get(org.pk),
                reverse("disclosure:document-list") + f"?organization={org.slug}",
            ),
        ):
            if kind == DYNAMIC:
                due = last + datetime.timedelta(days=DYNAMIC_DAYS) if last else None
                rule = "2周"
            else:
                due = add_months(last, KEY_MONTHS) if last else None
                rule = six_months
            found.append(Column(org, name, kind, rule, last, due, _status(last, due, today), url))
        scopes = org.catalog_scopes()
        nodes = [
            n
            for n in all_nodes
            if n.organization_id == org.pk or (n.organization_id is None and n.scope in scopes)
        ]
        for node in nodes:
            dates = [
                latest[(org.pk, pk)]
                for pk in catalog_items.descendant_ids(nodes, node.pk)
                if (org.pk, pk) in latest
            ]
            last = max(dates) if dates else None
            due = node.update_due_after(last, calendar) if last and node.update_rule else None
            found.append(
                Column(
                    org,
                    node.name,
                    CATALOG,
                    node.update_rule_label or "—",
                    last,
                    due,
                    _status(last, due, today),
                    reverse("disclosure:category-items", args=[org.slug, node.pk]),
                )
            )
    return found


def unanswered_rows(orgs, today: datetime.date) -> list[dict]:
    veto_before = add_months(today, -UNANSWERED_VETO_MONTHS)
    return [
        {
            "label": item.label,
            "organization_id": item.organization_id,
            "received_on": item.received_on,
            "days": item.days(today),
            "url": item.url,
            "veto": item.received_on < veto_before,
        }
        for item in site_figures.unanswered(orgs, today)
        if item.days(today) >= settings.MAILBOX_ALARM_DAYS
    ]


def report(orgs: list[Organization], today: datetime.date) -> Report:
    """The 站点体检 of these agencies as of ``today`` (constant queries)."""
    orgs = list(orgs)
    run = SiteCheckRun.objects.first()
    by_org = {org.pk: AgencyCheck(org) for org in orgs}
    site = Counts()
    for column in columns(orgs, today):
        check = by_org[column.organization.pk]
        check.columns.append(column)
        check.counts.add(column)
        site.add(column)
    if run is not None:
        for row in run.broken:
            if row["organization_id"] in by_org:
                by_org[row["organization_id"]].broken_links.append(row)
        for row in run.wording:
            if row["organization_id"] in by_org:
                by_org[row["organization_id"]].wording.append(row)
    for row in unanswered_rows(orgs, today):
        if row["organization_id"] in by_org:
            by_org[row["organization_id"]].unanswered.append(row)
    home_last = pages.newest_day(pages.newest(today))
    return Report(today, home_last, list(by_org.values()), site, run)


# -- what the daily run stores ----------------------------------------------------------


def wording_findings() -> list[dict]:
    """错敏词 across what is published, and the drafts a severe finding blocks now."""
    in_force = wording.rules()
    found = []
    for model, _kind in kinds():
        for item in model.objects.exclude(status=PublicationStatus.WITHDRAWN).order_by("pk"):
            published = item.status == PublicationStatus.PUBLISHED
            findings = wording.find(wording.item_text(item), in_force)
            if not findings:
                continue
            blocking = {f.found for f in wording.blocking(item, in_force)}
            for finding in findings:
                if not published and finding.found not in blocking:
                    continue  # drafts: only what blocks them
                found.append(
                    {
                        "organization_id": item.organization_id,
                        "model": item._meta.label_lower,
                        "pk": item.pk,
                        "page_url": links._page_url(item) if published else "",
                        "page_title": getattr(item, "title", str(item)),
                        "wrong": finding.found,
                        "right": finding.rule.right,
                        "severe": finding.severe,
                        "blocked": not published,
                        # A reviewer let it pass with a recorded reason.
                        "overridden": finding.severe and finding.found not in blocking,
                    }
                )
    return found


def run(*, external: bool = True) -> SiteCheckRun:
    """Check every link and 错敏词 now and store the findings (``manage.py site_check``)."""
    checked, broken = links.check_all(external=external)
    return SiteCheckRun.objects.create(
        external=external, links_checked=checked, broken=broken, wording=wording_findings()
    )


def mark_overridden(item, override) -> None:
    """Show a reviewer's override in the last run at once (the next run finds it anyway)."""
    run = SiteCheckRun.objects.first()
    if run is None:
        return
    passed = override.covered()
    label = item._meta.label_lower
    for row in run.wording:
        if row.get("model") == label and row.get("pk") == item.pk and row["wrong"] in passed:
            row["overridden"] = True
            row["blocked"] = False
    run.save(update_fields=["wording"])
