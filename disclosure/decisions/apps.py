"""决策公开: 意见征集, 重大行政决策事项目录, 政府常务会议."""

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "disclosure.decisions"
    label = "decisions"
    verbose_name = "决策公开"

    def ready(self):
        # Models are loaded only now: register consultations with the publishing core.
        from disclosure.decisions import kinds, website_figures

        kinds.register_kinds()
        # The website annual report's 征集调查 rows.
        website_figures.register()
