"""Staff dashboards' annual-report warning."""

from django.utils.functional import SimpleLazyObject

from disclosure.reports.services import due_notices


def annual_report_notices(request):
    """Staff: last year's reports falling due (or overdue) and not yet published.

    Lazy: the query runs only on pages that show ``annual_report_notices`` (the staff
    dashboards), so other pages pay nothing. This is how the 依申请公开 dashboard shows the
    warning without ``requests_app`` importing ``disclosure``.
    """

    def notices():
        return due_notices(getattr(request, "user", None))

    return {"annual_report_notices": SimpleLazyObject(notices)}
