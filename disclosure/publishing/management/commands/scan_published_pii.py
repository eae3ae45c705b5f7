"""「已公开信息安全检查」: scan everything already public for personal data.

Every kind registered with the publishing core that has a public scan — documents (title,
内容概述, 正文, attachments' names and the text of PDF and DOCX attachments),
interpretations and consultations (the draft, its materials and, once published, the
意见采纳情况反馈) — is checked with ``config.web.pii``; findings staff
confirmed (``steps.confirm_personal_data``) are not reported again. Prints masked findings
only and exits with status 1 when anything is found, for cron. Rows are read in chunks
(``iterator(chunk_size=…)`` with what the scan reads prefetched per chunk), so the query
count does not grow with the number of items.
"""

from django.core.management.base import BaseCommand, CommandError

from catalog.models import Organization
from disclosure.publishing import steps

CHUNK_SIZE = 500


class Command(BaseCommand):
    help = (
        "检查已公开的政策文件、政策解读和意见征集中是否含有身份证号码、手机号码、银行卡号"
        "（已公开信息安全检查）"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organization", metavar="SLUG", help="只检查某一机关（机关的网址代码 slug）"
        )
        parser.add_argument(
            "--skip-files", action="store_true", help="不读取附件文件内容，只检查文字和附件名"
        )

    def handle(self, *args, **options):
        organization = None
        if options.get("organization"):
            organization = Organization.objects.filter(slug=options["organization"]).first()
            if organization is None:
                raise CommandError(f"没有简称为「{options['organization']}」的机关。")
        read_files = not options["skip_files"]
        items = checked = notes = 0
        for _model, kind in steps.kinds():
            if kind.public_scan is None or kind.public_items is None:
                continue
            rows = kind.public_items()
            if organization is not None:
                rows = rows.filter(organization=organization)
            for item in rows.iterator(chunk_size=CHUNK_SIZE):
                checked += 1
                result = kind.public_scan(item, read_files)
                for note in result.notes:
                    notes += 1
                    self.stdout.write(
                        f"[提示] {item.organization.name} {kind.noun}《{item.title}》：{note}"
                    )
                found = result.unconfirmed(item.pii_confirmed_digests)
                if not found:
                    continue
                items += 1
                number = getattr(item, "index_number", "") or "—"
                self.stdout.write(
                    f"{item.organization.name}\t{kind.noun}\t{number}\t"
                    f"《{item.title}》\t{item.get_absolute_url()}"
                )
                for finding in found:
                    self.stdout.write(f"    {finding}")
        summary = f"已检查 {checked} 件，发现 {items} 件含有可能不应公开的个人信息。"
        if notes:
            summary += f"另有 {notes} 个附件无法自动检查，请人工检查。"
        if items:
            raise CommandError(summary, returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))
