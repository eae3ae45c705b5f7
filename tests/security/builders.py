"""Builders of the attack tests: the public forms' POST data, requests filed online."""

from __future__ import annotations

import itertools

from django.urls import reverse

from catalog.validators import credit_code_check_char
from config.web.validators import id_check_char
from requests_app.models import InformationRequest
from tests.disclosure.decisions.builders import comment_post, token

ID17 = "37150219800101123"
VALID_ID = ID17 + id_check_char(ID17)
PHONE = "13912345678"
CODE17 = "91371500MA3C00001"
# What an application by a 法人 posts instead of a person's ID (application_post(**…)).
AS_ORGANIZATION = {
    "applicant_type": "organization",
    "organization_kind": "business",
    "credit_code": CODE17 + credit_code_check_char(CODE17),
    "id_type": "",
    "id_number": "",
}
_seq = itertools.count(1)

__all__ = [
    "AS_ORGANIZATION",
    "PHONE",
    "VALID_ID",
    "application_post",
    "comment_post",
    "file_online",
]


def application_post(agency, **overrides) -> dict:
    """What the online application form posts for a valid application to ``agency``."""
    data = {
        "form_token": token(key=f"security-{next(_seq)}"),  # each its own submission
        "website": "",
        "organization": agency.pk,
        "applicant_type": "person",
        "name": "李四",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": PHONE,
        "email": "lisi@example.com",
        "postal_address": "聊城市东昌府区柳园路1号",
        "postal_code": "252000",
        "description": "2025年本市城区老旧小区改造项目清单",
        "purpose": "",
        "form": "electronic",
        "delivery": "email",
        "consent": "on",
    }
    data.update(overrides)
    return data


def file_online(client, agency, **overrides) -> InformationRequest:
    """A request filed through the public form by ``client`` (whose session may track it)."""
    before = set(InformationRequest.objects.values_list("pk", flat=True))
    response = client.post(reverse("requests_app:apply"), application_post(agency, **overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return InformationRequest.objects.exclude(pk__in=before).get()
