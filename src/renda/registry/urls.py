from django.urls import include, path

from . import urls_roster

app_name = "registry"
urlpatterns = [
    path("roster/", include(urls_roster)),
    path("divisions/", include("renda.registry.urls_divisions")),
]
