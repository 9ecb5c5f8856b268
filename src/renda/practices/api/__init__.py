"""Practices API (/api/v1/practices/…): the practice library with the towns' adoptions and the diffusion, and the
six-haves self-assessments — the same services and rules as the pages."""

from __future__ import annotations

from ninja import Router

from . import practices, sixhaves

router = Router(tags=["practices"])
router.add_router("", practices.router)
router.add_router("", sixhaves.router)
