"""Pages of the oversight app: appraisal (their URL patterns are collected by oversight/urls.py)."""

from __future__ import annotations

urlpatterns: list = []
