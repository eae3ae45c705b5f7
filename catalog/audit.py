"""The one function that writes the audit log, and the login signal receivers.

Callers name what happened to which object with a label that identifies it without
personal data: a document's 索引号 or title, a request's tracking number. ``record`` never
reads an object's ``str()`` or fields by itself, so nothing an applicant wrote can slip in.
Entries are written inside the caller's transaction: a step that rolls back leaves no entry.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address

from catalog.models import AuditEntry, Organization
from catalog.permissions import user_organization
from config.web.net import client_ip

Action = AuditEntry.Action

_LABEL_MAX = AuditEntry._meta.get_field("object_label").max_length
_SUMMARY_MAX = AuditEntry._meta.get_field("summary").max_length
_USERNAME_MAX = AuditEntry._meta.get_field("actor_username").max_length


def _ip(request) -> str | None:
    if request is None:
        return None
    address = client_ip(request)
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address


def _organization_id(organization, obj, actor) -> int | None:
    if isinstance(organization, Organization):
        return organization.pk
    if organization is not None:
        return int(organization)
    if obj is not None and hasattr(obj, "organization_id"):
        return obj.organization_id
    if actor is not None and getattr(actor, "is_authenticated", False):
        own = user_organization(actor)
        return own.pk if own else None
    return None


def record(
    action: str,
    *,
    actor=None,
    username: str = "",
    organization: Organization | int | None = None,
    obj=None,
    label: str = "",
    summary: str = "",
    request=None,
) -> AuditEntry:
    """Append one entry: ``action`` (an ``AuditEntry.Action``) by ``actor`` on ``obj``.

    The agency is ``organization``, else the object's, else the actor's own. ``username``
    names the account when there is no actor (a failed login). ``label`` and ``summary``
    must not contain an applicant's name, ID number, phone or address.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        action=action,
        actor_id=actor.pk if actor is not None else None,
        actor_username=(actor.get_username() if actor is not None else username)[:_USERNAME_MAX],
        organization_id=_organization_id(organization, obj, actor),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=label[:_LABEL_MAX],
        summary=summary[:_SUMMARY_MAX],
        ip=_ip(request),
    )


# -- logins (django.contrib.auth's signals: a cross-cutting concern) -------------------------


def _logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, actor=user, request=request)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, actor=user, request=request)


def _login_failed(sender, credentials, request=None, **kwargs):
    # Django masks the password in ``credentials``; only the name tried is kept.
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    known = User.objects.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    own = user_organization(known) if known is not None else None
    locked = getattr(request, "axes_locked_out", False)
    record(
        Action.LOGIN_FAILED,
        username=username,
        organization=own,
        summary="账号已被暂时锁定，登录被拒绝" if locked else "用户名或密码错误",
        request=request,
    )


def connect_signals() -> None:
    """Called from ``CatalogConfig.ready``."""
    user_logged_in.connect(_logged_in, dispatch_uid="catalog.audit.logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="catalog.audit.logged_out")
    user_login_failed.connect(_login_failed, dispatch_uid="catalog.audit.login_failed")
