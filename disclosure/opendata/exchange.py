"""The bulk exchange format of the 政策文件库: JSON Lines, one published document a line.

For handing an agency's documents to an upper-level platform (「数据同源」: it takes them
instead of retyping them) and for taking them in. The format is documented in
``docs/exchange-format.md``; ``FORMAT`` names its version.

Export (``export_documents``): an agency's 已发布、主动公开 documents, oldest first, each
with its metadata, its validity as of the export day, its repeal/amend relations by 索引号,
and its attachments' absolute URLs (``settings.PORTAL_BASE_URL``) with SHA-256 checksums.

Import (``import_documents``): keyed on the 索引号, idempotent and all or nothing.

1. Every line is read and checked (JSON, fields, the agency by 统一社会信用代码, 发文机关,
   主题分类 and 体裁 by name, the importing account's right to act for the agency); each
   attachment that is new is downloaded, its size and SHA-256 checked, and it passes the
   gate of every public file (``filetypes.accept_public_upload``: type by content, size,
   hidden metadata removed). The cleaned file is what is compared with the attachments
   already here, so a source that does not clean keeps the import idempotent. Any problem
   is reported as 「第 n 行：…」 and nothing is written.
2. Then, in one transaction: a new 索引号 becomes a draft published at once by
   ``library.steps.publish_received`` (keeping the 索引号 and 发布日期, writing the event); a
   known one is updated only where it differs (a changed 施行日期 or 有效期至 through
   ``publishing.change_validity_period``); attachments are added and removed to match;
   then the relations between documents are recorded through ``library.steps.repeal`` /
   ``library.steps.amend``. A second run of the same file changes nothing.

The file is read twice (check, then write) rather than held in memory.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import tempfile
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import nh3
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from catalog.models import Category, Genre, Organization, Theme
from catalog.permissions import can_act_for
from config.web.filetypes import accept_public_upload
from disclosure.library import steps as library_steps
from disclosure.library.docnumber import parse_doc_number
from disclosure.library.models import Attachment, Document, DocumentRelation, Interpretation
from disclosure.library.models.document import attachment_max_bytes
from disclosure.library.openness import Openness
from disclosure.library.validity import RelationKind, Validity

FORMAT = "xxgk-documents/1"
SOURCE_PREFIX = "exchange:"
CHUNK = 1 << 16


# -- export -------------------------------------------------------------------------------


def file_sha256(fieldfile) -> str:
    digest = hashlib.sha256()
    with fieldfile.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _category_paths(organization: Organization) -> dict[int, list[str]]:
    """{node id: [names from the top node down]} of the agency's catalog (one query)."""
    nodes = {
        pk: (name, parent)
        for pk, name, parent in Category.objects.for_organization(organization).values_list(
            "pk", "name", "parent_id"
        )
    }
    paths = {}
    for pk in nodes:
        path, node, seen = [], pk, set()
        while node in nodes and node not in seen:
            seen.add(node)
            name, parent = nodes[node]
            path.insert(0, name)
            node = parent
        paths[pk] = path
    return paths


def _relation(kind: str, other: Document, effective_on: datetime.date) -> dict:
    return {
        "kind": kind,
        "index_number": other.index_number,
        "title": other.title,
        "effective_on": effective_on.isoformat(),
    }


