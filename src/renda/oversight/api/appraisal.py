"""Oversight API: station appraisals (/api/v1/oversight/appraisals…), the same services and rules as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema

from renda.core.audit import activity_entries
from renda.core.paging import rows_by_key
from renda.core.permissions import allowed
from renda.core.types import Count, Id, Limit, Offset, Year
from renda.core.workflow import workflow_actions_for
from renda.registry.queries import town_get_for

from .. import queries_appraisal as queries
from .. import services

router = Router(tags=["oversight"])

M = {"x-renda-model": "oversight.appraisal"}
MS = {"x-renda-model": "oversight.appraisalstation"}


class CriterionIn(Schema):
    name: str
    weight: Count


class CriterionOut(CriterionIn):
    id: int


class AppraisalOut(Schema):
    id: int
    town: int
    town_name: str
    year: int
    title: str
    state: str
    state_label: str
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    published_at: dt.datetime | None
    version: int


class AppraisalListOut(Schema):
    count: int
    items: list[AppraisalOut]


class StationOut(Schema):
    id: int
    unit: int
    name: str
    rank: int | None
    score: Decimal | None
    deputy_score: Decimal | None
    voter_score: Decimal | None
    deputy_sheets: int
    voter_sheets: int
    rectification_open: int
    rectification_closed: int
    rectification_items: int


class HistoryOut(Schema):
    code: str
    label: str
    actor: str
    at: dt.datetime


class AppraisalDetailOut(AppraisalOut):
    criteria: list[CriterionOut]
    stations: list[StationOut]
    actions: list[str]


class AppraisalCreateIn(Schema):
    town_id: Id
    year: Year
    title: str = ""
    criteria: list[CriterionIn] | None = None
    unit_ids: list[Id] | None = None


class AppraisalUpdateIn(Schema):
    title: str | None = None
    criteria: list[CriterionIn] | None = None
    version: Count | None = None


class VersionIn(Schema):
    version: Count | None = None


class ScoreIn(Schema):
    scores: dict[Id, Count]  # criterion id → score on the configured scale
    opinion: str = ""
    deputy_id: Id | None = None  # staff entering a deputy's paper sheet; a deputy's own sheet leaves it out


class SheetOut(Schema):
    id: int
    station: int
    source: str
    total: Decimal
    opinion: str


class KeyProblemIn(Schema):
    title: str
    description: str = ""
    unit_id: Id | None = None
    version: Count | None = None


class KeyProblemOut(Schema):
    id: int
    station: int
    title: str
    unit: int
    state: str
    due_date: dt.date | None


def _out(a) -> dict:
    return {
        "id": a.pk,
        "town": a.town_id,
        "town_name": a.town.name,
        "year": a.year,
        "title": a.title,
        "state": a.state,
        "state_label": a.get_state_display(),
        "opened_at": a.opened_at,
        "closed_at": a.closed_at,
        "published_at": a.published_at,
        "version": a.version,
    }


def _detail(request, pk) -> dict:
    a = queries.appraisal_get_for(user=request.user, pk=pk)
    return _out(a) | {
        "criteria": [{"id": c.pk, "name": c.name, "weight": c.weight} for c in queries.appraisal_criteria(a)],
        "stations": [
            {
                "id": r.station_id,
                "unit": r.unit_id,
                "name": r.name,
                "rank": r.rank,
                "score": r.score,
                "deputy_score": r.deputy_score,
                "voter_score": r.voter_score,
                "deputy_sheets": r.deputy_sheets,
                "voter_sheets": r.voter_sheets,
                "rectification_open": r.open_items,
                "rectification_closed": r.closed_items,
                "rectification_items": r.items,
            }
            for r in queries.appraisal_ranking(a)
        ],
        "actions": sorted(t.action for t in workflow_actions_for(a, request.user)),
    }


@router.get("/appraisals", response=AppraisalListOut)
def appraisal_list(
    request, year: Year | None = None, town: Id | None = None, limit: Limit = 100, offset: Offset = 0
):
    """The station appraisals this user may see (district staff: every town of the district)."""
    qs = queries.appraisals_filtered(user=request.user, year=year, town=town)
    total = qs.count()
    return {"count": total, "items": [_out(a) for a in rows_by_key(qs, offset, offset + min(limit, 500))]}


@router.post("/appraisals", response={201: AppraisalDetailOut})
def appraisal_create(request, payload: AppraisalCreateIn):
    """Town staff set up a year's appraisal: criteria (weights add up to 100) and the stations (default: all)."""
    town = town_get_for(user=request.user, pk=payload.town_id)
    if not allowed(request.user, "oversight.manage", town):
        raise PermissionDenied(_("无权进行此操作"))
    units = None
    if payload.unit_ids is not None:
        found = {u.pk: u for u in queries.station_units_of_town(town=town).filter(pk__in=payload.unit_ids)}
        if set(payload.unit_ids) - set(found):
            raise ValidationError({"unit_ids": _("站所不存在或不是本镇（街道）的基层站所")})
        units = [found[i] for i in payload.unit_ids]
    a = services.appraisal_create(
        town=town,
        year=payload.year,
        title=payload.title,
        criteria=None if payload.criteria is None else [c.dict() for c in payload.criteria],
        units=units,
        actor=request.user,
    )
    return 201, _detail(request, a.pk)


