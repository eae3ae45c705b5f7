from django.apps import AppConfig


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from requests_app import (  # noqa: F401  (the calendar receiver, the key check)
            crypto,
            signals,
        )
