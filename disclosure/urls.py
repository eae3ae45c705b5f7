"""The public site's one URL namespace, ``disclosure``: every app of the package adds its
pages here, so templates and links name a page the same way wherever it lives
(``{% url 'disclosure:document-detail' pk %}``)."""

from disclosure.column.urls import urlpatterns as column
from disclosure.decisions.urls import urlpatterns as decisions
from disclosure.library.urls import urlpatterns as library
from disclosure.mailbox.urls import urlpatterns as mailbox
from disclosure.opendata.urls import urlpatterns as opendata
from disclosure.publishing.urls import urlpatterns as publishing
from disclosure.reports.urls import urlpatterns as reports

app_name = "disclosure"

urlpatterns = [*column, *decisions, *reports, *library, *mailbox, *opendata, *publishing]
