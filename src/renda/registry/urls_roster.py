"""Roster import and export pages (花名册)."""

from django.urls import path

from . import views_roster

urlpatterns = [
    path("import/", views_roster.roster_import_view, name="roster-import"),
    path("template/", views_roster.roster_template_view, name="roster-template"),
    path("export/", views_roster.roster_export_view, name="roster-export"),
]
