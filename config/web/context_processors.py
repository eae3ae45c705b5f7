"""Template context every page gets."""

from django.conf import settings


def portal(request):
    """Site-wide names: no queries here, every page uses it."""
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "ZHAOCUO_URL": getattr(settings, "ZHAOCUO_URL", ""),
    }
