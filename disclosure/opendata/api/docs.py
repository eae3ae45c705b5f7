"""/api/v1/docs/: the API's documentation page, drf-spectacular's Swagger UI over the
generated document, from our own static files (drf-spectacular-sidecar) so the strict
CSP holds: no CDN, no inline script (the split view serves the start script as a file of
its own) and no inline style (``templates/opendata/api_docs.html``)."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    http_method_names = ["get", "head"]
    url_name = "api:openapi"
    template_name = "opendata/api_docs.html"
    title = "政府信息公开平台开放接口文档"
