from django.contrib.admin.apps import AdminConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticDefaultConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDefaultConfig


class PortalAdminConfig(AdminConfig):
    default_site = "config.admin_site.PortalAdminSite"


# django-otp's device apps under Chinese names in the admin, where a superuser deletes the
# devices of a staff member who lost both phone and backup codes (config/two_factor/).
class TOTPDevicesConfig(TOTPDefaultConfig):
    verbose_name = "两步验证：验证器应用"


class BackupCodesConfig(StaticDefaultConfig):
    verbose_name = "两步验证：备用码"
