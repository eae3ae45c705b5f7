"""A year (2024) of requests covering every row and column of the annual report's table 三.

Built through ``requests_app.steps`` (letters switched off with :func:`no_letters`,
which the statistics do not read). What it holds, by applicant column:

- the 21 outcome rows each get one request closed in 2024; outcome number i goes to
  column i mod 6 (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他);
- （一）and（二）were received in December 2023: carried over from last year;
- （六）1 is closed for no 补正 (Art. 30), （四）3 answered after a 补正, （六）2 closed for an
  unpaid fee; （四）2 paid a fee, （五）3 had its fee waived in full;
- two requests received in December 2024 are carried into 2025 (one still open, one
  answered in January 2025);
- noise that must not count: a request of 2023 closed in 2023, one received in 2025,
  one of another agency, an online submission not yet registered.

Expected table 三 of 2024 (columns: person, business, research, nonprofit, legal, other):

    new          4 4 4 3 3 3 = 21
    carried_in   1 1 0 0 0 0 = 2
    （七）总计     4 4 4 3 3 3 = 21   (one per outcome row)
    carried_out  1 1 0 0 0 0 = 2
"""

from __future__ import annotations

import datetime
import itertools

import pytest

from requests_app import notices, steps
from requests_app.models import InformationRequest, ReviewCase
from requests_app.outcomes import ApplicantCategory, Outcome
from tests.requests_app.builders import applicant_fields

D = datetime.date
YEAR = 2024
COLUMNS = list(ApplicantCategory.values)
_codes = itertools.count(1)

#: What each reply needs (Art. 36-39 details the workflow checks).
REPLY_DETAILS: dict[str, dict] = {
    Outcome.PARTIAL: {
        "withheld_parts": [{"part": "附件3", "ground": "third_party", "reason": "涉及商业秘密"}]
    },
    Outcome.ADMINISTRATIVE_QUERY: {
        "special_record_type": "不动产登记资料",
        "special_law": "《不动产登记暂行条例》",
    },
    Outcome.NEEDS_CREATION: {"creation_reason": "需要对现有信息进行汇总分析"},
    Outcome.STILL_UNCLEAR: {"unclear_reason": "补正后仍无法确定所指信息"},
    Outcome.COMPLAINT: {"proper_channel": "信访渠道"},
    Outcome.REPEATED: {"previous_reply_on": D(2024, 1, 5)},
    Outcome.PUBLICATION: {"publication_access": "市图书馆"},
    Outcome.EXCESSIVE: {"excessive_reason": "数量明显超过合理范围且无正当理由"},
    Outcome.CONFIRM_OR_REISSUE: {"previous_reply_on": D(2024, 1, 5)},
}
WITHHOLD = {"withhold_reason": "依据条例第十四条至第十六条不予公开"}


@pytest.fixture
def no_letters(monkeypatch):
    """Skip the letters (PDF rendering is slow; the statistics do not read them)."""
    monkeypatch.setattr(notices, "issue", lambda *args, **kwargs: None)


@pytest.fixture(scope="module")
def built_year(django_db_setup, django_db_blocker):
    """:func:`build_year` once per test module, rolled back at its end.

    Each test runs inside it in its own savepoint (pytest-django's ``db``), so what a test
    changes is undone for the next one. Returns (agency, staff, requests by name).
    """
    from django.db import transaction

    from tests.conftest import make_org, make_staff

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(notices, "issue", lambda *args, **kwargs: None)
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            agency = make_org(name="年报测试市人民政府", kind="government", slug="nb-year")
            staff = make_staff(agency)
            other = make_org()
            built = build_year(agency, staff, other, make_staff(other))
            build_reviews(built, staff)
            yield agency, staff, built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def applicant(column: str) -> dict:
    if column == ApplicantCategory.PERSON:
        return applicant_fields()
    return applicant_fields(
        applicant_type="organization",
        organization_kind=column,
        name=f"测试{ApplicantCategory(column).label}",
        id_type="",
        id_number="",
        credit_code=f"9137150000000{next(_codes):04d}X"[:18],
    )


def register(org, staff, column: str, received_on: datetime.date) -> InformationRequest:
    return steps.register_received(org, by=staff, received_on=received_on, **applicant(column))


def reply(req, staff, outcome: str, on: datetime.date) -> InformationRequest:
    details = REPLY_DETAILS.get(outcome, WITHHOLD if outcome.startswith("3.") else {})
    reply_type = "repeated" if outcome == Outcome.CONFIRM_OR_REISSUE else None
    return steps.reply(
        req, by=staff, outcome=outcome, reply_type=reply_type, details=details, on=on
    )


