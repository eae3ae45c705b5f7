"""Import published documents (txt, md, html, docx, pdf) as DRAFTS of the 政策文件库.

    manage.py import_documents PATH... [--organization SLUG]

For each file the text is read (``disclosure.library.extract.read_text``) and its metadata
extracted (``extract_metadata``); a draft is created, or the draft of an earlier import
of the same file updated. Nothing is published: staff check each draft and take it
through the 保密审查 (``disclosure.publishing.steps``) themselves.

The key of an import (``Document.import_source``) is ``file:<agency slug>/<file name>``:
it does not depend on the content or on where the file lies, so importing a corrected
copy of the same file updates its draft. A draft that has meanwhile been submitted or
published is never touched.

The command prints, per file, every field it found (dates as YYYY-MM-DD, reconstructed
fields marked 推断, each with where it was read) and every field it could not find or map.
It exits non-zero only when a path cannot be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.html import escape

from catalog.models import Genre, Organization, Theme
from disclosure.library.extract import (
    SOURCES,
    Extracted,
    UnsupportedFileType,
    extract_metadata,
    read_text,
)
from disclosure.library.models import Document
from disclosure.library.openness import MARKS, NEEDS_REASON, Openness
from disclosure.library.site_import import PAGE_SUFFIXES, MalformedPage, read_html

SOURCE_PREFIX = "file:"
READABLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".shtml", ".docx", ".pdf"}

# What the report says about metadata the page states but the import does not copy:
# the library assigns its own 索引号 and 发布日期 on publication, and derives 有效性.
NOT_COPIED = {
    "发布日期": "原网页所载，仅供核对；发布时可选用此日期",
    "有效性": "原网页所载，仅供核对；本库按施行日期、有效期和废止、修改记录计算",
}


class UnreadableFile(Exception):
    """The path does not exist or cannot be read as a document."""


@dataclass
class FileReport:
    """What happened to one file, in the words the command prints."""

    path: Path
    outcome: str = ""  # 新建草稿 / 更新草稿 / 未改动 / 未导入 / 无法读取
    document: Document | None = None
    organization: str = ""  # the owning agency and how it was chosen
    extracted: Extracted | None = None
    found: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    not_found: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # could not map, warnings, refusals

    @property
    def unreadable(self) -> bool:
        return self.outcome == "无法读取"

    def lines(self) -> list[str]:
        head = f"{self.path}：{self.outcome}"
        if self.document is not None:
            head += f"（文件编号 {self.document.pk}）《{self.document.title}》"
        out = [head]
        if self.organization:
            out.append(f"  所属机关：{self.organization}")
        if self.found:
            out.append("  找到：")
            out += [f"    {label}：{value}" for label, value in self.found]
        if self.not_found:
            out.append(f"  未找到：{'、'.join(self.not_found)}")
        if self.problems:
            out.append("  未能处理：")
            out += [f"    {problem}" for problem in self.problems]
        return out


def import_source_key(path: Path, organization: Organization) -> str:
    """The content-independent key of a file's import: agency and file name."""
    return f"{SOURCE_PREFIX}{organization.slug}/{path.name}"[:500]


def body_html(text: str) -> str:
    """Plain text, one paragraph a line, as escaped HTML paragraphs (sanitized on save)."""
    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())


def find_organization(name: str) -> Organization | None:
    """The agency of a 发文机关 name: by full name, else by short name."""
    name = "".join(name.split())
    if not name:
        return None
    return (
        Organization.objects.filter(name=name).first()
        or Organization.objects.filter(short_name=name).first()
    )


