"""Admin of 意见征集: scoped to the staff member's agency (comments too: staff see only
their own agency's, the supervisor all). Status steps call disclosure.publishing; tags,
feedback and the final document call disclosure.decisions.consultations."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.html import format_html

from catalog.permissions import is_supervisor, user_organization
from catalog.scoping import AgencyScopedAdmin
from config.web.filetypes import PUBLIC_UPLOAD_HELP
from disclosure.decisions import consultations
from disclosure.decisions.models import (
    Adoption,
    Comment,
    Consultation,
    ConsultationAttachment,
    ConsultationEvent,
    Viewpoint,
)
from disclosure.decisions.models.consultation import ADOPTION_NEEDS_REASON, period_days
from disclosure.publishing.admin import (
    KeepPublishedMixin,
    PersonalDataAdminMixin,
    PrivateFileInput,
    PublishingActionsMixin,
    ReadOnlyInline,
)


class ConsultationAttachmentInline(admin.TabularInline):
    model = ConsultationAttachment
    extra = 0
    formfield_overrides = {
        models.FileField: {"help_text": PUBLIC_UPLOAD_HELP, "widget": PrivateFileInput}
    }
    fields = ["kind", "title", "file", "file_kind", "size", "position"]
    readonly_fields = ["file_kind", "size"]
    verbose_name_plural = "征求意见材料（征求意见稿、起草说明等，公开）"


class ViewpointInline(admin.TabularInline):
    model = Viewpoint
    extra = 0
    fields = ["position", "summary", "response"]
    verbose_name_plural = "主要观点（随意见采纳情况反馈公开）"

    def _frozen(self, obj) -> bool:
        return obj is not None and obj.feedback_published_on is not None

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class ConsultationEventInline(ReadOnlyInline):
    model = ConsultationEvent
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields
    verbose_name_plural = "操作记录"


class ConsultationAdminForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = [
            "organization",
            "title",
            "kind",
            "summary",
            "draft",
            "explanation",
            "draft_interpretations",
            "contact",
            "starts_on",
            "ends_on",
            "short_period_reason",
            "feedback_summary",
            "letter_count",
            "meeting_count",
            "final_document",
        ]

    def clean(self):
        cleaned = super().clean()
        saved = self.instance
        if saved.pk and saved.status == Consultation.Status.PUBLISHED:
            # The public was told the period: it may be extended, never cut short.
            if cleaned.get("starts_on") and cleaned["starts_on"] != saved.starts_on:
                self.add_error("starts_on", "已发布的意见征集不能更改开始日期。")
            if cleaned.get("ends_on") and cleaned["ends_on"] < saved.ends_on:
                self.add_error(
                    "ends_on", "已发布的意见征集只能延长、不能提前截止；如需停止征集请撤回。"
                )
        return cleaned

    def clean_final_document(self):
        document = self.cleaned_data.get("final_document")
        if document is not None and not document.is_public:
            raise ValidationError("只能关联已主动公开发布的正式文件。")
        return document


@admin.register(Consultation)
class ConsultationAdmin(
    PersonalDataAdminMixin, PublishingActionsMixin, KeepPublishedMixin, AgencyScopedAdmin
):
    form = ConsultationAdminForm
    publishing_noun = "意见征集"
    publishing_unit = "项意见征集"
    list_display = [
        "title",
        "organization",
        "kind",
        "starts_on",
        "ends_on",
        "status",
        "phase_now",
        "feedback_published_on",
        "submitted_by",
        "approved_by",
    ]
    list_filter = ["status", "kind", "organization"]
    search_fields = ["title"]
    list_select_related = ["organization"]
    autocomplete_fields = ["final_document", "draft_interpretations"]
    readonly_fields = [
        "status",
        "published_on",
        "feedback_published_on",
        "period_info",
        "comments_link",
        "feedback_preview",
        "personal_data_check",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [ConsultationAttachmentInline, ViewpointInline, ConsultationEventInline]
    actions = [
        "submit_for_review_action",
        "publish_action",
        "return_to_draft_action",
        "withdraw_action",
        "publish_feedback_action",
        "confirm_personal_data_action",
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["organization", "title", "kind", "summary"]}),
            (
                "征求意见稿和起草说明",
                {"fields": ["draft", "explanation", "draft_interpretations", "contact"]},
            ),
            (
                "征求意见期限",
                {"fields": ["starts_on", "ends_on", "short_period_reason", "period_info"]},
            ),
        ]
        if obj is not None:
            fieldsets += [
                (
                    "意见采纳情况反馈",
                    {
                        "fields": [
                            "comments_link",
                            "feedback_summary",
                            "letter_count",
                            "meeting_count",
                            "feedback_preview",
                            "feedback_published_on",
                        ]
                    },
                ),
                ("正式文件（征求意见稿 → 正式文件）", {"fields": ["final_document"]}),
                ("个人信息检查（发布前）", {"fields": ["personal_data_check"]}),
            ]
        fieldsets.append(
            (
                "发布信息（由发布流程生成）",
                {"fields": ["status", "published_on", "created_by", "created_at", "updated_at"]},
            )
        )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.feedback_published_on:
            fields += ["feedback_summary", "letter_count", "meeting_count"]
        return fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("draft", "explanation")

    @admin.display(description="当前阶段")
    def phase_now(self, obj):
        return obj.phase_label() if obj.status == Consultation.Status.PUBLISHED else "—"

    @admin.display(description="期限")
    def period_info(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        days, minimum = period_days(obj.starts_on, obj.ends_on), obj.minimum_days
        text = f"共{days}日；{obj.get_kind_display()}规定不少于{minimum}日。"
        if days < minimum:
            text += "期限较短，理由将在页面公开。"
        return text

    @admin.display(description="征集意见")
    def comments_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:decisions_comment_changelist") + f"?consultation__id__exact={obj.pk}"
        counts = consultations.feedback_counts(obj)
        return format_html(
            '<a href="{}">查看和标注逐条意见（{} 条，未标注 {} 条）</a>',
            url,
            counts.recorded,
            counts.untagged,
        )

    @admin.display(description="反馈统计（自动计算）")
    def feedback_preview(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        counts = consultations.feedback_counts(obj)
        tags = "，".join(f"{label} {n} 条" for label, n in counts.rows())
        return (
            f"收到意见共 {counts.received} 条（逐条登记 {counts.recorded} 条，"
            f"信函等 {counts.letters} 条，座谈会等 {counts.meetings} 条）；{tags}；"
            f"未标注 {counts.untagged} 条。"
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if change and "final_document" in form.changed_data:
            # The model's save leaves the link alone: it is a recorded step.
            consultations.link_final_document(
                obj, by=request.user, document=form.cleaned_data.get("final_document")
            )

    # -- workflow actions (the standard ones come from PublishingActionsMixin) -----------
    @admin.action(description="发布意见采纳情况反馈", permissions=["change"])
    def publish_feedback_action(self, request, queryset):
        self._run(request, queryset, consultations.publish_feedback, "发布反馈")


class CommentAdminForm(forms.ModelForm):
    """Staff tag a comment; what the commenter wrote and their contact stay as they were."""

    # Not the model's names: those fields are written only by consultations.tag_comment.
    tag = forms.ChoiceField(
        label="采纳情况", choices=[("", "未标注"), *Adoption.choices], required=False
    )
    tag_reason = forms.CharField(
        label="理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="部分采纳、未采纳、不属于征求范围的须说明理由，理由随反馈公开。",
    )

    class Meta:
        model = Comment
        fields = [
            "consultation",
            "channel",
            "text",
            "name",
            "phone",
            "email",
            "viewpoint",
            "excerpt",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and "tag" in self.fields:
            self.fields["tag"].initial = instance.adoption
            self.fields["tag_reason"].initial = instance.reason
        if "viewpoint" in self.fields:
            self.fields["viewpoint"].queryset = Viewpoint.objects.filter(
                consultation_id=instance.consultation_id
            )
        if "channel" in self.fields:
            self.fields["channel"].choices = [
                c for c in Comment.Channel.choices if c[0] != Comment.Channel.ONLINE
            ]

    def clean(self):
        cleaned = super().clean()
        adoption = cleaned.get("tag")
        consultation = cleaned.get("consultation") or getattr(self.instance, "consultation", None)
        if consultation is not None and consultation.feedback_published_on:
            raise ValidationError("意见采纳情况反馈已发布，不能再修改意见及其标注。")
        if not self.instance.pk:
            return cleaned
        if adoption in ADOPTION_NEEDS_REASON and not (cleaned.get("tag_reason") or "").strip():
            self.add_error("tag_reason", f"标注为「{Adoption(adoption).label}」的意见须说明理由。")
        if not adoption and self.instance.adoption:
            self.add_error("tag", "已标注的意见不能改回未标注。")
        elif not adoption and (cleaned.get("viewpoint") or cleaned.get("excerpt")):
            self.add_error("tag", "请先选择采纳情况。")
        return cleaned


@admin.register(Comment)
class CommentAdmin(AgencyScopedAdmin):
    agency_field = "consultation__organization"
    form = CommentAdminForm
    list_display = [
        "short_text",
        "consultation",
        "channel",
        "submitted_at",
        "adoption",
        "viewpoint",
    ]
    list_filter = ["adoption", "channel"]
    search_fields = ["text", "consultation__title"]
    list_select_related = ["consultation", "viewpoint"]
    date_hierarchy = "submitted_at"
    actions = ["mark_adopted_action"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["consultation", "channel", "text", "name", "phone", "email"]
        return [
            "consultation",
            "channel",
            "submitted_at",
            "text",
            "attachment_download",
            "name",
            "phone",
            "email",
            "tag",
            "tag_reason",
            "viewpoint",
            "excerpt",
            "tagged_by",
            "tagged_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "consultation",
            "channel",
            "submitted_at",
            "text",
            "attachment_download",
            "name",
            "phone",
            "email",
            "tagged_by",
            "tagged_at",
        ]

    def has_delete_permission(self, request, obj=None):
        return False  # comments are records of the consultation

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "consultation" and not is_supervisor(request.user):
            org = user_organization(request.user)
            kwargs["queryset"] = Consultation.objects.filter(
                organization_id=org.pk if org else None
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="意见")
    def short_text(self, obj):
        return str(obj)

    @admin.display(description="附件")
    def attachment_download(self, obj):
        if not obj.attachment:
            return "—"
        url = reverse("admin:decisions_comment_attachment", args=[obj.pk])
        return format_html('<a href="{}">下载附件（{}，不公开）</a>', url, obj.attachment_kind)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            comment = consultations.register_comment(
                data["consultation"],
                by=request.user,
                channel=data["channel"],
                text=data["text"],
                name=data.get("name", ""),
                phone=data.get("phone", ""),
                email=data.get("email", ""),
            )
            obj.pk = comment.pk
            obj._state.adding = False
            return
        if data.get("tag"):
            consultations.tag_comment(
                obj,
                by=request.user,
                adoption=data["tag"],
                reason=data.get("tag_reason", ""),
                viewpoint=data.get("viewpoint"),
                excerpt=data.get("excerpt", ""),
            )

    def save_related(self, request, form, formsets, change):
        pass  # no related rows; the workflow functions saved everything

    @admin.action(description="标注为「采纳」", permissions=["change"])
    def mark_adopted_action(self, request, queryset):
        done = 0
        for comment in queryset:
            try:
                consultations.tag_comment(comment, by=request.user, adoption=Adoption.ADOPTED)
            except (ValidationError, PermissionDenied) as exc:
                message = "；".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(request, f"意见 {comment.pk}：{message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"已将 {done} 条意见标注为采纳。", messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/attachment/",
                self.admin_site.admin_view(self.attachment_view),
                name="decisions_comment_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, object_id):
        """The commenter's file, for staff who may see the comment: it has no public URL."""
        comment = self.get_object(request, object_id)
        if comment is None or not comment.attachment:
            raise Http404
        if not self.has_view_permission(request, comment):
            raise PermissionDenied
        try:
            handle = comment.attachment.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        suffix = "." + comment.attachment.name.rsplit(".", 1)[-1]
        return FileResponse(handle, as_attachment=True, filename=f"意见附件-{comment.pk}{suffix}")
