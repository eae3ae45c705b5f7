"""政民互动: 网上留言 / 领导信箱 and 「我为政府网站找错」 reports."""

from django.apps import AppConfig


class MailboxConfig(AppConfig):
    name = "disclosure.mailbox"
    label = "mailbox"  # not "messages": django.contrib.messages holds that label
    verbose_name = "网上留言"

    def ready(self):
        # Models are loaded only now: the website annual report's rows and the site check.
        from catalog import roles
        from disclosure.mailbox import figures

        figures.register_site_figures()
        # The staff role: letters and error reports of their agency (the pages scope them).
        if self.label not in roles.PORTAL_APPS:
            roles.PORTAL_APPS.append(self.label)
        if "mailbox.letterevent" not in roles.VIEW_ONLY_MODELS:
            roles.VIEW_ONLY_MODELS.append("mailbox.letterevent")
        roles.register_staff_actions("mailbox.letter", ["view", "change"])
        roles.register_staff_actions("mailbox.letterevent", ["view"])
        roles.register_staff_actions("mailbox.letterattachment", ["view"])
        roles.register_staff_actions("mailbox.errorreport", ["view", "add", "change"])
