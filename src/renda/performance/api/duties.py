"""Performance API: other duties — list, enter, confirm, reject, history; the same services as the pages."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from renda.core.api_parts import HistoryOut, history_rows, pick
from renda.core.paging import rows_by_key
from renda.core.types import Count, Id, Limit, Offset

from .. import queries as q
from ..enums import DutyKind, DutyState
from ..services import duties as services

router = Router(tags=["performance"])
D = {"x-renda-model": "performance.otherduty"}


class DutyOut(Schema):
    id: int
    town_id: int
    person_id: int
    person: str
    kind: DutyKind
    date: dt.date
    title: str
    note: str
    state: DutyState
    reject_reason: str
    version: int


class DutyPage(Schema):
    count: int
    items: list[DutyOut]


class DutyIn(Schema):
    person_id: Id
    kind: DutyKind
    date: dt.date
    title: str = Field(max_length=200)
    note: str = Field("", max_length=500)


class VersionIn(Schema):
    version: Count | None = None


class RejectIn(Schema):
    reason: str = Field(max_length=300)
    version: Count | None = None


def _duty(d) -> dict:
    return {
        "id": d.pk, "town_id": d.town_id, "person_id": d.person_id, "person": d.person.name, "kind": d.kind,
        "date": d.date, "title": d.title, "note": d.note, "state": d.state, "reject_reason": d.reject_reason,
        "version": d.version,
    }  # fmt: skip


@router.get("/duties", response=DutyPage)
def duty_list(request, state: DutyState | None = None, limit: Limit = 50, offset: Offset = 0):
    """Staff and presidium: their towns' duties; a deputy: their own; newest first."""
    qs = q.duties_visible_to(user=request.user).order_by("-date", "-id")
    if state:
        qs = qs.filter(state=state)
    return {"count": qs.count(), "items": [_duty(d) for d in rows_by_key(qs, offset, offset + limit)]}


@router.post("/duties", response={201: DutyOut})
def duty_enter(request, payload: DutyIn):
    person = pick(
        q.record_persons_visible_to(user=request.user), payload.person_id, field="person_id",
        message=_("代表不存在"),
    )  # fmt: skip
    duty = services.duty_enter(person=person, data=payload.dict(), actor=request.user)
    return 201, _duty(duty)


@router.get("/duties/{pk}", response=DutyOut, openapi_extra=D)
def duty_detail(request, pk: Id):
    return _duty(q.duty_get_for(user=request.user, pk=pk))


@router.post("/duties/{pk}/confirm", response=DutyOut, openapi_extra=D)
def duty_confirm(request, pk: Id, payload: VersionIn):
    duty = q.duty_get_for(user=request.user, pk=pk)
    services.duty_confirm(duty=duty, actor=request.user, version=payload.version)
    return _duty(q.duty_get_for(user=request.user, pk=pk))


@router.post("/duties/{pk}/reject", response=DutyOut, openapi_extra=D)
def duty_reject(request, pk: Id, payload: RejectIn):
    duty = q.duty_get_for(user=request.user, pk=pk)
    services.duty_reject(duty=duty, reason=payload.reason, actor=request.user, version=payload.version)
    return _duty(q.duty_get_for(user=request.user, pk=pk))


@router.get("/duties/{pk}/history", response=list[HistoryOut], openapi_extra=D)
def duty_history(request, pk: Id):
    return history_rows(q.duty_get_for(user=request.user, pk=pk))
