"""Admin of 决策公开 (autodiscovery imports this package)."""

from disclosure.decisions.admin import consultation, decision, meeting  # noqa: F401
