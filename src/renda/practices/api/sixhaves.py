"""Six-haves API: the self-assessments (list, open, detail with each item's evidence, budget, an item, submit,
return, history) and the district's grid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from renda.core.api_parts import HistoryOut, history_rows, town_pick
from renda.core.enums import Role
from renda.core.paging import rows_by_key
from renda.core.types import Count, Id, Limit, Offset, Year

from .. import queries, services
from ..models import SixHaves

router = Router(tags=["practices"])

M = {"x-renda-model": "practices.sixhaves"}


class EvidenceOut(Schema):
    label: str
    count: int
    url: str


class ItemOut(Schema):
    key: str
    label: str
    confirmed: bool
    note: str
    evidence: list[EvidenceOut]
    files: list[str]


class SixHavesOut(Schema):
    id: int
    town: int
    year: int
    state: str
    state_label: str
    budget: Decimal | None
    budget_note: str
    submitted_on: dt.date | None
    confirmed: int
    version: int


class SixHavesDetailOut(SixHavesOut):
    returned_reason: str
    items: list[ItemOut]
    actions: list[str]


class SixHavesListOut(Schema):
    count: int
    items: list[SixHavesOut]


class OpenIn(Schema):
    town_id: Id | None = None
    year: Year


class BudgetIn(Schema):
    budget: Decimal = Field(ge=0, le=1_000_000, max_digits=10, decimal_places=2)
    budget_note: str = ""
    version: Count | None = None


class ItemIn(Schema):
    key: str
    confirmed: bool
    note: str = ""
    version: Count | None = None


class VersionIn(Schema):
    version: Count | None = None


class ReturnIn(Schema):
    reason: str
    version: Count | None = None


class GridCellOut(Schema):
    key: str
    confirmed: bool
    evidence: list[EvidenceOut]


class GridRowOut(Schema):
    town: int
    town_name: str
    assessment: int | None
    state: str | None
    cells: list[GridCellOut]


def _out(s: SixHaves, confirmed: int) -> dict:
    return {
        "id": s.pk,
        "town": s.town_id,
        "year": s.year,
        "state": s.state,
        "state_label": s.get_state_display(),
        "budget": s.budget,
        "budget_note": s.budget_note,
        "submitted_on": s.submitted_on,
        "confirmed": confirmed,
        "version": s.version,
    }


def _detail(request, pk) -> dict:
    s = queries.sixhaves_get_for(user=request.user, pk=pk)
    items = queries.sixhaves_items(assessment=s)
    return _out(s, sum(1 for i in items if i.confirmed)) | {
        "returned_reason": s.returned_reason,
        "items": [
            {
                "key": i.key,
                "label": i.label,
                "confirmed": i.confirmed,
                "note": i.item.note if i.item else "",
                "evidence": i.evidence,
                "files": [f.get_absolute_url() for f in i.files],
            }
            for i in items
        ],
        "actions": sorted(queries.sixhaves_actions_for(user=request.user, assessment=s)),
    }


@router.get("/six-haves", response=SixHavesListOut)
def sixhaves_list(
    request,
    year: Year | None = None,
    town: Id | None = None,
    state: str = "",
    limit: Limit = 100,
    offset: Offset = 0,
):
    """The self-assessments of the towns this user works on."""
    qs = queries.sixhaves_filtered(user=request.user, year=year, town=town, state=state)
    total = qs.count()
    rows = rows_by_key(qs, offset, offset + min(limit, 500))
    return {"count": total, "items": [_out(s, s.confirmed) for s in rows]}


@router.post("/six-haves", response={201: SixHavesDetailOut})
def sixhaves_open(request, payload: OpenIn):
    """The town's staff open (or find) the town's self-assessment of a year."""
    town = town_pick(user=request.user, town_id=payload.town_id, roles=(Role.TOWN_STAFF,))
    s = services.sixhaves_open(town=town, year=payload.year, actor=request.user)
    return 201, _detail(request, s.pk)


@router.get("/six-haves/grid", response=list[GridRowOut])
def sixhaves_grid(request, year: Year):
    """The district's grid: every town × the six items with each cell's evidence (district staff)."""
    district = queries.district_of_staff(user=request.user)
    return [
        {
            "town": r.town.pk,
            "town_name": r.town.name,
            "assessment": r.assessment.pk if r.assessment else None,
            "state": r.assessment.state if r.assessment else None,
            "cells": [{"key": c.key, "confirmed": c.confirmed, "evidence": c.evidence} for c in r.cells],
        }
        for r in queries.sixhaves_grid(user=request.user, district=district, year=year)
    ]


@router.get("/six-haves/{pk}", response=SixHavesDetailOut, openapi_extra=M)
def sixhaves_get(request, pk: Id):
    return _detail(request, pk)


@router.patch("/six-haves/{pk}", response=SixHavesDetailOut, openapi_extra=M)
def sixhaves_budget(request, pk: Id, payload: BudgetIn):
    """The budget line for deputies' activities (万元)."""
    s = queries.sixhaves_get_for(user=request.user, pk=pk)
    services.sixhaves_budget_set(
        assessment=s,
        budget=payload.budget,
        budget_note=payload.budget_note,
        actor=request.user,
        version=payload.version,
    )
    return _detail(request, pk)


@router.post("/six-haves/{pk}/items", response=SixHavesDetailOut, openapi_extra=M)
def sixhaves_item(request, pk: Id, payload: ItemIn):
    """One item confirmed (or not) with the staff's note."""
    s = queries.sixhaves_get_for(user=request.user, pk=pk)
    services.sixhaves_item_save(
        assessment=s,
        key=payload.key,
        confirmed=payload.confirmed,
        note=payload.note,
        actor=request.user,
        version=payload.version,
    )
    return _detail(request, pk)


@router.post("/six-haves/{pk}/submit", response=SixHavesDetailOut, openapi_extra=M)
def sixhaves_submit(request, pk: Id, payload: VersionIn):
    s = queries.sixhaves_get_for(user=request.user, pk=pk)
    services.sixhaves_submit(assessment=s, actor=request.user, version=payload.version)
    return _detail(request, pk)


@router.post("/six-haves/{pk}/return", response=SixHavesDetailOut, openapi_extra=M)
def sixhaves_return(request, pk: Id, payload: ReturnIn):
    s = queries.sixhaves_get_for(user=request.user, pk=pk)
    if not payload.reason.strip():
        raise ValidationError({"reason": _("请填写退回原因")})
    services.sixhaves_return(assessment=s, reason=payload.reason, actor=request.user, version=payload.version)
    return _detail(request, pk)


@router.get("/six-haves/{pk}/history", response=list[HistoryOut], openapi_extra=M)
def sixhaves_history(request, pk: Id):
    return history_rows(queries.sixhaves_get_for(user=request.user, pk=pk))
