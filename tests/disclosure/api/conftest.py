"""Fixtures of the API tests: the OpenAPI document and a validator of responses against it."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from disclosure.opendata.api.openapi import build


@pytest.fixture(scope="session")
def openapi_spec():
    return build("http://testserver/api/v1/")


@pytest.fixture(scope="session")
def conforms(openapi_spec):
    """conforms(data, "DocumentList"): raise unless ``data`` matches that schema exactly."""

    def check(data, schema_name: str) -> None:
        schema = {
            "$ref": f"#/components/schemas/{schema_name}",
            "components": openapi_spec["components"],
        }
        Draft202012Validator(schema, format_checker=FormatChecker()).validate(data)

    return check
