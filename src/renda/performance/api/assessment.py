"""Performance API: a town's point rules of a year, the assessment run, the ranking, a deputy's points with the
records behind them, and corrections; the same services as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from pydantic import Field

from renda.core.api_parts import HistoryOut, history_rows, town_pick
from renda.core.enums import Role
from renda.core.paging import rows_by_key
from renda.core.permissions import allowed
from renda.core.types import Count, Id, Limit, Offset, Year

from .. import queries as q
from ..services import assessment as services

router = Router(tags=["performance"])
A = {"x-renda-model": "performance.assessment"}
S = {"x-renda-model": "performance.assessmentscore"}
ROLES = (Role.TOWN_STAFF, Role.DISTRICT_STAFF, Role.PRESIDIUM, Role.DEPUTY)


class RuleIn(Schema):
    points: float = Field(ge=-1000, le=1000)
    cap: float | None = Field(None, ge=0, le=1000)


class RulesOut(Schema):
    town_id: int
    year: int
    assessed: bool
    rules: dict[str, RuleIn]


class RulesIn(Schema):
    town_id: Id | None = None
    year: Year
    rules: dict[str, RuleIn]
    version: Count | None = None


class RunIn(Schema):
    town_id: Id | None = None
    year: Year


class ScoreOut(Schema):
    id: int
    town_id: int
    person_id: int
    person: str
    computed: float
    corrected: float
    total: float
    rank: int


class ScoreDetailOut(ScoreOut):
    year: int
    breakdown: dict
    corrections: list[dict]


class AssessmentOut(Schema):
    id: int
    town_id: int
    year: int
    run_at: dt.datetime
    rules: dict
    scores: list[ScoreOut] = []


class AssessmentPage(Schema):
    count: int
    items: list[AssessmentOut]


class CorrectIn(Schema):
    delta: float = Field(ge=-1000, le=1000)
    reason: str = Field(max_length=300)


def _score(s) -> dict:
    return {"id": s.pk, "town_id": s.town_id, "person_id": s.person_id, "person": s.person.name,
            "computed": float(s.computed), "corrected": float(s.corrected), "total": float(s.total), "rank": s.rank}  # fmt: skip


def _assessment(a, *, scores: bool = False) -> dict:
    out = {"id": a.pk, "town_id": a.town_id, "year": a.year, "run_at": a.run_at, "rules": a.rules}
    if scores:
        out["scores"] = [_score(s) for s in q.scores_of(a)]
    return out


@router.get("/rules", response=RulesOut)
def rules_get(request, year: Year, town_id: Id | None = None):
    """The rules a town's year is assessed by (frozen once assessed)."""
    town = town_pick(user=request.user, town_id=town_id, roles=ROLES)
    if not allowed(request.user, "performance.view", town):
        raise PermissionDenied
    return {"town_id": town.pk, "year": year, "assessed": q.assessment_of(town=town, year=year) is not None,
            "rules": q.rules_for(town=town, year=year)}  # fmt: skip


@router.put("/rules", response=RulesOut)
def rules_set(request, payload: RulesIn):
    town = town_pick(user=request.user, town_id=payload.town_id, roles=(Role.TOWN_STAFF, Role.DISTRICT_STAFF))
    services.point_rules_set(
        town=town, year=payload.year, rules={k: v.dict() for k, v in payload.rules.items()}, actor=request.user,
        version=payload.version,
    )  # fmt: skip
    return {"town_id": town.pk, "year": payload.year, "assessed": False,
            "rules": q.rules_for(town=town, year=payload.year)}  # fmt: skip


@router.get("/assessments", response=AssessmentPage)
def assessment_list(request, year: Year | None = None, limit: Limit = 50, offset: Offset = 0):
    qs = q.assessments_visible_to(user=request.user).order_by("-year", "-id")
    if year:
        qs = qs.filter(year=year)
    return {"count": qs.count(), "items": [_assessment(a) for a in rows_by_key(qs, offset, offset + limit)]}


@router.post("/assessments", response={201: AssessmentOut})
def assessment_run(request, payload: RunIn):
    town = town_pick(user=request.user, town_id=payload.town_id, roles=(Role.TOWN_STAFF, Role.DISTRICT_STAFF))
    assessment = services.assessment_run(town=town, year=payload.year, actor=request.user)
    return 201, _assessment(assessment, scores=True)


@router.get("/assessments/{pk}", response=AssessmentOut, openapi_extra=A)
def assessment_detail(request, pk: Id):
    return _assessment(q.assessment_get_for(user=request.user, pk=pk), scores=True)


@router.get("/assessments/{pk}/history", response=list[HistoryOut], openapi_extra=A)
def assessment_history(request, pk: Id):
    return history_rows(q.assessment_get_for(user=request.user, pk=pk))


def _score_detail(s) -> dict:
    return _score(s) | {
        "year": s.assessment.year,
        "breakdown": s.breakdown,
        "corrections": [
            {
                "delta": float(c.delta),
                "reason": c.reason,
                "at": c.created_at.isoformat(),
                "actor": str(c.actor or ""),
            }
            for c in q.corrections_of(s)
        ],  # fmt: skip
    }


@router.get("/scores/{pk}", response=ScoreDetailOut, openapi_extra=S)
def score_detail(request, pk: Id):
    """A deputy's points per kind with the records behind each point, and the corrections."""
    return _score_detail(q.score_get_for(user=request.user, pk=pk))


@router.post("/scores/{pk}/correct", response=ScoreDetailOut, openapi_extra=S)
def score_correct(request, pk: Id, payload: CorrectIn):
    score = q.score_get_for(user=request.user, pk=pk)
    services.score_correct(score=score, delta=payload.delta, reason=payload.reason, actor=request.user)
    return _score_detail(q.score_get_for(user=request.user, pk=pk))
