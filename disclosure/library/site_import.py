"""Migrating an old site's column in one run (``manage.py import_site``).

The input is the column as saved from the old CMS (大汉 JCMS, TRS WCM …): a folder tree of
HTML pages (.html/.htm/.shtml, UTF-8 or GB18030) with their attachments beside them,
linked by relative, site-absolute or absolute URLs. Each page becomes a draft of the
政策文件库 — or, with a reviewer named, a published document keeping the page's 发布日期
and 索引号 (the old site reviewed and published it; as with an exchange file,
``library.steps.publish_received``) — with:

- the metadata read by ``disclosure.library.extract`` (the same reader as
  ``import_documents`` and the admin), each field with where it was found;
- the body: the page's content area without navigation and boilerplate (headers,
  footers, 「打印本页」「关闭窗口」, share bars), links between migrated pages rewritten to
  their new addresses;
- the attachments it links to, attached and cleaned like uploads (``Attachment.save``).

A page is identified by its path under the folder (``Document.import_source``
``site:<agency>/<path>``) and its content hash (``Document.import_hash``): an unchanged
page is skipped, a changed one updates its draft, a published one is never touched.
Every page gets a report row; a page that cannot be read or parsed, or an attachment
that is missing, is a row of the report and stops nothing else.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.urls import reverse
from django.utils.html import escape
from lxml import etree

from catalog.models import Genre, Organization, Theme
from config.web.filetext import html_to_text, read_text
from disclosure.library import steps as library_steps
from disclosure.library.extract import SOURCES, Extracted, extract_metadata, is_chrome_line
from disclosure.library.models import Attachment, Document
from disclosure.library.openness import Openness
from disclosure.publishing.steps import next_index_number

PAGE_SUFFIXES = frozenset({".html", ".htm", ".shtml"})
# What a link to an attachment ends with (what is accepted is decided by the upload check).
ATTACHMENT_SUFFIXES = frozenset(
    {".pdf", ".ofd", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ppt", ".pptx",
     ".txt", ".zip", ".rar", ".7z", ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff"}
)  # fmt: skip
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png"})
SOURCE_PREFIX = "site:"

# Outcomes, as the report words them.
CREATED, UPDATED, PUBLISHED, UNCHANGED = "新建草稿", "更新草稿", "已发布", "未改动"
NOT_IMPORTED, MALFORMED, UNREADABLE = "未导入", "页面格式错误", "无法读取"
WOULD_CREATE, WOULD_UPDATE = "将新建", "将更新"

# Page furniture: elements dropped before reading, by tag and by class or id words.
_DROPPED_TAGS = ("script", "style", "noscript", "iframe", "form", "nav", "footer", "object")
_BOILERPLATE = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|topbar|footer|foot|bottom|share|bdshare|bdsharebuttonbox"
    r"|jiathis|breadcrumb|crumbs?|position|location|dqwz|print|toolbar|tools|sidebar|aside"
    r"|copyright|banquan|related|xgwz|pager|prevnext|qrcode|ewm|login|search|skip)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
# Navigation, share bars and footers are short; a longer block is kept whatever its class.
_FURNITURE_MAX_CHARS = 1500
# Where CMS templates put the document text (first match wins).
_CONTENT_XPATHS = (
    "//*[@id='UCAP-CONTENT']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' trs_editor_view ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]",
    "//*[@id='zoom']",
    "//*[@id='Zoom']",
    "//*[@id='zoomcon']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' bt_content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' article-content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' pages_content ')]",
    "//*[@id='content']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' content ')]",
    "//article",
)
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜—－-]{1,2}\s*")


class MalformedPage(Exception):
    """The page is not HTML that can be read (encoding, structure, no title)."""


@dataclass
class PageReport:
    """One page of the run, as the report shows it."""

    path: str  # relative to the folder, POSIX style
    outcome: str = ""
    title: str = ""
    url: str = ""
    found: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, source)
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    attachments: int = 0
    document_id: int | None = None

    @property
    def failed(self) -> bool:
        return self.outcome in (NOT_IMPORTED, MALFORMED, UNREADABLE)


@dataclass
class _Page:
    """A page read and parsed, before it is written."""

    path: Path
    rel: str
    digest: str
    extracted: Extracted
    content: etree._Element | None  # the content area, links still as on the old site
    attachments: list[tuple[Path, str, str]]  # (file, title, href as written)
    page_links: list[tuple[etree._Element, str]]  # (<a>, page it points to)
    attachment_links: list[tuple[etree._Element, str]]  # (element, attribute), as attachments


@dataclass
class SiteImport:
    """The outcome of a run: one report per page, in folder order."""

    root: Path
    reports: list[PageReport] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(r.outcome == outcome for r in self.reports)


# =====================================================================================
# Reading one page
# =====================================================================================


def decode_page(data: bytes) -> str:
    """The page's text: UTF-8 when the bytes are valid UTF-8 (a strong signal: GBK text
    almost never is, whatever the page declares — saved copies are often re-encoded
    without their meta tag changing), else GB18030 (a superset of GBK and GB2312)."""
    for name in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    raise MalformedPage("页面编码无法识别（既不是 UTF-8 也不是 GB18030）。")


def _parse(text: str) -> etree._Element:
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise MalformedPage(f"不是可以读取的 HTML 页面：{exc}") from exc
    if tree.find("body") is None or not "".join(tree.find("body").itertext()).strip():
        raise MalformedPage("页面中没有可读取的内容。")
    return tree


def _drop_boilerplate(tree: etree._Element) -> None:
    """Remove navigation, headers, footers, share bars and button rows in place."""
    for element in tree.xpath("|".join(f"//{tag}" for tag in _DROPPED_TAGS)):
        element.drop_tree()
    for element in tree.xpath("//header"):
        if not element.xpath(".//h1"):
            element.drop_tree()
    for element in tree.xpath("//body//*[@class or @id]"):
        words = f"{element.get('class', '')} {element.get('id', '')}"
        if element.getparent() is not None and _BOILERPLATE.search(words):
            # A wrapper that happens to carry such a class (the heading or a long text
            # inside it) is page, not furniture.
            long_text = len("".join(element.itertext())) > _FURNITURE_MAX_CHARS
            if not element.xpath(".//h1") and element.tag != "body" and not long_text:
                element.drop_tree()
    for element in tree.xpath("//body//*[self::a or self::span or self::button or self::li]"):
        text = "".join(element.itertext()).strip()
        if text and len(text) <= 30 and is_chrome_line(text) and element.getparent() is not None:
            element.drop_tree()
    for element in tree.xpath("//body//*[self::div or self::p or self::td or self::ul]"):
        text = " ".join("".join(element.itertext()).split())
        if text and len(text) <= 40 and is_chrome_line(text) and element.getparent() is not None:
            element.drop_tree()


def _content_area(tree: etree._Element) -> etree._Element | None:
    for xpath in _CONTENT_XPATHS:
        found = tree.xpath(xpath)
        if found and "".join(found[0].itertext()).strip():
            return found[0]
    return None


def _heading_title(tree: etree._Element) -> str:
    """The page's own heading: its <h1>, else the <title> before the site name."""
    for element in tree.xpath("//h1"):
        text = "".join("".join(element.itertext()).split())
        if text:
            return text
    title = tree.findtext(".//title") or ""
    return "".join(_TITLE_SEPARATORS.split(title.strip())[0].split())


