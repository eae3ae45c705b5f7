"""Import (``import_documents``): keyed on the 索引号, idempotent and all or nothing.

1. Every line is read and checked (``records``: JSON, fields, the agency by 统一社会信用代码,
   发文机关, 主题分类 and 体裁 by name, the importing account's right to act for the
   agency); each attachment that is new is downloaded, its size and SHA-256 checked, and it
   passes the gate of every public file (``files.download``:
   ``filetypes.accept_public_upload``, type by content, size, hidden metadata removed). The
   cleaned file is what is compared with the attachments already here, so a source that
   does not clean keeps the import idempotent. Any problem is reported as 「第 n 行：…」 and
   nothing is written.
2. Then, in one transaction: a new 索引号 becomes a draft published at once by
   ``library.steps.publish_received`` (keeping the 索引号 and 发布日期, writing the event); a
   known one is updated only where it differs (a changed 施行日期 or 有效期至 through
   ``library.steps.change_validity_period``); attachments are added and removed to match;
   then the relations between documents are recorded through ``library.steps.repeal`` /
   ``library.steps.amend``. A second run of the same file changes nothing.

The file is read twice (check, then write) rather than held in memory.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction

from disclosure.library import steps as library_steps
from disclosure.library.models import Attachment, Document, DocumentRelation
from disclosure.library.validity import RelationKind
from disclosure.opendata.exchange.files import (
    download,
    downloaded_path,
    fetch_url,
    file_sha256,
    path_sha256,
)
from disclosure.opendata.exchange.records import (
    Incoming,
    IncomingAttachment,
    LineError,
    Resolver,
    resolve,
    stored_doc_number,
)
from disclosure.publishing import files as public_files

SOURCE_PREFIX = "exchange:"


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


def _lines(source: Path | Iterable[str]) -> Iterator[tuple[int, str]]:
    if isinstance(source, Path):
        with source.open(encoding="utf-8-sig") as handle:
            yield from enumerate(handle, start=1)
    else:
        yield from enumerate(source, start=1)


def _differs(incoming: Incoming, doc: Document, hashes: list[tuple[str, str]]) -> bool:
    values = incoming.fields
    wanted = {
        "title": values["title"],
        "doc_number": stored_doc_number(values["doc_number"]),
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


def _read(source, resolver: Resolver, report: ImportReport) -> Iterator[Incoming]:
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
            yield resolve(line, record, resolver)
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
        resolver = Resolver(by, warn=lambda message: None)
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
                            attachment.stored_sha256 = download(attachment, workdir, fetch)
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
    resolver = Resolver(by, warn=lambda message: None)
    relations: list[tuple[int, tuple]] = []
    try:
        with public_files.recording() as made, transaction.atomic():
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
        public_files.discard(made)
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
        path = downloaded_path(workdir, item)
        wanted = path_sha256(path) if path.exists() else item.sha256
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
