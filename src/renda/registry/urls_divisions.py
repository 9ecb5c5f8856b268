"""The official division loader page (统计用区划代码载入)."""

from django.urls import path

from . import views_divisions

urlpatterns = [
    path("", views_divisions.divisions_load, name="divisions-load"),
]
