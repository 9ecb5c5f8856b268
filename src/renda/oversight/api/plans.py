"""Oversight API: yearly work plans — create, lines, submit / approve / return, amend, plan vs done; the same
services and rules as the pages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from renda.core.api_parts import HistoryOut, history_rows, pick, town_pick
from renda.core.enums import Role
from renda.core.paging import rows_by_key
from renda.core.permissions import require
from renda.core.types import Count, Id, Limit, Offset, Year
from renda.registry.queries import persons_visible_to

from .. import queries_plans as q
from ..enums import ActivityKind, PlanState
from ..services import plans as services

router = Router(tags=["oversight"])
P = {"x-renda-model": "oversight.workplan"}
I = {"x-renda-model": "oversight.planitem"}  # noqa: E741


class PlanItemOut(Schema):
    id: int
    kind: ActivityKind
    topic: str
    month: int
    responsible_id: int | None
    responsible: str | None
    withdrawn: bool
    status: str
    activity_ids: list[int]


class PlanOut(Schema):
    id: int
    town_id: int
    year: int
    title: str
    state: PlanState
    revision: int
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    version: int
    items: list[PlanItemOut] = []


class PlanPage(Schema):
    count: int
    items: list[PlanOut]


class PlanIn(Schema):
    town_id: Id | None = None
    year: Year
    title: str = Field("", max_length=200)


class PlanPatchIn(Schema):
    title: str = Field(max_length=200)
    version: Count | None = None


class PlanItemIn(Schema):
    kind: ActivityKind
    topic: str = Field(max_length=200)
    month: int = Field(ge=1, le=12)
    responsible_id: Id | None = None
    version: Count | None = None


class PlanItemPatchIn(Schema):
    kind: ActivityKind | None = None
    topic: str | None = Field(None, max_length=200)
    month: int | None = Field(None, ge=1, le=12)
    responsible_id: Id | None = None
    version: Count | None = None


class PlanVersionIn(Schema):
    version: Count | None = None


class PlanReasonIn(Schema):
    reason: str = Field(max_length=500)
    version: Count | None = None


class PlanAmendLineIn(Schema):
    id: Id | None = None
    kind: ActivityKind | None = None
    topic: str | None = Field(None, max_length=200)
    month: int | None = Field(None, ge=1, le=12)
    responsible_id: Id | None = None


class PlanAmendIn(Schema):
    reason: str = Field(max_length=500)
    items: list[PlanAmendLineIn]
    version: Count | None = None


class PlanRowOut(Schema):
    town_id: int
    town: str
    plan_id: int | None
    planned: int
    held: int
    late: int
    missed: int
    pending: int


def _plan(plan, *, with_items: bool = False) -> dict:
    out = {
        "id": plan.pk,
        "town_id": plan.town_id,
        "year": plan.year,
        "title": plan.title,
        "state": plan.state,
        "revision": plan.revision,
        "submitted_at": plan.submitted_at,
        "approved_at": plan.approved_at,
        "version": plan.version,
    }
    if with_items:
        today = timezone.localdate()
        out["items"] = [
            {
                "id": i.pk,
                "kind": i.kind,
                "topic": i.topic,
                "month": i.month,
                "responsible_id": i.responsible_id,
                "responsible": i.responsible.name if i.responsible_id else None,
                "withdrawn": i.withdrawn,
                "status": q.plan_item_status(i, today),
                "activity_ids": [a.pk for a in i.activities.all()],
            }
            for i in q.plan_items_of(plan)
        ]
    return out


def _responsible(request, town, pk):
    return pick(
        persons_visible_to(user=request.user).filter(town=town),
        pk,
        field="responsible",
        message=_("人员不存在"),
    )


@router.get("/plans", response=PlanPage)
def plan_list(request, year: Year | None = None, limit: Limit = 50, offset: Offset = 0):
    """The plans this user may see (the district's staff: every town's), newest year first."""
    qs = q.plans_visible_to(user=request.user)
    if year:
        qs = qs.filter(year=year)
    rows = rows_by_key(qs, offset, offset + limit)
    return {"count": qs.count(), "items": [_plan(p) for p in rows]}


@router.get("/plans/done", response=list[PlanRowOut])
def plan_vs_done(request, year: Year):
    """Plan vs done per town for the year: planned lines, held on time, held late, not held, still to come."""
    return [
        {"town_id": r.town_id, "town": r.town_name, "plan_id": r.plan.pk if r.plan else None, "planned": r.planned,
         "held": r.counts[q.HELD], "late": r.counts[q.LATE], "missed": r.counts[q.MISSED],
         "pending": r.counts[q.PENDING]}
        for r in q.plan_vs_done(user=request.user, year=year)
    ]  # fmt: skip


@router.post("/plans", response={201: PlanOut})
def plan_create(request, payload: PlanIn):
    town = town_pick(user=request.user, town_id=payload.town_id, roles=(Role.TOWN_STAFF, Role.DISTRICT_STAFF))
    require(request.user, "oversight.manage", town)
    plan = services.plan_create(town=town, data=payload.model_dump(exclude={"town_id"}), actor=request.user)
    return 201, _plan(plan, with_items=True)


@router.get("/plans/{pk}", response=PlanOut, openapi_extra=P)
def plan_detail(request, pk: Id):
    return _plan(q.plan_get_for(user=request.user, pk=pk), with_items=True)


@router.patch("/plans/{pk}", response=PlanOut, openapi_extra=P)
def plan_update(request, pk: Id, payload: PlanPatchIn):
    plan = q.plan_get_for(user=request.user, pk=pk)
    plan = services.plan_update(
        plan=plan, data={"title": payload.title}, actor=request.user, version=payload.version
    )
    return _plan(plan, with_items=True)


@router.post("/plans/{pk}/items", response={201: PlanOut}, openapi_extra=P)
def plan_item_add(request, pk: Id, payload: PlanItemIn):
    plan = q.plan_get_for(user=request.user, pk=pk)
    require(request.user, "oversight.manage", plan)
    data = payload.model_dump(exclude={"version", "responsible_id"})
    data["responsible"] = _responsible(request, plan.town, payload.responsible_id)
    services.plan_item_add(plan=plan, data=data, actor=request.user, version=payload.version)
    return 201, _plan(q.plan_get_for(user=request.user, pk=pk), with_items=True)


@router.patch("/plan-items/{pk}", response=PlanOut, openapi_extra=I)
def plan_item_update(request, pk: Id, payload: PlanItemPatchIn):
    item = q.plan_item_get_for(user=request.user, pk=pk)
    require(request.user, "oversight.manage", item)
    data = payload.model_dump(exclude={"version", "responsible_id"}, exclude_unset=True)
    if "responsible_id" in payload.model_fields_set:
        data["responsible"] = _responsible(request, item.town, payload.responsible_id)
    services.plan_item_update(item=item, data=data, actor=request.user, version=payload.version)
    return _plan(q.plan_get_for(user=request.user, pk=item.plan_id), with_items=True)


@router.delete("/plan-items/{pk}", response=PlanOut, openapi_extra=I)
def plan_item_remove(request, pk: Id):
    item = q.plan_item_get_for(user=request.user, pk=pk)
    plan_id = item.plan_id
    services.plan_item_remove(item=item, actor=request.user)
    return _plan(q.plan_get_for(user=request.user, pk=plan_id), with_items=True)


@router.post("/plans/{pk}/submit", response=PlanOut, openapi_extra=P)
def plan_submit(request, pk: Id, payload: PlanVersionIn):
    plan = q.plan_get_for(user=request.user, pk=pk)
    return _plan(
        services.plan_submit(plan=plan, actor=request.user, version=payload.version), with_items=True
    )


@router.post("/plans/{pk}/approve", response=PlanOut, openapi_extra=P)
def plan_approve(request, pk: Id, payload: PlanVersionIn):
    plan = q.plan_get_for(user=request.user, pk=pk)
    return _plan(
        services.plan_approve(plan=plan, actor=request.user, version=payload.version), with_items=True
    )


@router.post("/plans/{pk}/return", response=PlanOut, openapi_extra=P)
def plan_return(request, pk: Id, payload: PlanReasonIn):
    plan = q.plan_get_for(user=request.user, pk=pk)
    plan = services.plan_return(plan=plan, reason=payload.reason, actor=request.user, version=payload.version)
    return _plan(plan, with_items=True)


@router.post("/plans/{pk}/amend", response=PlanOut, openapi_extra=P)
def plan_amend(request, pk: Id, payload: PlanAmendIn):
    """Amend an approved plan: the lines as they shall be (`id` keeps a line, none adds one, one left out is
    withdrawn); the lines as they were are kept in a revision."""
    plan = q.plan_get_for(user=request.user, pk=pk)
    require(request.user, "oversight.manage", plan)
    items = []
    for line in payload.items:
        row = line.model_dump(exclude={"responsible_id"}, exclude_unset=True)
        if "responsible_id" in line.model_fields_set:
            row["responsible"] = _responsible(request, plan.town, line.responsible_id)
        items.append(row)
    plan = services.plan_amend(
        plan=plan, reason=payload.reason, items=items, actor=request.user, version=payload.version
    )
    return _plan(plan, with_items=True)


@router.get("/plans/{pk}/history", response=list[HistoryOut], openapi_extra=P)
def plan_history(request, pk: Id):
    return history_rows(q.plan_get_for(user=request.user, pk=pk))
