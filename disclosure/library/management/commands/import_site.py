"""Migrate an old site's saved column: ``manage.py import_site DIR --organization SLUG``.

Every HTML page under DIR becomes a draft of the 政策文件库 (with ``--publish --reviewer
USERNAME`` a published document keeping the page's 发布日期 and 索引号), its attachments
attached and cleaned, links between migrated pages rewritten. Re-running changes nothing
for unchanged pages. The per-page report is written as XLSX (``--report``). The work is
done by ``disclosure.library.site_import``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from catalog.models import Organization
from catalog.permissions import can_review_for
from disclosure.library import site_import


class ProgressBar:
    """A one-line progress bar on a terminal (nothing when the output is not one)."""

    def __init__(self, stream, label: str) -> None:
        self.stream, self.label = stream, label
        self.enabled = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.monotonic()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or not total:
            return
        percent = done * 100 // total
        if percent == self.shown and done != total:
            return
        self.shown = percent
        filled = percent * 30 // 100
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {percent:3d}% "
            f"{done // 2}/{total // 2} 页 {elapsed:5.0f} 秒"
        )
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "迁移旧网站保存的栏目（HTML 页面及附件）为政策文件库文件，并生成逐页报告（XLSX）"

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="保存的栏目文件夹")
        parser.add_argument("--organization", required=True, metavar="SLUG", help="所属机关")
        parser.add_argument(
            "--publish", action="store_true", help="直接发布（沿用原页面的发布日期和索引号）"
        )
        parser.add_argument("--reviewer", metavar="USERNAME", help="发布时的审核人（本机关）")
        parser.add_argument("--dry-run", action="store_true", help="试运行：只读取和报告，不写入")
        parser.add_argument(
            "--report", metavar="XLSX", default="import_site_report.xlsx", help="逐页报告文件"
        )
        parser.add_argument(
            "--host",
            action="append",
            default=[],
            metavar="HOST",
            help="旧网站的域名（绝对网址中的此域名视为站内链接；可多次指定）",
        )

    def handle(self, *args, **options):
        folder = Path(options["folder"]).expanduser()
        if not folder.is_dir():
            raise CommandError(f"「{folder}」不是文件夹。")
        organization = Organization.objects.filter(slug=options["organization"]).first()
        if organization is None:
            raise CommandError(f"没有网址标识为「{options['organization']}」的机关。")
        reviewer = None
        if options["publish"]:
            if not options.get("reviewer"):
                raise CommandError("--publish 须用 --reviewer 指定审核人。")
            reviewer = get_user_model().objects.filter(username=options["reviewer"]).first()
            if reviewer is None:
                raise CommandError(f"没有用户名为「{options['reviewer']}」的用户。")
            if not can_review_for(reviewer, organization):
                raise CommandError(f"「{reviewer.username}」不是{organization.name}的审核人。")
        started = time.monotonic()
        run = site_import.import_site(
            folder,
            organization,
            reviewer=reviewer,
            dry_run=options["dry_run"],
            hosts=options["host"],
            progress=ProgressBar(sys.stderr, "迁移"),
        )
        elapsed = time.monotonic() - started
        report = Path(options["report"])
        site_import.write_report(run, report)
        for page in run.reports:
            if page.failed or page.warnings:
                self.stdout.write(f"{page.path}：{page.outcome}")
                for warning in page.warnings:
                    self.stdout.write(f"  {warning}")
        outcomes = (
            site_import.CREATED, site_import.UPDATED, site_import.PUBLISHED,
            site_import.UNCHANGED, site_import.WOULD_CREATE, site_import.WOULD_UPDATE,
            site_import.NOT_IMPORTED, site_import.MALFORMED, site_import.UNREADABLE,
        )  # fmt: skip
        summary = "，".join(f"{o} {run.count(o)}" for o in outcomes if run.count(o))
        dry = "（试运行，未写入）" if options["dry_run"] else ""
        self.stdout.write(
            f"共 {len(run.reports)} 个页面{dry}：{summary or '无'}。用时 {elapsed:.1f} 秒。"
            f"逐页报告：{report}"
        )
