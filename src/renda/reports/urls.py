from django.urls import path

from . import views, views_packs

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("towns/<int:pk>/", views.town_dashboard, name="town-dashboard"),
    path("packs/", views_packs.pack_list, name="pack-list"),
    path("packs/<int:pk>/row/", views_packs.pack_row, name="pack-row"),
    *(
        path(f"packs/<int:pk>/{kind}/", views_packs.pack_download, {"kind": kind}, name=f"pack-{kind}")
        for kind in views_packs.MIMES
    ),
]
