"""How drf-spectacular describes /api/v1/: the list components' names, the responses every
operation shares (conditional GET, errors in Chinese, the rate limit), and a hook that
closes every object (``additionalProperties: false``) and names the server the document
was asked from. The tests validate real responses against the generated components, so
the document cannot drift from what the API says.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from disclosure.opendata.api.serializers import ErrorSerializer, WithdrawnSerializer


class AutoSchema(openapi.AutoSchema):
    def get_paginated_name(self, serializer_name: str) -> str:
        """``DocumentItem`` → ``DocumentList``, ``Agency`` → ``AgencyList``."""
        return f"{serializer_name.removesuffix('Item')}List"


CONDITIONAL = [
    OpenApiParameter(
        "If-None-Match",
        str,
        OpenApiParameter.HEADER,
        description="上次响应的 ETag；未变化时返回 304。",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        str,
        OpenApiParameter.HEADER,
        description="上次响应的 Last-Modified；未变化时返回 304。",
    ),
    OpenApiParameter(
        "ETag",
        str,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="用于条件请求（If-None-Match）。",
    ),
    OpenApiParameter(
        "Cache-Control", str, OpenApiParameter.HEADER, response=[200, 304], description="public"
    ),
    OpenApiParameter(
        "Retry-After",
        OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        response=[429],
        description="需等待的秒数。",
    ),
]


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


def _example(name: str, status: int, value: dict) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status)])


EXAMPLES = {
    400: _example(
        "参数无效",
        400,
        {
            "error": "invalid_parameter",
            "detail": "参数 theme 的值无效。",
            "fields": {"theme": ["选择一个有效的选项。该选择不在可用的选项中。"]},
        },
    ),
    404: _example(
        "不存在或未公开", 404, {"error": "not_found", "detail": "没有找到该数据，或该数据未公开。"}
    ),
    410: _example(
        "已撤回",
        410,
        {
            "error": "withdrawn",
            "detail": (
                "该政策文件已于2025年03月01日由发布机关撤回，不再公开。"
                "撤回原因：内容有误，已撤回更正。"
            ),
            "withdrawn_on": "2025-03-01",
            "withdrawal_reason": "内容有误，已撤回更正",
        },
    ),
    429: _example(
        "请求过于频繁",
        429,
        {
            "error": "rate_limited",
            "detail": "请求过于频繁：每个客户端每 60 秒最多 120 次请求，请在 42 秒后重试。",
        },
    ),
}


def documented(
    serializer,
    summary: str,
    description: str,
    *,
    tag: str,
    many: bool = False,
    gone: bool = False,
    slug: bool = False,
    parameters=(),
    operation_id: str | None = None,
):
    """The OpenAPI description of a view's GET: its answer, 304, and the errors."""
    responses = {
        200: OpenApiResponse(serializer(many=True) if many else serializer, description="成功。"),
        304: OpenApiResponse(description="未变化（If-None-Match 或 If-Modified-Since 匹配）。"),
        400: _error("参数无效，fields 列出每个参数的问题。"),
    }
    if not many and serializer.__name__ != "IndexSerializer":
        responses[404] = _error("不存在或未公开。")
    if gone:
        responses[410] = OpenApiResponse(
            WithdrawnSerializer, description="已由发布机关撤回：撤回日期和原因类别。"
        )
    responses[429] = _error("请求过于频繁。")
    path = []
    if slug:
        path = [OpenApiParameter("slug", str, OpenApiParameter.PATH, description="机关的网址标识")]
    elif not many and serializer.__name__ != "IndexSerializer":
        path = [OpenApiParameter("pk", int, OpenApiParameter.PATH, description="编号")]
    return extend_schema_view(
        get=extend_schema(
            summary=summary,
            description=description,
            tags=[tag],
            operation_id=operation_id,
            responses=responses,
            parameters=[*path, *parameters, *CONDITIONAL],
            examples=[EXAMPLES[code] for code in (400, 404, 410, 429) if code in responses],
        )
    )


def close_objects_and_name_server(result, generator, request, public):
    """Every component object with properties is closed, as the API sends no other members;
    the server is the host the document was asked from (…/api/v1)."""
    for schema in result.get("components", {}).get("schemas", {}).values():
        if schema.get("type") == "object" and "properties" in schema:
            schema.setdefault("additionalProperties", False)
    if request is not None:
        result["servers"] = [{"url": request.build_absolute_uri(reverse("api:index")).rstrip("/")}]
    return result
