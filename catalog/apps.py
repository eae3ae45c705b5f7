from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "机关与目录"

    def ready(self):
        # The audit module imports the models, which can load only once the registry is ready.
        from catalog import audit

        audit.connect_signals()
