"""Import and export of the 重大行政决策事项目录 as XLSX/CSV (django-import-export).

Agencies keep the list as a spreadsheet, one row per 决策事项, in the columns below.
Import writes the importing agency's items only; the year's catalog is created
(unpublished) when missing. Every row is validated first (年度, 状态, 是否听证, duplicate
rows, the model's ``clean()``) and a file with any invalid row writes nothing; errors name
the row (as numbered in the spreadsheet) and the column, in Chinese. A row updates the
item with the same 年度 and 决策事项, otherwise it adds one. The links to the
consultation, decision document and evaluation report are export-only: staff set them
in the admin. Importing into a published catalog records the day as its 调整日期.
"""

from __future__ import annotations

import unicodedata

import tablib
from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields, resources

from catalog.models import Organization
from catalog.resources import CheckMarkWidget, PositionWidget
from disclosure.decisions.models import DecisionCatalog, DecisionItem, DecisionStatus
from disclosure.library.resources import ImportReport, TextWidget, collect_errors

__all__ = ["DecisionItemResource", "export_decision_items", "import_decision_items"]

EXPORT_ONLY = ["意见征集", "决策文件", "执行效果评估报告"]


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def parse_year(value) -> int:
    """2026, 2026年, 2026年度, ２０２６ or a spreadsheet number."""
    text = unicodedata.normalize("NFKC", _text(value)).removesuffix("年度").removesuffix("年")
    try:
        year = int(float(text))
    except ValueError:
        raise ValueError(f"「{_text(value)}」不是有效的年度，请填写四位年份，如 2026。") from None
    if not 2000 <= year <= 2100:
        raise ValueError(f"年度「{year}」超出范围，请填写四位年份，如 2026。")
    return year


class YearWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        return parse_year(value)


class StatusWidget(TextWidget):
    """状态 by its label (未启动 / 征求意见中 / 已决策 / 执行评估); empty: 未启动."""

    NAMES = {label: value for value, label in DecisionStatus.choices}

    def clean(self, value, row=None, **kwargs):
        text = "".join(_text(value).split())
        if not text:
            return DecisionStatus.NOT_STARTED
        if text in self.NAMES:
            return self.NAMES[text]
        raise ValueError(f"状态「{text}」无法识别：请填写 {'、'.join(self.NAMES)} 之一。")

    def render(self, value, obj=None, **kwargs):
        return DecisionStatus(value).label if value else ""