def close(org, staff, column: str, outcome: str, received_on, closed_on) -> InformationRequest:
    """One request received on ``received_on`` and closed under ``outcome`` on ``closed_on``."""
    req = register(org, staff, column, received_on)
    if outcome == Outcome.NO_CLARIFICATION:
        # Art. 30: asked to clarify within 7 working days; no answer by the deadline.
        req = steps.request_clarification(
            req,
            by=staff,
            items=["请写明文件名称"],
            reply_by=received_on + datetime.timedelta(days=10),
            on=received_on + datetime.timedelta(days=1),
        )
        return steps.close_for_no_clarification(req, by=staff, on=closed_on)
    if outcome == Outcome.STILL_UNCLEAR:
        req = steps.request_clarification(
            req,
            by=staff,
            items=["请写明文件名称"],
            reply_by=received_on + datetime.timedelta(days=10),
            on=received_on + datetime.timedelta(days=1),
        )
        req = steps.receive_clarification(
            req, by=staff, on=received_on + datetime.timedelta(days=5)
        )
    if outcome == Outcome.FEE_UNPAID:
        steps.issue_fee_notice(
            req, by=staff, method="per_page", pages=200, on=received_on + datetime.timedelta(1)
        )
        return steps.close_for_unpaid_fee(req, by=staff, on=closed_on)
    if outcome == Outcome.NEEDS_CREATION:
        steps.issue_fee_notice(
            req, by=staff, method="per_page", pages=50, on=received_on + datetime.timedelta(1)
        )
        req = steps.record_payment(req, by=staff, on=received_on + datetime.timedelta(3))
    if outcome == Outcome.PUBLICATION:
        steps.issue_fee_notice(
            req,
            by=staff,
            method="per_page",
            pages=40,
            reduction=100,
            reduction_reason="申请人生活困难",
            on=received_on + datetime.timedelta(1),
        )
    return reply(req, staff, outcome, closed_on)


def build_year(org, staff, other_org, other_staff) -> dict[str, InformationRequest]:
    """The 2024 requests described in the module docstring; returns them by name."""
    built: dict[str, InformationRequest] = {}
    for index, outcome in enumerate(Outcome.values):
        column = COLUMNS[index % len(COLUMNS)]
        if outcome in (Outcome.DISCLOSED, Outcome.PARTIAL):
            received, closed = D(2023, 12, 20), D(2024, 1, 10)  # carried over from 2023
        else:
            month = 1 + index % 12
            received, closed = D(YEAR, month, 3), D(YEAR, month, 26)
            if outcome == Outcome.FEE_UNPAID:  # after the 20 working days to pay
                closed = received + datetime.timedelta(days=45)
        built[outcome] = close(org, staff, column, outcome, received, closed)
    # Carried into 2025: one still open, one answered in January 2025.
    built["open"] = register(org, staff, ApplicantCategory.BUSINESS, D(2024, 12, 20))
    late = register(org, staff, ApplicantCategory.PERSON, D(2024, 12, 23))
    built["answered_2025"] = reply(late, staff, Outcome.DISCLOSED, D(2025, 1, 6))
    # Noise.
    built["closed_2023"] = close(
        org, staff, ApplicantCategory.PERSON, Outcome.DISCLOSED, D(2023, 3, 1), D(2023, 3, 20)
    )
    built["received_2025"] = register(org, staff, ApplicantCategory.RESEARCH, D(2025, 2, 3))
    built["other_agency"] = close(
        other_org,
        other_staff,
        ApplicantCategory.PERSON,
        Outcome.DISCLOSED,
        D(2024, 5, 6),
        D(2024, 5, 20),
    )
    built["pending"] = steps.submit_online(
        org, idempotency_key="year-builder-pending", **applicant(ApplicantCategory.PERSON)
    )
    return built


def build_reviews(built: dict[str, InformationRequest], staff) -> list[ReviewCase]:
    """Table 四 of 2024: review upheld, review corrected, litigation other, litigation after
    review concluded only in 2025 (尚未审结 in 2024); a 2023 review does not count."""
    K, R = ReviewCase.Kind, ReviewCase.Result
    cases = []
    for request_key, kind, filed, result, concluded in [
        (Outcome.STATE_SECRET, K.REVIEW, D(2024, 4, 15), R.UPHELD, D(2024, 6, 3)),
        (Outcome.LAW_PROHIBITS, K.REVIEW, D(2024, 5, 10), R.CORRECTED, D(2024, 7, 1)),
        (Outcome.NOT_HELD, K.LITIGATION, D(2024, 12, 2), R.OTHER, D(2024, 12, 20)),
        (Outcome.EXCESSIVE, K.LITIGATION_AFTER_REVIEW, D(2024, 11, 1), R.CORRECTED, D(2025, 2, 3)),
        ("closed_2023", K.REVIEW, D(2023, 5, 1), R.UPHELD, D(2023, 7, 1)),
    ]:
        case = steps.record_review(built[request_key], by=staff, kind=kind, filed_on=filed)
        cases.append(steps.record_review_result(case, by=staff, result=result, on=concluded))
    return cases
