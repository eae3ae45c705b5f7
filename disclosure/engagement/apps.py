"""政民互动 (2): 在线访谈, 政府开放活动, 公开承诺事项, 政务新媒体 and 政务公开专区."""

from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "disclosure.engagement"
    label = "engagement"
    verbose_name = "政民互动（访谈、开放活动、承诺事项、新媒体）"

    def ready(self):
        # Models are loaded only now: register the published kinds with the publishing
        # core, the website annual report's figures, and the staff role's permissions.
        from catalog.roles import register_staff_actions
        from disclosure.engagement import figures, kinds

        kinds.register_kinds()
        figures.register_figures()
        for label, actions in STAFF_ACTIONS.items():
            register_staff_actions(f"engagement.{label}", actions)


STAFF_ACTIONS = {
    "interview": ["view", "add", "change"],
    "guest": ["view", "add", "change", "delete"],
    "interviewpicture": ["view", "add", "change", "delete"],
    "question": ["view", "add", "change"],
    "questionevent": ["view"],
    "interviewevent": ["view"],
    "opendayplan": ["view", "add", "change"],
    "opendayplanevent": ["view"],
    "activity": ["view", "add", "change", "delete"],
    "activitypicture": ["view", "add", "change", "delete"],
    "visitoropinion": ["view", "add", "change", "delete"],
    "signup": ["view"],
    "signupevent": ["view"],
    "commitmentlist": ["view", "add", "change"],
    "commitmentlistevent": ["view"],
    "commitment": ["view", "add", "change", "delete"],
    "progressentry": ["view", "add", "change", "delete"],
    "newmediaaccount": ["view", "add", "change"],
    "servicehall": ["view", "add", "change", "delete"],
}
