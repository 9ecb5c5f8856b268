"""Roster import and export pages (花名册)."""

urlpatterns: list = []
