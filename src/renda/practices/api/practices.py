"""Practice library API: practices (list, create, detail, change, roll out, sum up, history), a town's adoption
(record, detail, change, history) and the diffusion over the years."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema

from renda.core.api_parts import HistoryOut, history_rows
from renda.core.paging import rows_by_key
from renda.core.types import Count, Id, Limit, Offset, Year

from .. import queries, services
from ..models import Adoption, Practice

router = Router(tags=["practices"])

M = {"x-renda-model": "practices.practice"}
MA = {"x-renda-model": "practices.adoption"}


class PracticeOut(Schema):
    id: int
    district: int
    name: str
    state: str
    state_label: str
    pilot_town: int
    pilot_town_name: str
    pilot_year: int
    rolled_out_on: dt.date | None
    summarised_on: dt.date | None
    version: int


class AdoptionRow(Schema):
    town_name: str
    adopted_on: dt.date
    pilot: bool


class PracticeDetailOut(PracticeOut):
    description: str
    summary: str
    presented_at: str
    adoptions: list[AdoptionRow]
    actions: list[str]


class PracticeListOut(Schema):
    count: int
    items: list[PracticeOut]


class PracticeIn(Schema):
    name: str
    description: str = ""
    pilot_town_id: Id
    pilot_year: Year
    pilot_on: dt.date | None = None
    evidence: str = ""
    presented_at: str = ""


class PracticePatch(Schema):
    name: str | None = None
    description: str | None = None
    presented_at: str | None = None
    version: Count | None = None


class VersionIn(Schema):
    version: Count | None = None


class SummaryIn(Schema):
    summary: str
    version: Count | None = None


class AdoptionIn(Schema):
    town_id: Id
    adopted_on: dt.date
    evidence: str = ""
    lessons: str = ""
    presented_at: str = ""


class AdoptionPatch(Schema):
    adopted_on: dt.date | None = None
    evidence: str | None = None
    lessons: str | None = None
    presented_at: str | None = None
    version: Count | None = None


class AdoptionOut(Schema):
    id: int
    town: int
    practice: int
    practice_name: str
    adopted_on: dt.date
    evidence: str
    lessons: str
    presented_at: str
    files: list[str]
    version: int


class AdoptionListOut(Schema):
    count: int
    items: list[AdoptionOut]


class DiffusionSeries(Schema):
    name: str
    data: list[int]
    url: str


class DiffusionOut(Schema):
    years: list[int]
    towns: int
    series: list[DiffusionSeries]


def _out(p: Practice) -> dict:
    return {
        "id": p.pk,
        "district": p.district_id,
        "name": p.name,
        "state": p.state,
        "state_label": p.get_state_display(),
        "pilot_town": p.pilot_town_id,
        "pilot_town_name": p.pilot_town.name,
        "pilot_year": p.pilot_year,
        "rolled_out_on": p.rolled_out_on,
        "summarised_on": p.summarised_on,
        "version": p.version,
    }


def _detail(request, pk) -> dict:
    p = queries.practice_get_for(user=request.user, pk=pk)
    return _out(p) | {
        "description": p.description,
        "summary": p.summary,
        "presented_at": p.presented_at,
        "adoptions": [
            {"town_name": a.town.name, "adopted_on": a.adopted_on, "pilot": a.town_id == p.pilot_town_id}
            for a in queries.adoptions_of_practice(practice=p)
        ],
        "actions": sorted(queries.practice_actions_for(user=request.user, practice=p)),
    }


@router.get("/practices", response=PracticeListOut)
def practice_list(request, state: str = "", town: Id | None = None, limit: Limit = 100, offset: Offset = 0):
    """The practices this user may see (`town`: the ones that town runs)."""
    qs = queries.practices_filtered(user=request.user, state=state, town=town).order_by("pilot_year", "id")
    total = qs.count()
    return {"count": total, "items": [_out(p) for p in qs[offset : offset + min(limit, 500)]]}


@router.post("/practices", response={201: PracticeDetailOut})
def practice_create(request, payload: PracticeIn):
    """District staff add a practice with its pilot town (of their district) and year."""
    district = queries.district_of_staff(user=request.user)
    town = queries.towns_of_district(district=district).filter(pk=payload.pilot_town_id).first()
    if town is None:
        raise ValidationError({"pilot_town_id": _("试点镇（街道）须是本区的镇（街道）")})
    p = services.practice_create(
        district=district,
        data=payload.dict(exclude={"pilot_town_id"}) | {"pilot_town": town},
        actor=request.user,
    )
    return 201, _detail(request, p.pk)


@router.get("/practices/diffusion", response=DiffusionOut)
def practice_diffusion(request):
    """Per practice, the towns running it by the end of each year (cumulative)."""
    d = queries.diffusion(user=request.user)
    return {"years": d.years, "towns": d.towns, "series": d.series}


@router.get("/practices/{pk}", response=PracticeDetailOut, openapi_extra=M)
def practice_get(request, pk: Id):
    return _detail(request, pk)


@router.patch("/practices/{pk}", response=PracticeDetailOut, openapi_extra=M)
def practice_patch(request, pk: Id, payload: PracticePatch):
    p = queries.practice_get_for(user=request.user, pk=pk)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    services.practice_update(practice=p, data=data, actor=request.user, version=payload.version)
    return _detail(request, pk)


@router.post("/practices/{pk}/rollout", response=PracticeDetailOut, openapi_extra=M)
def practice_rollout(request, pk: Id, payload: VersionIn):
    p = queries.practice_get_for(user=request.user, pk=pk)
    services.practice_rollout(practice=p, actor=request.user, version=payload.version)
    return _detail(request, pk)


@router.post("/practices/{pk}/summarise", response=PracticeDetailOut, openapi_extra=M)
def practice_summarise(request, pk: Id, payload: SummaryIn):
    p = queries.practice_get_for(user=request.user, pk=pk)
    services.practice_summarise(
        practice=p, summary=payload.summary, actor=request.user, version=payload.version
    )
    return _detail(request, pk)


@router.get("/practices/{pk}/history", response=list[HistoryOut], openapi_extra=M)
def practice_history(request, pk: Id):
    return history_rows(queries.practice_get_for(user=request.user, pk=pk))


@router.post("/practices/{pk}/adoptions", response={201: AdoptionOut}, openapi_extra=M)
def practice_adopt(request, pk: Id, payload: AdoptionIn):
    """A town's adoption (a town of the practice's district; the town's staff or the district's)."""
    p = queries.practice_get_for(user=request.user, pk=pk)
    town = queries.towns_among(ids=[payload.town_id]).first()
    if town is None:
        raise ValidationError({"town_id": _("镇（街道）不存在")})
    a = services.adoption_record(
        practice=p, town=town, data=payload.dict(exclude={"town_id"}), actor=request.user
    )
    return 201, _adoption_out(queries.adoption_get_for(user=request.user, pk=a.pk))


def _adoption_out(a: Adoption) -> dict:
    return {
        "id": a.pk,
        "town": a.town_id,
        "practice": a.practice_id,
        "practice_name": a.practice.name,
        "adopted_on": a.adopted_on,
        "evidence": a.evidence,
        "lessons": a.lessons,
        "presented_at": a.presented_at,
        "files": [f.get_absolute_url() for f in a.files.all()],
        "version": a.version,
    }


@router.get("/adoptions", response=AdoptionListOut)
def adoption_list(
    request, practice: Id | None = None, town: Id | None = None, limit: Limit = 100, offset: Offset = 0
):
    """The adoptions of the towns this user works on."""
    qs = queries.adoptions_filtered(user=request.user, practice=practice, town=town).order_by("-id")
    total = qs.count()
    rows = rows_by_key(qs.prefetch_related("files"), offset, offset + min(limit, 500))
    return {"count": total, "items": [_adoption_out(a) for a in rows]}


@router.get("/adoptions/{pk}", response=AdoptionOut, openapi_extra=MA)
def adoption_get(request, pk: Id):
    return _adoption_out(queries.adoption_get_for(user=request.user, pk=pk))


@router.patch("/adoptions/{pk}", response=AdoptionOut, openapi_extra=MA)
def adoption_patch(request, pk: Id, payload: AdoptionPatch):
    a = queries.adoption_get_for(user=request.user, pk=pk)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    services.adoption_update(adoption=a, data=data, actor=request.user, version=payload.version)
    return _adoption_out(queries.adoption_get_for(user=request.user, pk=pk))


@router.get("/adoptions/{pk}/history", response=list[HistoryOut], openapi_extra=MA)
def adoption_history(request, pk: Id):
    return history_rows(queries.adoption_get_for(user=request.user, pk=pk))
