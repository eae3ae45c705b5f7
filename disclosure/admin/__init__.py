"""Admin of the disclosure app, one module per aggregate."""

from disclosure.admin import (  # noqa: F401
    column,
    consultation,
    decision,
    document,
    interpretation,
    meeting,
    report,
)
