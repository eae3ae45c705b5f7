"""The staff download of a publishable item's file (``disclosure.publishing.files``).

Public files are served from public storage under their random names; this view serves the
private copy — a draft's, one under review, a withdrawn item's — only to staff of the
item's agency (or the supervisor) who may view the kind. Like the staff pages of drafts,
it is not audited: the files are the agency's own work, not an applicant's personal data
(request files log every staff access, ``requests_app.models.StaffAccessLog``).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import never_cache

from catalog.permissions import can_act_for
from disclosure.publishing.files import PublicFile, staff_response


def file_model(label: str) -> type[PublicFile]:
    """``library.attachment`` → the model, only for the file models of publishable kinds."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if not issubclass(model, PublicFile):
        raise Http404
    return model


def staff_file_url(row: PublicFile) -> str:
    return reverse("disclosure:staff-file", args=[row._meta.label_lower, row.pk])


@never_cache
def staff_file(request, model: str, pk: int):
    """The private file as a download with its original name, for staff who may see it."""
    model_class = file_model(model)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    row = get_object_or_404(model_class.objects.exclude(file=""), pk=pk)
    item = row.item
    opts = type(item)._meta
    if not (
        request.user.is_staff
        and request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        and can_act_for(request.user, item.organization)
    ):
        raise PermissionDenied("您无权下载该文件。")
    return staff_response(row)
