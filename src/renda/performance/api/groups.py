"""Performance API: deputy groups' yearly plans (the filing board, opening a year, filing), the groups'
activities and their summaries, and the town's publication settings; the same services as the pages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from renda.core.api_parts import HistoryOut, history_rows, pick, pick_many, town_pick
from renda.core.enums import Role
from renda.core.paging import rows_by_key
from renda.core.types import Count, Id, Limit, Offset, Year

from .. import queries as q
from ..enums import GroupActivityKind, PlanState
from ..services import groups as services
from ..services import publication as publication_services

router = Router(tags=["performance"])
P = {"x-renda-model": "performance.groupplan"}
G = {"x-renda-model": "registry.deputygroup"}
A = {"x-renda-model": "performance.groupactivity"}
STAFF = (Role.TOWN_STAFF, Role.DISTRICT_STAFF)


class PlanItemIn(Schema):
    month: int = Field(ge=1, le=12)
    kind: GroupActivityKind
    topic: str = Field(max_length=200)


class PlanOut(Schema):
    id: int
    town_id: int
    group_id: int
    group: str
    year: int
    state: PlanState
    status: str
    deadline: dt.date
    filed_at: dt.datetime | None
    filed_late: bool
    summariser_id: int | None
    note: str
    version: int
    items: list[PlanItemIn] = []


class PlanPage(Schema):
    count: int
    items: list[PlanOut]


class OpenIn(Schema):
    town_id: Id | None = None
    year: Year


class OpenOut(Schema):
    opened: int


class FileIn(Schema):
    year: Year | None = None  # default: this year
    summariser_id: Id
    items: list[PlanItemIn] = Field(max_length=200)
    note: str = Field("", max_length=500)
    version: Count | None = None


class ActivityOut(Schema):
    id: int
    town_id: int
    group_id: int
    plan_id: int | None
    date: dt.date
    kind: GroupActivityKind
    topic: str
    place: str
    attendee_ids: list[int]
    summary: str
    summary_by_id: int | None
    version: int


class ActivityPage(Schema):
    count: int
    items: list[ActivityOut]


class ActivityIn(Schema):
    date: dt.date
    kind: GroupActivityKind
    topic: str = Field(max_length=200)
    place: str = Field("", max_length=200)
    attendee_ids: list[Id] = Field(max_length=200)


class SummaryIn(Schema):
    summary: str = Field(max_length=5000)
    version: Count | None = None


class PublicationOut(Schema):
    town_id: int
    fields: list[str]
    published: bool
    version: int


class PublicationIn(Schema):
    town_id: Id | None = None
    fields: list[str] = Field(max_length=50)
    published: bool = True
    version: Count | None = None


def _plan(p, *, items: bool = False) -> dict:
    out = {
        "id": p.pk, "town_id": p.town_id, "group_id": p.group_id, "group": p.group.name, "year": p.year,
        "state": p.state, "status": q.plan_status(p, timezone.localdate()), "deadline": p.deadline,
        "filed_at": p.filed_at, "filed_late": p.filed_late, "summariser_id": p.summariser_id, "note": p.note,
        "version": p.version,
    }  # fmt: skip
    if items:
        out["items"] = [{"month": i.month, "kind": i.kind, "topic": i.topic} for i in q.plan_items(p)]
    return out


def _activity(a) -> dict:
    return {
        "id": a.pk, "town_id": a.town_id, "group_id": a.group_id, "plan_id": a.plan_id, "date": a.date,
        "kind": a.kind, "topic": a.topic, "place": a.place,
        "attendee_ids": [p.pk for p in a.attendees.all()], "summary": a.summary,
        "summary_by_id": a.summary_by_id, "version": a.version,
    }  # fmt: skip


@router.get("/plans", response=PlanPage)
def plan_list(request, year: Year | None = None, limit: Limit = 50, offset: Offset = 0):
    """The groups' plans the user may see (staff, presidium and deputies of the town), newest year first."""
    qs = q.plans_visible_to(user=request.user).order_by("-year", "group__name", "-id")
    if year:
        qs = qs.filter(year=year)
    return {"count": qs.count(), "items": [_plan(p) for p in rows_by_key(qs, offset, offset + limit)]}