def document_record(
    doc: Document, *, base_url: str, today: datetime.date, categories: dict[int, list[str]]
) -> dict:
    """One line of the export (the document loaded as ``export_queryset`` loads it)."""
    return {
        "format": FORMAT,
        "index_number": doc.index_number,
        "title": doc.title,
        "doc_number": doc.doc_number,
        "summary": doc.summary,
        "keywords": doc.keywords,
        "registration_number": doc.registration_number,
        "organization": {
            "name": doc.organization.name,
            "credit_code": doc.organization.credit_code,
            "slug": doc.organization.slug,
        },
        "issuers": [{"name": o.name, "credit_code": o.credit_code} for o in doc.issuers()],
        "written_on": _date(doc.written_on),
        "published_on": _date(doc.published_on),
        "effective_on": _date(doc.effective_on),
        "expires_on": _date(doc.expires_on),
        "theme": doc.theme.name if doc.theme else None,
        "genre": doc.genre.name if doc.genre else None,
        "category": categories.get(doc.category_id) if doc.category_id else None,
        "disclosure": doc.disclosure,
        "validity": {
            "code": doc.current_validity,
            "label": Validity(doc.current_validity).label,
            "as_of": today.isoformat(),
        },
        "changes": [
            _relation(r.kind, r.to_document, r.effective_on) for r in doc.outgoing_relations.all()
        ],
        "changed_by": [
            _relation(r.kind, r.from_document, r.effective_on) for r in doc.incoming_relations.all()
        ],
        "interpretations": [
            {
                "index_number": i.index_number,
                "title": i.title,
                "url": base_url + i.get_absolute_url(),
            }
            for i in doc.public_interpretations
        ],
        "body_html": doc.body,
        "url": base_url + doc.get_absolute_url(),
        "attachments": [
            {
                "title": a.title,
                "file_name": Path(a.file.name).name,
                "url": base_url + a.file.url,
                "sha256": file_sha256(a.file),
                "size": a.size,
                "content_type": a.content_type,
                "kind": a.kind,
            }
            for a in doc.attachments.all()
        ],
        "updated_at": doc.updated_at.isoformat(),
    }


def export_queryset(organization: Organization, today: datetime.date):
    public = Document.objects.public()
    return (
        public.filter(organization=organization)
        .with_validity(today)
        .select_related("organization", "theme", "genre")
        .prefetch_related(
            "issuing_organizations",
            "attachments",
            Prefetch(
                "outgoing_relations",
                queryset=DocumentRelation.objects.filter(to_document__in=public)
                .select_related("to_document")
                .order_by("effective_on", "pk"),
            ),
            Prefetch(
                "incoming_relations",
                queryset=DocumentRelation.objects.filter(from_document__in=public)
                .select_related("from_document")
                .order_by("effective_on", "pk"),
            ),
            Prefetch(
                "interpretations",
                queryset=Interpretation.objects.public().order_by("published_on", "pk"),
                to_attr="public_interpretations",
            ),
        )
        .defer("search_vector")
        .order_by("published_on", "pk")
    )


def export_documents(
    organization: Organization,
    out: IO[str],
    *,
    base_url: str | None = None,
    today: datetime.date | None = None,
) -> int:
    """Write the agency's public documents to ``out``, one JSON object a line; the count."""
    base_url = (base_url or settings.PORTAL_BASE_URL).rstrip("/")
    today = today or timezone.localdate()
    categories = _category_paths(organization)
    n = 0
    for doc in export_queryset(organization, today).iterator(chunk_size=200):
        record = document_record(doc, base_url=base_url, today=today, categories=categories)
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        n += 1
    return n


# -- import -------------------------------------------------------------------------------


def fetch_url(url: str) -> IO[bytes]:
    """Open an attachment's URL (http or https only: an exchange file names no local file)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError("附件地址须以 http:// 或 https:// 开头。")
    return urllib.request.urlopen(url, timeout=60)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)  # 索引号
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    relations: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, Chinese message)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def messages(self) -> list[str]:
        return [f"第 {line} 行：{message}" for line, message in self.errors]

    def warning_messages(self) -> list[str]:
        return [f"第 {line} 行：{message}" for line, message in self.warnings]

    def summary(self) -> str:
        return (
            f"新建 {len(self.created)} 件，更新 {len(self.updated)} 件，"
            f"未改动 {len(self.unchanged)} 件，跳过 {len(self.skipped)} 件，"
            f"新记录废止或修改关系 {self.relations} 条。"
        )


class LineError(Exception):
    """A problem of one line; the message is Chinese."""


@dataclass
class IncomingAttachment:
    title: str
    file_name: str
    url: str
    sha256: str
    size: int | None
    # SHA-256 of the file as stored here (metadata removed), once downloaded.
    stored_sha256: str = ""


@dataclass
class Incoming:
    """One line, resolved against this platform's data."""

    line: int
    index_number: str
    organization: Organization
    issuers: list[Organization]
    fields: dict  # Document field → value (theme, genre, category as objects)
    attachments: list[IncomingAttachment]
    relations: list[tuple[str, str, str, datetime.date]]  # (kind, from 索引号, to 索引号, on)
    url: str
    existing: Document | None = None
    action: str = ""  # create / update / unchanged / skip
    known_hashes: list[tuple[str, str]] = field(default_factory=list)  # existing (sha, title)


