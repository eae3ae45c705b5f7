from django.contrib import admin
from django.urls import path

from config.two_factor.forms import TwoFactorLoginForm


class PortalAdminSite(admin.AdminSite):
    site_header = "政府信息公开平台 · 工作人员"
    site_title = "政府信息公开平台"
    index_title = "工作台"
    # The one login of the admin and of every staff page (LOGIN_URL): password, then the
    # 「动态验证码」 for accounts with a second factor (config/two_factor/).
    login_form = TwoFactorLoginForm
    login_template = "admin/two_factor/login.html"

    def get_urls(self):
        from config.two_factor import views

        return [
            path("otp/", self.admin_view(views.overview), name="two-factor"),
            path("otp/setup/", self.admin_view(views.setup), name="two-factor-setup"),
            path("otp/remove/", self.admin_view(views.remove), name="two-factor-remove"),
            *super().get_urls(),
        ]

    def each_context(self, request):
        context = super().each_context(request)
        if request.user.is_authenticated and request.user.is_staff:
            from catalog.workdays import missing_schedule_years

            context["missing_schedule_years"] = missing_schedule_years()
        return context
