"""The OpenAPI 3.1 document of /api/v1/, served at /api/v1/openapi.json.

Built here, next to ``serializers``, so one reading shows both; the tests validate real
responses against these schemas (every object closed with ``additionalProperties:
false``, every property required), so the document cannot drift from what the API says.
"""

from __future__ import annotations

from catalog.models import Category, Organization
from disclosure.models.interpretation import InterpretationForm, MediaKind
from disclosure.openness import Openness
from disclosure.validity import RelationKind, Validity

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
URL = {"type": "string", "format": "uri"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}


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
        # 年度报告: "AnnualReport" and "AnnualReportList" go here with the endpoint.
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
        # 年度报告: "/annual-reports/" and "/annual-reports/{pk}/" go here with the endpoint.
    }


def build(server_url: str) -> dict:
    """The whole OpenAPI document, with ``server_url`` (…/api/v1/) as its server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "政府信息公开平台开放接口",
            "version": "1",
            "description": (
                "只读接口，提供已主动公开的政策文件、政策解读、机关、主动公开目录、主题分类和体裁。"
                "列表按游标分页（使用 next 链接），支持 ETag / Last-Modified 条件请求；"
                "每个客户端的请求频率受限，超出时返回 429 和 Retry-After。"
            ),
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": paths(),
        "components": {"schemas": schemas()},
    }
