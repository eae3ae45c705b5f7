"""The staff roles and their model permissions, kept in step with the models.

Agency staff get the permissions of every agency-owned model (the admin scopes the rows
to their agency); the supervising office gets every permission of the portal's apps but
changes to the audit log, which nobody may change.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from catalog.permissions import APPROVER_GROUP, REVIEWER_GROUP, STAFF_GROUP, SUPERVISOR_GROUP

# The app labels whose models staff work with (disclosure/ is a package of apps).
PORTAL_APPS = [
    "catalog",
    "requests_app",
    "publishing",
    "library",
    "decisions",
    "reports",
    "column",
    "website",
    "engagement",
]
# Models nobody changes, the supervisor included: only their view permission is granted.
# Logs are appended by the code that acts, never edited or deleted in the admin.
VIEW_ONLY_MODELS = [
    "catalog.auditentry",
    "requests_app.requestevent",
    "requests_app.staffaccesslog",
    "requests_app.approval",
    "website.wordingoverride",
    "website.websitereportevent",
    "website.linkcheck",
    "website.sitecheckrun",
    "website.dailyvisits",
]
# Models whose rows belong to an agency: app_label.model -> the actions staff may take.
STAFF_MODEL_ACTIONS: dict[str, list[str]] = {
    "catalog.organization": ["view", "change"],
    "catalog.category": ["view", "add", "change", "delete"],
    "catalog.theme": ["view"],
    "catalog.genre": ["view"],
    "catalog.holidayschedule": ["view"],
    "catalog.calendarday": ["view"],
    "catalog.auditentry": ["view"],
    # Each agency keeps its own 政务公开事项标准目录 (imported as XLSX); the admin scopes the rows.
    "catalog.standardcatalogitem": ["view", "add", "change", "delete"],
    "column.guide": ["view", "add", "change"],
    "column.regulation": ["view", "add", "change", "delete"],
    "library.document": ["view", "add", "change"],
    "library.attachment": ["view", "add", "change", "delete"],
    "library.documentrelation": ["view", "add"],
    "library.validitychange": ["view"],
    "library.documentevent": ["view"],
    "library.interpretation": ["view", "add", "change"],
    "library.interpretationmedia": ["view", "add", "change", "delete"],
    "library.interpretationevent": ["view"],
    "library.concern": ["view", "add", "change"],
    "library.concernevent": ["view"],
    "decisions.consultation": ["view", "add", "change"],
    "decisions.consultationattachment": ["view", "add", "change", "delete"],
    "decisions.viewpoint": ["view", "add", "change", "delete"],
    "decisions.comment": ["view", "add", "change"],
    "decisions.consultationevent": ["view"],
    "decisions.decisioncatalog": ["view", "add", "change"],
    "decisions.decisionitem": ["view", "add", "change", "delete"],
    "decisions.meeting": ["view", "add", "change"],
    "decisions.meetingtopic": ["view", "add", "change", "delete"],
    "decisions.meetingattendance": ["view", "add", "change", "delete"],
    "reports.annualreport": ["view", "add", "change"],
    "reports.annualreportoverride": ["view"],
    "reports.annualreportevent": ["view"],
    "requests_app.informationrequest": ["view", "add", "change"],
    "requests_app.requestevent": ["view"],
    "requests_app.subtask": ["view"],
    "requests_app.feenotice": ["view"],
    "requests_app.reviewcase": ["view"],
    "requests_app.approval": ["view"],
    # 错敏词: staff add the expressions their agency meets; overrides are the reviewers' record.
    "website.wordingrule": ["view", "add", "change"],
    "website.wordingoverride": ["view"],
}


def register_staff_actions(model_label: str, actions: list[str]) -> None:
    """Let later apps add their agency-owned models to the staff role."""
    STAFF_MODEL_ACTIONS[model_label] = actions


def ensure_groups() -> tuple[Group, Group]:
    supervisor, _ = Group.objects.get_or_create(name=SUPERVISOR_GROUP)
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    Group.objects.get_or_create(name=APPROVER_GROUP)
    Group.objects.get_or_create(name=REVIEWER_GROUP)
    supervisor_permissions = Permission.objects.filter(content_type__app_label__in=PORTAL_APPS)
    for label in VIEW_ONLY_MODELS:
        app_label, model = label.split(".")
        supervisor_permissions = supervisor_permissions.exclude(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{a}_{model}" for a in ("add", "change", "delete")],
        )
    supervisor.permissions.set(supervisor_permissions)
    wanted = []
    for label, actions in STAFF_MODEL_ACTIONS.items():
        app_label, model = label.split(".")
        wanted += list(
            Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{a}_{model}" for a in actions],
            )
        )
    staff.permissions.set(wanted)
    return supervisor, staff
