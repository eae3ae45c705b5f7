"""Helpers of the journey tests: a new browser tab, the admin login form, the real published
samples kept in the repository (``disclosure/library/samples``) and a real PDF to attach.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from catalog.models import Genre, Organization, Theme
from config.web.pdf import letter_pdf
from disclosure.library.demo_samples import SAMPLES_DIR
from disclosure.library.extract import Extracted, extract_metadata, read_text
from disclosure.library.management.commands.import_documents import import_file
from disclosure.library.models import Attachment, Document
from disclosure.publishing import steps as publishing
from tests.disclosure.builders import builder_reviewer

PASSWORD = "pw-for-tests-123"  # tests/conftest.make_staff's
REPO = Path(__file__).resolve().parents[2]
SAMPLES = SAMPLES_DIR

LAIYANG_2020 = "laiyang-2020-gongkai-fangan.txt"
LIAOCHENG_2020 = "liaocheng-2020-gongkai-yaodian.txt"
LIAOCHENG_2025 = "liaocheng-2025-gongkai-yaodian.txt"


def new_page(browser, **options):
    """A tab in a fresh browser context: its own cookies, as another person's browser."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, **options
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def run_action(page, title: str, action: str) -> None:
    """On an admin change list: tick the row of ``title``, choose ``action`` and run it."""
    page.locator("#result_list tbody tr", has_text=title).locator("input.action-select").check()
    page.locator('select[name="action"]').select_option(label=action)
    page.get_by_role("button", name="执行").click()


def log_in(page, url: str, user) -> None:
    """Open ``url`` (a staff page), get the admin login form and sign in as ``user``."""
    page.goto(url)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator('input[type="submit"]').click()
    page.locator("#id_username").wait_for(state="detached")


def sample_path(name: str) -> Path:
    return SAMPLES / name


def sample(name: str) -> Extracted:
    """What the importer reads from a sample: title, 文号, 成文日期, body text, …"""
    return extract_metadata(read_text(sample_path(name)))


def pdf_bytes(title: str, text: str, agency: str) -> bytes:
    """A real one-page PDF (the letters' generator, embedded CJK font) carrying ``text``."""
    return letter_pdf(title, text, agency=agency, number="", date=datetime.date(2025, 6, 27))


def attach_pdf(document: Document, title: str, text: str) -> Attachment:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = pdf_bytes(title, text, document.organization.name)
    attachment = Attachment(
        document=document,
        title=title,
        file=SimpleUploadedFile(f"{title}.pdf", data, content_type="application/pdf"),
    )
    attachment.full_clean()
    attachment.save()
    return attachment


def publish_sample(
    name: str,
    organization: Organization,
    *,
    by,
    reviewer=None,
    theme: str = "综合政务",
    genre: str = "通知",
    attachment: tuple[str, str] | None = None,
    **fields,
) -> Document:
    """A sample imported as staff import files, completed, submitted by ``by`` and approved
    by ``reviewer`` (the builders' reviewer unless given: never the submitter)."""
    report = import_file(sample_path(name), organization=organization)
    document = report.document
    document.theme = Theme.objects.get(name=theme)
    document.genre = Genre.objects.get(name=genre)
    for field, value in fields.items():
        setattr(document, field, value)
    document.save()
    if attachment:
        attach_pdf(document, *attachment)
    publishing.submit_for_review(document, by=by)
    on = report.extracted.published_on or document.written_on + datetime.timedelta(days=1)
    return publishing.publish(document, by=reviewer or builder_reviewer(), on=on)
