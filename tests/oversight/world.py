"""Oversight records for the isolation test's world, one part per concern (plans, activities, rectification,
appraisal), in that order: a later part may use the records of an earlier one from tw.objects."""

from __future__ import annotations

from factories import TownWorld

from . import world_activities, world_appraisal, world_plans, world_rectification


def build(tw: TownWorld) -> None:
    for part in (world_plans, world_activities, world_rectification, world_appraisal):
        part.build(tw)
