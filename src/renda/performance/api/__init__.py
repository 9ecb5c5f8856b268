"""Performance API (/api/v1/performance/…): the record, other duties, the rules and the assessment."""

from __future__ import annotations

from ninja import Router

from . import assessment, duties, groups, records

router = Router(tags=["performance"])
router.add_router("", records.router)
router.add_router("", duties.router)
router.add_router("", assessment.router)
router.add_router("", groups.router)
