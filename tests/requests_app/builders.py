"""Builders for the request workflow tests (fixtures are in conftest.py)."""

from __future__ import annotations

import datetime
import itertools

from requests_app import steps
from requests_app.models import InformationRequest

_seq = itertools.count(1)


def applicant_fields(**overrides) -> dict:
    n = next(_seq)
    fields = {
        "applicant_type": "person",
        "name": "张三丰",
        "id_type": InformationRequest.IdType.RESIDENT_ID,
        "id_number": f"11010519491231{n:03d}X",
        "phone": "13812345678",
        "email": "zhang@example.com",
        "postal_address": "测试市人民路1号",
        "description": "2024年度本机关行政事业性收费项目清单",
        "form": InformationRequest.Form.ELECTRONIC,
        "delivery": InformationRequest.Delivery.EMAIL,
        "channel": InformationRequest.Channel.IN_PERSON,
    }
    fields.update(overrides)
    return fields


def make_request(org, staff, received_on: datetime.date, **overrides) -> InformationRequest:
    """A request received in person on ``received_on`` and registered by ``staff``."""
    return steps.register_received(
        org, by=staff, received_on=received_on, **applicant_fields(**overrides)
    )
