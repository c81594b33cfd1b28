from django.contrib import admin
from django.urls import include, path

from procura.api import api
from procura.core import views as core_views

urlpatterns = [
    path("", core_views.start, name="start"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("audit/", include("procura.audit.urls")),
    path("timescales/", include("procura.timescales.urls")),
    path("procurements/", include("procura.procurements.urls")),
    path("opportunities/", include("procura.procurements.public_urls")),
    path("procurements/", include("procura.participation.urls")),
    path("procurements/", include("procura.tendering.urls")),
    path("procurements/", include("procura.evaluation.urls")),
    path("contracts/", include("procura.contracts.urls")),
    path("notices/", include("procura.notices.urls")),
    path("demo/", include("procura.demo.urls")),
    path("", include("procura.accounts.urls")),
]

handler404 = "procura.core.views.page_not_found"
handler500 = "procura.core.views.server_error"
