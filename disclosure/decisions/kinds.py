"""Consultations (意见征集) as a kind of the publishing core
(``disclosure.publishing.steps``): the minimum comment period checked at publication,
and what the personal-data check reads.

Registered when the app is ready (``DecisionsConfig.ready``).
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch

from config.web import pii
from disclosure.decisions.models import Comment, Consultation, ConsultationAttachment, Viewpoint
from disclosure.decisions.models.consultation import period_problem
from disclosure.publishing.steps import PublishingKind, register


def scan_consultation(consultation: Consultation, *, read_files: bool = True) -> pii.ScanResult:
    """Scan what publishing a consultation shows: title, 内容概述, 征求意见稿, 起草说明,
    联系方式 (an office's hotline may be a mobile number: staff confirm it), the reason for
    a short period, and the published materials."""
    findings = pii.scan_text(consultation.title, "标题")
    findings += pii.scan_text(consultation.summary, "内容概述")
    findings += pii.scan_text(pii.html_text(consultation.draft), "征求意见稿")
    findings += pii.scan_text(pii.html_text(consultation.explanation), "起草说明")
    findings += pii.scan_text(consultation.contact, "联系方式")
    findings += pii.scan_text(consultation.short_period_reason, "期限较短的理由")
    files = pii.scan_attachments(
        consultation.attachments.all(), kind_of=lambda a: a.file_kind, read_files=read_files
    )
    return pii.ScanResult(findings + files.findings, files.notes)


def scan_feedback(consultation: Consultation) -> pii.ScanResult:
    """Scan what the 意见采纳情况反馈 publishes: the summary, the 主要观点 and, for each
    comment, staff's excerpt and reason (commenters sometimes write their number into the
    text; an excerpt must not carry it onto the public page)."""
    findings = pii.scan_text(consultation.feedback_summary, "意见收集和采纳情况说明")
    for viewpoint in Viewpoint.objects.filter(consultation=consultation).only("summary"):
        findings += pii.scan_text(viewpoint.summary, "主要观点")
    comments = Comment.objects.filter(consultation=consultation).only("pk", "excerpt", "reason")
    for comment in comments.order_by("pk"):
        findings += pii.scan_text(comment.excerpt, f"意见{comment.pk}摘录")
        findings += pii.scan_text(comment.reason, f"意见{comment.pk}采纳理由")
    return pii.ScanResult(findings, [])


def scan_consultation_with_feedback(
    consultation: Consultation, *, read_files: bool = True
) -> pii.ScanResult:
    """Everything of a consultation that is or will be public (what staff confirm)."""
    page = scan_consultation(consultation, read_files=read_files)
    feedback = scan_feedback(consultation)
    return pii.ScanResult(page.findings + feedback.findings, page.notes)


def _public_scan(consultation: Consultation, read_files: bool) -> pii.ScanResult:
    """The page, and the feedback once it is public."""
    if consultation.feedback_published_on:
        return scan_consultation_with_feedback(consultation, read_files=read_files)
    return scan_consultation(consultation, read_files=read_files)


def _public_consultations():
    return (
        Consultation.objects.public()
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=ConsultationAttachment.objects.only(
                    "pk", "consultation_id", "title", "file", "file_kind"
                ),
            )
        )
        .order_by("pk")
    )


def _problems(consultation: Consultation, published_on: datetime.date) -> list[str]:
    # The period the public actually has runs from the later of the publication and the
    # start date: published late, it must still reach the kind's minimum or carry the
    # reason for a shorter one (Art. 15 of 《重大行政决策程序暂行条例》).
    if published_on > consultation.ends_on:
        return ["征求意见截止日期已过，不能发布；请调整征求意见期限。"]
    problem = period_problem(
        consultation.kind,
        max(consultation.starts_on, published_on),
        consultation.ends_on,
        consultation.short_period_reason,
    )
    return [f"按发布日期{published_on:%Y-%m-%d}起算，{problem}"] if problem else []


def _note(consultation: Consultation, published_on: datetime.date) -> str:
    return f"征求意见期限 {consultation.starts_on:%Y-%m-%d} 至 {consultation.ends_on:%Y-%m-%d}"


CONSULTATION = PublishingKind(
    noun="意见征集",
    own="意见征集",
    clean_exclude=("organization", "final_document"),
    publication_problems=_problems,
    publication_scan=scan_consultation,
    confirmation_scan=scan_consultation_with_feedback,
    public_scan=_public_scan,
    public_items=_public_consultations,
    publication_note=_note,
    files=lambda consultation: consultation.attachments.all(),
)


def register_kinds() -> None:
    register(Consultation, CONSULTATION)
