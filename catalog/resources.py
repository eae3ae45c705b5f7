"""Import and export of the 政务公开事项标准目录 as XLSX/CSV (django-import-export).

The columns are those agencies publish their standard catalogs in, one header row.
Every row is validated (model ``clean()`` included) before anything is written, and an
import with any invalid row writes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from catalog.models import Category, Organization, StandardCatalogItem

TRUE_MARKS = {"√", "✓", "✔", "■", "☑", "是", "y", "yes", "true", "1"}
FALSE_MARKS = {"", "×", "✗", "□", "☐", "否", "n", "no", "false", "0"}


class CheckMarkWidget(widgets.Widget):
    """「√」 or empty, as in the published catalogs."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip().lower()
        if text in TRUE_MARKS:
            return True
        if text in FALSE_MARKS:
            return False
        raise ValueError(f"无法识别「{value}」：请填写 √ 或留空。")

    def render(self, value, obj=None, **kwargs):
        return "√" if value else ""


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()


class PositionWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return 0
        try:
            return int(float(str(value).strip()))
        except ValueError:
            raise ValueError(f"序号「{value}」不是整数。") from None


class AgencyCategoryWidget(widgets.Widget):
    """The catalog node by name, within the importing agency's own tree."""

    def __init__(self, organization: Organization | None):
        self.organization = organization

    def clean(self, value, row=None, **kwargs):
        name = "" if value is None else str(value).strip()
        if not name:
            return None
        nodes = Category.objects.all()
        if self.organization is not None:
            nodes = Category.objects.for_organization(self.organization)
        found = list(nodes.filter(name=name)[:2])
        if not found:
            raise ValueError(f"对应目录「{name}」不在本机关的主动公开目录中。")
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


def _text(attr: str, header: str) -> fields.Field:
    return fields.Field(attribute=attr, column_name=header, widget=TextWidget())


def _mark(attr: str, header: str) -> fields.Field:
    return fields.Field(attribute=attr, column_name=header, widget=CheckMarkWidget())


class StandardCatalogResource(resources.ModelResource):
    position = fields.Field(attribute="position", column_name="序号", widget=PositionWidget())
    domain = _text("domain", "领域")
    matter = _text("matter", "一级事项")
    sub_matter = _text("sub_matter", "二级事项")
    content = _text("content", "公开内容（要素）")
    basis = _text("basis", "公开依据")
    time_limit = _text("time_limit", "公开时限")
    subject = _text("subject", "公开主体")
    channels = _text("channels", "公开渠道和载体")
    audience_public = _mark("audience_public", "公开对象（全社会）")
    audience_specific = _mark("audience_specific", "公开对象（特定群体）")
    mode_proactive = _mark("mode_proactive", "公开方式（主动）")
    mode_on_request = _mark("mode_on_request", "公开方式（依申请）")
    level_county = _mark("level_county", "公开层级（县级）")
    level_township = _mark("level_township", "公开层级（乡级）")
    category = fields.Field(attribute="category", column_name="对应目录")

    class Meta:
        model = StandardCatalogItem
        fields = (
            "position",
            "domain",
            "matter",
            "sub_matter",
            "content",
            "basis",
            "time_limit",
            "subject",
            "channels",
            "audience_public",
            "audience_specific",
            "mode_proactive",
            "mode_on_request",
            "level_county",
            "level_township",
            "category",
        )
        import_id_fields = ("domain", "matter", "sub_matter")
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, organization: Organization | None = None, **kwargs):
        super().__init__(**kwargs)
        self.organization = organization
        self.fields["category"].widget = AgencyCategoryWidget(organization)
        self._seen_keys: dict[tuple, int] = {}

    @classmethod
    def headers(cls) -> list[str]:
        return [f.column_name for f in cls().get_export_fields()]

    def get_queryset(self):
        qs = StandardCatalogItem.objects.select_related("category")
        if self.organization is not None:
            qs = qs.filter(organization=self.organization)
        return qs

    def before_import(self, dataset, **kwargs):
        if self.organization is None:
            raise ValidationError("导入标准目录前须指定所属机关。")
        missing = [h for h in self.headers() if h not in (dataset.headers or [])]
        if missing:
            raise ValidationError(
                "表头缺少以下列：%(cols)s。请使用导出的模板填写。",
                params={"cols": "、".join(missing)},
            )
        self._seen_keys = {}

    def before_import_row(self, row, row_number=None, **kwargs):
        key = tuple(str(row.get(h) or "").strip() for h in ("领域", "一级事项", "二级事项"))
        if key in self._seen_keys:
            raise ValueError(f"与第 {self._seen_keys[key]} 行的领域、一级事项、二级事项重复。")
        self._seen_keys[key] = row_number

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.organization = self.organization