def site_path(href: str, page_rel: str, hosts: frozenset[str]) -> str | None:
    """The path under the folder that a link points to, or None (external, mailto, #…)."""
    href = (href or "").strip()
    parts = urlsplit(href)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and hosts and parts.netloc.lower() not in hosts:
        return None
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/"):
        rel = path.lstrip("/")
    else:
        rel = posixpath.join(posixpath.dirname(page_rel), path)
    if path.endswith("/"):
        rel = posixpath.join(rel, "index.html")
    rel = posixpath.normpath(rel)
    return None if rel.startswith("..") or rel == "." else rel


def read_html(data: bytes) -> tuple[etree._Element, etree._Element | None, Extracted]:
    """A saved page read as a clerk reads it: the page without its boilerplate, its content
    area (None when no template's is recognized) and the metadata, the title falling back
    to the page's own heading. Raises MalformedPage."""
    tree = _parse(decode_page(data))
    heading = _heading_title(tree)
    _drop_boilerplate(tree)
    content = _content_area(tree)
    extracted = extract_metadata(html_to_text(lxml.html.tostring(tree, encoding="unicode")))
    if not extracted.title and heading:
        extracted.title = heading
        extracted.found = {"标题": heading, **extracted.found}
        extracted.sources["标题"] = "title_block"
        if "标题" in extracted.missing:
            extracted.missing.remove("标题")
    return tree, content, extracted