class YesNoWidget(CheckMarkWidget):
    """是 / 否 (√ and empty accepted, as the published lists write them)."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(f"无法识别「{value}」：请填写 是 或 否。") from None

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


def _column(attr: str, header: str, widget=None, **kwargs) -> fields.Field:
    return fields.Field(attribute=attr, column_name=header, widget=widget or TextWidget(), **kwargs)


class DecisionItemResource(resources.ModelResource):
    # Not a model attribute: import_instance turns it into the agency's catalog of the year.
    year = _column("year", "年度", YearWidget())
    position = _column("position", "序号", PositionWidget())
    title = _column("title", "决策事项")
    lead_unit = _column("lead_unit", "承办单位")
    basis = _column("basis", "决策依据")
    planned_completion = _column("planned_completion", "计划完成时间")
    hearing_planned = _column("hearing_planned", "是否听证", YesNoWidget())
    status = _column("status", "状态", StatusWidget())
    note = _column("note", "备注")
    consultation = fields.Field(column_name="意见征集", readonly=True)
    decision_document = fields.Field(column_name="决策文件", readonly=True)
    evaluation_report = fields.Field(column_name="执行效果评估报告", readonly=True)

    class Meta:
        model = DecisionItem
        fields = (
            "year",
            "position",
            "title",
            "lead_unit",
            "basis",
            "planned_completion",
            "hearing_planned",
            "status",
            "note",
            "consultation",
            "decision_document",
            "evaluation_report",
        )
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = False

    def __init__(self, organization: Organization | None = None, **kwargs):
        super().__init__(**kwargs)
        self.organization = organization
        self._seen: dict[tuple[int, str], int] = {}
        self._adjusted: set[int] = set()

    # -- columns -----------------------------------------------------------------------
    @classmethod
    def headers(cls) -> list[str]:
        return [f.column_name for f in cls().get_export_fields()]

    @classmethod
    def import_headers(cls) -> list[str]:
        return [h for h in cls.headers() if h not in EXPORT_ONLY]

    def column_of(self, name: str) -> str:
        if name == "__all__":
            return "整行"
        if name == "catalog":
            return "年度"
        for field in self.fields.values():
            if name in (field.attribute, field.column_name):
                return field.column_name
        try:
            return str(DecisionItem._meta.get_field(name).verbose_name)
        except Exception:
            return name

    def dehydrate_year(self, item: DecisionItem) -> int:
        return item.catalog.year

    def dehydrate_consultation(self, item: DecisionItem) -> str:
        return item.consultation.title if item.consultation else ""

    def dehydrate_decision_document(self, item: DecisionItem) -> str:
        document = item.decision_document
        return (document.doc_number or document.title) if document else ""

    def dehydrate_evaluation_report(self, item: DecisionItem) -> str:
        return item.evaluation_report.title if item.evaluation_report else ""

    # -- export ------------------------------------------------------------------------
    def get_queryset(self):
        qs = DecisionItem.objects.select_related(
            "catalog", "consultation", "decision_document", "evaluation_report"
        ).order_by("-catalog__year", "position", "pk")
        if self.organization is not None:
            qs = qs.filter(catalog__organization=self.organization)
        return qs

    def filter_export(self, queryset, **kwargs):
        queryset = queryset.select_related(
            "catalog", "consultation", "decision_document", "evaluation_report"
        )
        if self.organization is not None:
            queryset = queryset.filter(catalog__organization=self.organization)
        return queryset

    # -- import ------------------------------------------------------------------------
    def before_import(self, dataset, **kwargs):
        if self.organization is None:
            raise ValidationError("导入重大行政决策事项目录前须指定所属机关。")
        missing = [h for h in self.import_headers() if h not in (dataset.headers or [])]
        if missing:
            raise ValidationError(
                "表头缺少以下列：%(cols)s。请使用导出的表格作为模板填写。",
                params={"cols": "、".join(missing)},
            )
        self._seen, self._adjusted = {}, set()

    def _key(self, row) -> tuple[int, str] | None:
        try:
            year = parse_year(row.get("年度"))
        except ValueError:
            return None
        return year, "".join(_text(row.get("决策事项")).split())

    def before_import_row(self, row, row_number=None, **kwargs):
        line = (row_number or 0) + 1  # the header is row 1 of the spreadsheet
        key = self._key(row)
        if key is None or not key[1]:
            return
        if key in self._seen:
            raise ValidationError(
                {"title": f"与第 {self._seen[key]} 行的年度和决策事项相同：同一事项只能出现一次。"}
            )
        self._seen[key] = line

    def get_instance(self, instance_loader, row):
        key = self._key(row)
        if key is None or not key[1]:
            return None
        return (
            DecisionItem.objects.filter(
                catalog__organization=self.organization,
                catalog__year=key[0],
                title=_text(row.get("决策事项")),
            )
            .select_related("catalog")
            .first()
        )

    def import_instance(self, instance, row, **kwargs):
        error = None
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            error = exc
        year = getattr(instance, "year", None)  # set only when the 年度 column parsed
        if year is not None:
            catalog, _ = DecisionCatalog.objects.get_or_create(
                organization=self.organization, year=year
            )
            instance.catalog = catalog
            if catalog.is_published:
                self._adjusted.add(catalog.pk)
        if error is not None:
            # A bad 年度 is the missing catalog: report it once, under 年度.
            if "year" in error.error_dict:
                error.error_dict["catalog"] = error.error_dict.pop("year")
            raise error

    def after_import(self, dataset, result, **kwargs):
        if self._adjusted and not kwargs.get("dry_run") and not result.has_errors():
            DecisionCatalog.objects.filter(pk__in=self._adjusted).update(
                adjusted_on=timezone.localdate()
            )


def import_decision_items(
    dataset: tablib.Dataset, organization: Organization, *, dry_run: bool = False
) -> ImportReport:
    """Validate every row; write only when all rows are valid and not ``dry_run``."""

    def run(dry: bool):
        resource = DecisionItemResource(organization=organization)
        result = resource.import_data(
            dataset, dry_run=dry, use_transactions=True, rollback_on_validation_errors=True
        )
        return result, collect_errors(result, resource)

    result, errors = run(True)
    if not (errors or dry_run):
        result, errors = run(False)
    return ImportReport(result.totals["new"], result.totals["update"], errors)


def export_decision_items(organization: Organization | None = None, fmt: str = "xlsx"):
    """The items the staff member may see (one agency, or all for the supervisors)."""
    return DecisionItemResource(organization=organization).export().export(fmt)
