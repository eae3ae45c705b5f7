"""The standardized 「政府信息公开」 column: home, agency column, guide, rules."""

from django.apps import AppConfig


class ColumnConfig(AppConfig):
    name = "disclosure.column"
    label = "column"
    verbose_name = "政府信息公开专栏"
