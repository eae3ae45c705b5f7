"""Checks every kind passes before it goes to review and before it is published, registered
by the apps above the core (the core imports none of them).

A check is ``check(item) -> list of problems`` (Chinese sentences); any problem refuses
``submit_for_review`` and ``publish``. The 错敏词 check of ``disclosure.website`` is one:
it registers itself in its ``AppConfig.ready`` and itself knows when a reviewer's recorded
override lets a finding pass.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError

Check = Callable[[object], list[str]]

_checks: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    """Register ``check`` under ``name`` (registering the same name again replaces it)."""
    _checks[name] = check


def unregister(name: str) -> None:
    _checks.pop(name, None)


def problems(item) -> list[str]:
    """Every registered check's problems with ``item`` (empty: it may go on)."""
    return [problem for check in _checks.values() for problem in check(item)]


def refuse_problems(item) -> None:
    found = problems(item)
    if found:
        raise ValidationError(found)
