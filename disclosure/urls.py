"""The public site's one URL namespace, ``disclosure``: every app of the package adds its
pages here, so templates and links name a page the same way wherever it lives
(``{% url 'disclosure:document-detail' pk %}``)."""

from disclosure.column.urls import urlpatterns as column
from disclosure.decisions.urls import urlpatterns as decisions
from disclosure.engagement.urls import urlpatterns as engagement
from disclosure.library.urls import urlpatterns as library
from disclosure.mailbox.urls import urlpatterns as mailbox
from disclosure.opendata.urls import urlpatterns as opendata
from disclosure.publishing.urls import urlpatterns as publishing
from disclosure.reports.urls import urlpatterns as reports
from disclosure.website.urls import urlpatterns as website

app_name = "disclosure"

urlpatterns = [
    *website,
    *column,
    *decisions,
    *engagement,
    *mailbox,
    *reports,
    *library,
    *opendata,
    *publishing,
]
