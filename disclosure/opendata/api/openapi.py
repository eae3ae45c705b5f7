"""The OpenAPI 3.1 document of /api/v1/, served at /api/v1/openapi.json.

Built here, next to ``serializers``, so one reading shows both; the tests validate real
responses against these schemas (every object closed with ``additionalProperties:
false``, every property required), so the document cannot drift from what the API says.
"""

from __future__ import annotations

from catalog.models import Category, Organization
from disclosure.decisions.models.consultation import (
    Adoption,
    ConsultationAttachment,
    ConsultationKind,
    Phase,
)
from disclosure.decisions.models.decision import DecisionStatus
from disclosure.decisions.models.meeting import AttendeeCategory
from disclosure.library.models.interpretation import InterpretationForm, MediaKind
from disclosure.library.openness import Openness
from disclosure.library.validity import RelationKind, Validity

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
URL = {"type": "string", "format": "uri"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
NUMBER = {"type": "number"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    if "type" in schema and isinstance(schema["type"], str):
        return {**schema, "type": [schema["type"], "null"]}
    return {"oneOf": [schema, {"type": "null"}]}


def obj(properties: dict, *, description: str = "", optional: tuple = ()) -> dict:
    schema = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def choice(choices) -> dict:
    return obj(
        {"code": {"type": "string", "enum": list(choices.values)}, "label": STRING},
        description="取值（code）及其中文名称（label）。",
    )


def listing(item: str, *, counted: bool, count_note: str = "") -> dict:
    properties = {
        "next": nullable({**URL, "description": "下一页的地址；最后一页为 null。"}),
        "results": array(ref(item)),
    }
    if counted:
        count = {**INTEGER, "description": "符合筛选条件的总数。"}
        if count_note:
            count = nullable({**INTEGER, "description": count_note})
        properties = {"count": count, **properties}
    return obj(properties)


_DOCUMENT_ITEM = {
    "id": INTEGER,
    "index_number": {**STRING, "description": "索引号"},
    "title": {**STRING, "description": "标题"},
    "doc_number": nullable({**STRING, "description": "发文字号"}),
    "organization": ref("AgencyRef"),
    "issuers": {**array(ref("AgencyRef")), "description": "发文机关（联合发文时为多个）"},
    "written_on": {**DATE, "description": "成文日期"},
    "published_on": {**DATE, "description": "发布日期"},
    "effective_on": nullable({**DATE, "description": "施行日期（为空则自发布之日起施行）"}),
    "expires_on": nullable({**DATE, "description": "有效期至"}),
    "validity": {**ref("Validity"), "description": "有效性（按当日计算）"},
    "theme": nullable(ref("Named")),
    "genre": nullable(ref("Named")),
    "category": nullable(ref("Named")),
    "summary": {**STRING, "description": "内容概述"},
    "keywords": {**STRING, "description": "关键词"},
    "url": {**URL, "description": "网页地址"},
    "api_url": URL,
    "updated_at": DATETIME,
}

_RELATION = {
    "kind": ref("RelationKind"),
    "effective_on": DATE,
    "in_effect": {**BOOLEAN, "description": "是否已生效（按当日）"},
}

_INTERPRETATION_ITEM = {
    "id": INTEGER,
    "index_number": STRING,
    "title": STRING,
    "summary": STRING,
    "form": ref("InterpretationForm"),
    "interpreter": obj(
        {
            "name": nullable(STRING),
            "role": nullable(STRING),
            "is_first_interpreter": {**BOOLEAN, "description": "第一解读人"},
        }
    ),
    "organization": ref("AgencyRef"),
    "category": nullable(ref("Named")),
    "published_on": DATE,
    "documents": {**array(ref("DocumentRef")), "description": "所解读的（已公开）文件"},
    "url": URL,
    "api_url": URL,
    "updated_at": DATETIME,
}


def schemas() -> dict:
    return {
        "Error": obj(
            {
                "error": {**STRING, "description": "错误代码"},
                "detail": {**STRING, "description": "中文说明"},
                "fields": {"type": "object", "additionalProperties": array(STRING)},
            },
            optional=("fields",),
        ),
        "Validity": choice(Validity),
        "RelationKind": choice(RelationKind),
        "Openness": choice(Openness),
        "InterpretationForm": choice(InterpretationForm),
        "AgencyKind": choice(Organization.Kind),
        "AgencyLevel": choice(Organization.Level),
        "CategoryScope": choice(Category.Scope),
        "MediaKind": choice(MediaKind),
        "Named": obj({"id": INTEGER, "name": STRING}),
        "AgencyRef": obj({"slug": STRING, "name": STRING, "api_url": URL}),
        "DocumentRef": obj(
            {
                "id": INTEGER,
                "index_number": STRING,
                "title": STRING,
                "doc_number": nullable(STRING),
                "url": URL,
                "api_url": URL,
            }
        ),
        "DocumentItem": obj(_DOCUMENT_ITEM, description="政策文件（列表项）"),
        "Document": obj(
            {
                **_DOCUMENT_ITEM,
                "registration_number": nullable({**STRING, "description": "统一登记号"}),
                "disclosure": {**ref("Openness"), "description": "公开方式（均为主动公开）"},
                "body_html": {**STRING, "description": "正文（已净化的 HTML）"},
                "attachments": array(
                    obj(
                        {
                            "title": STRING,
                            "url": URL,
                            "kind": nullable({**STRING, "description": "PDF、OFD、DOCX …"}),
                            "content_type": nullable(STRING),
                            "size": {**INTEGER, "description": "字节数"},
                        }
                    )
                ),
                "changed_by": {
                    **array(
                        obj(
                            {
                                **_RELATION,
                                "document": nullable(
                                    {
                                        **ref("DocumentRef"),
                                        "description": "作出废止或修改的文件；未主动公开的为 null",
                                    }
                                ),
                            }
                        )
                    ),
                    "description": "废止或修改本文件的记录",
                },
                "changes": {
                    **array(obj({**_RELATION, "document": ref("DocumentRef")})),
                    "description": "本文件废止或修改的文件",
                },
                "interpretations": array(
                    obj(
                        {
                            "id": INTEGER,
                            "title": STRING,
                            "form": ref("InterpretationForm"),
                            "published_on": DATE,
                            "url": URL,
                            "api_url": URL,
                        }
                    )
                ),
            },
            description="政策文件（详情）",
        ),
        "DocumentList": listing(
            "DocumentItem",
            counted=True,
            count_note="符合筛选条件的总数；使用 q、category 或 on 参数时不计数，为 null。",
        ),
        "InterpretationItem": obj(_INTERPRETATION_ITEM, description="政策解读（列表项）"),
        "Interpretation": obj(
            {
                **_INTERPRETATION_ITEM,
                "body_html": STRING,
                "media": array(
                    obj(
                        {
                            "kind": ref("MediaKind"),
                            "title": nullable(STRING),
                            "url": URL,
                            "embedded": {**BOOLEAN, "description": "是否为嵌入的外部播放地址"},
                            "content_type": nullable(STRING),
                            "text_alternative": {
                                **STRING,
                                "description": "图片的替代文字或音视频的文字稿",
                            },
                        }
                    )
                ),
            },
            description="政策解读（详情）",
        ),
        "InterpretationList": listing("InterpretationItem", counted=True),
        "Agency": obj(
            {
                "slug": STRING,
                "name": STRING,
                "short_name": nullable(STRING),
                "credit_code": {**STRING, "description": "统一社会信用代码"},
                "kind": ref("AgencyKind"),
                "level": ref("AgencyLevel"),
                "parent": nullable(ref("AgencyRef")),
                "is_portal_main": BOOLEAN,
                "office": obj(
                    {
                        "name": STRING,
                        "address": STRING,
                        "hours": STRING,
                        "phone": STRING,
                        "fax": nullable(STRING),
                        "email": nullable(STRING),
                        "website": nullable(STRING),
                        "postal_address": STRING,
                        "postal_code": STRING,
                    },
                    description="政府信息公开工作机构及联系方式（条例第十二条）",
                ),
                "url": URL,
                "api_url": URL,
                "documents_api_url": URL,
                "catalog_api_url": URL,
            },
            description="机关",
        ),
        "AgencyList": listing("Agency", counted=False),
        "CatalogNode": obj(
            {
                "id": INTEGER,
                "name": STRING,
                "parent_id": nullable(INTEGER),
                "statutory": {
                    **BOOLEAN,
                    "description": "是否为法定目录（条例第二十条、第二十一条）",
                },
                "scope": ref("CategoryScope"),
                "article_item": nullable(STRING),
                "position": INTEGER,
                "update_rule": nullable({**STRING, "description": "更新要求"}),
                "url": nullable({**URL, "description": "该机关栏目中的目录页（指定机关时）"}),
                "item_count": nullable(
                    {**INTEGER, "description": "该机关直接归入本目录的已公开信息数（指定机关时）"}
                ),
                "api_url": URL,
            },
            description="主动公开目录节点",
        ),
        "CatalogNodeList": listing("CatalogNode", counted=False),
        "Theme": obj({"id": INTEGER, "name": STRING, "position": INTEGER}),
        "ThemeList": listing("Theme", counted=False),
        "Genre": obj(
            {"id": INTEGER, "name": STRING, "position": INTEGER, "needs_interpretation": BOOLEAN}
        ),
        "GenreList": listing("Genre", counted=False),
        "Index": obj(
            {
                "name": STRING,
                "version": STRING,
                "openapi": URL,
                "endpoints": {"type": "object", "additionalProperties": URL},
            }
        ),
        **report_schemas(),
        **decision_schemas(),
    }


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


_CONSULTATION_REF = {"id": INTEGER, "title": STRING, "url": URL, "api_url": URL}

_CONSULTATION_ITEM = {
    **_CONSULTATION_REF,
    "kind": {**ref("ConsultationKind"), "description": "草案类型"},
    "summary": {**STRING, "description": "内容概述"},
    "organization": ref("AgencyRef"),
    "published_on": {**DATE, "description": "发布日期"},
    "starts_on": {**DATE, "description": "开始日期"},
    "ends_on": {**DATE, "description": "截止日期（当日24时，北京时间）"},
    "period_days": {**INTEGER, "description": "征求意见天数（首尾两日均计入）"},
    "minimum_days": {**INTEGER, "description": "该类草案规定的最短期限（天）"},
    "short_period_reason": nullable(
        {**STRING, "description": "期限短于规定期限的理由；期限不短时为 null"}
    ),
    "phase": {**ref("ConsultationPhase"), "description": "状态（按北京时间当日）"},
    "days_left": nullable(
        {**INTEGER, "description": "征集中时距截止的天数（最后一天为 0）；其他状态为 null"}
    ),
    "accepts_comments": {**BOOLEAN, "description": "当前是否接受意见（在网页上提交）"},
    "feedback_published_on": nullable({**DATE, "description": "意见采纳情况反馈发布日期"}),
    "updated_at": DATETIME,
}

_MEETING_BASE = {
    "id": INTEGER,
    "title": {**STRING, "description": "会议名称"},
    "held_on": {**DATE, "description": "会议日期"},
    "organization": ref("AgencyRef"),
    "url": URL,
    "api_url": URL,
}

_DECISION_CATALOG_ITEM = {
    "id": INTEGER,
    "title": STRING,
    "organization": ref("AgencyRef"),
    "year": {**INTEGER, "description": "年度"},
    "published_on": nullable({**DATE, "description": "发布日期"}),
    "adjusted_on": nullable({**DATE, "description": "最近调整日期"}),
    "note": {**STRING, "description": "说明"},
    "item_count": {**INTEGER, "description": "事项数"},
    "url": URL,
    "api_url": URL,
}


def decision_schemas() -> dict:
    """决策公开: consultations with their published feedback, catalogs, meetings."""
    return {
        "ConsultationKind": choice(ConsultationKind),
        "ConsultationPhase": choice(Phase),
        "ConsultationFileKind": choice(ConsultationAttachment.Kind),
        "Adoption": choice(Adoption),
        "DecisionStatus": choice(DecisionStatus),
        "AttendeeCategory": choice(AttendeeCategory),
        "ConsultationRef": obj(_CONSULTATION_REF),
        "ConsultationItem": obj(_CONSULTATION_ITEM, description="意见征集（列表项）"),
        "Consultation": obj(
            {
                **_CONSULTATION_ITEM,
                "draft_html": {**STRING, "description": "征求意见稿（已净化的 HTML）"},
                "explanation_html": nullable(
                    {**STRING, "description": "起草说明（已净化的 HTML）"}
                ),
                "contact": {**STRING, "description": "网上提交以外的意见提交方式"},
                "attachments": array(
                    obj(
                        {
                            "kind": ref("ConsultationFileKind"),
                            "title": STRING,
                            "url": URL,
                            "format": nullable({**STRING, "description": "PDF、DOCX …"}),
                            "size": {**INTEGER, "description": "字节数"},
                        }
                    )
                ),
                "final_document": nullable(
                    {**ref("DocumentRef"), "description": "决策作出后的正式文件"}
                ),
                "feedback": nullable(
                    {**ref("ConsultationFeedback"), "description": "发布前为 null"}
                ),
            },
            description="意见征集（详情）；不含任何提交意见者的姓名、联系方式或附件",
        ),
        "ConsultationList": listing("ConsultationItem", counted=True),
        "ConsultationFeedback": obj(
            {
                "published_on": DATE,
                "summary": {**STRING, "description": "意见收集和采纳情况说明"},
                "counts": obj(
                    {
                        "received": {**INTEGER, "description": "收到意见总数"},
                        "recorded": {**INTEGER, "description": "网上提交和逐条登记的意见"},
                        "letters": {**INTEGER, "description": "信函、电子邮件等（未逐条登记）"},
                        "meetings": {
                            **INTEGER,
                            "description": "座谈会、论证会、听证会（未逐条登记）",
                        },
                        "adopted": {**INTEGER, "description": "采纳意见数量（含部分采纳）"},
                        "by_adoption": array(
                            obj(
                                {
                                    "code": {"type": "string", "enum": list(Adoption.values)},
                                    "label": STRING,
                                    "count": INTEGER,
                                }
                            )
                        ),
                    }
                ),
                "viewpoints": {
                    **array(
                        obj(
                            {
                                "summary": STRING,
                                "response": nullable({**STRING, "description": "采纳情况"}),
                                "comment_count": INTEGER,
                            }
                        )
                    ),
                    "description": "主要观点及采纳情况",
                },
                "not_adopted": {
                    **array(
                        obj(
                            {
                                "adoption": ref("Adoption"),
                                "excerpt": nullable(
                                    {
                                        **STRING,
                                        "description": "工作人员公开的匿名摘要或所属主要观点；"
                                        "不公开的为 null",
                                    }
                                ),
                                "reason": STRING,
                            }
                        )
                    ),
                    "description": "未采纳（含部分采纳、不属于征求范围）的意见及理由",
                },
            },
            description="意见采纳情况反馈",
        ),
        "DecisionCatalogItem": obj(
            _DECISION_CATALOG_ITEM, description="重大行政决策事项目录（列表项）"
        ),
        "DecisionCatalog": obj(
            {
                **_DECISION_CATALOG_ITEM,
                "items": array(
                    obj(
                        {
                            "position": {**INTEGER, "description": "序号"},
                            "title": {**STRING, "description": "决策事项"},
                            "lead_unit": {**STRING, "description": "承办单位"},
                            "basis": {**STRING, "description": "决策依据"},
                            "planned_completion": nullable(
                                {**STRING, "description": "计划完成时间"}
                            ),
                            "hearing_planned": {**BOOLEAN, "description": "拟举行听证"},
                            "status": ref("DecisionStatus"),
                            "note": {**STRING, "description": "备注"},
                            "consultation": nullable(ref("ConsultationRef")),
                            "decision_document": nullable(ref("DocumentRef")),
                            "evaluation_report": nullable(
                                {**ref("DocumentRef"), "description": "执行效果评估报告"}
                            ),
                        }
                    )
                ),
            },
            description="重大行政决策事项目录（一个机关一个年度）",
        ),
        "DecisionCatalogList": listing("DecisionCatalogItem", counted=True),
        "MeetingItem": obj(
            {**_MEETING_BASE, "topic_titles": {**array(STRING), "description": "议题"}},
            description="政府常务会议（列表项）",
        ),
        "Meeting": obj(
            {
                **_MEETING_BASE,
                "summary": {**STRING, "description": "会议概况"},
                "reading_html": nullable({**STRING, "description": "会议解读（HTML）"}),
                "topics": array(
                    obj(
                        {
                            "title": {**STRING, "description": "议题"},
                            "decision": {**STRING, "description": "议定事项"},
                            "documents": array(ref("DocumentRef")),
                            "interpretations": array(
                                obj({"id": INTEGER, "title": STRING, "url": URL, "api_url": URL})
                            ),
                        }
                    )
                ),
                "attendance": {
                    **array(
                        obj(
                            {
                                "category": ref("AttendeeCategory"),
                                "count": {**INTEGER, "description": "人数"},
                                "description": nullable(STRING),
                                "opinions": nullable(
                                    {**STRING, "description": "意见发表和采纳情况"}
                                ),
                            }
                        )
                    ),
                    "description": "列席情况（按类别和人数，不含姓名）",
                },
                "attendance_total": INTEGER,
            },
            description="政府常务会议（详情）",
        ),
        "MeetingList": listing("MeetingItem", counted=True),
    }


def _param(name: str, description: str, schema: dict | None = None, where: str = "query") -> dict:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema or STRING,
    }


PAGING = [
    _param("cursor", "上一页 next 链接中的游标；不要自行构造。"),
    _param("page_size", "每页条数，默认 20，最大 100。", {**INTEGER, "minimum": 1, "maximum": 100}),
]

DOCUMENT_FILTERS = [
    _param("q", "关键词：标题、正文、发文字号或索引号（与政策文件库检索相同）。"),
    _param("organization", "发布机关的网址标识（slug）。"),
    _param("theme", "主题分类编号（见 /themes/）。", INTEGER),
    _param("genre", "体裁编号（见 /genres/）。", INTEGER),
    _param("category", "主动公开目录节点编号，含其下级目录。", INTEGER),
    _param("validity", "有效性（按当日）。", {"type": "string", "enum": list(Validity.values)}),
    _param("year", "成文年份。", INTEGER),
    _param("on", "某日有效的文件（YYYY-MM-DD）。", DATE),
]

AGENCY_YEAR_FILTERS = [
    _param("organization", "机关的网址标识（slug）。"),
    _param("year", "年度。", INTEGER),
]

CONSULTATION_FILTERS = [
    _param("organization", "征集机关的网址标识（slug）。"),
    _param("year", "开始日期所在年份。", INTEGER),
    _param("phase", "状态（按北京时间当日）。", {"type": "string", "enum": list(Phase.values)}),
]

MEETING_FILTERS = [
    _param("organization", "人民政府的网址标识（slug）。"),
    _param("year", "会议年份。", INTEGER),
]

INTERPRETATION_FILTERS = [
    _param("q", "关键词：解读标题、正文、所解读文件的标题或文号。"),
    _param("organization", "发布机关的网址标识（slug）。"),
    _param("form", "解读形式。", {"type": "string", "enum": list(InterpretationForm.values)}),
    _param("year", "发布年份。", INTEGER),
]


def _json(schema: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


def _responses(schema: str, *, conditional: bool = True, not_found: bool = False) -> dict:
    ok = _json(schema, "成功。")
    ok["headers"] = {
        "ETag": {"schema": STRING, "description": "用于条件请求（If-None-Match）。"},
        "Cache-Control": {"schema": STRING},
    }
    responses = {"200": ok}
    if conditional:
        responses["304"] = {"description": "未变化（If-None-Match 或 If-Modified-Since 匹配）。"}
    responses["400"] = _json("Error", "参数无效，fields 列出每个参数的问题。")
    if not_found:
        responses["404"] = _json("Error", "不存在或未公开。")
    too_many = _json("Error", "请求过于频繁。")
    too_many["headers"] = {"Retry-After": {"schema": INTEGER, "description": "需等待的秒数。"}}
    responses["429"] = too_many
    return responses


def _with_last_modified(responses: dict) -> dict:
    responses["200"]["headers"]["Last-Modified"] = {
        "schema": STRING,
        "description": "最后修改时间，可用于 If-Modified-Since。",
    }
    return responses


def _get(summary: str, schema: str, parameters=(), *, last_modified=False, not_found=False):
    responses = _responses(schema, not_found=not_found)
    if last_modified:
        responses = _with_last_modified(responses)
    operation = {"summary": summary, "responses": responses}
    if parameters:
        operation["parameters"] = list(parameters)
    return {"get": operation}


def paths() -> dict:
    pk = _param("pk", "编号", INTEGER, where="path")
    return {
        "/": _get("接口目录", "Index"),
        "/openapi.json": {
            "get": {
                "summary": "本接口的 OpenAPI 3.1 描述",
                "responses": {
                    "200": {
                        "description": "OpenAPI 文档。",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
        "/documents/": _get(
            "已公开的政策文件（按发布日期从新到旧）",
            "DocumentList",
            [*DOCUMENT_FILTERS, *PAGING],
            last_modified=True,
        ),
        "/documents/{pk}/": _get(
            "一件政策文件", "Document", [pk], last_modified=True, not_found=True
        ),
        "/interpretations/": _get(
            "已发布的政策解读（按发布日期从新到旧）",
            "InterpretationList",
            [*INTERPRETATION_FILTERS, *PAGING],
            last_modified=True,
        ),
        "/interpretations/{pk}/": _get(
            "一件政策解读", "Interpretation", [pk], last_modified=True, not_found=True
        ),
        "/agencies/": _get(
            "机关",
            "AgencyList",
            [
                _param(
                    "kind", "机关类型。", {"type": "string", "enum": list(Organization.Kind.values)}
                ),
                *PAGING,
            ],
        ),
        "/agencies/{slug}/": _get(
            "一个机关", "Agency", [_param("slug", "网址标识", where="path")], not_found=True
        ),
        "/catalog-nodes/": _get(
            "主动公开目录：不指定机关时为法定目录，指定机关时为该机关的目录树",
            "CatalogNodeList",
            [_param("organization", "机关的网址标识（slug）。"), *PAGING],
        ),
        "/catalog-nodes/{pk}/": _get("一个目录节点", "CatalogNode", [pk], not_found=True),
        "/themes/": _get("主题分类", "ThemeList", PAGING),
        "/genres/": _get("体裁分类", "GenreList", PAGING),
        "/annual-reports/": _get(
            "已公布的政府信息公开工作年度报告（按年度从新到旧）",
            "AnnualReportList",
            [*AGENCY_YEAR_FILTERS, *PAGING],
            last_modified=True,
        ),
        "/annual-reports/{pk}/": _get(
            "一份已公布的年度报告（公布时固定的数据和表格）；草稿为 404",
            "AnnualReport",
            [pk],
            last_modified=True,
            not_found=True,
        ),
        "/consultations/": _get(
            "意见征集（按开始日期从新到旧）",
            "ConsultationList",
            [*CONSULTATION_FILTERS, *PAGING],
            last_modified=True,
        ),
        "/consultations/{pk}/": _get(
            "一项意见征集：征求意见稿、起草说明、附件、采纳情况反馈和正式文件",
            "Consultation",
            [pk],
            last_modified=True,
            not_found=True,
        ),
        "/decision-catalogs/": _get(
            "重大行政决策事项目录（每个机关每年一份，按年度从新到旧）",
            "DecisionCatalogList",
            [*AGENCY_YEAR_FILTERS, *PAGING],
        ),
        "/decision-catalogs/{pk}/": _get(
            "一份重大行政决策事项目录及其全部事项", "DecisionCatalog", [pk], not_found=True
        ),
        "/meetings/": _get(
            "政府常务会议（按会议日期从新到旧）",
            "MeetingList",
            [*MEETING_FILTERS, *PAGING],
        ),
        "/meetings/{pk}/": _get(
            "一次政府常务会议：议题、议定事项、相关文件和解读、列席情况",
            "Meeting",
            [pk],
            not_found=True,
        ),
    }


def build(server_url: str) -> dict:
    """The whole OpenAPI document, with ``server_url`` (…/api/v1/) as its server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "政府信息公开平台开放接口",
            "version": "1",
            "description": (
                "只读接口，提供已主动公开的政策文件、政策解读、机关、主动公开目录、主题分类、体裁，"
                "已公布的政府信息公开工作年度报告，以及意见征集（含意见采纳情况反馈）、"
                "重大行政决策事项目录和政府常务会议。"
                "列表按游标分页（使用 next 链接），支持 ETag / Last-Modified 条件请求；"
                "每个客户端的请求频率受限，超出时返回 429 和 Retry-After。"
            ),
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": paths(),
        "components": {"schemas": schemas()},
    }