def extract_file(path: Path) -> Extracted:
    """The metadata of one file: an HTML page as ``read_html`` reads it, any other file
    (txt, md, docx, pdf) through ``read_text``. The one reader of ``import_site``,
    ``import_documents``, the admin's import and ``extract_report``."""
    path = Path(path)
    if path.suffix.lower() in PAGE_SUFFIXES:
        return read_html(path.read_bytes())[2]
    return extract_metadata(read_text(path))


def read_page(path: Path, rel: str, *, root: Path, hosts: frozenset[str], pages: set[str]):
    """Read, parse and extract one page (no database access). Raises OSError, MalformedPage."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    tree, content, extracted = read_html(data)
    if not extracted.title:
        raise MalformedPage("页面中未找到标题。")

    scope = content if content is not None else tree
    attachments, page_links, attachment_links = [], [], []
    for link in scope.xpath(".//a[@href]"):
        href = link.get("href")
        target = site_path(href, rel, hosts)
        if target is None:
            continue
        suffix = posixpath.splitext(target)[1].lower()
        if target in pages:
            page_links.append((link, target))
        elif suffix in ATTACHMENT_SUFFIXES:
            title = " ".join("".join(link.itertext()).split()) or posixpath.basename(target)
            attachments.append((root / target, title, href))
            attachment_links.append((link, "href"))
    # Images in the text are files of the page too: kept as attachments, shown in place
    # once published.
    for image in scope.xpath(".//img[@src]"):
        src = image.get("src")
        target = site_path(src, rel, hosts)
        if target is None or posixpath.splitext(target)[1].lower() not in IMAGE_SUFFIXES:
            continue
        title = (image.get("alt") or "").strip() or posixpath.basename(target)
        attachments.append((root / target, title, src))
        attachment_links.append((image, "src"))
    return _Page(
        path=path,
        rel=rel,
        digest=digest,
        extracted=extracted,
        content=content,
        attachments=attachments,
        page_links=page_links,
        attachment_links=attachment_links,
    )


# =====================================================================================
# The run
# =====================================================================================


def find_pages(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES and not p.is_dir()
    )


def source_key(organization: Organization, rel: str) -> str:
    return f"{SOURCE_PREFIX}{organization.slug}/{rel}"[:500]


def import_site(
    root: Path,
    organization: Organization,
    *,
    reviewer=None,
    dry_run: bool = False,
    hosts: Iterable[str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> SiteImport:
    """Migrate the pages under ``root`` for ``organization`` (see the module docstring)."""
    root = Path(root)
    hosts = frozenset(h.lower() for h in hosts)
    paths = find_pages(root)
    rels = [p.relative_to(root).as_posix() for p in paths]
    pages = set(rels)
    run = SiteImport(root=root)
    total = len(paths) * 2

    # 1. Read every page (no database access).
    parsed: dict[str, _Page] = {}
    for n, (path, rel) in enumerate(zip(paths, rels, strict=True), 1):
        report = PageReport(path=rel)
        run.reports.append(report)
        try:
            page = read_page(path, rel, root=root, hosts=hosts, pages=pages)
        except OSError as exc:
            report.outcome = UNREADABLE
            report.warnings.append(f"文件无法读取：{exc.strerror or exc}")
        except MalformedPage as exc:
            report.outcome = MALFORMED
            report.warnings.append(str(exc))
        else:
            parsed[rel] = page
            _describe(report, page)
        if progress:
            progress(n, total)

    # 2. Which pages were imported before, and the addresses of all of them.
    keys = {rel: source_key(organization, rel) for rel in parsed}
    existing = {
        d.import_source: d
        for d in Document.objects.filter(import_source__in=keys.values()).only(
            "pk", "status", "import_source", "import_hash"
        )
    }
    # Only pages that can become a document get an address (a page without any date
    # cannot: links to it are reported, not pointed at nothing).
    new = [
        rel
        for rel, page in parsed.items()
        if keys[rel] not in existing and (page.extracted.written_on or page.extracted.published_on)
    ]
    pks = dict(zip(new, [] if dry_run else _reserve_pks(len(new)), strict=False))
    urls = {rel: _url(existing[keys[rel]].pk) for rel in parsed if keys[rel] in existing}
    urls |= {rel: _url(pk) for rel, pk in pks.items()}

    # 3. Write each page.
    lookups = _Lookups()
    for n, report in enumerate(run.reports, len(run.reports) + 1):
        page = parsed.get(report.path)
        if page is not None:
            _write(
                page,
                report,
                organization=organization,
                document=existing.get(keys[page.rel]),
                pk=pks.get(page.rel),
                urls=urls,
                reviewer=reviewer,
                dry_run=dry_run,
                lookups=lookups,
            )
        if progress:
            progress(n, total)
    return run


def _reserve_pks(count: int) -> list[int]:
    """Take ``count`` document ids from the table's sequence, so links can be rewritten
    before the pages are written (one query)."""
    if not count:
        return []
    table, column = Document._meta.db_table, Document._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _url(pk: int) -> str:
    return reverse("disclosure:document-detail", kwargs={"pk": pk})


class _Lookups:
    """主题分类 and 体裁 by name, read once per run."""

    def __init__(self) -> None:
        self.themes = {t.name: t for t in Theme.objects.all()}
        self.genres = {g.name: g for g in Genre.objects.all()}
        self.agencies: dict[str, Organization] = {}
        for org in Organization.objects.only("pk", "name", "short_name"):
            self.agencies.setdefault(org.short_name, org)
        for org in Organization.objects.only("pk", "name", "short_name"):
            self.agencies[org.name] = org  # a full name wins over a short one
        self.agencies.pop("", None)

    def issuers(self, issuer: str | None, report: PageReport) -> list[Organization]:
        """The agencies named as 发文机关 (joint issuers joined with 、)."""
        found = []
        for name in (issuer or "").split("、"):
            name = "".join(name.split())
            if not name:
                continue
            org = self.agencies.get(name)
            if org is None:
                report.warnings.append(f"发文机关「{name}」未找到对应的机关，未关联。")
            elif org not in found:
                found.append(org)
        return found


def _describe(report: PageReport, page: _Page) -> None:
    extracted = page.extracted
    report.title = extracted.title or ""
    for name, value in extracted.found.items():
        source = SOURCES.get(extracted.sources.get(name, ""), "")
        report.found.append((name, value, source))
    report.missing = list(extracted.missing)
    report.warnings += extracted.warnings
    if extracted.inferred:
        report.warnings.append(f"{'、'.join(extracted.inferred)}为推断所得，请核对。")


def _write(page: _Page, report: PageReport, *, organization, document, pk, urls, reviewer,
           dry_run: bool, lookups: _Lookups) -> None:  # fmt: skip
    extracted = page.extracted
    if document is not None and document.import_hash == page.digest:
        report.outcome, report.url, report.document_id = UNCHANGED, urls[page.rel], document.pk
        return
    if document is not None and document.status != Document.Status.DRAFT:
        report.outcome, report.url, report.document_id = UNCHANGED, urls[page.rel], document.pk
        report.warnings.append(
            f"原页面内容已变化，但此前迁移的文件现为「{document.get_status_display()}」，未修改；"
            "如需更正请在管理后台修改。"
        )
        return
    written_on = extracted.written_on
    if written_on is None:
        if extracted.published_on is None:
            report.outcome = NOT_IMPORTED
            report.warnings.append("未找到成文日期和发布日期，无法建立草稿（成文日期为必填项）。")
            return
        written_on = extracted.published_on
        report.warnings.append("未找到成文日期，草稿暂以发布日期填写，请核对后再提交。")
    if dry_run:
        report.outcome = WOULD_CREATE if document is None else WOULD_UPDATE
        report.attachments = sum(p.is_file() for p, _, _ in page.attachments)
        for file, title, href in page.attachments:
            if not file.is_file():
                report.warnings.append(f"附件「{title}」（{href}）未找到。")
        return

    for link, target in page.page_links:
        if target in urls:
            link.set("href", urls[target])
        else:
            report.warnings.append(f"链接「{link.get('href')}」指向的页面未能迁移，链接未改写。")
    creating = document is None
    try:
        with transaction.atomic():
            if creating:
                document = Document(pk=pk, organization=organization)
                document.import_source = source_key(organization, page.rel)
            else:
                document = Document.objects.select_for_update().get(pk=document.pk)
            _apply(document, extracted, page, written_on, report, lookups)
            document.import_hash = page.digest
            document.save(force_insert=creating)
            issuers = lookups.issuers(extracted.issuer, report)
            if any(org.pk != organization.pk for org in issuers):
                document.issuing_organizations.set(issuers)
            elif not creating:
                document.issuing_organizations.clear()
            if not creating:
                for old in document.attachments.all():
                    old.delete()
            stored = _attach(document, page, report)
    except ValidationError as exc:
        report.outcome = NOT_IMPORTED
        report.warnings += exc.messages
        return
    report.attachments = len(set(stored.values()))
    report.outcome = CREATED if creating else UPDATED
    report.url, report.document_id = _url(document.pk), document.pk
    if reviewer is not None:
        _publish(document, extracted, page, report, reviewer, stored, dated=extracted.written_on)


def _apply(document, extracted: Extracted, page: _Page, written_on, report, lookups) -> None:
    def limited(name: str, value: str) -> str:
        return value[: Document._meta.get_field(name).max_length]

    document.title = limited("title", extracted.title)
    document.written_on = written_on
    document.doc_number = extracted.doc_number or ""
    document.registration_number = limited(
        "registration_number", extracted.registration_number or ""
    )
    number = (extracted.index_number or "").strip()
    if len(number) > Document._meta.get_field("original_index_number").max_length:
        report.warnings.append(f"索引号「{number}」过长，未保留。")
        number = ""
    document.original_index_number = number
    if number and (problem := document.original_index_number_problem()):
        report.warnings.append(problem)
        document.original_index_number = ""
    document.keywords = limited("keywords", extracted.keywords or "")
    document.body = _body(page, extracted)
    document.theme = lookups.themes.get(extracted.theme or "")
    if extracted.theme and document.theme is None:
        report.warnings.append(f"主题分类「{extracted.theme}」不在本库的主题分类中，请人工选择。")
    document.genre = lookups.genres.get(extracted.genre or "")
    if extracted.genre and document.genre is None:
        report.warnings.append(f"体裁「{extracted.genre}」不在本库的体裁分类中，请人工选择。")
    mark = extracted.disclosure_mark or Openness.PROACTIVE
    document.disclosure = mark
    if mark != Openness.PROACTIVE and not document.disclosure_reason.strip():
        document.disclosure_reason = "原页面标注（迁移时记录，请补充理由及法律依据）"
        report.warnings.append("原页面标注为非主动公开：请在草稿中补充理由及法律依据。")


def _body(page: _Page, extracted: Extracted) -> str:
    """The content area's HTML (attachment links pointing to the attachment list), or the
    extracted text as paragraphs when the page has no recognizable content area."""
    if page.content is None:
        return "".join(f"<p>{escape(line)}</p>" for line in extracted.body.splitlines() if line)
    for element, attribute in page.attachment_links:
        if attribute == "href":  # images keep their old address until publication
            element.set("href", "#attachments")
    return _serialize(page.content)


def _serialize(content: etree._Element) -> str:
    """The inner HTML of the content area, sanitized as ``Document.save`` does."""
    inner = escape(content.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in content
    )
    return nh3.clean(inner)


def _attach(document: Document, page: _Page, report: PageReport) -> dict[Path, int]:
    """Store the page's files as attachments: file → attachment id (a file linked twice is
    stored once)."""
    stored: dict[Path, int] = {}
    missing: set[Path] = set()
    for position, (file, title, href) in enumerate(page.attachments):
        if file in stored or file in missing:
            continue
        if not file.is_file():
            missing.add(file)
            report.warnings.append(f"附件「{title}」（{href}）未找到，未能附上。")
            continue
        try:
            with file.open("rb") as handle, transaction.atomic():
                attachment = Attachment(
                    document=document,
                    title=title[:200],
                    position=position,
                    file=File(handle, name=file.name),
                )
                attachment.save()
        except ValidationError as exc:
            missing.add(file)
            report.warnings.append(f"附件「{title}」未附上：{'；'.join(exc.messages)}")
            continue
        except OSError as exc:
            missing.add(file)
            report.warnings.append(f"附件「{title}」无法读取：{exc.strerror or exc}")
            continue
        stored[file] = attachment.pk
    return stored


def _publish(document, extracted: Extracted, page: _Page, report, reviewer, stored, *, dated):
    """Publish a migrated page as the old site did: its 发布日期 and 索引号 where it has them."""
    if dated is None:
        report.warnings.append("未找到成文日期，文件保留为草稿，核对后再发布。")
        return
    published_on = extracted.published_on or extracted.written_on
    try:
        with transaction.atomic():
            number = document.original_index_number or next_index_number(
                document.organization, published_on.year
            )
            library_steps.publish_received(
                document,
                by=reviewer,
                index_number=number,
                published_on=published_on,
                note=f"自旧网站迁移发布（{page.rel}），索引号 {number}",
            )
    except (ValidationError, PermissionDenied) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        report.warnings.append(f"未能发布，保留为草稿：{'；'.join(messages)}")
        return
    report.outcome = PUBLISHED
    public = {a.pk: a.public_url for a in document.attachments.all()}
    if public and page.content is not None:
        links = zip(page.attachments, page.attachment_links, strict=True)
        for (file, _, _), (element, attribute) in links:
            if public.get(stored.get(file)):
                element.set(attribute, public[stored[file]])
        Document.objects.filter(pk=document.pk).update(body=_serialize(page.content))


def draft_from_fields(values: dict, *, by) -> Document:
    """A draft from the fields staff confirmed in the admin's single-file import."""
    document = Document(
        organization=values["organization"],
        title=values["title"],
        doc_number=values.get("doc_number") or "",
        registration_number=values.get("registration_number") or "",
        written_on=values["written_on"],
        original_index_number=(values.get("index_number") or "").strip(),
        keywords=values.get("keywords") or "",
        body="".join(f"<p>{escape(line)}</p>" for line in (values.get("body") or "").splitlines()
                     if line.strip()),
        disclosure=Openness.PROACTIVE,
        created_by=by,
    )  # fmt: skip
    if problem := document.original_index_number_problem():
        raise ValidationError(problem)
    document.save()
    return document


# =====================================================================================
# The report
# =====================================================================================

REPORT_COLUMNS = (
    "源页面",
    "结果",
    "标题",
    "新网址",
    "找到的字段",
    "未找到",
    "警告与问题",
    "附件数",
)


def write_report(run: SiteImport, path: Path) -> None:
    """One row per page (openpyxl, write-only: fast for 10,000 rows)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("迁移报告")
    sheet.append(REPORT_COLUMNS)
    for r in run.reports:
        found = "\n".join(f"{name}：{value}（{source}）" for name, value, source in r.found)
        sheet.append(
            [r.path, r.outcome, r.title, r.url, found, "、".join(r.missing),
             "\n".join(r.warnings), r.attachments]
        )  # fmt: skip
    workbook.save(path)
