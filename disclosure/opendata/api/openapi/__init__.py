"""The OpenAPI 3.1 document of /api/v1/, served at /api/v1/openapi.json.

Built here, next to ``serializers``, so one reading shows both; the tests validate real
responses against these schemas (every object closed with ``additionalProperties:
false``, every property required), so the document cannot drift from what the API says.

``builders`` holds the JSON Schema helpers; ``schemas`` (library and catalog), ``reports``
and ``decisions`` the component schemas; ``paths`` the operations; ``build`` puts them
together.
"""

from __future__ import annotations

from disclosure.opendata.api.openapi.paths import path_items
from disclosure.opendata.api.openapi.schemas import component_schemas


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
        "paths": path_items(),
        "components": {"schemas": component_schemas()},
    }
