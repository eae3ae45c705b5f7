"""Load the demo data: agencies, accounts and each app's demo records. Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from catalog import demo as catalog_demo
from disclosure.column import demo as disclosure_demo
from disclosure.decisions import demo as demo_decisions
from disclosure.engagement import demo as demo_engagement
from disclosure.library import demo_concerns, demo_documents, demo_interpretations, demo_samples
from disclosure.mailbox import demo as demo_mailbox
from disclosure.reports import demo as demo_reports
from disclosure.website import demo as demo_website
from disclosure.website import sitecheck
from requests_app import demo as requests_demo


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，不会产生重复记录）"

    def handle(self, *args, **options):
        with transaction.atomic():
            orgs = catalog_demo.load(stdout=self.stdout)
            disclosure_demo.load(orgs, stdout=self.stdout)
            demo_documents.load(orgs, stdout=self.stdout)
            demo_samples.load(orgs, stdout=self.stdout)
            demo_interpretations.load(orgs, stdout=self.stdout)
            demo_concerns.load(orgs, stdout=self.stdout)
            demo_decisions.load(orgs, stdout=self.stdout)
            demo_engagement.load(orgs, stdout=self.stdout)
            requests_demo.load(orgs, stdout=self.stdout)
            demo_reports.load(orgs, stdout=self.stdout)
            demo_mailbox.load(orgs, stdout=self.stdout)
            demo_website.load(orgs, stdout=self.stdout)
        # The 站点体检 page shows the links and 错敏词 of the last run: one offline run now
        # (the daily timer checks external links too).
        sitecheck.run(external=False)
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已就绪：{len(orgs)} 个机关。管理后台账号 admin / supervisor / "
                f"<机关>_staff，密码 {catalog_demo.DEMO_PASSWORD}"
            )
        )
