"""Campaigns API (/api/v1/campaigns/…): campaigns and the towns' tasks, the chairs' invitations and the
exchange meetings, the same services and rules as the
pages."""

from __future__ import annotations

from ninja import Router

from . import campaigns, exchange, tasks

router = Router(tags=["campaigns"])
router.add_router("", campaigns.router)
router.add_router("", tasks.router)
router.add_router("", exchange.router)
