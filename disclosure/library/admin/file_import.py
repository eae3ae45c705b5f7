"""The admin's single-file import: staff upload one document (a saved web page, txt, md,
docx or pdf), see every field the reader found with where it was found (元数据表, 标题区,
落款, 正文) and what it could not find, correct them, and save a draft.

The reader is ``site_import.extract_file``, the same as ``import_site``,
``import_documents`` and ``extract_report``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from catalog.models import Organization
from catalog.permissions import can_act_for, is_supervisor, user_organization
from disclosure.library import site_import
from disclosure.library.extract import FIELD_NAMES, SOURCES, UnsupportedFileType

SUFFIXES = (".html", ".htm", ".shtml", ".txt", ".md", ".docx", ".pdf")
MAX_BYTES = 20 * 1024 * 1024


def _agencies(user):
    if is_supervisor(user):
        return Organization.objects.order_by("name")
    own = user_organization(user)
    return Organization.objects.filter(pk=own.pk if own else None)


class UploadForm(forms.Form):
    organization = forms.ModelChoiceField(label="所属机关", queryset=Organization.objects.none())
    file = forms.FileField(
        label="文件", help_text="网页（html、htm、shtml）、txt、md、docx 或 pdf。"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _agencies(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SUFFIXES):
            raise ValidationError("只能读取网页（html、htm、shtml）、txt、md、docx 和 pdf 文件。")
        if upload.size > MAX_BYTES:
            raise ValidationError("文件超过 20 MB。")
        return upload


class DraftForm(forms.Form):
    """The fields found, as staff confirm or correct them."""

    organization = forms.ModelChoiceField(label="所属机关", queryset=Organization.objects.none())
    title = forms.CharField(label="标题", max_length=300)
    doc_number = forms.CharField(label="发文字号", max_length=60, required=False)
    registration_number = forms.CharField(label="统一编号", max_length=60, required=False)
    written_on = forms.DateField(label="成文日期")
    index_number = forms.CharField(label="原索引号", max_length=40, required=False)
    keywords = forms.CharField(label="关键词", max_length=200, required=False)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 12}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _agencies(user)


def _read(upload) -> site_import.Extracted:
    suffix = Path(upload.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        return site_import.extract_file(Path(handle.name))


def _found_rows(extracted) -> list[dict]:
    """One row per field: its name, the value found (or nothing) and where it was found."""
    rows = []
    for name in FIELD_NAMES.values():
        value = extracted.found.get(name)
        if value is None and name in ("统一编号",):
            continue
        rows.append(
            {
                "name": name,
                "value": value or "",
                "source": SOURCES.get(extracted.sources.get(name, ""), ""),
                "inferred": name in extracted.inferred,
            }
        )
    return rows


def import_file_view(model_admin, request):
    """GET: the upload form. POST with a file: the fields found. POST confirm: the draft."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "从文件导入",
    }
    if request.method == "POST" and "confirm" in request.POST:
        form = DraftForm(request.POST, user=request.user)
        if form.is_valid():
            organization = form.cleaned_data["organization"]
            if not can_act_for(request.user, organization):
                raise PermissionDenied
            try:
                document = site_import.draft_from_fields(form.cleaned_data, by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"已建立草稿《{document.title}》，请核对后提交审核。")
                return redirect(reverse("admin:library_document_change", args=[document.pk]))
        return TemplateResponse(
            request, "admin/library/document/import_file.html", {**context, "draft_form": form}
        )
    upload_form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and upload_form.is_valid():
        try:
            extracted = _read(upload_form.cleaned_data["file"])
        except (UnsupportedFileType, site_import.MalformedPage, OSError, ValueError) as exc:
            upload_form.add_error("file", f"无法读取：{exc}")
        else:
            initial = {
                "organization": upload_form.cleaned_data["organization"],
                "title": extracted.title or "",
                "doc_number": extracted.doc_number or "",
                "registration_number": extracted.registration_number or "",
                "written_on": extracted.written_on,
                "index_number": extracted.index_number or "",
                "keywords": extracted.keywords or "",
                "body": extracted.body,
            }
            return TemplateResponse(
                request,
                "admin/library/document/import_file.html",
                {
                    **context,
                    "draft_form": DraftForm(initial=initial, user=request.user),
                    "rows": _found_rows(extracted),
                    "missing": extracted.missing,
                    "warnings": extracted.warnings,
                    "file_name": upload_form.cleaned_data["file"].name,
                },
            )
    return TemplateResponse(
        request, "admin/library/document/import_file.html", {**context, "upload_form": upload_form}
    )
