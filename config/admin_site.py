"""The admin site: two-factor pages, the calendar warning on every staff page, the home
page's 「工作台」 block (filled by ``disclosure.column.workbench``), and the old addresses
of the disclosure models (before they moved into their apps)."""

from django.apps import apps
from django.contrib import admin
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import path

from catalog.workdays import missing_schedule_years
from config.two_factor import views
from config.two_factor.forms import TwoFactorLoginForm


class PortalAdminSite(admin.AdminSite):
    site_header = "政府信息公开平台 · 工作人员"
    site_title = "政府信息公开平台"
    index_title = "工作台"
    # The one login of the admin and of every staff page (LOGIN_URL): password, then the
    # 「动态验证码」 for accounts with a second factor (config/two_factor/).
    login_form = TwoFactorLoginForm
    login_template = "admin/two_factor/login.html"
    # The home page's 「工作台」 block: a callable ``(user) -> entries`` (label, url, count,
    # children) registered by ``disclosure.column`` in its ``AppConfig.ready``, so this
    # module, at the bottom of the layers, imports no app above it.
    workbench = None

    def get_urls(self):
        return [
            path("otp/", self.admin_view(views.overview), name="two-factor"),
            path("otp/setup/", self.admin_view(views.setup), name="two-factor-setup"),
            path("otp/remove/", self.admin_view(views.remove), name="two-factor-remove"),
            # Bookmarks and links of the time the disclosure models were one app.
            path("disclosure/<str:model>/", moved_model_redirect),
            path("disclosure/<str:model>/<path:rest>", moved_model_redirect),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if self.workbench is not None:
            extra_context["workbench"] = self.workbench(request.user)
        return super().index(request, extra_context)

    def each_context(self, request):
        context = super().each_context(request)
        if request.user.is_authenticated and request.user.is_staff:
            context["missing_schedule_years"] = missing_schedule_years()
        return context


def moved_model_redirect(request, model: str, rest: str = ""):
    """/admin/disclosure/<model>/… → the model's page in the app that owns it now (its
    table kept the ``disclosure_`` name)."""
    for candidate in apps.get_models():
        opts = candidate._meta
        if opts.db_table == f"disclosure_{model}" and opts.model_name == model:
            url = f"/admin/{opts.app_label}/{model}/{rest}"
            if request.META.get("QUERY_STRING"):
                url += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(url)
    raise Http404
