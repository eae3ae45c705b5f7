"""Open data: the read-only API, feeds, sitemaps and the exchange files."""

from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "disclosure.opendata"
    label = "opendata"
    verbose_name = "开放数据"
