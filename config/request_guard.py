"""Refuse requests whose path or query string carries a NUL character, before any view.

PostgreSQL text cannot hold NUL: a value with one reaching a query raises a database
error (a 500) wherever a view reads ``request.GET`` or a path segment straight into a
filter (``?org=``, ``?q=`` of the agency list, the admin's search …). Forms refuse NUL by
themselves; this one check covers every other way in, including views added later.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

MESSAGE = "请求中含有无效字符（空字符），请检查网址后重试。"


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in key or "\x00" in value for key, value in request.GET.items())


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _has_nul(request):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": "invalid_parameter", "detail": MESSAGE},
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        return render(request, "400.html", {"message": MESSAGE}, status=400)
