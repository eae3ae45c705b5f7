"""「已公开信息安全检查」: scan everything already public for personal data.

Every public document (title, 内容概述, 正文, attachments' names and the text of PDF and
DOCX attachments), interpretation and consultation (the draft, its materials and, once
published, the 意见采纳情况反馈) is checked with ``disclosure.pii``; findings staff
confirmed (``publishing.confirm_personal_data``) are not reported again. Prints masked
findings only and exits with status 1 when anything is found, for cron.
Rows are read in chunks (``iterator(chunk_size=…)`` with the attachments prefetched per
chunk), so the query count does not grow with the number of documents.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch

from catalog.models import Organization
from disclosure import pii
from disclosure.models import (
    Attachment,
    Consultation,
    ConsultationAttachment,
    Document,
    Interpretation,
    InterpretationMedia,
)

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
        documents = Document.objects.public().select_related("organization")
        interpretations = Interpretation.objects.public().select_related("organization")
        consultations = Consultation.objects.public().select_related("organization")
        if organization is not None:
            documents = documents.filter(organization=organization)
            interpretations = interpretations.filter(organization=organization)
            consultations = consultations.filter(organization=organization)
        consultations = consultations.prefetch_related(
            Prefetch(
                "attachments",
                queryset=ConsultationAttachment.objects.only(
                    "pk", "consultation_id", "title", "file", "file_kind"
                ),
            )
        ).order_by("pk")
        documents = (
            documents.only(
                "pk",
                "title",
                "summary",
                "body",
                "index_number",
                "pii_confirmed_digests",
                "organization__name",
            )
            .prefetch_related(
                Prefetch(
                    "attachments",
                    queryset=Attachment.objects.only("pk", "document_id", "title", "file", "kind"),
                )
            )
            .order_by("pk")
        )
        interpretations = (
            interpretations.only(
                "pk",
                "title",
                "summary",
                "body",
                "index_number",
                "pii_confirmed_digests",
                "organization__name",
            )
            .prefetch_related(
                Prefetch(
                    "media",
                    queryset=InterpretationMedia.objects.only(
                        "pk", "interpretation_id", "title", "text_alternative"
                    ),
                )
            )
            .order_by("pk")
        )
        items = checked = 0
        notes = 0
        for label, rows, scan in (
            ("政策文件", documents, lambda d: pii.scan_document(d, read_files=read_files)),
            ("政策解读", interpretations, pii.scan_interpretation),
            ("意见征集", consultations, lambda c: _scan_consultation(c, read_files)),
        ):
            for item in rows.iterator(chunk_size=CHUNK_SIZE):
                checked += 1
                result = scan(item)
                for note in result.notes:
                    notes += 1
                    self.stdout.write(
                        f"[提示] {item.organization.name} {label}《{item.title}》：{note}"
                    )
                found = result.unconfirmed(item.pii_confirmed_digests)
                if not found:
                    continue
                items += 1
                number = getattr(item, "index_number", "") or "—"
                self.stdout.write(
                    f"{item.organization.name}\t{label}\t{number}\t"
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


def _scan_consultation(consultation, read_files: bool) -> pii.ScanResult:
    """The page, and the feedback once it is public."""
    page = pii.scan_consultation(consultation, read_files=read_files)
    if not consultation.feedback_published_on:
        return page
    feedback = pii.scan_feedback(consultation)
    return pii.ScanResult(page.findings + feedback.findings, page.notes)
