"""The building blocks of the OpenAPI schemas: JSON Schema primitives and helpers.

``obj`` closes every object (``additionalProperties: false``) and makes every property
required unless named optional; ``choice`` describes a TextChoices field as the API sends
it (code and label); ``listing`` a cursor-paged list.
"""

from __future__ import annotations

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
