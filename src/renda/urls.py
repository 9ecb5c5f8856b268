from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView

from renda.api import api
from renda.core.views import language_set

urlpatterns = [
    path("", include("renda.core.urls")),
    path("registry/", include("renda.registry.urls")),
    path("congress/", include("renda.congress.urls")),
    path("suggestions/", include("renda.suggestions.urls")),
    path("receptions/", include("renda.receptions.urls")),
    path("oversight/", include("renda.oversight.urls")),
    path("reports/", include("renda.reports.urls")),
    path("campaigns/", include("renda.campaigns.urls")),
    path("performance/", include("renda.performance.urls")),
    path("practices/", include("renda.practices.urls")),
    path("p/", include("renda.portal.urls")),
    path("feeds/", include("renda.feeds.urls")),
    path("i18n/setlang/", language_set, name="set_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says: send them to the icon in the static files.
    path("favicon.ico", RedirectView.as_view(url=static_url("renda/favicon.svg"), permanent=True)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "renda.core.errorpages.page_forbidden"
handler404 = "renda.core.errorpages.page_not_found"
handler500 = "renda.core.errorpages.server_error"
