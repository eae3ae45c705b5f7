"""年度报告 in the API: a published report with its figures, tables, overrides and
依申请公开 performance exactly as frozen on publication (``reports.frozen_tables``, passed
in the context as ``frozen``), as DRF serializers (the conventions of ``serializers``)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from disclosure.opendata.api.serializers import AgencyRefSerializer, Instant, Link


class AnnualReportItemSerializer(serializers.Serializer):
    """年度报告（列表项；organization 已载入）"""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    organization = AgencyRefSerializer()
    year = serializers.IntegerField(help_text="年度")
    includes_departments = serializers.BooleanField(
        help_text="是否为汇总本级政府及所属各部门的人民政府年度报告"
    )
    published_on = serializers.DateField(help_text="公布日期")
    url = Link("disclosure:annual-report-detail", "organization.slug", "year", help_text="网页地址")
    xlsx_url = Link(
        "disclosure:annual-report-xlsx",
        "organization.slug",
        "year",
        help_text="Excel 文件（国家格式表格）",
    )
    pdf_url = Link(
        "disclosure:annual-report-pdf", "organization.slug", "year", help_text="PDF 文件"
    )
    performance_url = Link(
        "disclosure:annual-report-performance",
        "organization.slug",
        "year",
        help_text="依申请公开办理绩效页面",
    )
    api_url = Link("annual-report-detail", "pk", api=True)
    updated_at = Instant()


class ReportHeaderCellSerializer(serializers.Serializer):
    """表头单元格"""

    text = serializers.CharField()
    colspan = serializers.IntegerField(min_value=1)
    rowspan = serializers.IntegerField(min_value=1)
    th = serializers.BooleanField(help_text="表头为 true")
    scope = serializers.CharField(help_text="col、colgroup、row、rowgroup 或空")


@extend_schema_field(
    {"type": ["integer", "string"], "description": "数值：件数为整数，金额为十进制字符串"}
)
class FigureValue(serializers.Field):
    def to_representation(self, value):
        return value


class ReportFigureCellSerializer(serializers.Serializer):
    """数据单元格"""

    text = serializers.CharField(help_text="按报告格式显示的数值（无数据为 —）")
    value = FigureValue(allow_null=True)
    key = serializers.CharField(
        allow_null=True, help_text="统计项代码（同 values 的键）；合计为 null"
    )
    colspan = serializers.IntegerField(min_value=1)
    rowspan = serializers.IntegerField(min_value=1)
    th = serializers.BooleanField(help_text="数据单元格为 false")
    overridden = serializers.BooleanField(help_text="是否经工作人员修正（见 overrides）")


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="ReportCell",
        serializers=[ReportHeaderCellSerializer, ReportFigureCellSerializer],
        resource_type_field_name=None,
    )
)
class ReportCell(serializers.Field):
    def to_representation(self, cell):
        kind = ReportHeaderCellSerializer if cell["th"] else ReportFigureCellSerializer
        return kind(cell).data


@extend_schema_field({"type": "number"})
class Number(serializers.Field):
    """A number as frozen (2 stays 2, not 2.0)."""

    def to_representation(self, value):
        return value


def _rows():
    return serializers.ListField(child=serializers.ListField(child=ReportCell()))


class ReportGridSerializer(serializers.Serializer):
    """报告表格（含合并单元格，与网页、Excel、PDF 相同）"""

    id = serializers.CharField()
    caption = serializers.CharField()
    columns = serializers.IntegerField()
    head = _rows()
    body = _rows()
    widths = serializers.ListField(child=Number(), help_text="各列相对宽度")


class ReportFeeSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    text = serializers.CharField()
    overridden = serializers.BooleanField()


class ReportCheckSerializer(serializers.Serializer):
    rule = serializers.CharField()
    passed = serializers.BooleanField()
    failures = serializers.ListField(child=serializers.CharField())


class ReportTablesSerializer(serializers.Serializer):
    part2 = ReportGridSerializer(many=True, help_text="二、主动公开政府信息情况")
    part3 = ReportGridSerializer(help_text="三、收到和处理政府信息公开申请情况")
    part4 = ReportGridSerializer(help_text="四、政府信息公开行政复议、行政诉讼情况")
    fees = ReportFeeSerializer(many=True, help_text="六、信息处理费收取情况")
    checks = ReportCheckSerializer(many=True, help_text="表三的勾稽关系校验")


class WrittenPartsSerializer(serializers.Serializer):
    overview = serializers.CharField(help_text="一、总体情况")
    improvements = serializers.CharField(help_text="五（一）上年度存在问题的改进情况")
    problems = serializers.CharField(help_text="五（二）本年度存在的主要问题及改进措施")
    other_matters = serializers.CharField(help_text="六、其他需要报告的事项")


@extend_schema_field(OpenApiTypes.DATETIME)
class DateTimeText(serializers.CharField):
    """A timestamp frozen as ISO 8601 text."""


class ReportOverrideSerializer(serializers.Serializer):
    """经工作人员修正的统计数据及理由（不含修正人）"""

    cell = serializers.CharField()
    label = serializers.CharField()
    computed = serializers.CharField(help_text="系统统计值")
    value = serializers.CharField(help_text="修正值")
    reason = serializers.CharField(help_text="修正理由")
    at = DateTimeText(help_text="修正时间")


class OutcomeCountSerializer(serializers.Serializer):
    heading = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class PerformanceSerializer(serializers.Serializer):
    """依申请公开办理绩效（公布时固定）"""

    year = serializers.IntegerField()
    received = serializers.IntegerField()
    closed = serializers.IntegerField()
    replied = serializers.IntegerField()
    median_working_days = serializers.FloatField(allow_null=True)
    within_limit = serializers.IntegerField()
    clarified = serializers.IntegerField()
    stopped = serializers.IntegerField()
    extended = serializers.IntegerField()
    by_month = serializers.ListField(child=serializers.IntegerField())
    outcomes = OutcomeCountSerializer(many=True)


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": ["integer", "string", "null"]},
        "description": "公布时固定的全部统计项（修正后）",
    }
)
class FrozenValues(serializers.Field):
    def to_representation(self, value):
        return value


class AnnualReportSerializer(AnnualReportItemSerializer):
    """已公布的政府信息公开工作年度报告：公布时固定的数据和表格。``frozen`` 为
    ``reports.frozen_tables`` 的结果（视图附上）。"""

    organizations = serializers.ListField(
        source="frozen.organizations", child=serializers.CharField(), help_text="统计范围内的机关"
    )
    written_parts = WrittenPartsSerializer(source="*")
    values = FrozenValues(source="frozen.values")
    tables = ReportTablesSerializer(source="frozen.tables")
    overrides = ReportOverrideSerializer(
        source="frozen.overrides", many=True, help_text="经工作人员修正的统计数据及理由"
    )
    performance = PerformanceSerializer(
        source="snapshot.performance", allow_null=True, help_text="依申请公开办理绩效（公布时固定）"
    )
