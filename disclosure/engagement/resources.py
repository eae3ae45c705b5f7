"""Import and export of a 公开承诺事项 list as XLSX (django-import-export).

One row per task: 序号, 工作任务, 完成时限, 责任单位, 责任人职务, 责任人姓名; the export adds
the computed 状态 and the latest 进展情况 (ignored on import). Import writes into one list
only: a row updates the task with the same 工作任务, otherwise adds one. Every row is
validated first and a file with any invalid row writes nothing; errors name the row (as
numbered in the spreadsheet, header = 1) and the column, in Chinese.
"""

from __future__ import annotations

import tablib
from django.core.exceptions import ValidationError
from import_export import fields, resources

from catalog.resources import PositionWidget
from disclosure.engagement.models import Commitment, CommitmentList, CommitmentStatus
from disclosure.library.resources import DateWidget, ImportReport, TextWidget, collect_errors

EXPORT_ONLY = ["状态", "最新进展"]


def _column(attr: str, header: str, widget=None) -> fields.Field:
    return fields.Field(attribute=attr, column_name=header, widget=widget or TextWidget())


class CommitmentResource(resources.ModelResource):
    position = _column("position", "序号", PositionWidget())
    task = _column("task", "工作任务")
    deadline = _column("deadline", "完成时限", DateWidget(required=True))
    responsible_unit = _column("responsible_unit", "责任单位")
    responsible_post = _column("responsible_post", "责任人职务")
    responsible_name = _column("responsible_name", "责任人姓名")
    state = fields.Field(column_name="状态", readonly=True)
    latest = fields.Field(column_name="最新进展", readonly=True)

    class Meta:
        model = Commitment
        fields = (
            "position",
            "task",
            "deadline",
            "responsible_unit",
            "responsible_post",
            "responsible_name",
            "state",
            "latest",
        )
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = False

    def __init__(self, commitment_list: CommitmentList, **kwargs):
        super().__init__(**kwargs)
        self.commitment_list = commitment_list
        self._seen: dict[str, int] = {}

    @classmethod
    def import_headers(cls) -> list[str]:
        return ["序号", "工作任务", "完成时限", "责任单位", "责任人职务", "责任人姓名"]

    def column_of(self, name: str) -> str:
        if name == "__all__":
            return "整行"
        for field in self.fields.values():
            if name in (field.attribute, field.column_name):
                return field.column_name
        return name

    def dehydrate_state(self, task: Commitment) -> str:
        return CommitmentStatus(task.state).label

    def dehydrate_latest(self, task: Commitment) -> str:
        entries = list(task.progress.all())
        return f"{entries[-1].on:%Y-%m-%d} {entries[-1].text}" if entries else ""

    def get_queryset(self):
        return (
            Commitment.objects.filter(commitment_list=self.commitment_list)
            .with_status()
            .prefetch_related("progress")
            .order_by("position", "pk")
        )

    def filter_export(self, queryset, **kwargs):
        return queryset

    def before_import(self, dataset, **kwargs):
        missing = [h for h in self.import_headers() if h not in (dataset.headers or [])]
        if missing:
            raise ValidationError(
                "表头缺少以下列：%(cols)s。请使用导出的表格作为模板填写。",
                params={"cols": "、".join(missing)},
            )
        self._seen = {}

    def before_import_row(self, row, row_number=None, **kwargs):
        task = "".join(str(row.get("工作任务") or "").split())
        if not task:
            return
        if task in self._seen:
            raise ValidationError(
                {"task": f"与第 {self._seen[task]} 行的工作任务相同：同一任务只能出现一次。"}
            )
        self._seen[task] = (row_number or 0) + 1

    def get_instance(self, instance_loader, row):
        task = str(row.get("工作任务") or "").strip()
        if not task:
            return None
        return Commitment.objects.filter(commitment_list=self.commitment_list, task=task).first()

    def import_instance(self, instance, row, **kwargs):
        instance.commitment_list = self.commitment_list
        super().import_instance(instance, row, **kwargs)


def import_commitments(
    dataset: tablib.Dataset, commitment_list: CommitmentList, *, dry_run: bool = False
) -> ImportReport:
    """Validate every row; write only when all rows are valid and not ``dry_run``."""

    def run(dry: bool):
        resource = CommitmentResource(commitment_list)
        result = resource.import_data(
            dataset, dry_run=dry, use_transactions=True, rollback_on_validation_errors=True
        )
        return result, collect_errors(result, resource)

    result, errors = run(True)
    if not (errors or dry_run):
        result, errors = run(False)
    return ImportReport(result.totals["new"], result.totals["update"], errors)


def export_commitments(commitment_list: CommitmentList, fmt: str = "xlsx"):
    resource = CommitmentResource(commitment_list)
    return resource.export(resource.get_queryset()).export(fmt)
