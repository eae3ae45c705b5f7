"""The 信息处理费 of 国办函〔2020〕109号 (政府信息公开信息处理费管理办法), Art. 3-5.

Free as a rule (条例 Art. 42); a fee only where the quantity or frequency of requests
clearly exceeds a reasonable range. Two methods, both 超额累进 (each tier prices only the
part inside it); the agency picks one per request and never charges both. The fee
may be reduced or waived for an applicant in hardship, with a recorded reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models

__all__ = [
    "UNITS",
    "FeeMethod",
    "FeeQuote",
    "per_page_fee",
    "per_request_fee",
    "quote",
    "standard_text",
]


class FeeMethod(models.TextChoices):
    """The two methods of 国办函〔2020〕109号; one request is charged by one of them."""

    PER_REQUEST = "per_request", "按件计收"
    PER_PAGE = "per_page", "按量计收"


UNITS: dict[str, str] = {FeeMethod.PER_REQUEST: "件", FeeMethod.PER_PAGE: "页"}

# 109号 Art. 4(2) 按量计收: pages in one request -> yuan per page, by tier (upper bound).
PAGE_TIERS: tuple[tuple[int | None, int], ...] = (
    (30, 0),  # 1-30 pages: free
    (100, 10),  # 31-100: 10元/页
    (200, 20),  # 101-200: 20元/页
    (None, 40),  # 201 and more: 40元/页
)

# 109号 Art. 4(1) 按件计收: the applicant's requests in one calendar month.
FREE_REQUESTS_PER_MONTH = 10  # 1-10: free
FIRST_PAID_TIER_END = 30  # 11-30: 100元/件
FIRST_PAID_TIER_PRICE = 100
STEP_REQUESTS = 10  # from 31, in steps of 10 requests ...
STEP_PRICE_INCREASE = 100  # ... each step 100元/件 more than the last


@dataclass(frozen=True)
class FeeQuote:
    method: FeeMethod
    quantity: int  # pages, or the request's number among the applicant's in the month
    amount: Decimal  # yuan
    calculation: str  # how it was computed, for the 收费通知书


def per_request_fee(nth_in_month: int) -> Decimal:
    """The fee for the applicant's ``nth_in_month`` request of a calendar month."""
    if nth_in_month < 1:
        raise ValueError("nth_in_month must be at least 1")
    if nth_in_month <= FREE_REQUESTS_PER_MONTH:
        return Decimal(0)
    if nth_in_month <= FIRST_PAID_TIER_END:
        return Decimal(FIRST_PAID_TIER_PRICE)
    steps = -(-(nth_in_month - FIRST_PAID_TIER_END) // STEP_REQUESTS)  # ceil
    return Decimal(FIRST_PAID_TIER_PRICE + steps * STEP_PRICE_INCREASE)


def _page_parts(pages: int) -> list[tuple[int, int]]:
    """[(pages in tier, price per page), ...] for the paid tiers a request reaches."""
    parts, lower = [], 0
    for upper, price in PAGE_TIERS:
        top = pages if upper is None else min(pages, upper)
        if top > lower and price:
            parts.append((top - lower, price))
        if upper is None or pages <= upper:
            break
        lower = upper
    return parts


def per_page_fee(pages: int) -> Decimal:
    """The fee for ``pages`` pages in one request, tier by tier."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    return Decimal(sum(n * price for n, price in _page_parts(pages)))


def quote(method: str, quantity: int) -> FeeQuote:
    """The fee by one method, with the calculation written out as the notice shows it."""
    method = FeeMethod(method)
    if method == FeeMethod.PER_PAGE:
        amount = per_page_fee(quantity)
        parts = _page_parts(quantity)
        calculation = (
            "＋".join(f"{n}页×{price}元/页" for n, price in parts)
            if parts
            else f"{quantity}页，30页以下不收费"
        )
    else:
        amount = per_request_fee(quantity)
        calculation = (
            f"本月第{quantity}件，{amount}元/件"
            if amount
            else f"本月第{quantity}件，10件以下不收费"
        )
    return FeeQuote(method, quantity, amount, calculation)


def rule_lines() -> list[str]:
    """The two methods of 国办函〔2020〕109号, in words, from the tiers above."""
    per_request = (
        f"按件计收：同一申请人一个自然月内申请{FREE_REQUESTS_PER_MONTH}件以下（含）的不收费；"
        f"{FREE_REQUESTS_PER_MONTH + 1}—{FIRST_PAID_TIER_END}件的部分{FIRST_PAID_TIER_PRICE}元/件；"
        f"{FIRST_PAID_TIER_END + 1}件以上的部分，以{STEP_REQUESTS}件为一档，"
        f"每增加一档，收费标准提高{STEP_PRICE_INCREASE}元/件。"
    )
    parts, lower = [], 0
    for upper, price in PAGE_TIERS:
        span = f"{lower + 1}—{upper}页" if upper is not None else f"{lower + 1}页以上"
        parts.append(f"{span}的部分{price}元/页" if price else f"{span}不收费")
        lower = upper or lower
    per_page = "按量计收（同一申请中的页数）：" + "；".join(parts) + "。"
    return [per_request, per_page, "两种方式由机关择一适用，不同时按两种方式收费。"]


def standard_text(method: str) -> str:
    """The method's tiers in the words of 109号 Art. 4, for the 收费通知书 (from the constants)."""
    if FeeMethod(method) == FeeMethod.PER_REQUEST:
        free, end = FREE_REQUESTS_PER_MONTH, FIRST_PAID_TIER_END
        return (
            f"同一申请人一个自然月内累计申请{free}件以下（含{free}件）的，不收费；"
            f"{free + 1}—{end}件（含{end}件）的部分，收费标准为{FIRST_PAID_TIER_PRICE}元/件；"
            f"{end + 1}件以上的部分，以{STEP_REQUESTS}件为一档，每增加一档，"
            f"收费标准提高{STEP_PRICE_INCREASE}元/件"
        )
    clauses, lower = [], 0
    for upper, price in PAGE_TIERS:
        if upper is None:
            clauses.append(f"{lower + 1}页以上的部分，收费标准为{price}元/页")
        elif lower == 0:
            fee = "不收费" if not price else f"收费标准为{price}元/页"
            clauses.append(f"{upper}页以下（含{upper}页）的，{fee}")
        else:
            clauses.append(f"{lower + 1}—{upper}页（含{upper}页）的部分，收费标准为{price}元/页")
        lower = upper or lower
    return "同一政府信息公开申请中，" + "；".join(clauses)
