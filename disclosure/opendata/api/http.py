"""What every API response shares: JSON, errors in Chinese, the rate limit, caching headers.

- GET and HEAD only; CORS open to every origin (public data, no cookies read).
- Per-client rate limit (``config.web.ratelimit``: the shared cache, one fixed window),
  ``settings.API_RATE_LIMIT`` requests per ``settings.API_RATE_WINDOW`` seconds; beyond
  it 429 with a JSON body and ``Retry-After``. A request with a keyword (``q``) counts
  against the search limit too (``SEARCH_RATE_LIMIT``, shared with /zcwjk/ and /zcjd/).
- ``Cache-Control: public`` on 200 and 304; ETag and Last-Modified set by the views, and a
  conditional GET answered 304 before the page is built (``not_modified``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import time

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from config.web import ratelimit
from disclosure.publishing.models import PublicationStatus

CACHE_CONTROL = "public, max-age=60"


class ApiError(Exception):
    """An error answered as JSON: ``{"error": code, "detail": Chinese text}``."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        fields: dict | None = None,
        extra: dict | None = None,
    ):
        super().__init__(detail)
        self.status, self.code, self.detail, self.fields = status, code, detail, fields
        self.extra = extra or {}

    def response(self) -> JsonResponse:
        body = {"error": self.code, "detail": self.detail, **self.extra}
        if self.fields:
            body["fields"] = self.fields
        return json_response(body, status=self.status)


def gone_or_not_found(model, pk, noun: str, **public_filter) -> Exception:
    """What a detail endpoint raises for an item it does not show: 410 with the withdrawal
    date and reason category for a withdrawn item (the public pages' notice), else 404.
    ``public_filter`` narrows to what the public could see (e.g. only 主动公开 documents)."""
    item = (
        model.objects.filter(pk=pk, status=PublicationStatus.WITHDRAWN, **public_filter)
        .only("pk", "withdrawn_at", "withdrawal_reason")
        .first()
    )
    if item is None:
        return Http404()
    withdrawn_on = timezone.localtime(item.withdrawn_at).date() if item.withdrawn_at else None
    when = f"于{withdrawn_on:%Y年%m月%d日}" if withdrawn_on else ""
    reason = item.get_withdrawal_reason_display() if item.withdrawal_reason else ""
    return ApiError(
        410,
        "withdrawn",
        f"该{noun}已{when}由发布机关撤回，不再公开。" + (f"撤回原因：{reason}。" if reason else ""),
        extra={
            "withdrawn_on": withdrawn_on.isoformat() if withdrawn_on else None,
            "withdrawal_reason": reason or None,
        },
    )


def json_response(data, *, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data,
        status=status,
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
        content_type="application/json; charset=utf-8",
    )


def retry_after(window: int) -> int:
    """Seconds until the current fixed window of ``ratelimit.hit`` ends."""
    return max(1, math.ceil(window - time.time() % window))


def too_many_requests(window: int, *, limit: int | None = None, what: str = "请求") -> JsonResponse:
    wait = retry_after(window)
    limit = settings.API_RATE_LIMIT if limit is None else limit
    response = ApiError(
        429,
        "rate_limited",
        f"{what}过于频繁：每个客户端每 {window} 秒最多 {limit} 次{what}，请在 {wait} 秒后重试。",
    ).response()
    response["Retry-After"] = str(wait)
    return response


def api_view(view):
    """GET/HEAD only, rate limited per client, errors as JSON, public caching headers."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        window = settings.API_RATE_WINDOW
        if not ratelimit.hit(
            "api", ratelimit.client_ip(request), limit=settings.API_RATE_LIMIT, window=window
        ):
            response = too_many_requests(window)
        elif ratelimit.is_search(request) and not ratelimit.search_allowed(request):
            # Keyword searches also count against the pages' search limit.
            response = too_many_requests(
                settings.SEARCH_RATE_WINDOW, limit=settings.SEARCH_RATE_LIMIT, what="检索"
            )
        elif request.method not in ("GET", "HEAD"):
            response = ApiError(
                405, "method_not_allowed", "本接口只读，只接受 GET 请求。"
            ).response()
            response["Allow"] = "GET, HEAD"
        else:
            try:
                response = view(request, *args, **kwargs)
            except ApiError as exc:
                response = exc.response()
            except Http404:
                response = ApiError(404, "not_found", "没有找到该数据，或该数据未公开。").response()
        if response.status_code in (200, 304):
            response["Cache-Control"] = CACHE_CONTROL
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        return response

    return wrapped


def make_etag(*parts) -> str:
    """A weak ETag from the values a response depends on."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def body_etag(data) -> str:
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return f'"{hashlib.sha256(raw.encode()).hexdigest()[:32]}"'


def _seconds(last_modified) -> int | None:
    # HTTP dates have whole seconds: a timestamp rounded down compares equal to its echo.
    return int(last_modified.timestamp()) if last_modified else None


def not_modified(request, *, etag: str, last_modified=None) -> HttpResponse | None:
    """The 304 (or 412) answer to a conditional request, or None when the page is needed."""
    response = get_conditional_response(request, etag=etag, last_modified=_seconds(last_modified))
    if response is not None:
        add_validators(response, etag=etag, last_modified=last_modified)
    return response


def add_validators(response: HttpResponse, *, etag: str, last_modified=None) -> HttpResponse:
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(_seconds(last_modified))
    return response
