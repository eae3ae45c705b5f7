"""The private bucket of request files (``S3_PRIVATE_BUCKET``): like ``PrivateStorage``,
it makes no URLs. Imported only when configured, so boto3 is needed only then. The bucket
itself must block public access (docs/deploy.md)."""

from __future__ import annotations

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("申请附件不能通过公开网址访问。")
