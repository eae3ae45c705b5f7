"""Reading a standard-catalog spreadsheet and importing it for one agency, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import tablib
from django.core.exceptions import ValidationError

from catalog.models import Organization, StandardCatalogItem
from catalog.resources import StandardCatalogResource


@dataclass
class ImportReport:
    created: int
    updated: int
    errors: list[tuple[int | None, str]]  # (row number in the file, Chinese message)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_dataset(path: str | Path) -> tablib.Dataset:
    path = Path(path)
    fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
    mode = "rb" if fmt == "xlsx" else "r"
    with open(path, mode, **({} if fmt == "xlsx" else {"encoding": "utf-8-sig"})) as fh:
        return tablib.Dataset().load(fh.read(), format=fmt)


def import_items(
    dataset: tablib.Dataset, organization: Organization, *, dry_run: bool = False
) -> ImportReport:
    """Validate every row; write only when all rows are valid and ``dry_run`` is off."""
    resource = StandardCatalogResource(organization=organization)
    result = resource.import_data(
        dataset, dry_run=True, use_transactions=True, rollback_on_validation_errors=True
    )
    errors = collect_errors(result)
    if errors or dry_run:
        return ImportReport(result.totals["new"], result.totals["update"], errors)
    result = StandardCatalogResource(organization=organization).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )
    return ImportReport(result.totals["new"], result.totals["update"], collect_errors(result))


def collect_errors(result) -> list[tuple[int | None, str]]:
    """Every problem of an import result, with the spreadsheet row it is in (header = 1)."""
    errors: list[tuple[int | None, str]] = [(None, _message(e.error)) for e in result.base_errors]
    for row_number, row_errors in result.row_errors():
        for error in row_errors:
            errors.append((row_number + 1, _message(error.error)))
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            label = _label(field)
            for message in messages:
                errors.append((invalid.number + 1, f"{label}：{message}"))
    return sorted(errors, key=lambda e: e[0] or 0)


def _label(field: str) -> str:
    if field == "__all__":
        return "整行"
    try:
        return str(StandardCatalogItem._meta.get_field(field).verbose_name)
    except Exception:
        return field


def _message(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)
