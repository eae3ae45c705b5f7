"""Public media in development (DEBUG): Django's ``static.serve`` with the headers nginx
sends in production (``deploy/nginx-portal.conf``, ``location /media/``).

Uploads are data, never code: no type sniffing, a sandboxing policy, and a download
(``Content-Disposition: attachment``) for everything but the kinds a browser shows
(``config.web.filetypes.INLINE_EXTENSIONS``: images, PDF, audio, video).
"""

from __future__ import annotations

from django.views.static import serve

from config.web.filetypes import file_extension, is_inline

# The policy of every media file. PDFs go without it: browsers refuse to run their PDF
# viewer in a sandboxed document (Chrome shows 「此网页已被屏蔽」), and a PDF's scripts run
# inside the viewer, never with the portal's origin.
MEDIA_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
PDF_CSP = "frame-ancestors 'self'"


def media_headers(name: str) -> dict[str, str]:
    """The headers every public media file is served with (nginx sends the same)."""
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": PDF_CSP if file_extension(name) == "pdf" else MEDIA_CSP,
    }
    if not is_inline(name):
        headers["Content-Disposition"] = "attachment"
    return headers


def serve_media(request, path, document_root=None):
    response = serve(request, path, document_root=document_root)
    for header, value in media_headers(path).items():
        response[header] = value
    return response
