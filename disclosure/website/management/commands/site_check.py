"""站点体检 for the daily timer: check links and 错敏词, store them, print the verdicts."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from catalog.models import Organization
from disclosure.website import sitecheck


class Command(BaseCommand):
    help = "站点体检：检测链接、附件和错敏词，输出首页、栏目更新和单项否决情况"

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-external", action="store_true", help="不检测外部链接（离线时使用）"
        )

    def handle(self, *args, **options):
        run = sitecheck.run(external=not options["no_external"])
        report = sitecheck.report(list(Organization.objects.active()), timezone.localdate())
        write = self.stdout.write
        write(
            f"检测链接{run.links_checked}个，不可用{len(run.broken)}个；错敏词{len(run.wording)}处。"
        )
        write(f"首页最新信息：{report.home_last or '无'}")
        for agency in report.agencies:
            c = agency.counts
            write(
                f"{agency.organization.name}：未按时更新{c.all_stale}（动态/通知/政策"
                f"{c.key_stale}），空白{c.empty}，不可用链接{len(agency.broken_links)}，"
                f"错敏词{len(agency.wording)}，超期留言{len(agency.unanswered)}——"
                + ("；".join(agency.vetoes) or "通过")
            )
        for row in run.broken:
            where = f"{row['page_title']} {row['page_url']}"
            write(f"  不可用链接：{row['url']}（{row['reason']}）于{where}")
        for row in run.wording:
            if row["severe"]:
                state = "已阻止发布" if row["blocked"] else "已发布"
                write(f"  严重错敏词：「{row['wrong']}」{state}：{row['page_title']}")
        vetoes = report.vetoes
        write("全站：" + ("触及单项否决：" + "；".join(vetoes) if vetoes else "未触及单项否决"))
