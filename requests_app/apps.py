from django.apps import AppConfig


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        # Loaded once the models are ready, for their side effects: signal receiver, key check.
        from catalog import calendar_impact
        from requests_app import crypto, deadlines, signals  # noqa: F401

        # The calendar admin previews the due dates an edit would move (catalog cannot
        # import this app).
        calendar_impact.register("requests_app", deadlines.moved_due_dates)
