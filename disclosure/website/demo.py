"""The demo a new user meets: a living portal that passes its own 站点体检 — except one
agency, 莱阳市人民政府办公室 (``FAILING``), left behind on purpose to show the check.

For every other agency: a document under every leaf of its 主动公开目录 (the newest within
the nodes' update rules), notices, a recent interpretation (its 工作动态), a
政务公开事项标准目录, last year's 政府信息公开工作年度报告; for the site: last year's
visits and 政府网站工作年度报表. The failing agency gets a few old documents, one
carrying a broken internal link and a broken external one (an ``.invalid`` address, which
never resolves: no outside server is asked), and a draft a severe 错敏词 blocks.

Dates count back from the day of the first load. Idempotent: documents by (agency,
title), the rest by their natural keys.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import Category, Genre, Organization, StandardCatalogItem, Theme
from disclosure.library.models import Document, Interpretation
from disclosure.publishing import demo as publishing_demo
from disclosure.publishing import steps as publishing
from disclosure.reports import services as reports
from disclosure.reports.models import AnnualReport
from disclosure.website import annual
from disclosure.website.models import DailyVisits, WebsiteReport

FAILING = "lyszfb"
GENRES = ["通知", "公告", "意见", "规范性文件", "方案", "通告"]


def _staff(org):
    return get_user_model().objects.get(username=f"{org.slug}_staff")


def _publish(item, by, on: datetime.date):
    publishing.submit_for_review(item, by=by)
    return publishing_demo.approve(item, on=on)


def _document(org, by, *, title, node, genre, on, body="") -> Document | None:
    existing = Document.objects.filter(organization=org, title=title).first()
    if existing is not None:
        return existing
    document = Document(
        organization=org,
        title=title,
        summary=f"{org.name}发布的{node.name if node else '政务'}信息。",
        written_on=on - datetime.timedelta(days=2),
        theme=_theme(),
        genre=Genre.objects.get(name=genre),
        category=node,
        body=body or f"<p>{title}。</p><p>各有关单位：现将有关事项公告如下。</p>",
    )
    document.full_clean()
    document.save()
    return _publish(document, by, on)


_THEME: list[Theme] = []


def _theme() -> Theme:
    if not _THEME:
        _THEME.append(Theme.objects.order_by("position", "pk").first())
    return _THEME[0]


def _leaves(org) -> list[Category]:
    nodes = list(Category.objects.for_organization(org).order_by("position", "pk"))
    parents = {n.parent_id for n in nodes}
    return [n for n in nodes if n.pk not in parents]


def _living(org, today: datetime.date, rng: random.Random) -> int:
    """Documents under most nodes (the ruled ones fresh), notices, an interpretation."""
    by = _staff(org)
    short = org.short_name or org.name
    made = 0
    leaves = _leaves(org)
    for i, node in enumerate(leaves):
        recent = bool(node.update_rule) or i % 4 == 0
        days = rng.randint(1, 8) if recent else rng.randint(10, 150)
        genre = GENRES[i % len(GENRES)]
        _document(
            org,
            by,
            title=f"{short}关于{node.name}的{genre}",
            node=node,
            genre=genre,
            on=today - datetime.timedelta(days=days),
        )
        made += 1
    for n, days in enumerate((3, 40)):
        _document(
            org,
            by,
            title=f"{short}关于做好第{n + 1}批重点工作的通知",
            node=None,
            genre="通知",
            on=today - datetime.timedelta(days=days),
        )
        made += 1
    title = f"《{short}关于{leaves[0].name}的{GENRES[0]}》政策解读"
    if not Interpretation.objects.filter(organization=org, title=title).exists():
        document = Document.objects.get(
            organization=org, title=f"{short}关于{leaves[0].name}的{GENRES[0]}"
        )
        interpretation = Interpretation(
            organization=org,
            title=title,
            summary="解读政策背景、主要内容和适用范围。",
            body="<p>一、出台背景。二、主要内容。三、咨询方式。</p>",
            form=Interpretation.Form.QA,
        )
        interpretation.full_clean(exclude=["documents"])
        interpretation.save()
        interpretation.documents.set([document])
        _publish(interpretation, by, max(document.published_on, today - datetime.timedelta(days=2)))
    return made


def _failing(org, today: datetime.date) -> None:
    """Old documents under a few nodes, one with broken links, a draft a 错敏词 blocks."""
    by = _staff(org)
    short = org.short_name or org.name
    for i, node in enumerate(_leaves(org)[:4]):
        _document(
            org,
            by,
            title=f"{short}关于{node.name}的通知",
            node=node,
            genre="通知",
            on=today - datetime.timedelta(days=200 + 30 * i),
        )
    _document(
        org,
        by,
        title=f"{short}关于转发上级文件的通知",
        node=None,
        genre="通知",
        on=today - datetime.timedelta(days=220),
        body=(
            '<p>请见<a href="/zcwjk/99999999/">原文件</a>（已撤下）及'
            '<a href="http://zhengce.example.invalid/wenjian.html">上级网站</a>。</p>'
        ),
    )
    title = f"{short}关于接待香港政府考察团的通知"
    if not Document.objects.filter(organization=org, title=title).exists():
        draft = Document(
            organization=org,
            title=title,
            written_on=today,
            theme=_theme(),
            genre=Genre.objects.get(name="通知"),
            body="<p>接待安排如下。</p>",
        )
        draft.full_clean()
        draft.save()
        try:
            publishing.submit_for_review(draft, by=by)
        except ValidationError:
            pass  # the severe 错敏词 blocks it: the site check shows it


def _standard_catalog(org) -> None:
    if StandardCatalogItem.objects.filter(organization=org).exists():
        return
    for position, node in enumerate(_leaves(org)[:6], start=1):
        StandardCatalogItem.objects.create(
            organization=org,
            domain="政务公开通用事项",
            position=position,
            matter=node.name,
            content=f"{node.name}的主要内容",
            basis="《中华人民共和国政府信息公开条例》",
            time_limit="信息形成或变更之日起20个工作日内",
            subject=org.name,
            channels="政府网站",
            audience_public=True,
            mode_proactive=True,
            category=node,
        )


def _annual_report(org, year: int) -> None:
    if AnnualReport.objects.filter(organization=org, year=year).exists():
        return
    by = _staff(org)
    report = reports.create_draft(org, year, by=by)
    reports.update(
        report,
        by=by,
        licensing_decisions=0,
        penalty_decisions=0,
        enforcement_decisions=0,
        administrative_fees="0",
        overview=f"{year}年，{org.name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "坚持以公开为常态、不公开为例外，全面推进政务公开。",
        problems="一是政策解读形式较为单一；二是信息公开目录更新不够及时。\n"
        "下一步，将丰富解读形式，严格落实目录更新要求。",
    )
    publishing.publish(report, by=by, on=datetime.date(year + 1, 1, 20))


def _visits(year: int, rng: random.Random) -> None:
    days = [datetime.date(year, 1, 1) + datetime.timedelta(days=n) for n in range(365)]
    DailyVisits.objects.bulk_create(
        [DailyVisits(day=d, visitors=(v := rng.randint(300, 900)), views=v * 3) for d in days],
        ignore_conflicts=True,
    )


def _website_report(year: int) -> None:
    if WebsiteReport.objects.filter(year=year).exists():
        return
    by = get_user_model().objects.get(username="supervisor")
    report = annual.create_draft(year, by=by)
    entered = {
        "service.catalog": "是",
        "interact.platform": "是",
        "interact.qa": "否",
        "security.monitoring": "是",
        "security.drills": "是",
        "security.owner": "是",
        "innovate.languages": "否",
        "innovate.personal": "否",
        "innovate.other": "无",
    }
    for row in annual.report_rows(report):
        if row["source"] == "missing":
            annual.enter(
                report,
                by=by,
                key=row["key"],
                value=entered.get(row["key"], "0"),
                reason="网站管理台账（演示数据）",
            )
    annual.update(
        report, by=by, head="王主任", reviewer="李科长", filler="张科员", phone="0635-0000000"
    )
    publishing.publish(report, by=by, on=datetime.date(year + 1, 1, 25))


def load(orgs: dict[str, Organization], stdout=None) -> None:
    today = timezone.localdate()
    rng = random.Random(2026)
    last_year = today.year - 1
    made = 0
    for slug, org in orgs.items():
        _standard_catalog(org)
        _annual_report(org, last_year)
        if slug == FAILING:
            _failing(org, today)
            continue
        made += _living(org, today, rng)
    _visits(last_year, rng)
    _website_report(last_year)
    if stdout is not None:
        stdout.write(
            f"网站演示数据：各机关栏目文件{made}件、标准目录、{last_year}年度报告和政府网站工作年度报表；"
            f"{orgs[FAILING].name}为站点体检不通过的示例。"
        )