def _lines(source: Path | Iterable[str]) -> Iterator[tuple[int, str]]:
    if isinstance(source, Path):
        with source.open(encoding="utf-8-sig") as handle:
            yield from enumerate(handle, start=1)
    else:
        yield from enumerate(source, start=1)


def _stored_doc_number(value: str) -> str:
    """The 文号 as ``Document.save`` stores it (normalized when it can be parsed)."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return parse_doc_number(value).normalized
    except ValidationError:
        return value


class _Resolver:
    """Looks up agencies, themes, genres and catalog nodes once per import."""

    def __init__(self, by, warn: Callable[[str], None]):
        self.by = by
        self.warn = warn
        self._orgs: dict[str, Organization | None] = {}
        self._themes = {t.name: t for t in Theme.objects.all()}
        self._genres = {g.name: g for g in Genre.objects.all()}
        self._trees: dict[int, list[Category]] = {}

    def organization(self, data, what: str) -> Organization:
        if not isinstance(data, dict) or not isinstance(data.get("credit_code"), str):
            raise LineError(f"{what}须写明统一社会信用代码（credit_code）。")
        code = data["credit_code"].strip().upper()
        if code not in self._orgs:
            self._orgs[code] = Organization.objects.filter(credit_code=code).first()
        org = self._orgs[code]
        if org is None:
            name = data.get("name") or ""
            raise LineError(
                f"{what}「{name}」（统一社会信用代码 {code}）在本平台不存在，"
                "请先在管理后台添加该机关。"
            )
        return org

    def named(self, table: dict, value, what: str):
        if value in (None, ""):
            return None
        found = table.get(str(value).strip())
        if found is None:
            raise LineError(f"{what}「{value}」不在本平台的{what}中。")
        return found

    def category(self, org: Organization, path) -> Category | None:
        """The node with this path of names in the agency's tree; else its nearest ancestor
        that exists here (with a warning); None when not even the top node exists."""
        if not path:
            return None
        if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
            raise LineError("目录（category）应为从顶层到本节点的名称列表。")
        if org.pk not in self._trees:
            self._trees[org.pk] = list(Category.objects.for_organization(org))
        nodes = self._trees[org.pk]
        found, parent = None, None
        for depth, name in enumerate(path):
            match = next(
                (n for n in nodes if n.name == name and n.parent_id == (parent and parent.pk)),
                None,
            )
            if match is None:
                kept = "/".join(path[:depth]) or "（不归入目录）"
                self.warn(
                    f"目录「{'/'.join(path)}」在本机关的主动公开目录中不存在，归入「{kept}」。"
                )
                break
            found = parent = match
        return found


def _text(record: dict, name: str, label: str, *, required: bool = False) -> str:
    value = record.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise LineError(f"{label}（{name}）应为文字。")
    if required and not value.strip():
        raise LineError(f"缺少{label}（{name}）。")
    return value


def _parse_date(record: dict, name: str, label: str, *, required: bool = False):
    value = record.get(name)
    if value in (None, ""):
        if required:
            raise LineError(f"缺少{label}（{name}）。")
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as exc:
        raise LineError(f"{label}「{value}」不是有效的日期，应写作 2020-08-07。") from exc


def _attachments(record: dict) -> list[IncomingAttachment]:
    items = record.get("attachments") or []
    if not isinstance(items, list):
        raise LineError("附件（attachments）应为列表。")
    out = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise LineError(f"第 {n} 个附件的格式不正确。")
        sha = str(item.get("sha256") or "").lower()
        url = item.get("url")
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise LineError(f"第 {n} 个附件缺少有效的 SHA-256 校验值（sha256）。")
        if not isinstance(url, str) or not url:
            raise LineError(f"第 {n} 个附件缺少下载地址（url）。")
        name = item.get("file_name") or url.rstrip("/").rsplit("/", 1)[-1]
        size = item.get("size")
        out.append(
            IncomingAttachment(
                title=str(item.get("title") or "")[:200],
                file_name=Path(str(name)).name,
                url=url,
                sha256=sha,
                size=size if isinstance(size, int) else None,
            )
        )
    return out


def _relations(record: dict, index_number: str) -> list[tuple[str, str, str, datetime.date]]:
    out = []
    for key, outgoing in (("changes", True), ("changed_by", False)):
        items = record.get(key) or []
        if not isinstance(items, list):
            raise LineError(f"{key} 应为列表。")
        for item in items:
            if not isinstance(item, dict) or item.get("kind") not in RelationKind.values:
                raise LineError(f"{key} 中的关系类型应为 repeals 或 amends。")
            other = item.get("index_number")
            if not other:
                continue  # the other document is not public where it comes from
            on = _parse_date(item, "effective_on", "生效日期", required=True)
            pair = (index_number, other) if outgoing else (other, index_number)
            out.append((item["kind"], *pair, on))
    return out


def _resolve(line: int, record, resolver: _Resolver) -> Incoming:
    if not isinstance(record, dict):
        raise LineError("每行应为一个 JSON 对象。")
    if record.get("format") != FORMAT:
        raise LineError(f"格式版本「{record.get('format')}」不受支持，应为 {FORMAT}。")
    index_number = _text(record, "index_number", "索引号", required=True).strip()
    if len(index_number) > Document._meta.get_field("index_number").max_length:
        raise LineError(f"索引号「{index_number}」过长。")
    if record.get("disclosure", Openness.PROACTIVE) != Openness.PROACTIVE:
        raise LineError("交换文件只能包含主动公开的文件。")
    org = resolver.organization(record.get("organization"), "发布机关")
    if not (resolver.by.has_perm("library.change_document") and can_act_for(resolver.by, org)):
        raise LineError(f"账号「{resolver.by}」不能代{org.name}发布文件。")
    issuers_data = record.get("issuers") or []
    if not isinstance(issuers_data, list):
        raise LineError("发文机关（issuers）应为列表。")
    issuers = []
    for item in issuers_data:
        issuer = resolver.organization(item, "发文机关")
        if issuer not in issuers:
            issuers.append(issuer)
    fields = {
        "title": _text(record, "title", "标题", required=True).strip(),
        "doc_number": _text(record, "doc_number", "发文字号"),
        "summary": _text(record, "summary", "内容概述"),
        "keywords": _text(record, "keywords", "关键词"),
        "registration_number": _text(record, "registration_number", "统一登记号"),
        "body": _text(record, "body_html", "正文"),
        "written_on": _parse_date(record, "written_on", "成文日期", required=True),
        "published_on": _parse_date(record, "published_on", "发布日期", required=True),
        "effective_on": _parse_date(record, "effective_on", "施行日期"),
        "expires_on": _parse_date(record, "expires_on", "有效期至"),
        "theme": resolver.named(resolver._themes, record.get("theme"), "主题分类"),
        "genre": resolver.named(resolver._genres, record.get("genre"), "体裁"),
        "category": resolver.category(org, record.get("category")),
    }
    _check_model(org, fields)
    return Incoming(
        line=line,
        index_number=index_number,
        organization=org,
        issuers=issuers,
        fields=fields,
        attachments=_attachments(record),
        relations=_relations(record, index_number),
        url=str(record.get("url") or ""),
    )


def _check_model(org: Organization, fields: dict) -> None:
    """The document's own rules (lengths, dates), as ``full_clean`` checks them; a 文号 the
    parser cannot split is kept as written (as ``Document.save`` does)."""
    document = Document(
        organization=org, **{k: v for k, v in fields.items() if k != "published_on"}
    )
    messages = []
    longest = Document._meta.get_field("doc_number").max_length
    if len(_stored_doc_number(fields["doc_number"])) > longest:
        messages.append(f"发文字号：不能超过 {longest} 个字符。")
    try:
        document.full_clean(
            exclude=["organization", "doc_number"],
            validate_unique=False,
            validate_constraints=False,  # clean() checks the dates; the rest is the workflow's
        )
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            if name == "doc_number":
                continue
            label = Document._meta.get_field(name).verbose_name if name != "__all__" else "文件"
            messages += [f"{label}：{e}" for e in errors]
    if messages:
        raise LineError("；".join(messages))


def _differs(incoming: Incoming, doc: Document, hashes: list[tuple[str, str]]) -> bool:
    values = incoming.fields
    wanted = {
        "title": values["title"],
        "doc_number": _stored_doc_number(values["doc_number"]),
        "summary": values["summary"],
        "keywords": values["keywords"],
        "registration_number": values["registration_number"],
        "body": nh3.clean(values["body"]),
        "written_on": values["written_on"],
        "theme_id": values["theme"] and values["theme"].pk,
        "genre_id": values["genre"] and values["genre"].pk,
        "category_id": values["category"] and values["category"].pk,
    }
    if any(getattr(doc, name) != value for name, value in wanted.items()):
        return True
    if (doc.effective_on, doc.expires_on) != (values["effective_on"], values["expires_on"]):
        return True
    if {o.pk for o in doc.issuers()} != {o.pk for o in (incoming.issuers or [doc.organization])}:
        return True
    return hashes != [(a.stored_sha256 or a.sha256, a.title) for a in incoming.attachments]


def _plan(incoming: Incoming, report: ImportReport) -> None:
    """Decide create / update / unchanged / skip for a line (its existing document loaded)."""
    doc = (
        Document.objects.filter(index_number=incoming.index_number)
        .select_related("organization")
        .prefetch_related("issuing_organizations", "attachments")
        .first()
    )
    incoming.existing = doc
    if doc is None:
        incoming.action = "create"
        return
    if doc.organization_id != incoming.organization.pk:
        raise LineError(
            f"索引号「{incoming.index_number}」在本平台已属于{doc.organization.name}的文件《{doc.title}》。"
        )
    if not doc.is_public:
        incoming.action = "skip"
        report.warnings.append(
            (
                incoming.line,
                f"索引号「{incoming.index_number}」的文件在本平台为「{doc.get_status_display()}、"
                f"{doc.get_disclosure_display()}」，导入不修改它。",
            )
        )
        return
    incoming.known_hashes = [(file_sha256(a.file), a.title) for a in doc.attachments.all()]
    incoming.action = "update" if _differs(incoming, doc, incoming.known_hashes) else "unchanged"


def _downloaded(directory: Path, attachment: IncomingAttachment) -> Path:
    return directory / f"{attachment.sha256}-{attachment.file_name}"


def _download(
    attachment: IncomingAttachment, directory: Path, fetch: Callable[[str], IO[bytes]]
) -> str:
    """Fetch one attachment into ``directory``; check its size, checksum and type, remove
    its metadata. Returns the SHA-256 of the cleaned file (the one stored)."""
    target = _downloaded(directory, attachment)
    if target.exists():
        return _path_sha256(target)
    digest, size = hashlib.sha256(), 0
    try:
        with fetch(attachment.url) as source, target.open("wb") as sink:
            for chunk in iter(lambda: source.read(CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
                if size > attachment_max_bytes():
                    raise LineError(f"附件「{attachment.title}」超过大小上限。")
                sink.write(chunk)
    except LineError:
        raise
    except Exception as exc:  # network errors, HTTP errors, refused schemes
        raise LineError(f"附件「{attachment.title}」无法下载（{attachment.url}）：{exc}") from exc
    if digest.hexdigest() != attachment.sha256:
        raise LineError(
            f"附件「{attachment.title}」的 SHA-256 校验值不符，文件可能已损坏或被改动。"
        )
    if attachment.size is not None and attachment.size != size:
        raise LineError(f"附件「{attachment.title}」的大小（{size} 字节）与记录不符。")
    with target.open("rb") as handle:
        try:
            accepted = accept_public_upload(
                File(handle, name=attachment.file_name), max_bytes=attachment_max_bytes()
            )
        except ValidationError as exc:
            raise LineError(f"附件「{attachment.title}」：{'；'.join(exc.messages)}") from exc
    if accepted.changed:
        target.write_bytes(accepted.content)
    return hashlib.sha256(accepted.content).hexdigest()


def _path_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _read(source, resolver: _Resolver, report: ImportReport) -> Iterator[Incoming]:
    """Each line resolved (errors collected in ``report``)."""
    for line, text in _lines(source):
        if not text.strip():
            continue
        resolver.warn = lambda message, line=line: report.warnings.append((line, message))
        try:
            try:
                record = json.loads(text)
            except ValueError as exc:
                raise LineError(f"不是有效的 JSON：{exc}") from exc
            yield _resolve(line, record, resolver)
        except LineError as exc:
            report.errors.append((line, str(exc)))


def import_documents(
    source: Path | Iterable[str],
    *,
    by,
    fetch: Callable[[str], IO[bytes]] = fetch_url,
    dry_run: bool = False,
) -> ImportReport:
    """Import an exchange file (a path, or its lines); see the module docstring."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied("导入须以有发布权限的账号进行。")
    if not isinstance(source, Path):
        source = list(source)  # read twice: check, then write
    report = ImportReport()
    workdir = Path(tempfile.mkdtemp(prefix="xxgk-import-"))
    try:
        plans: dict[int, str] = {}
        seen: dict[str, int] = {}
        # 1. Check every line and fetch what is new; nothing is written.
        resolver = _Resolver(by, warn=lambda message: None)
        for incoming in _read(source, resolver, report):
            try:
                if incoming.index_number in seen:
                    first = seen[incoming.index_number]
                    raise LineError(f"索引号「{incoming.index_number}」与第 {first} 行重复。")
                seen[incoming.index_number] = incoming.line
                _plan(incoming, report)
                known = {sha for sha, _title in incoming.known_hashes}
                if incoming.action in ("create", "update"):
                    for attachment in incoming.attachments:
                        if attachment.sha256 not in known:
                            attachment.stored_sha256 = _download(attachment, workdir, fetch)
                    if incoming.action == "update" and not _differs(
                        incoming, incoming.existing, incoming.known_hashes
                    ):
                        # Only the metadata of the source's files differed.
                        incoming.action = "unchanged"
                plans[incoming.line] = incoming.action
            except LineError as exc:
                report.errors.append((incoming.line, str(exc)))
        report.errors.sort()
        if report.errors:
            return report
        if dry_run:
            _tally(report, plans, seen)
            return report
        # 2. Write, all or nothing.
        _write(source, by, report, plans, workdir)
        return report
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _tally(report: ImportReport, plans: dict[int, str], seen: dict[str, int]) -> None:
    by_line = {line: index for index, line in seen.items()}
    lists = {
        "create": report.created,
        "update": report.updated,
        "unchanged": report.unchanged,
        "skip": report.skipped,
    }
    for line, action in sorted(plans.items()):
        lists[action].append(by_line[line])


