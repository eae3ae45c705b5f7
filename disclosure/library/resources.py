"""Bulk metadata import and export of the 政策文件库 as XLSX/CSV (django-import-export).

One header row, in the Chinese names the national and provincial libraries show. Export
gives what the staff member may see (their agency's documents; all for the supervising
office). Import creates or updates DRAFTS of the importing agency only: it never
publishes, never sets a 索引号, 发布日期 or status, and never changes a document that
has left the draft stage. Every row is validated (文号, dates, names of 主题分类, 体裁 and
目录, the 公开属性 reason rule, the model's ``clean()``) and a file with any invalid row
writes nothing. Errors name the row (as numbered in the spreadsheet) and the column.

A row updates the agency's draft with the same 发文字号, or, without a 文号, the same
标题; otherwise it adds a new draft.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

import tablib
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from catalog.models import Category, Genre, Organization, Theme
from catalog.standard_catalog import read_dataset
from disclosure.library.docnumber import parse_doc_number
from disclosure.library.extract import DATE, parse_date
from disclosure.library.models import Document
from disclosure.library.openness import MARKS, Openness
from disclosure.library.validity import Validity

__all__ = [
    "DocumentResource",
    "ImportReport",
    "export_documents",
    "import_metadata",
    "read_dataset",
]

# Columns that are shown on export and ignored on import (the library derives them).
EXPORT_ONLY = ["索引号", "发布机关", "发布日期", "有效性", "状态"]


def _text(value) -> str:
    return "" if value is None else str(value).strip()


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return _text(value)


class DateWidget(widgets.Widget):
    """2020-08-07, 2020/8/7, 2020年8月7日 (full-width digits too) or a spreadsheet date."""

    def __init__(self, required: bool = False):
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = unicodedata.normalize("NFKC", _text(value))
        if not text:
            if self.required:
                raise ValueError("此字段不能为空，请写作 2020-08-07。")
            return None
        parsed = parse_date(text) if DATE.fullmatch(text) else None
        if parsed is None:
            raise ValueError(f"「{text}」不是有效的日期，请写作 2020-08-07。")
        return parsed

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class NameWidget(widgets.Widget):
    """A 主题分类 or 体裁 by its name in the library's list."""

    def __init__(self, model, label: str, example: str):
        self.model, self.label, self.example = model, label, example

    def clean(self, value, row=None, **kwargs):
        name = "".join(_text(value).split())
        if not name:
            return None
        found = self.model.objects.filter(name=name).first()
        if found is None:
            raise ValueError(
                f"{self.label}「{name}」不存在：请填写本库{self.label}中的名称，如“{self.example}”。"
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class CategoryWidget(widgets.Widget):
    """A node of the agency's 主动公开目录 by name, or by path 上级目录/目录 when ambiguous."""

    def __init__(self, organization: Organization | None):
        self.organization = organization

    def clean(self, value, row=None, **kwargs):
        path = [p.strip() for p in _text(value).replace("＞", "/").replace(">", "/").split("/")]
        path = [p for p in path if p]
        if not path:
            return None
        nodes = Category.objects.all()
        if self.organization is not None:
            nodes = Category.objects.for_organization(self.organization)
        lookup = {"name": path[-1]}
        for depth, parent_name in enumerate(reversed(path[:-1]), start=1):
            lookup["__".join(["parent"] * depth) + "__name"] = parent_name
        found = list(nodes.filter(**lookup)[:2])
        if not found:
            raise ValueError(f"目录「{'/'.join(path)}」不在本机关的主动公开目录中。")
        if len(found) > 1:
            raise ValueError(
                f"目录「{'/'.join(path)}」有多个同名节点，请写明上级目录，如“上级目录/{path[-1]}”。"
            )
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class OpennessWidget(widgets.Widget):
    """公开属性 by its name (主动公开 …) or the printed mark (此件公开发布 …); empty: 主动公开."""

    NAMES = {label: value for value, label in Openness.choices} | {
        mark: value for value, mark in MARKS.items()
    }

    def clean(self, value, row=None, **kwargs):
        text = "".join(_text(value).split()).strip("（）()")
        if not text:
            return Openness.PROACTIVE
        if text in self.NAMES:
            return self.NAMES[text]
        raise ValueError(f"「{text}」无法识别：请填写 主动公开、依申请公开 或 不予公开。")

    def render(self, value, obj=None, **kwargs):
        return Openness(value).label if value else ""


class IssuersWidget(widgets.Widget):
    """发文机关: agency names separated by 、 (joint documents); empty: the publishing agency."""

    def clean(self, value, row=None, **kwargs):
        names = [n for n in (_text(value).replace("，", "、").replace(",", "、")).split("、")]
        names = ["".join(n.split()) for n in names if n.strip()]
        found = {o.name: o for o in Organization.objects.filter(name__in=names)}
        unknown = [n for n in names if n not in found]
        if unknown:
            raise ValueError(f"机关「{'、'.join(unknown)}」不存在：请填写机关的全称。")
        return [found[n] for n in dict.fromkeys(names)]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        organizations = list(value.all()) if hasattr(value, "all") else list(value)
        return "、".join(o.name for o in organizations)


class IssuersField(fields.Field):
    """Validated with the other columns; written after the draft is saved."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._imported_issuers = self.clean(row, **kwargs)


def _column(attr: str, header: str, widget=None, **kwargs) -> fields.Field:
    return fields.Field(attribute=attr, column_name=header, widget=widget or TextWidget(), **kwargs)


class DocumentResource(resources.ModelResource):
    index_number = _column("index_number", "索引号", readonly=True)
    title = _column("title", "标题")
    doc_number = _column("doc_number", "发文字号")
    organization = fields.Field(
        attribute="organization",
        column_name="发布机关",
        readonly=True,
        widget=NameWidget(Organization, "机关", "聊城市人民政府"),
    )
    issuing_organizations = IssuersField(
        attribute="issuing_organizations", column_name="发文机关", widget=IssuersWidget()
    )
    written_on = _column("written_on", "成文日期", DateWidget(required=True))
    published_on = _column("published_on", "发布日期", DateWidget(), readonly=True)
    effective_on = _column("effective_on", "施行日期", DateWidget())
    expires_on = _column("expires_on", "有效期至", DateWidget())
    theme = _column("theme", "主题分类", NameWidget(Theme, "主题分类", "综合政务"))
    genre = _column("genre", "体裁", NameWidget(Genre, "体裁", "通知"))
    category = _column("category", "目录", CategoryWidget(None))
    keywords = _column("keywords", "关键词")
    disclosure = _column("disclosure", "公开属性", OpennessWidget())
    disclosure_reason = _column("disclosure_reason", "不公开理由")
    validity = fields.Field(column_name="有效性", readonly=True)
    registration_number = _column("registration_number", "统一登记号")
    summary = _column("summary", "内容概述")
    status = fields.Field(column_name="状态", readonly=True)

    class Meta:
        model = Document
        fields = (
            "index_number",
            "title",
            "doc_number",
            "organization",
            "issuing_organizations",
            "written_on",
            "published_on",
            "effective_on",
            "expires_on",
            "theme",
            "genre",
            "category",
            "keywords",
            "disclosure",
            "disclosure_reason",
            "validity",
            "registration_number",
            "summary",
            "status",
        )
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = False

    def __init__(self, organization: Organization | None = None, user=None, **kwargs):
        super().__init__(**kwargs)
        self.organization = organization
        self.user = user
        self.fields["category"].widget = CategoryWidget(organization)
        self._seen_keys: dict[tuple, int] = {}
        self._seen_numbers: dict[str, int] = {}

    # -- columns -----------------------------------------------------------------------
    @classmethod
    def headers(cls) -> list[str]:
        """Every column, as exported."""
        return [f.column_name for f in cls().get_export_fields()]

    @classmethod
    def import_headers(cls) -> list[str]:
        """The columns an import file must have (the export-only ones may be present)."""
        return [h for h in cls.headers() if h not in EXPORT_ONLY]

    def column_of(self, name: str) -> str:
        """The column header of a resource field or model field name (for error messages)."""
        if name == "__all__":
            return "整行"
        for field in self.fields.values():
            if name in (field.attribute, field.column_name):
                return field.column_name
        try:
            return str(Document._meta.get_field(name).verbose_name)
        except Exception:
            return name

    def dehydrate_validity(self, document: Document) -> str:
        return Validity(document.validity_on()).label if document.pk else ""

    def dehydrate_index_number(self, document: Document) -> str:
        # A draft shows the original 索引号 it was imported with (kept at publication).
        return document.index_number or document.original_index_number

    def dehydrate_status(self, document: Document) -> str:
        return document.get_status_display()

    # -- export ------------------------------------------------------------------------
    def get_queryset(self):
        qs = (
            Document.objects.select_related("organization", "theme", "genre", "category")
            .prefetch_related("issuing_organizations")
            .defer("body", "search_vector")
            .with_validity()
            .order_by("-published_on", "-pk")
        )
        if self.organization is not None:
            qs = qs.filter(organization=self.organization)
        return qs

    def filter_export(self, queryset, **kwargs):
        """Also for the admin's (already agency-scoped) queryset: what the columns need."""
        queryset = queryset.select_related(
            "organization", "theme", "genre", "category"
        ).prefetch_related("issuing_organizations")
        if self.organization is not None:
            queryset = queryset.filter(organization=self.organization)
        if "current_validity" not in queryset.query.annotations:
            queryset = queryset.with_validity()
        return queryset

    # -- import ------------------------------------------------------------------------
    def before_import(self, dataset, **kwargs):
        if self.organization is None:
            raise ValidationError("导入政策文件前须指定所属机关。")
        missing = [h for h in self.import_headers() if h not in (dataset.headers or [])]
        if missing:
            raise ValidationError(
                "表头缺少以下列：%(cols)s。请使用导出的表格作为模板填写。",
                params={"cols": "、".join(missing)},
            )
        self._seen_keys = {}
        self._seen_numbers = {}

    def before_import_row(self, row, row_number=None, **kwargs):
        line = (row_number or 0) + 1  # the header is row 1 of the spreadsheet
        errors: dict[str, str] = {}
        index_number = _text(row.get("索引号"))
        if len(index_number) > Document._meta.get_field("original_index_number").max_length:
            errors["index_number"] = f"索引号「{index_number}」过长。"
        elif index_number in self._seen_numbers:
            errors["index_number"] = (
                f"索引号「{index_number}」与第 {self._seen_numbers[index_number]} 行相同："
                "同一机关的索引号不能重复。"
            )
        elif index_number:
            self._seen_numbers[index_number] = line
        owner = _text(row.get("发布机关"))
        if owner and owner != self.organization.name:
            errors["organization"] = (
                f"「{owner}」不是本机关（{self.organization.name}）：只能导入本机关的文件。"
            )
        key = self._row_key(row)
        if key in self._seen_keys:
            what = "发文字号" if key[0] == "doc_number" else "标题"
            errors["doc_number" if key[0] == "doc_number" else "title"] = (
                f"与第 {self._seen_keys[key]} 行的{what}相同：同一文件只能出现一次。"
            )
        elif key[1]:
            self._seen_keys[key] = line
        if errors:
            raise ValidationError(errors)

    def _row_key(self, row) -> tuple[str, str]:
        doc_number = _text(row.get("发文字号"))
        if doc_number:
            try:
                return ("doc_number", parse_doc_number(doc_number).normalized)
            except ValidationError:
                return ("doc_number", doc_number)
        return ("title", _text(row.get("标题")))

    def get_instance(self, instance_loader, row):
        """The agency's document with this row's 发文字号 (or 标题 when it has none)."""
        kind, value = self._row_key(row)
        if not value:
            return None
        documents = Document.objects.filter(organization=self.organization)
        if kind == "doc_number":
            documents = documents.filter(doc_number=value)
        else:
            documents = documents.filter(doc_number="", title=value)
        found = list(documents.order_by("pk")[:2])
        if not found:
            return None
        column = "发文字号" if kind == "doc_number" else "标题"
        if len(found) > 1:
            raise ValidationError(
                {kind: f"本机关有多件{column}为「{value}」的文件，无法确定要修改哪一件。"}
            )
        document = found[0]
        if document.status != Document.Status.DRAFT:
            number = f"（索引号 {document.index_number}）" if document.index_number else ""
            raise ValidationError(
                {
                    kind: f"{column}「{value}」的文件《{document.title}》{number}"
                    f"当前为「{document.get_status_display()}」，导入只能新建或修改草稿，"
                    "请在管理后台修改该文件。"
                }
            )
        return document

    def init_instance(self, row=None):
        return Document(organization=self.organization, created_by=self.user)

    def import_instance(self, instance, row, **kwargs):
        instance.organization = self.organization
        super().import_instance(instance, row, **kwargs)
        if instance.disclosure == Openness.PROACTIVE:
            instance.disclosure_reason = ""
        # An 索引号 in the row is the document's original one, kept at publication (the
        # column is read-only for the published 索引号, which an import never changes).
        if number := _text(row.get("索引号")):
            instance.original_index_number = number
            if problem := instance.original_index_number_problem():
                raise ValidationError({"index_number": problem})

    def after_save_instance(self, instance, row, **kwargs):
        issuers = getattr(instance, "_imported_issuers", None)
        if issuers is not None:
            # The publishing agency alone is the default: list issuers only when they differ.
            if [o.pk for o in issuers] == [instance.organization_id]:
                issuers = []
            instance.issuing_organizations.set(issuers)


# -- services ----------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: int
    updated: int
    errors: list[tuple[int | None, str]]  # (row number in the file, Chinese message)

    @property
    def ok(self) -> bool:
        return not self.errors

    def messages(self) -> list[str]:
        return [f"第 {row} 行：{msg}" if row else msg for row, msg in self.errors]


def import_metadata(
    dataset: tablib.Dataset,
    organization: Organization,
    *,
    by=None,
    dry_run: bool = False,
) -> ImportReport:
    """Validate every row; write the drafts only when all rows are valid and not ``dry_run``.

    ``organization`` is the importing staff member's agency; ``by`` is recorded as the
    creator of new drafts.
    """

    def run(dry: bool):
        resource = DocumentResource(organization=organization, user=by)
        result = resource.import_data(
            dataset, dry_run=dry, use_transactions=True, rollback_on_validation_errors=True
        )
        return result, collect_errors(result, resource)

    result, errors = run(True)
    if not (errors or dry_run):
        result, errors = run(False)
    return ImportReport(result.totals["new"], result.totals["update"], errors)


def export_documents(organization: Organization | None = None, fmt: str = "xlsx"):
    """The documents the staff member may see (one agency, or all for the supervisors)."""
    dataset = DocumentResource(organization=organization).export()
    return dataset.export(fmt)


def collect_errors(result, resource: DocumentResource) -> list[tuple[int | None, str]]:
    """Every problem of an import result, with its spreadsheet row (header = 1) and column."""
    errors: list[tuple[int | None, str]] = [(None, _message(e.error)) for e in result.base_errors]
    for row_number, row_errors in result.row_errors():
        for error in row_errors:
            errors.append((row_number + 1, _message(error.error)))
    for invalid in result.invalid_rows:
        for name, messages in invalid.error_dict.items():
            for message in messages:
                errors.append((invalid.number + 1, f"{resource.column_of(name)}：{message}"))
    return sorted(errors, key=lambda e: e[0] or 0)


def _message(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)
