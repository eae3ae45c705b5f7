from django.apps import AppConfig, apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate

from config.web import pagecache


def refresh_groups(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """After every ``migrate``: the staff, supervisor, approver and reviewer groups exist and
    hold the permissions of every app, new apps' included (a deployed portal gets them
    without loading the demo). ``post_migrate`` is sent once per app in INSTALLED_APPS
    order, for the apps with models; every app's permissions exist after the last one."""
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if using != DEFAULT_DB_ALIAS or sender.label != last.label:
        return
    from catalog.roles import ensure_groups  # the models load once the registry is ready

    ensure_groups()


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "机关与目录"

    def ready(self):
        # The audit module imports the models, which can load only once the registry is ready.
        from catalog import audit

        audit.connect_signals()
        # The agencies and the catalog are on every public page: a change renews them.
        from . import models

        pagecache.renew_on_change(
            models.Organization,
            models.Category,
            models.Theme,
            models.Genre,
            models.StandardCatalogItem,
        )

        post_migrate.connect(refresh_groups, dispatch_uid="catalog.refresh_groups")