class _Rollback(Exception):
    pass


def _write(source, by, report: ImportReport, plans: dict[int, str], workdir: Path) -> None:
    stored: list[str] = []  # files written to storage, removed again if we roll back
    warnings_before = list(report.warnings)
    resolver = _Resolver(by, warn=lambda message: None)
    relations: list[tuple[int, tuple]] = []
    try:
        with transaction.atomic():
            for incoming in _read(source, resolver, report):
                action = plans.get(incoming.line)
                lists = {
                    "create": report.created,
                    "update": report.updated,
                    "unchanged": report.unchanged,
                    "skip": report.skipped,
                }
                lists[action].append(incoming.index_number)
                relations += [(incoming.line, r) for r in incoming.relations]
                if action not in ("create", "update"):
                    continue
                try:
                    _apply(incoming, action, by, workdir, stored)
                except (ValidationError, PermissionDenied, LineError) as exc:
                    report.errors.append((incoming.line, _message(exc)))
            for line, relation in relations:
                try:
                    report.relations += _relate(line, relation, by, report)
                except (ValidationError, PermissionDenied) as exc:
                    report.errors.append((line, _message(exc)))
            if report.errors:
                raise _Rollback
    except BaseException as exc:
        # Rolled back: the attachment files written meanwhile go too.
        for name in stored:
            Attachment._meta.get_field("file").storage.delete(name)
        if not isinstance(exc, _Rollback):
            raise
        report.created, report.updated, report.unchanged, report.skipped = [], [], [], []
        report.relations = 0
        report.errors.sort()
    # The read of step 2 repeats step 1's warnings: keep one copy of each.
    report.warnings = list(dict.fromkeys(warnings_before + report.warnings))


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


