"""The publishing core in the admin: one mixin for the workflow actions of every kind,
the personal-data check, read-only event inlines, and the rule that published items are
withdrawn with a reason, never deleted.

What the public has seen stays on record: a document or interpretation once published
(withdrawn ones included), a guide version, a published 公开制度 page, meeting record or
decision catalog cannot be deleted in the admin — neither from its page nor by the bulk
"delete selected" action, which is removed. Drafts that were never public can still be
deleted one by one.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from config.web import pii
from disclosure.publishing import steps
from disclosure.publishing.models import WithdrawalReason
from disclosure.publishing.views import staff_file_url

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


class _StaffLink:
    """The current file as the admin shows it: the original name, linked to the staff
    download (a private file has no public URL)."""

    def __init__(self, value):
        row = value.instance
        self.url = staff_file_url(row) if row.pk else ""
        self.name = row.download_name

    def __str__(self) -> str:
        return self.name


class PrivateFileInput(forms.ClearableFileInput):
    """The file input of a publishable kind's uploads (``disclosure.publishing.files``)."""

    def is_initial(self, value):
        return bool(value and getattr(value, "name", ""))

    def format_value(self, value):
        if self.is_initial(value):
            return _StaffLink(value)
        return None


class ReadOnlyInline(admin.TabularInline):
    """An append-only log shown under its item (events, validity changes, overrides)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # append-only: nobody deletes a row of it, superusers included


class PublishingActionsMixin:
    """The workflow actions of a publishable kind, each calling
    ``disclosure.publishing.steps``: 提交审核, 审核通过并发布 (by a reviewer who did not
    submit: four-eyes), 退回修改 and 撤回 (the last two ask for the reason on a page of their
    own); and the change list's columns 提交人 and 审核发布人 (``submitted_by``,
    ``approved_by``)."""

    #: How a success message counts the items: 「已发布 3 件文件。」
    publishing_unit = "件文件"
    #: What the reason page calls the items, and what it adds to the withdrawal line.
    publishing_noun = "文件"
    withdraw_notice = ""

    def get_queryset(self, request):
        """Each row with who last submitted it and who approved its publication (the
        actors of its last 提交审核 and 发布 events), for the change list."""
        events = self.model.events.rel.related_model
        item = events.item_field

        def last_actor(action):
            rows = events.objects.filter(**{item: OuterRef("pk"), "action": action})
            return Subquery(rows.order_by("-at", "-pk").values("actor__username")[:1])

        return (
            super()
            .get_queryset(request)
            .annotate(
                last_submitted_by=last_actor("submitted"),
                last_published_by=last_actor("published"),
            )
        )

    @admin.display(description="提交人")
    def submitted_by(self, obj):
        return getattr(obj, "last_submitted_by", None) or "—"

    @admin.display(description="审核发布人")
    def approved_by(self, obj):
        return getattr(obj, "last_published_by", None) or "—"

    def _run(self, request, queryset, step, done: str, **kwargs):
        succeeded = reviewed = 0
        for item in queryset:
            try:
                result = step(item, by=request.user, **kwargs)
            except (ValidationError, PermissionDenied) as exc:
                message = "；".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(request, f"《{item.title}》：{message}", messages.ERROR)
            else:
                if step is steps.publish and result.status == result.Status.REVIEW:
                    reviewed += 1  # the first of two reviewers: still in review
                else:
                    succeeded += 1
        if succeeded:
            self.message_user(
                request, f"已{done} {succeeded} {self.publishing_unit}。", messages.SUCCESS
            )
        if reviewed:
            self.message_user(
                request,
                f"已审核通过 {reviewed} {self.publishing_unit}，须由另一位审核人审核通过后发布。",
                messages.SUCCESS,
            )

    @admin.action(description="提交审核", permissions=["change"])
    def submit_for_review_action(self, request, queryset):
        self._run(request, queryset, steps.submit_for_review, "提交审核")

    @admin.action(description="审核通过并发布", permissions=["change"])
    def publish_action(self, request, queryset):
        self._run(request, queryset, steps.publish, "发布")

    @admin.action(description="退回修改（需说明原因）", permissions=["change"])
    def return_to_draft_action(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            step=steps.return_to_draft,
            done="退回",
            argument="note",
            action="return_to_draft_action",
            title="退回修改",
        )

    @admin.action(description="撤回（需说明原因）", permissions=["change"])
    def withdraw_action(self, request, queryset):
        reason = (request.POST.get("reason") or "").strip()
        category = request.POST.get("category") or ""
        replacement_field = steps.kind_of(self.model()).replacement_field
        if request.POST.get("confirm"):
            replacement, error = self._replacement(request.POST.get("replacement"))
            if category not in WithdrawalReason.values:
                error = "请选择撤回原因类别（公开的撤回说明将显示该类别）。"
            elif not reason:
                error = "撤回必须说明原因。"
            if not error:
                extra = {"replacement": replacement} if replacement is not None else {}
                self._run(
                    request,
                    queryset,
                    steps.withdraw,
                    "撤回",
                    reason=reason,
                    category=category,
                    **extra,
                )
                return None
            self.message_user(request, error, messages.ERROR)
        return self._reason_page(
            request,
            queryset,
            done="撤回",
            action="withdraw_action",
            title=f"撤回{self.publishing_noun}",
            notice=self.withdraw_notice,
            categories=WithdrawalReason.choices,
            category=category,
            reason=reason,
            replaceable=bool(replacement_field),
            replacement=request.POST.get("replacement", ""),
        )

    def _replacement(self, value):
        """The replacement named on the withdrawal page by its 索引号 or number."""
        value = (value or "").strip()
        if not value:
            return None, ""
        published = self.model.objects.filter(status=steps.Status.PUBLISHED)
        found = published.filter(index_number=value).first()
        if found is None and value.isdigit():
            found = published.filter(pk=int(value)).first()
        if found is None:
            return None, f"未找到已发布的替代{self.publishing_noun}「{value}」。"
        return found, ""

    def _with_reason(self, request, queryset, *, step, done, argument, action, title, notice=""):
        reason = (request.POST.get("reason") or "").strip()
        if request.POST.get("confirm") and reason:
            self._run(request, queryset, step, done, **{argument: reason})
            return None
        if request.POST.get("confirm"):
            self.message_user(request, f"{done}必须说明原因。", messages.ERROR)
        return self._reason_page(
            request, queryset, done=done, action=action, title=title, notice=notice
        )

    def _reason_page(self, request, queryset, *, done, action, title, notice="", **extra):
        return TemplateResponse(
            request,
            "admin/publishing/reason.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "noun": self.publishing_noun,
                "verb": done,
                "notice": notice,
                "items": queryset,
                "action": action,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                **extra,
            },
        )


class PersonalDataAdminMixin:
    """The personal-data check (``config.web.pii``) on the change page, and the
    action that confirms the findings may be published (``steps.confirm_personal_data``).
    Used with ``PublishingActionsMixin``."""

    @admin.display(description="个人信息检查")
    def personal_data_check(self, obj):
        if obj is None or obj.pk is None:
            return "保存后检查。"
        scan = steps.confirmation_scan(obj)
        confirmed = set(obj.pii_confirmed_digests.split())
        lines = [
            (
                str(f),
                "（已核实可以公开）" if f.digest in confirmed else "（未核实，发布前须删除或核实）",
            )
            for f in scan.findings
        ]
        notes = [(note,) for note in scan.notes]
        if not lines and not notes:
            return "未发现身份证号码、手机号码、银行卡号。"
        return format_html(
            "{}{}",
            format_html_join("\n", "<p>{}{}</p>", lines),
            format_html_join("\n", "<p>{}</p>", notes),
        )

    @admin.action(description="确认无需删除（已核实可以公开）", permissions=["change"])
    def confirm_personal_data_action(self, request, queryset):
        reason = (request.POST.get("reason") or "").strip()
        if request.POST.get("confirm") and reason:
            self._run(request, queryset, steps.confirm_personal_data, "确认", note=reason)
            return None
        if request.POST.get("confirm"):
            self.message_user(request, "确认必须说明理由。", messages.ERROR)
        rows = [(item, pii.describe(steps.confirmation_scan(item).findings)) for item in queryset]
        return TemplateResponse(
            request,
            "admin/publishing/confirm_personal_data.html",
            {
                **self.admin_site.each_context(request),
                "title": "确认个人信息可以公开",
                "noun": self.publishing_noun,
                "rows": rows,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
