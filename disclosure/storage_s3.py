"""The public bucket (``S3_BUCKET``): media served straight from the bucket get the same
answer as from nginx (``deploy/nginx-portal.conf``): a download for everything but images,
PDF, audio and video (``disclosure.filetypes.is_inline``), and no type sniffing. Imported
only when configured, so boto3 is needed only then."""

from __future__ import annotations

from storages.backends.s3 import S3Storage

from disclosure.filetypes import is_inline


class PublicS3Storage(S3Storage):
    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        if not is_inline(name):
            params["ContentDisposition"] = "attachment"
        return params
