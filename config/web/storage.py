"""Private file storage: request files and every publishable item's uploads until it is
published have no public URL (``disclosure.publishing.files``).

Files live under ``settings.PRIVATE_MEDIA_ROOT`` (not ``MEDIA_ROOT``, which development
serves at ``MEDIA_URL``). The only ways to get one are the staff download in the admin
and the applicant's download on the tracking page, both of which check who asks.
"""

from __future__ import annotations

import mimetypes
import os
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


class PrivateStorage(FileSystemStorage):
    """A file system storage without ``base_url``: ``url()`` raises instead of leaking."""

    def __init__(self):
        super().__init__(base_url=None)

    # Read the setting on every use, so tests may point it at a temporary directory.
    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("未公开的文件不能通过公开网址访问。")


_storage = PrivateStorage()


def private_storage():
    """The storage of request files and of publishable uploads (a callable, so migrations
    keep no path).

    ``PRIVATE_MEDIA_ROOT`` on this machine, or the private bucket when ``S3_PRIVATE_BUCKET``
    is set (``STORAGES["private"]``, config/services.py).
    """
    if "private" in settings.STORAGES:
        return storages["private"]
    return _storage


def attachment_response(attachment) -> HttpResponse:
    """The file as a download (Content-Disposition: attachment), with a readable name.

    With ``PRIVATE_MEDIA_X_ACCEL`` set (behind nginx, docs/deploy.md) the app only
    decides who may have the file and nginx sends it from an ``internal`` location.
    """
    suffix = "." + attachment.file.name.rsplit(".", 1)[-1] if "." in attachment.file.name else ""
    name = attachment.title + (f"（{attachment.number}）" if attachment.number else "") + suffix
    accel = settings.PRIVATE_MEDIA_X_ACCEL
    if accel and isinstance(attachment.file.storage, PrivateStorage):
        if not attachment.file.storage.exists(attachment.file.name):
            raise Http404
        response = HttpResponse(
            content_type=mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(attachment.file.name)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=name)
