from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "机关与目录"

    def ready(self):
        from catalog import audit

        audit.connect_signals()
