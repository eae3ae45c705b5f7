"""What every API view shares, on Django REST framework: JSON only, errors in Chinese, the
rate limit, conditional GET and caching headers.

- GET and HEAD only (405 in Chinese otherwise); CORS open to every origin (public data,
  no cookies read: no authentication class, no session, no CSRF).
- Per-client rate limit (``config.web.ratelimit``: the shared cache, one fixed window),
  ``settings.API_RATE_LIMIT`` requests per ``settings.API_RATE_WINDOW`` seconds; beyond
  it 429 with a JSON body and ``Retry-After``. A request with a keyword (``q``) counts
  against the search limit too (``SEARCH_RATE_LIMIT``, shared with /zcwjk/ and /zcjd/).
- ``Cache-Control: public`` on 200 and 304. A view names what its answer depends on
  (``validators``): a conditional GET is answered 304 before the page is built. Views of
  data without modification times hash the body instead (``etag_from_body``).
- Errors: ``{"error": code, "detail": Chinese text, "fields": {...}}`` (``ApiError``).
"""

from __future__ import annotations

import hashlib
import json
import math
import time

from django.conf import settings
from django.db.models import Count, Max
from django.http import Http404
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, generics, mixins
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from config.web import ratelimit
from disclosure.opendata.api.serializers import Links
from disclosure.publishing.models import PublicationStatus

CACHE_CONTROL = "public, max-age=60"
# Query parameters of the pagination itself (not filters).
PAGING = ("cursor", "page_size")


class JsonRenderer(JSONRenderer):
    """Compact UTF-8 JSON, ``application/json; charset=utf-8``."""

    charset = "utf-8"


class JsonOnly(BaseContentNegotiation):
    """Every client gets JSON, whatever its Accept header (as before DRF)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ApiError(exceptions.APIException):
    """An error answered as JSON: ``{"error": code, "detail": Chinese text}`` (+ ``fields``
    naming each invalid parameter, + ``extra`` members)."""

    def __init__(self, status: int, code: str, detail: str, fields=None, extra=None):
        super().__init__(detail, code)
        self.status_code, self.code, self.message = status, code, detail
        self.fields, self.extra = fields, extra or {}

    def body(self) -> dict:
        body = {"error": self.code, "detail": self.message, **self.extra}
        if self.fields:
            body["fields"] = self.fields
        return body


def invalid_parameter(name: str, message: str) -> ApiError:
    return ApiError(400, "invalid_parameter", message, {name: [message]})


class RateLimited(ApiError):
    def __init__(self, *, window: int, limit: int, what: str):
        self.wait = max(1, math.ceil(window - time.time() % window))
        super().__init__(
            429,
            "rate_limited",
            f"{what}过于频繁：每个客户端每 {window} 秒最多 {limit} 次{what}，"
            f"请在 {self.wait} 秒后重试。",
        )


NOT_FOUND = "没有找到该数据，或该数据未公开。"


def exception_handler(exc, context):
    """DRF's exception handler: every error as the API's Chinese JSON body."""
    if isinstance(exc, Http404 | exceptions.NotFound):
        exc = ApiError(404, "not_found", NOT_FOUND)
    elif isinstance(exc, exceptions.MethodNotAllowed):
        exc = ApiError(405, "method_not_allowed", "本接口只读，只接受 GET 请求。")
    elif not isinstance(exc, ApiError):
        if not isinstance(exc, exceptions.APIException):
            return None  # a server error: Django's 500 page
        exc = ApiError(exc.status_code, "bad_request", "请求无效。")
    response = Response(exc.body(), status=exc.status_code)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.wait)
    return response


class ApiRateThrottle(BaseThrottle):
    """Every request counts against the client's API limit."""

    def allow_request(self, request, view):
        window, limit = settings.API_RATE_WINDOW, settings.API_RATE_LIMIT
        if not ratelimit.hit("api", ratelimit.client_ip(request), limit=limit, window=window):
            raise RateLimited(window=window, limit=limit, what="请求")
        return True


class SearchRateThrottle(BaseThrottle):
    """A keyword search (``q``) counts against the pages' search limit too."""

    def allow_request(self, request, view):
        if ratelimit.is_search(request) and not ratelimit.search_allowed(request):
            raise RateLimited(
                window=settings.SEARCH_RATE_WINDOW, limit=settings.SEARCH_RATE_LIMIT, what="检索"
            )
        return True


