"""Template context every page gets."""

from django.conf import settings


def portal(request):
    """Site-wide names: no queries here, every page uses it."""
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "ZHAOCUO_URL": getattr(settings, "ZHAOCUO_URL", ""),
    }


# The footer's identity marks (政府网站发展指引), straight from the settings.
IDENTITY_SETTINGS = (
    "SITE_IDENTIFIER_CODE",
    "ICP_RECORD",
    "PSB_RECORD",
    "PARTY_GOV_MARK_IMAGE",
    "PARTY_GOV_MARK_URL",
    "SITE_SPONSOR",
    "SITE_OPERATOR",
    "SITE_CONTACT",
)


def site_identity(request):
    """The site's 网站标识码, 备案号, 党政机关网站标识 and sponsor: no queries."""
    values = {name: getattr(settings, name, "") for name in IDENTITY_SETTINGS}
    # The 公安机关备案号's link names the record by its digits.
    values["PSB_RECORD_CODE"] = "".join(ch for ch in values["PSB_RECORD"] if ch.isdigit())
    mark = values["PARTY_GOV_MARK_IMAGE"]
    values["PARTY_GOV_MARK_IS_URL"] = mark.startswith(("https://", "http://", "/"))
    return {"SITE": values}