@router.post("/plans/open", response=OpenOut)
def plans_open(request, payload: OpenIn):
    """Town staff open a year's filing: a pending plan with its clock for every active group."""
    town = town_pick(user=request.user, town_id=payload.town_id, roles=STAFF)
    return {"opened": services.plans_open(town=town, year=payload.year, actor=request.user)}


@router.get("/plans/{pk}", response=PlanOut, openapi_extra=P)
def plan_detail(request, pk: Id):
    return _plan(q.plan_get_for(user=request.user, pk=pk), items=True)


@router.get("/plans/{pk}/history", response=list[HistoryOut], openapi_extra=P)
def plan_history(request, pk: Id):
    return history_rows(q.plan_get_for(user=request.user, pk=pk))


@router.post("/groups/{pk}/plan", response={201: PlanOut}, openapi_extra=G)
def plan_file(request, pk: Id, payload: FileIn):
    """File the group's plan of the year (the group's leader, a member or town staff)."""
    group = q.group_get_for(user=request.user, pk=pk)
    summariser = pick(q.group_people(group), payload.summariser_id, field="summariser_id",
                      message=_("活动总结人须为本小组的代表"))  # fmt: skip
    plan = services.plan_file(
        group=group, year=payload.year or timezone.localdate().year, items=[i.dict() for i in payload.items], summariser=summariser,
        note=payload.note, actor=request.user, version=payload.version,
    )  # fmt: skip
    return 201, _plan(q.plan_get_for(user=request.user, pk=plan.pk), items=True)


@router.get("/group-activities", response=ActivityPage)
def group_activity_list(request, limit: Limit = 50, offset: Offset = 0):
    qs = (
        q.group_activities_visible_to(user=request.user)
        .prefetch_related("attendees")
        .order_by("-date", "-id")
    )
    return {"count": qs.count(), "items": [_activity(a) for a in rows_by_key(qs, offset, offset + limit)]}


@router.post("/groups/{pk}/activities", response={201: ActivityOut}, openapi_extra=G)
def group_activity_record(request, pk: Id, payload: ActivityIn):
    group = q.group_get_for(user=request.user, pk=pk)
    attendees = pick_many(q.group_people(group), payload.attendee_ids, field="attendee_ids",
                          message=_("参加代表须为本小组的代表"))  # fmt: skip
    data = payload.dict() | {"attendees": attendees}
    activity = services.group_activity_record(group=group, data=data, actor=request.user)
    return 201, _activity(q.group_activity_get_for(user=request.user, pk=activity.pk))


@router.get("/group-activities/{pk}", response=ActivityOut, openapi_extra=A)
def group_activity_detail(request, pk: Id):
    return _activity(q.group_activity_get_for(user=request.user, pk=pk))


@router.post("/group-activities/{pk}/summary", response=ActivityOut, openapi_extra=A)
def group_activity_summarise(request, pk: Id, payload: SummaryIn):
    """The designated summariser writes the activity's summary."""
    activity = q.group_activity_get_for(user=request.user, pk=pk)
    services.group_activity_summarise(
        activity=activity, summary=payload.summary, actor=request.user, version=payload.version
    )
    return _activity(q.group_activity_get_for(user=request.user, pk=pk))


@router.get("/group-activities/{pk}/history", response=list[HistoryOut], openapi_extra=A)
def group_activity_history(request, pk: Id):
    return history_rows(q.group_activity_get_for(user=request.user, pk=pk))


def _publication(town) -> dict:
    fields, published, row = q.publication_fields(town)
    return {
        "town_id": town.pk,
        "fields": fields,
        "published": published,
        "version": row.version if row else 0,
    }


@router.get("/publication", response=PublicationOut)
def publication_detail(request, town_id: Id | None = None):
    """What the town publishes about its deputies (town staff)."""
    from django.core.exceptions import PermissionDenied

    from renda.core.permissions import allowed

    town = town_pick(user=request.user, town_id=town_id, roles=STAFF)
    if not allowed(request.user, "performance.manage", town):
        raise PermissionDenied(_("无权进行此操作"))
    return _publication(town)


@router.put("/publication", response=PublicationOut)
def publication_set(request, payload: PublicationIn):
    """Choose the published fields (never ID numbers or phone numbers: those are refused)."""
    town = town_pick(user=request.user, town_id=payload.town_id, roles=STAFF)
    publication_services.publication_set(
        town=town, fields=payload.fields, published=payload.published, actor=request.user,
        version=payload.version,
    )  # fmt: skip
    return _publication(town)
