from django.apps import AppConfig


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        # Loaded once the models are ready, for their side effects: signal receiver, key check.
        from requests_app import crypto, signals  # noqa: F401
