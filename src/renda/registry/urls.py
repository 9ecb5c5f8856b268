from django.urls import include, path

from . import urls_roster, views
from .resources import RESOURCES, person
from .resources.pages import resource_urls

app_name = "registry"

urlpatterns = [
    path("towns/<int:pk>/", views.town_detail, name="town-detail"),
    path("towns/<int:pk>/edit/", views.town_update, name="town-update"),
    path("district/", views.district_overview, name="district-overview"),
    path("persons/<int:pk>/pii/", views.person_pii, name="person-pii"),
    path("roster/", include(urls_roster)),
    path("divisions/", include("renda.registry.urls_divisions")),
]
for _resource in RESOURCES:
    urlpatterns += resource_urls(_resource, views.PersonDetailView if _resource is person else None)
