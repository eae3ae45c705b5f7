"""The one publishing core: status, review, publication, withdrawal, events, 索引号."""

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "disclosure.publishing"
    label = "publishing"
    verbose_name = "发布审核"

    def ready(self):
        # Models may be imported only once the app registry is ready.
        from config import media
        from disclosure.publishing.files import download_name_of

        if download_name_of not in media.download_name_lookups:
            media.download_name_lookups.append(download_name_of)
