"""The two S3 buckets (``S3_BUCKET`` public, ``S3_PRIVATE_BUCKET`` private). Imported only
when configured (config/services.py), so boto3 is needed only then.

The public bucket only ever holds published files, each under a random name; everything
not (or no longer) published lives in the private bucket (``disclosure.publishing.files``).
"""

from __future__ import annotations

from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

from config.web.filetypes import is_inline


def download_disposition(name: str, download_name: str = "") -> str | None:
    """The ContentDisposition of a public object: a download for everything but images,
    PDF, audio and video (``filetypes.is_inline``), with the readable original file name."""
    inline = is_inline(name)
    if not download_name:
        return None if inline else "attachment"
    return content_disposition_header(not inline, download_name)


class PublicS3Storage(S3Storage):
    """Media served straight from the bucket get the same answer as from nginx
    (``deploy/nginx-portal.conf``): a download for everything but images, PDF, audio and
    video, no type sniffing, and the file's original name (the object itself has a
    random name)."""

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        disposition = download_disposition(name)
        if disposition:
            params["ContentDisposition"] = disposition
        return params

    def _get_write_parameters(self, name, content=None):
        params = super()._get_write_parameters(name, content)
        disposition = download_disposition(name, getattr(content, "download_name", ""))
        if disposition:
            params["ContentDisposition"] = disposition
        return params


class PrivateS3Storage(S3Storage):
    """Like ``PrivateStorage``, it makes no URLs. The bucket itself must block public access
    (docs/deploy.md)."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("未公开的文件不能通过公开网址访问。")