def _apply(incoming: Incoming, action: str, by, workdir: Path, stored: list[str]) -> None:
    values = incoming.fields
    if action == "create":
        doc = Document(
            organization=incoming.organization,
            created_by=by,
            import_source=f"{SOURCE_PREFIX}{incoming.index_number}"[:500],
            **{k: v for k, v in values.items() if k != "published_on"},
        )
        doc.save()
    else:
        doc = Document.objects.get(index_number=incoming.index_number)
        for name in ("title", "doc_number", "summary", "keywords", "registration_number", "body"):
            setattr(doc, name, values[name])
        for name in ("written_on", "theme", "genre", "category"):
            setattr(doc, name, values[name])
        doc.save()  # keeps status, 索引号 and 发布日期 (Document.save), bumps updated_at
    issuers = incoming.issuers
    if [o.pk for o in issuers] in ([], [incoming.organization.pk]):
        issuers = []
    doc.issuing_organizations.set(issuers)
    _sync_attachments(doc, incoming.attachments, workdir, stored)
    if action == "create":
        library_steps.publish_received(
            doc,
            by=by,
            index_number=incoming.index_number,
            published_on=values["published_on"],
            note=f"依交换文件发布，索引号 {incoming.index_number}"
            + (f"，来源 {incoming.url}" if incoming.url else ""),
        )
    elif (doc.effective_on, doc.expires_on) != (values["effective_on"], values["expires_on"]):
        library_steps.change_validity_period(
            doc,
            by=by,
            reason="依交换文件更新。",
            effective_on=values["effective_on"],
            expires_on=values["expires_on"],
        )


