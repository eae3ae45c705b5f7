"""The two S3 buckets (``S3_BUCKET`` public, ``S3_PRIVATE_BUCKET`` private). Imported only
when configured (config/services.py), so boto3 is needed only then."""

from __future__ import annotations

from storages.backends.s3 import S3Storage

from config.web.filetypes import is_inline


class PublicS3Storage(S3Storage):
    """Media served straight from the bucket get the same answer as from nginx
    (``deploy/nginx-portal.conf``): a download for everything but images, PDF, audio and
    video (``filetypes.is_inline``), and no type sniffing."""

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        if not is_inline(name):
            params["ContentDisposition"] = "attachment"
        return params


class PrivateS3Storage(S3Storage):
    """Like ``PrivateStorage``, it makes no URLs. The bucket itself must block public access
    (docs/deploy.md)."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("申请附件不能通过公开网址访问。")