class FilterBackend(DjangoFilterBackend):
    """The public pages' FilterSets; an invalid parameter is a 400 naming each one. The
    paging parameters are not filters."""

    def get_filterset_kwargs(self, request, queryset, view):
        data = request.query_params.copy()
        for name in PAGING:
            data.pop(name, None)
        return {"data": data, "queryset": queryset, "request": request}

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            fields = {name: list(errors) for name, errors in filterset.errors.items()}
            names = "、".join(fields)
            raise ApiError(400, "invalid_parameter", f"参数 {names} 的值无效。", fields)
        view.filterset = filterset
        return filterset.qs


def make_etag(*parts) -> str:
    """A weak ETag from the values a response depends on."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def body_etag(data) -> str:
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return f'"{hashlib.sha256(raw.encode()).hexdigest()[:32]}"'


def latest(*values):
    return max((v for v in values if v is not None), default=None)


def query_key(request) -> list:
    """The query string as part of an ETag, in a stable order."""
    return sorted((k, sorted(v)) for k, v in request.GET.lists())


def _seconds(last_modified) -> int | None:
    # HTTP dates have whole seconds: a timestamp rounded down compares equal to its echo.
    return int(last_modified.timestamp()) if last_modified else None


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


class ApiMixin:
    """What every /api/v1/ view does (``ApiView``; the OpenAPI document's view too).

    ``validators()`` returns ``(etag, last_modified)`` from cheap queries, or None to hash
    the body (``etag_from_body``). It runs after the filters are checked and before the
    page is read, so a conditional GET costs only those queries.
    """

    http_method_names = ["get", "head"]
    renderer_classes = [JsonRenderer]
    content_negotiation_class = JsonOnly
    throttle_classes = [ApiRateThrottle, SearchRateThrottle]

    def validators(self):
        return None

    def get(self, request, *args, **kwargs):
        self._validators = self.validators()
        if self._validators is not None:
            etag, last_modified = self._validators
            if response := get_conditional_response(
                request, etag=etag, last_modified=_seconds(last_modified)
            ):
                return self._with_validators(response, etag, last_modified)
        response = self.answer(request, *args, **kwargs)
        if self._validators is not None:
            return self._with_validators(response, *self._validators)
        etag = body_etag(response.data)
        if not_modified := get_conditional_response(request, etag=etag):
            return self._with_validators(not_modified, etag, None)
        return self._with_validators(response, etag, None)

    def answer(self, request, *args, **kwargs):
        raise NotImplementedError

    @staticmethod
    def _with_validators(response, etag, last_modified):
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = http_date(_seconds(last_modified))
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code != 405:
            del response["Allow"]  # DRF names the methods on every answer; we on the 405
        if response.status_code in (200, 304):
            response["Cache-Control"] = CACHE_CONTROL
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        return response


class ApiView(ApiMixin, generics.GenericAPIView):
    """The base of every /api/v1/ view but the OpenAPI document's."""

    filter_backends = [FilterBackend]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "links": Links.for_request(self.request)}


class ListView(mixins.ListModelMixin, ApiView):
    """A cursor-paged list (``pagination.KeysetPagination``). ``ListModelMixin`` tells
    drf-spectacular it is a list (filter and paging parameters, a paged answer); ``get``
    and ``answer`` here serve it."""

    def get(self, request, *args, **kwargs):
        # Bad parameters are refused before the validators' queries.
        self.paginator.page_size_for(request)
        self.filtered = self.filter_queryset(self.get_queryset())
        return super().get(request, *args, **kwargs)

    def answer(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.list_queryset(self.filtered))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def list_queryset(self, queryset):
        """The filtered queryset with what the serializer reads loaded."""
        return queryset

    def count(self):
        """The number of matches the list reports (``pagination.CountedKeysetPagination``)."""
        return self.filtered.order_by().count()


class StampedListView(ListView):
    """A list whose ETag and Last-Modified come from one aggregate over the filtered rows:
    their number (which the page reports) and their newest change. ``etag_name`` names it."""

    etag_name = ""

    def stamp_filtered(self) -> dict:
        self.stamp = self.filtered.order_by().aggregate(count=Count("pk"), last=Max("updated_at"))
        return self.stamp

    def validators(self):
        stamp = self.stamp_filtered()
        etag = make_etag(self.etag_name, query_key(self.request), sorted(stamp.items()))
        return etag, stamp["last"]

    def count(self):
        return self.stamp["count"]


class DetailView(ApiView):
    def answer(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)
