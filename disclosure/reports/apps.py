"""政府信息公开工作年度报告 (Art. 49–50)."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "disclosure.reports"
    label = "reports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self):
        # Models are loaded only now: register annual reports with the publishing core.
        from disclosure.reports import services

        services.register_kinds()
