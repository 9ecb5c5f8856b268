"""Work plan reads: the plans a user may see, the access functions (404 for absent and not yours), and
"plan vs done" per town and year, read from the lines and the activities that carried them out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.models import Town

from .enums import ActivityState
from .models import Activity, PlanItem, WorkPlan

READERS = {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM, Role.DEPUTY}

# The status of one planned line in "plan vs done".
HELD, LATE, MISSED, PENDING = "held", "late", "missed", "pending"
STATUSES = (HELD, LATE, MISSED, PENDING)


def towns_where(user, roles: set[str]) -> list[int]:
    g = grants_of(user)
    ids: set[int] = set()
    for role in roles:
        ids |= g.roles.get(role, frozenset())
    if getattr(user, "is_superuser", False):
        ids |= set(g.visible_town_ids)
    return sorted(ids)


def towns_by_ids(ids) -> QuerySet[Town]:
    """Towns among these ids, in code order."""
    return Town.objects.filter(pk__in=list(ids)).order_by("code")


def town_get(pk: int) -> Town:
    return Town.objects.get(pk=pk)


def plans_visible_to(*, user) -> QuerySet[WorkPlan]:
    """Staff, presidium and deputies of a town see its plans (the district's staff every town's)."""
    return WorkPlan.objects.filter(town__in=towns_where(user, READERS)).select_related("town")


def plan_get_for(*, user, pk: int) -> WorkPlan:
    return get_object_or_404(plans_visible_to(user=user), pk=pk)


def plan_items_visible_to(*, user) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(town__in=towns_where(user, READERS)).select_related("plan", "responsible")


def plan_item_get_for(*, user, pk: int) -> PlanItem:
    return get_object_or_404(plan_items_visible_to(user=user), pk=pk)


def plan_items_of(plan: WorkPlan) -> QuerySet[PlanItem]:
    """The plan's lines with the activities that carried them out (two queries)."""
    return (
        PlanItem.objects.filter(plan=plan)
        .select_related("responsible")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.exclude(state=ActivityState.CANCELLED).order_by("start_date", "id"),
            )
        )
    )


def plan_item_status(item: PlanItem, today: dt.date) -> str:
    """Held in (or before) its planned month, held later, not held and its month is over, or still to come.
    Reads the prefetched activities."""
    held = [a for a in item.activities.all() if a.state == ActivityState.HELD]
    if held:
        first = min(a.start_date for a in held)
        return HELD if (first.year, first.month) <= (item.plan.year, item.month) else LATE
    month_over = (today.year, today.month) > (item.plan.year, item.month)
    return MISSED if month_over else PENDING


@dataclass
class PlanRow:
    """One town's line of "plan vs done" for a year: counts of its plan's lines by status."""

    town_id: int
    town_name: str
    plan: WorkPlan | None
    planned: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))


def plan_vs_done(*, user, year: int, today: dt.date | None = None) -> list[PlanRow]:
    """Per town the user sees: the planned lines of the year's plan (withdrawn ones left out) and how many were
    held on time, held late, not held, or are still to come. Three queries whatever the number of towns."""
    today = today or timezone.localdate()
    town_ids = towns_where(user, READERS)
    plans = {p.town_id: p for p in plans_visible_to(user=user).filter(year=year)}
    rows = [PlanRow(town_id=t.pk, town_name=t.name, plan=plans.get(t.pk)) for t in towns_by_ids(town_ids)]
    items = (
        PlanItem.objects.filter(plan__in=list(plans.values()), withdrawn=False)
        .select_related("plan")
        .prefetch_related(Prefetch("activities", queryset=Activity.objects.filter(state=ActivityState.HELD)))
    )
    by_town = {r.town_id: r for r in rows}
    for item in items:
        row = by_town.get(item.town_id)
        if row is None:
            continue
        row.planned += 1
        row.counts[plan_item_status(item, today)] += 1
    return rows
