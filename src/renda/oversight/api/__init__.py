"""Oversight API (/api/v1/oversight/…): one router per concern, mounted on this one."""

from __future__ import annotations

from ninja import Router

from . import activities, appraisal, plans, rectification

router = Router(tags=["oversight"])
router.add_router("", plans.router)
router.add_router("", activities.router)
router.add_router("", rectification.router)
router.add_router("", appraisal.router)
