"""Operations commands: demo data, benchmarks, load test, outage drill."""

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "disclosure.ops"
    label = "ops"
    verbose_name = "运维"