def _sync_attachments(
    doc: Document, incoming: list[IncomingAttachment], workdir: Path, stored: list[str]
) -> None:
    """Make the document's attachments those of the file, in its order: a file already
    here (same SHA-256) is kept, a new one added from the download, the rest removed."""
    existing = [(a, file_sha256(a.file)) for a in doc.attachments.all()]
    kept: set[int] = set()
    for position, item in enumerate(incoming):
        path = _downloaded(workdir, item)
        wanted = _path_sha256(path) if path.exists() else item.sha256
        match = next((a for a, sha in existing if sha == wanted and a.pk not in kept), None)
        if match is not None:
            kept.add(match.pk)
            if (match.title, match.position) != (item.title, position):
                match.title, match.position = item.title, position
                match.save(update_fields=["title", "position"])
            continue
        with path.open("rb") as handle:
            attachment = Attachment(
                document=doc,
                title=item.title,
                position=position,
                file=File(handle, name=item.file_name),
            )
            attachment.save()
        stored.append(attachment.file.name)
        kept.add(attachment.pk)
    for attachment, _sha in existing:
        if attachment.pk not in kept:
            attachment.delete()


def _relate(line: int, relation: tuple, by, report: ImportReport) -> int:
    """Record one repeal or amendment between documents on this platform (1 if recorded)."""
    kind, source, target, on = relation
    docs = {d.index_number: d for d in Document.objects.filter(index_number__in=[source, target])}
    missing = [n for n in (source, target) if n not in docs]
    label = RelationKind(kind).label
    if missing:
        report.warnings.append(
            (
                line,
                f"索引号「{'、'.join(missing)}」的文件不在本平台，未记录{label}关系"
                "（导入该文件后再次导入本文件即可补上）。",
            )
        )
        return 0
    from_doc, to_doc = docs[source], docs[target]
    if DocumentRelation.objects.filter(
        from_document=from_doc, to_document=to_doc, kind=kind
    ).exists():
        return 0
    if not (from_doc.is_public and to_doc.is_public):
        return 0
    act = library_steps.repeal if kind == RelationKind.REPEALS else library_steps.amend
    act(
        to_doc,
        by_document=from_doc,
        by=by,
        on=on,
        reason=f"依交换文件记录：《{from_doc.title}》{label}《{to_doc.title}》。",
    )
    return 1
