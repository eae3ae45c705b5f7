"""The one publishing core: status, review, publication, withdrawal, events, 索引号."""

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "disclosure.publishing"
    label = "publishing"
    verbose_name = "发布审核"
