"""Core records for the isolation test's world: an account of the town and its role grant (district staff
manage both through the API)."""

from __future__ import annotations

from factories import TownWorld


def build(tw: TownWorld) -> None:
    staff = tw.users["town_staff"]
    tw.objects |= {"core.user": staff, "core.rolegrant": staff.grants.get()}
