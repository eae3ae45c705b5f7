from django.contrib import admin


class PortalAdminSite(admin.AdminSite):
    site_header = "政府信息公开平台 · 工作人员"
    site_title = "政府信息公开平台"
    index_title = "工作台"

    def each_context(self, request):
        context = super().each_context(request)
        if request.user.is_authenticated and request.user.is_staff:
            from catalog.workdays import missing_schedule_years

            context["missing_schedule_years"] = missing_schedule_years()
        return context
