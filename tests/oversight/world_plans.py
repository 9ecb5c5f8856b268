"""Oversight records (plans) for the isolation test's world: one of every model its pages and API address by pk."""

from __future__ import annotations

from factories import TownWorld
from renda.oversight.services import plans


def build(tw: TownWorld) -> None:
    """Adds the records to tw.objects under "oversight.<model>" (filled in with the plans services): an
    approved plan for 2099 with one line."""
    staff = tw.users["town_staff"]
    plan = plans.plan_create(town=tw.town, data={"year": 2099}, actor=staff)
    item = plans.plan_item_add(
        plan=plan,
        data={
            "kind": "enforcement",
            "topic": "消防安全执法检查",
            "month": 3,
            "responsible": tw.objects["registry.person"],
        },
        actor=staff,
    )
    plans.plan_submit(plan=plan, actor=staff)
    plan = plans.plan_approve(plan=plan, actor=tw.users["presidium"])
    tw.objects |= {"oversight.workplan": plan, "oversight.planitem": item}
