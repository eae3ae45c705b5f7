"""The operations of the OpenAPI document: every route of /api/v1/ with its parameters
(filters, cursor paging) and its responses (conditional GET, errors, rate limit).
"""

from __future__ import annotations

from catalog.models import Organization
from disclosure.decisions.models.consultation import Phase
from disclosure.library.models.interpretation import InterpretationForm
from disclosure.library.validity import Validity
from disclosure.opendata.api.openapi.builders import DATE, INTEGER, STRING, ref


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


def _get(
    summary: str,
    schema: str,
    parameters=(),
    *,
    last_modified=False,
    not_found=False,
    gone=False,
):
    responses = _responses(schema, not_found=not_found)
    if gone:
        responses["410"] = _json("Withdrawn", "已由发布机关撤回：撤回日期和原因类别。")
    if last_modified:
        responses = _with_last_modified(responses)
    operation = {"summary": summary, "responses": responses}
    if parameters:
        operation["parameters"] = list(parameters)
    return {"get": operation}


def path_items() -> dict:
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
            "一件政策文件", "Document", [pk], last_modified=True, not_found=True, gone=True
        ),
        "/interpretations/": _get(
            "已发布的政策解读（按发布日期从新到旧）",
            "InterpretationList",
            [*INTERPRETATION_FILTERS, *PAGING],
            last_modified=True,
        ),
        "/interpretations/{pk}/": _get(
            "一件政策解读", "Interpretation", [pk], last_modified=True, not_found=True, gone=True
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
            gone=True,
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
