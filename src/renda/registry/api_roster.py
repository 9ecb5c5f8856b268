"""Roster import and export through the API."""

from ninja import Router

router = Router(tags=["roster"])
