"""The standardized 「政府信息公开」 column: home, agency column, guide, rules."""

from django.apps import AppConfig


class ColumnConfig(AppConfig):
    name = "disclosure.column"
    label = "column"
    verbose_name = "政府信息公开专栏"

    def ready(self):
        # The admin home's 「工作台」 block counts items of every app below this one; the
        # admin site (config, the bottom layer) only calls what is registered here.
        from django.contrib import admin

        from disclosure.column import workbench

        admin.site.workbench = workbench.entries

        # The guide and the rules are public as saved: a change renews the stored pages.
        from config.web import pagecache
        from disclosure.column.models import Guide, Regulation

        pagecache.renew_on_change(Guide, Regulation)
