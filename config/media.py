"""Public media in development (DEBUG): Django's ``static.serve`` with the headers nginx
sends in production (``deploy/nginx-portal.conf``, ``location /media/``).

Uploads are data, never code: no type sniffing, a sandboxing policy, and a download
(``Content-Disposition: attachment``) for everything but the kinds a browser shows
(``config.web.filetypes.INLINE_EXTENSIONS``: images, PDF, audio, video).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.http import content_disposition_header
from django.views.static import serve

from config.web.filetypes import file_extension, is_inline

#: Functions giving a public file's readable name from its (random) path, registered by
#: the apps that publish files (``disclosure.publishing``); nginx and S3 links carry it as
#: the ``download`` attribute or the object's ContentDisposition.
download_name_lookups: list[Callable[[str], str]] = []

# The policy of every media file. PDFs go without it: browsers refuse to run their PDF
# viewer in a sandboxed document (Chrome shows 「此网页已被屏蔽」), and a PDF's scripts run
# inside the viewer, never with the portal's origin.
MEDIA_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
PDF_CSP = "frame-ancestors 'self'"


def media_headers(name: str, download_name: str = "") -> dict[str, str]:
    """The headers every public media file is served with (nginx sends the same), with the
    file's readable name when it is known."""
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": PDF_CSP if file_extension(name) == "pdf" else MEDIA_CSP,
    }
    if download_name:
        headers["Content-Disposition"] = content_disposition_header(
            not is_inline(name), download_name
        )
    elif not is_inline(name):
        headers["Content-Disposition"] = "attachment"
    return headers


def serve_media(request, path, document_root=None):
    response = serve(request, path, document_root=document_root)
    download_name = next(filter(None, (lookup(path) for lookup in download_name_lookups)), "")
    for header, value in media_headers(path, download_name).items():
        response[header] = value
    return response
