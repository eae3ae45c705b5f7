"""Admin of the disclosure app, one module per aggregate."""

from disclosure.admin import column, document, interpretation, report  # noqa: F401
