"""The component schemas of the library and catalog: documents, interpretations, agencies,
the 主动公开目录, themes, genres and the index; ``component_schemas`` gathers every
component of the document, those of ``reports`` and ``decisions`` included.
"""

from __future__ import annotations

from catalog.models import Category, Organization
from disclosure.library.models.interpretation import (
    InterpretationForm,
    InterpretationStage,
    MediaKind,
)
from disclosure.library.openness import Openness
from disclosure.library.validity import RelationKind, Validity
from disclosure.opendata.api.openapi.builders import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    STRING,
    URL,
    array,
    choice,
    listing,
    nullable,
    obj,
    ref,
)
from disclosure.opendata.api.openapi.decisions import decision_schemas
from disclosure.opendata.api.openapi.reports import report_schemas

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
    "stage": ref("InterpretationStage"),
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


def component_schemas() -> dict:
    return {
        "Error": obj(
            {
                "error": {**STRING, "description": "错误代码"},
                "detail": {**STRING, "description": "中文说明"},
                "fields": {"type": "object", "additionalProperties": array(STRING)},
            },
            optional=("fields",),
        ),
        "Withdrawn": obj(
            {
                "error": {**STRING, "description": "错误代码：withdrawn"},
                "detail": {**STRING, "description": "中文说明：已于何时撤回、撤回原因"},
                "withdrawn_on": nullable({**DATE, "description": "撤回日期"}),
                "withdrawal_reason": nullable({**STRING, "description": "撤回原因类别"}),
            }
        ),
        "Validity": choice(Validity),
        "RelationKind": choice(RelationKind),
        "Openness": choice(Openness),
        "InterpretationForm": choice(InterpretationForm),
        "InterpretationStage": choice(InterpretationStage),
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
                            "stage": ref("InterpretationStage"),
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
