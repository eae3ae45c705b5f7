"""The record of the exchange format (``FORMAT``), as the import reads it: one line checked
and resolved against this platform's data into an ``Incoming`` (the agency by 统一社会信用代码,
发文机关, 主题分类 and 体裁 by name, the 目录 by its path of names, the importing account's
right to act for the agency, the document's own rules). Every problem is a ``LineError``
with a Chinese message. ``export.document_record`` writes the same layout.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError

from catalog.models import Category, Genre, Organization, Theme
from catalog.permissions import can_act_for
from disclosure.library.docnumber import parse_doc_number
from disclosure.library.models import Document
from disclosure.library.openness import Openness
from disclosure.library.validity import RelationKind

FORMAT = "xxgk-documents/1"


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


def stored_doc_number(value: str) -> str:
    """The 文号 as ``Document.save`` stores it (normalized when it can be parsed)."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return parse_doc_number(value).normalized
    except ValidationError:
        return value


class Resolver:
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


def resolve(line: int, record, resolver: Resolver) -> Incoming:
    """One parsed line checked and resolved; a ``LineError`` says what is wrong with it."""
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
    if len(stored_doc_number(fields["doc_number"])) > longest:
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
