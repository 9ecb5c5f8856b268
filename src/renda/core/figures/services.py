"""Writes of the stored work figures: the services mark a town's row stale; reads recompute it."""

from __future__ import annotations

from django.db.models import F

from .models import TownFigures


def figures_stale(*, town_id: int) -> None:
    """Something that moves a figure of the town happened: recompute its row on the next read.

    Call it inside the transaction of the change (one UPDATE; nothing when the town has no row yet)."""
    TownFigures.unscoped.filter(town_id=town_id).update(stale=True, version=F("version") + 1)