def expand_paths(paths: list[str]) -> list[Path]:
    """Files named on the command line; a directory stands for its readable files."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            out += sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES
            )
        else:
            out.append(path)
    return out


def read_document(path: Path) -> Extracted:
    if not path.is_file():
        raise UnreadableFile("文件不存在。" if not path.exists() else "不是文件。")
    if path.suffix.lower() in PAGE_SUFFIXES:
        # A saved web page is read as import_site reads it (boilerplate, heading, charset).
        try:
            return read_html(path.read_bytes())[2]
        except MalformedPage as exc:
            raise UnreadableFile(str(exc)) from exc
        except OSError as exc:
            raise UnreadableFile(f"无法读取：{exc}") from exc
    try:
        text = read_text(path)
    except UnsupportedFileType as exc:
        raise UnreadableFile(str(exc)) from exc
    except Exception as exc:  # a damaged PDF or DOCX, no permission, ...
        raise UnreadableFile(f"无法读取：{exc}") from exc
    if not text.strip():
        raise UnreadableFile("文件中没有可读取的文字（扫描件需先做文字识别）。")
    return extract_metadata(text)


def import_file(path: Path, *, organization: Organization | None = None) -> FileReport:
    """Import one file as a draft (or update the draft of its earlier import).

    ``organization`` is the owning agency; without it the extracted 发文机关 is matched to
    an agency by name. Returns the report; raises nothing for problems of the content.
    """
    report = FileReport(path=path)
    try:
        extracted = read_document(path)
    except UnreadableFile as exc:
        report.outcome = "无法读取"
        report.problems.append(str(exc))
        return report
    report.extracted = extracted
    _describe(report, extracted)

    issuers, unmatched = _issuers(extracted.issuer)
    for name in unmatched:
        report.problems.append(f"发文机关「{name}」未找到对应的机关。")
    owner = organization or (issuers[0] if issuers else None)
    if owner is not None:
        how = "按命令参数指定" if organization else "按发文机关匹配"
        report.organization = f"{owner.name}（{how}）"
    if owner is None:
        report.outcome = "未导入"
        report.problems.append(
            "无法确定所属机关：发文机关未找到或不对应任何机关，请用 --organization 指定。"
        )
        return report
    if not extracted.title:
        report.outcome = "未导入"
        report.problems.append("未找到标题，无法建立草稿。")
        return report
    if extracted.written_on is None:
        report.outcome = "未导入"
        report.problems.append("未找到成文日期，无法建立草稿（成文日期为必填项）。")
        return report

    with transaction.atomic():
        key = import_source_key(path, owner)
        document = Document.objects.select_for_update().filter(import_source=key).first()
        if document is not None and document.status != Document.Status.DRAFT:
            report.outcome = "未改动"
            report.document = document
            report.problems.append(
                f"该文件此前导入的草稿现为「{document.get_status_display()}」，导入不再修改它；"
                "如需更正请在管理后台修改。"
            )
            return report
        creating = document is None
        if creating:
            document = Document(organization=owner, import_source=key)
        _apply(document, extracted, report)
        if problem := document.original_index_number_problem():
            # Within one agency a 索引号 names one document: nothing is written.
            report.outcome = "未导入"
            report.problems.append(problem)
            report.document = None
            return report
        document.save()
        # 发文机关 other than the owning agency (or several: a joint document) are listed.
        if any(org.pk != owner.pk for org in issuers):
            document.issuing_organizations.set(issuers)
        elif issuers:
            document.issuing_organizations.clear()
    report.document = document
    report.outcome = "新建草稿" if creating else "更新草稿"
    return report


def _describe(report: FileReport, extracted: Extracted) -> None:
    """Every field found, with its value (dates as YYYY-MM-DD), and those not found."""
    inferred = set(extracted.inferred)
    for name, value in extracted.found.items():
        label = f"{name}（推断）" if name in inferred else name
        if name == "公开属性" and extracted.disclosure_mark:
            value = f"{value}（{Openness(extracted.disclosure_mark).label}）"
        if source := SOURCES.get(extracted.sources.get(name, "")):
            value = f"{value}（{source}）"  # where it was read: 元数据表, 标题区, 落款, 正文
        if name in NOT_COPIED:
            value = f"{value}（{NOT_COPIED[name]}）"
        report.found.append((label, value))
    report.not_found = list(extracted.missing)
    report.problems += extracted.warnings


def _issuers(issuer: str | None) -> tuple[list[Organization], list[str]]:
    """The agencies named as 发文机关 (joint issuers are joined with 、) and unknown names."""
    found, unmatched = [], []
    for name in (issuer or "").split("、"):
        if not name.strip():
            continue
        org = find_organization(name)
        if org is None:
            unmatched.append(name.strip())
        elif org not in found:
            found.append(org)
    return found, unmatched


def _apply(document: Document, extracted: Extracted, report: FileReport) -> None:
    """Copy what was found onto the draft; fields not found keep what staff entered."""
    document.title = extracted.title[: Document._meta.get_field("title").max_length]
    document.written_on = extracted.written_on
    if extracted.doc_number:
        document.doc_number = extracted.doc_number
    if extracted.index_number:
        # The original 索引号 is kept: publication takes it as this library's 索引号.
        number = extracted.index_number.strip()
        if len(number) > Document._meta.get_field("original_index_number").max_length:
            report.problems.append(f"索引号「{number}」过长，未保留，发布时将编制新的索引号。")
        else:
            document.original_index_number = number
    if extracted.keywords:
        document.keywords = extracted.keywords[: Document._meta.get_field("keywords").max_length]
    if extracted.body:
        document.body = body_html(extracted.body)
    if extracted.theme:
        theme = Theme.objects.filter(name=extracted.theme).first()
        if theme is None:
            report.problems.append(
                f"主题分类「{extracted.theme}」不在本库的主题分类中，未设置，请人工选择。"
            )
        else:
            document.theme = theme
    if extracted.genre:
        genre = Genre.objects.filter(name=extracted.genre).first()
        if genre is None:
            report.problems.append(
                f"体裁「{extracted.genre}」不在本库的体裁分类中，未设置，请人工选择。"
            )
        else:
            document.genre = genre
    if extracted.disclosure_mark:
        document.disclosure = extracted.disclosure_mark
        if extracted.disclosure_mark in NEEDS_REASON and not document.disclosure_reason.strip():
            # The database requires a reason; record where the marking comes from and ask
            # staff for the legal basis before the draft can be checked.
            mark = MARKS[extracted.disclosure_mark]
            document.disclosure_reason = f"原文标注「{mark}」（导入时记录，请补充理由及法律依据）"
            report.problems.append(
                f"公开属性为「{Openness(extracted.disclosure_mark).label}」：请在草稿中补充理由及法律依据。"
            )
    elif document._state.adding:
        report.problems.append("未找到公开属性标注，暂按「主动公开」，请核对。")


class Command(BaseCommand):
    help = "导入已印发文件（txt、html、docx、pdf）为政策文件库草稿，并报告识别出的元数据"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="文件或文件夹")
        parser.add_argument(
            "--organization",
            metavar="SLUG",
            help="所属机关的网址标识；不指定则按识别出的发文机关名称匹配",
        )

    def handle(self, *args, **options):
        organization = None
        if options.get("organization"):
            organization = Organization.objects.filter(slug=options["organization"]).first()
            if organization is None:
                raise CommandError(f"没有网址标识为「{options['organization']}」的机关。")
        reports = [
            import_file(path, organization=organization) for path in expand_paths(options["paths"])
        ]
        for report in reports:
            style = self.style.ERROR if report.unreadable else (lambda s: s)
            for i, line in enumerate(report.lines()):
                self.stdout.write(style(line) if i == 0 else line)
        counts = {
            outcome: sum(r.outcome == outcome for r in reports)
            for outcome in ("新建草稿", "更新草稿", "未改动", "未导入", "无法读取")
        }
        summary = "，".join(f"{k} {v}" for k, v in counts.items())
        self.stdout.write(
            f"共 {len(reports)} 个文件：{summary}。导入的文件均为草稿，请核对后提交审核。"
        )
        if counts["无法读取"] or not reports:
            raise CommandError(
                f"{counts['无法读取']} 个文件无法读取。" if reports else "没有可导入的文件。"
            )
