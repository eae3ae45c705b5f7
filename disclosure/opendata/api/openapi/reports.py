"""The component schemas of the 年度报告 (annual reports): the tables exactly as frozen on
publication, with their overrides and the 依申请公开 performance.
"""

from __future__ import annotations

from disclosure.opendata.api.openapi.builders import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    NUMBER,
    STRING,
    URL,
    array,
    listing,
    nullable,
    obj,
    ref,
)

_ANNUAL_REPORT_ITEM = {
    "id": INTEGER,
    "title": STRING,
    "organization": ref("AgencyRef"),
    "year": {**INTEGER, "description": "年度"},
    "includes_departments": {
        **BOOLEAN,
        "description": "是否为汇总本级政府及所属各部门的人民政府年度报告",
    },
    "published_on": {**DATE, "description": "公布日期"},
    "url": {**URL, "description": "网页地址"},
    "xlsx_url": {**URL, "description": "Excel 文件（国家格式表格）"},
    "pdf_url": {**URL, "description": "PDF 文件"},
    "performance_url": {**URL, "description": "依申请公开办理绩效页面"},
    "api_url": URL,
    "updated_at": DATETIME,
}

_CELL_SPAN = {"colspan": {**INTEGER, "minimum": 1}, "rowspan": {**INTEGER, "minimum": 1}}


def report_schemas() -> dict:
    """年度报告: the tables exactly as frozen on publication (``report_format`` grids)."""
    header_cell = obj(
        {
            "text": STRING,
            **_CELL_SPAN,
            "th": {"const": True},
            "scope": {**STRING, "description": "col、colgroup、row、rowgroup 或空"},
        },
        description="表头单元格",
    )
    figure_cell = obj(
        {
            "text": {**STRING, "description": "按报告格式显示的数值（无数据为 —）"},
            "value": {
                "type": ["integer", "string", "null"],
                "description": "数值：件数为整数，金额为十进制字符串",
            },
            "key": nullable({**STRING, "description": "统计项代码（同 values 的键）；合计为 null"}),
            **_CELL_SPAN,
            "th": {"const": False},
            "overridden": {**BOOLEAN, "description": "是否经工作人员修正（见 overrides）"},
        },
        description="数据单元格",
    )
    row = array({"oneOf": [ref("ReportHeaderCell"), ref("ReportFigureCell")]})
    return {
        "ReportHeaderCell": header_cell,
        "ReportFigureCell": figure_cell,
        "ReportGrid": obj(
            {
                "id": STRING,
                "caption": STRING,
                "columns": INTEGER,
                "head": array(row),
                "body": array(row),
                "widths": {**array(NUMBER), "description": "各列相对宽度"},
            },
            description="报告表格（含合并单元格，与网页、Excel、PDF 相同）",
        ),
        "ReportTables": obj(
            {
                "part2": {
                    **array(ref("ReportGrid")),
                    "description": "二、主动公开政府信息情况",
                },
                "part3": {
                    **ref("ReportGrid"),
                    "description": "三、收到和处理政府信息公开申请情况",
                },
                "part4": {
                    **ref("ReportGrid"),
                    "description": "四、政府信息公开行政复议、行政诉讼情况",
                },
                "fees": {
                    **array(
                        obj(
                            {
                                "key": STRING,
                                "label": STRING,
                                "text": STRING,
                                "overridden": BOOLEAN,
                            }
                        )
                    ),
                    "description": "六、信息处理费收取情况",
                },
                "checks": {
                    **array(
                        obj(
                            {
                                "rule": STRING,
                                "passed": BOOLEAN,
                                "failures": array(STRING),
                            }
                        )
                    ),
                    "description": "表三的勾稽关系校验",
                },
            }
        ),
        "AnnualReportItem": obj(_ANNUAL_REPORT_ITEM, description="年度报告（列表项）"),
        "AnnualReport": obj(
            {
                **_ANNUAL_REPORT_ITEM,
                "organizations": {**array(STRING), "description": "统计范围内的机关"},
                "written_parts": obj(
                    {
                        "overview": {**STRING, "description": "一、总体情况"},
                        "improvements": {
                            **STRING,
                            "description": "五（一）上年度存在问题的改进情况",
                        },
                        "problems": {
                            **STRING,
                            "description": "五（二）本年度存在的主要问题及改进措施",
                        },
                        "other_matters": {**STRING, "description": "六、其他需要报告的事项"},
                    }
                ),
                "values": {
                    "type": "object",
                    "additionalProperties": {"type": ["integer", "string", "null"]},
                    "description": "公布时固定的全部统计项（修正后）",
                },
                "tables": ref("ReportTables"),
                "overrides": {
                    **array(
                        obj(
                            {
                                "cell": STRING,
                                "label": STRING,
                                "computed": {**STRING, "description": "系统统计值"},
                                "value": {**STRING, "description": "修正值"},
                                "reason": {**STRING, "description": "修正理由"},
                                "at": DATETIME,
                            }
                        )
                    ),
                    "description": "经工作人员修正的统计数据及理由",
                },
                "performance": nullable(
                    obj(
                        {
                            "year": INTEGER,
                            "received": INTEGER,
                            "closed": INTEGER,
                            "replied": INTEGER,
                            "median_working_days": nullable(NUMBER),
                            "within_limit": INTEGER,
                            "clarified": INTEGER,
                            "stopped": INTEGER,
                            "extended": INTEGER,
                            "by_month": array(INTEGER),
                            "outcomes": array(
                                obj({"heading": STRING, "label": STRING, "count": INTEGER})
                            ),
                        },
                        description="依申请公开办理绩效（公布时固定）",
                    )
                ),
            },
            description="已公布的政府信息公开工作年度报告：公布时固定的数据和表格",
        ),
        "AnnualReportList": listing("AnnualReportItem", counted=True),
    }
