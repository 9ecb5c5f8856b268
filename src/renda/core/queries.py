"""Core reads."""

from __future__ import annotations

from .access import towns_visible_to
from .models import Town


def towns_for(*, user):
    """The towns the user may see (Town is the tenant itself, so it is filtered by id, not scoped)."""
    return Town.objects.filter(pk__in=towns_visible_to(user)).select_related("district")