@router.get("/appraisals/{pk}", response=AppraisalDetailOut, openapi_extra=M)
def appraisal_get(request, pk: Id):
    """The appraisal with its criteria and its stations in ranking order, each with its rectification status."""
    return _detail(request, pk)


@router.patch("/appraisals/{pk}", response=AppraisalDetailOut, openapi_extra=M)
def appraisal_update(request, pk: Id, payload: AppraisalUpdateIn):
    a = queries.appraisal_get_for(user=request.user, pk=pk)
    services.appraisal_update(
        appraisal=a,
        title=payload.title,
        criteria=None if payload.criteria is None else [c.dict() for c in payload.criteria],
        actor=request.user,
        version=payload.version,
    )
    return _detail(request, pk)


@router.get("/appraisals/{pk}/history", response=list[HistoryOut], openapi_extra=M)
def appraisal_history(request, pk: Id):
    a = queries.appraisal_get_for(user=request.user, pk=pk)
    return [
        {"code": e.code, "label": label, "actor": str(e.actor) if e.actor else "", "at": e.created_at}
        for e, label, _details in activity_entries(subject=a, limit=500)
    ]


@router.post("/appraisals/{pk}/open", response=AppraisalDetailOut, openapi_extra=M)
def appraisal_open(request, pk: Id, payload: VersionIn):
    """Scoring opens (the criteria's weights add up to 100)."""
    a = queries.appraisal_get_for(user=request.user, pk=pk)
    services.appraisal_open(appraisal=a, actor=request.user, version=payload.version)
    return _detail(request, pk)


@router.post("/appraisals/{pk}/close", response=AppraisalDetailOut, openapi_extra=M)
def appraisal_close(request, pk: Id, payload: VersionIn):
    """Scoring ends: the ranking is computed and stored."""
    a = queries.appraisal_get_for(user=request.user, pk=pk)
    services.appraisal_close(appraisal=a, actor=request.user, version=payload.version)
    return _detail(request, pk)


@router.post("/appraisals/{pk}/publish", response=AppraisalDetailOut, openapi_extra=M)
def appraisal_publish(request, pk: Id, payload: VersionIn):
    """The results and the ranking are published (the portal page)."""
    a = queries.appraisal_get_for(user=request.user, pk=pk)
    services.appraisal_publish(appraisal=a, actor=request.user, version=payload.version)
    return _detail(request, pk)


@router.post("/appraisal-stations/{pk}/scores", response={201: SheetOut}, openapi_extra=MS)
def station_score(request, pk: Id, payload: ScoreIn):
    """A deputy's score sheet of the station (their own; staff name the deputy of a paper sheet)."""
    st = queries.appraisal_station_get_for(user=request.user, pk=pk)
    if payload.deputy_id is not None:
        deputy = queries.appraisal_deputies(st.appraisal).filter(pk=payload.deputy_id).first()
        if deputy is None:
            raise ValidationError({"deputy_id": _("该代表不是本镇（街道）的在任代表")})
    else:
        ids = sorted(queries.appraisal_user_person_ids(request.user))
        deputy = queries.appraisal_deputies(st.appraisal).filter(pk__in=ids).first()
        if deputy is None:
            raise PermissionDenied(_("只有本镇（街道）的代表可以测评"))
    sheet = services.appraisal_score_deputy(
        station=st, deputy=deputy, scores=payload.scores, opinion=payload.opinion, actor=request.user
    )
    return 201, {
        "id": sheet.pk,
        "station": st.pk,
        "source": sheet.source,
        "total": sheet.total,
        "opinion": sheet.opinion,
    }


@router.post("/appraisal-stations/{pk}/key-problems", response={201: KeyProblemOut}, openapi_extra=MS)
def station_key_problem(request, pk: Id, payload: KeyProblemIn):
    """选取重点: the key problem becomes a rectification item of the station (or of another unit of the town)."""
    st = queries.appraisal_station_get_for(user=request.user, pk=pk)
    if not allowed(request.user, "oversight.decide", st):
        raise PermissionDenied(_("无权进行此操作"))
    unit = None
    if payload.unit_id is not None:
        unit = queries.units_of_town(town=st.appraisal.town).filter(pk=payload.unit_id).first()
        if unit is None:
            raise ValidationError({"unit_id": _("责任单位不存在或不属于本镇（街道）")})
    item = services.appraisal_key_problem_select(
        station=st,
        title=payload.title,
        description=payload.description,
        unit=unit,
        actor=request.user,
        version=payload.version,
    )
    return 201, {
        "id": item.pk,
        "station": st.pk,
        "title": item.title,
        "unit": item.unit_id,
        "state": item.state,
        "due_date": item.due_date,
    }
