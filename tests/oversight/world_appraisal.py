"""Oversight records (appraisal) for the isolation test's world: one of every model its pages and API address by pk."""

from __future__ import annotations

from factories import TownWorld


def build(tw: TownWorld) -> None:
    """Adds the records to tw.objects under "oversight.<model>" (filled in with the appraisal services)."""
