"""The component schemas of 决策公开: consultations with their published feedback, the
重大行政决策事项目录 and the executive meetings (政府常务会议).
"""

from __future__ import annotations

from disclosure.decisions.models.consultation import (
    Adoption,
    ConsultationAttachment,
    ConsultationKind,
    Phase,
)
from disclosure.decisions.models.decision import DecisionStatus
from disclosure.decisions.models.meeting import AttendeeCategory
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
