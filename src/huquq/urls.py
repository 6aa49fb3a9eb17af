from django.urls import include, path
from django.views.generic import RedirectView

from huquq.api import api

urlpatterns = [
    path("", RedirectView.as_view(url="/help/", permanent=False)),
    path("help/", include("huquq.intake.urls")),
    path("staff/search/", include("huquq.security.search_urls")),
    path("staff/", include("huquq.cases.urls")),
    path("staff/incidents/", include("huquq.incidents.urls")),
    path("staff/reports/", include("huquq.reports.urls")),
    path("staff/security/", include("huquq.security.urls")),
    path("bot/", include("huquq.bot.urls")),
    path("api/", api.urls),
]
