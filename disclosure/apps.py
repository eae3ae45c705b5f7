"""``disclosure`` is a package of apps (see docs/architecture.md). This app config holds
only the schema history of the time when it was one app: its migrations created the
tables that the apps below now own (they keep the ``disclosure_`` table names), and its
last migration hands each model over to its app without touching a row."""

from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "政府信息公开（迁移历史）"
