"""Published items are withdrawn with a reason, never deleted (issue 8).

What the public has seen stays on record: a document or interpretation once published
(withdrawn ones included), a guide version, a published 公开制度 page, meeting record or
decision catalog cannot be deleted in the admin — neither from its page nor by the bulk
"delete selected" action, which is removed. Drafts that were never public can still be
deleted one by one.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

PUBLIC_STATUSES = frozenset({"published", "withdrawn"})


def was_public(obj) -> bool:
    """Has the public (possibly) seen ``obj``?"""
    if obj is None:
        return False
    status = getattr(obj, "status", None)
    if status is not None and (status in PUBLIC_STATUSES or getattr(obj, "published_on", None)):
        return True
    return bool(getattr(obj, "is_published", False))


class KeepPublishedMixin:
    """Admin mixin: refuse deleting what was public; no bulk deletion at all."""

    #: Every row is public once saved (e.g. guide versions).
    always_public = False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (self.always_public or was_public(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and (self.always_public or was_public(obj)):
            messages.error(request, "已公开的信息不能删除；如需停止公开，请撤回并写明理由。")
            opts = self.model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            return HttpResponseRedirect(url)
        return super().delete_view(request, object_id, extra_context)
