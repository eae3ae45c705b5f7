"""The website itself: identity, home page, 网站地图, 站点体检, 错敏词, the visit counter and
the 政府网站工作年度报表 (domain notes §10)."""

from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "disclosure.website"
    label = "website"
    verbose_name = "政府网站"

    def ready(self):
        from disclosure.publishing import checks
        from disclosure.website import annual, identity, wording

        # 错敏词 before review and publication, without the core importing this app.
        checks.register("wording", wording.publication_check)
        identity.register_checks()
        annual.register_kinds()
