"""Demo: the real published documents of ``disclosure/library/samples`` (the one copy in the
repository, also read by the tests), imported the way staff import files
(``import_documents``), then checked and published under the agencies that issued them."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model

from catalog.models import Genre, Organization, Theme
from disclosure.library.management.commands.import_documents import import_file
from disclosure.library.models import Document
from disclosure.publishing import demo as publishing_demo
from disclosure.publishing import steps as publishing

# file -> (issuing agency slug, what staff set when checking the draft)
SAMPLES = {
    "laiyang-2020-gongkai-fangan.txt": ("lyszfb", {"theme": "综合政务"}),
    "liaocheng-2020-gongkai-yaodian.txt": ("lcszfb", {"theme": "综合政务", "genre": "通知"}),
    "liaocheng-2025-gongkai-yaodian.txt": ("lcszfb", {"theme": "综合政务", "genre": "通知"}),
}


#: The real published documents kept in the repository (see its README for their sources).
SAMPLES_DIR = Path(__file__).resolve().parent / "samples"


def samples_dir() -> Path:
    return SAMPLES_DIR


def load(orgs: dict[str, Organization], stdout=None) -> None:
    folder = samples_dir()
    if not folder.is_dir():
        if stdout:
            stdout.write(f"未找到样例文件目录 {folder}，跳过样例文件导入。")
        return
    staff = get_user_model().objects
    for name, (slug, checked) in SAMPLES.items():
        path = folder / name
        if not path.exists():
            continue
        org = orgs[slug]
        report = import_file(path, organization=org)
        document = report.document
        if document is None or document.status != Document.Status.DRAFT:
            continue  # unreadable, or already checked and published by an earlier run
        by = staff.get(username=f"{slug}_staff")
        # What the checking staff member completes before the 保密审查.
        if "theme" in checked and document.theme_id is None:
            document.theme = Theme.objects.get(name=checked["theme"])
        if "genre" in checked and document.genre_id is None:
            document.genre = Genre.objects.get(name=checked["genre"])
        document.save()
        publishing.submit_for_review(document, by=by)
        extracted = report.extracted
        on = (extracted.published_on if extracted else None) or document.written_on
        publishing_demo.approve(document, on=on)
