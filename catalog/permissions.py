"""Who may see what: staff belong to one agency; the supervising office sees all."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalog.models import Organization

# The 政府信息公开工作主管部门 (Art. 3): members of this group see every agency's data.
SUPERVISOR_GROUP = "政府信息公开工作主管部门"
# Ordinary staff of an agency.
STAFF_GROUP = "信息公开工作人员"
# The head of an agency's disclosure office (政府信息公开工作机构负责人): approves what the
# law reserves to that person, e.g. an extension of the reply limit (Art. 33(2)). A role on
# top of STAFF_GROUP, carrying no model permissions of its own.
APPROVER_GROUP = "信息公开工作机构负责人"
# The reviewers of an agency's publications (拟公开信息保密审查, 先审查、后公开): they approve
# what a colleague submitted (four-eyes: the submitter never approves their own item) and
# clear personal-data findings. A role on top of STAFF_GROUP, carrying no model permissions
# of its own. The supervising office reviews for every agency.
REVIEWER_GROUP = "信息发布审核人"


def is_supervisor(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_supervisor", None)
    if cached is None:
        cached = user.groups.filter(name=SUPERVISOR_GROUP).exists()
        user._is_supervisor = cached
    return cached


def user_organization(user) -> Organization | None:
    """The agency a staff member belongs to, or None."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "staff_profile", None)
    return profile.organization if profile else None


def can_act_for(user, organization) -> bool:
    """May this user act for (see, change, publish for) this agency?"""
    if organization is None:
        return False
    if is_supervisor(user):
        return True
    own = user_organization(user)
    return own is not None and own.pk == organization.pk


def can_approve_for(user, organization) -> bool:
    """Is this user the head of ``organization``'s disclosure office (or a superuser)?"""
    if organization is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    own = user_organization(user)
    return (
        own is not None
        and own.pk == organization.pk
        and user.groups.filter(name=APPROVER_GROUP).exists()
    )


def can_review_for(user, organization) -> bool:
    """May this user approve publications of ``organization`` (保密审查)?

    Reviewers of the agency itself, and the supervising office (and superusers) for every
    agency: the office that organises the review portal-wide may stand in for an agency
    with no second person. Whoever submitted the item is refused by the publishing steps.
    """
    if organization is None or not user.is_authenticated or not user.is_active:
        return False
    if is_supervisor(user):
        return True
    own = user_organization(user)
    return (
        own is not None
        and own.pk == organization.pk
        and user.groups.filter(name=REVIEWER_GROUP).exists()
    )
