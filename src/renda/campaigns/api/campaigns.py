"""Campaigns API: list, create, detail, the draft's change, launch, close, the board (report), history."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema

from renda.core.api_parts import HistoryOut, history_rows
from renda.core.paging import rows_by_key
from renda.core.types import Count, Id, Limit, Offset, Year

from .. import queries, services
from ..models import Campaign

router = Router(tags=["campaigns"])

M = {"x-renda-model": "campaigns.campaign"}


class CampaignOut(Schema):
    id: int
    district: int
    title: str
    theme: str
    state: str
    state_label: str
    launch_date: dt.date | None
    closed_on: dt.date | None
    followup_days: int
    required_kinds: list[str]
    categories: list[str]
    launch_activity: int | None
    version: int


class CampaignDetailOut(CampaignOut):
    description: str
    towns: list[int]
    actions: list[str]


class CampaignListOut(Schema):
    count: int
    items: list[CampaignOut]


class CampaignIn(Schema):
    title: str
    theme: str = ""
    description: str = ""
    town_ids: list[Id] | None = None
    followup_days: Count | None = None
    required_kinds: list[str] = []
    categories: list[str] = []
    launch_activity_id: Id | None = None


class CampaignPatch(Schema):
    title: str | None = None
    theme: str | None = None
    description: str | None = None
    town_ids: list[Id] | None = None
    followup_days: Count | None = None
    required_kinds: list[str] | None = None
    categories: list[str] | None = None
    version: Count | None = None


class VersionIn(Schema):
    version: Count | None = None


class BoardRowOut(Schema):
    task: int
    town: int
    town_name: str
    standing: str
    standing_label: str
    due_date: dt.date | None
    done_on: dt.date | None
    activity: int | None
    findings: dict[str, int]
    raised: int
    closed: int
    overdue: int


class BoardTotalsOut(Schema):
    towns: int
    on_time: int
    late: int
    not_yet: int
    findings: dict[str, int]
    raised: int
    closed: int
    overdue: int


class BoardOut(Schema):
    campaign: int
    categories: list[str]
    rows: list[BoardRowOut]
    totals: BoardTotalsOut


def _out(c: Campaign) -> dict:
    return {
        "id": c.pk,
        "district": c.district_id,
        "title": c.title,
        "theme": c.theme,
        "state": c.state,
        "state_label": c.get_state_display(),
        "launch_date": c.launch_date,
        "closed_on": c.closed_on,
        "followup_days": c.followup_days,
        "required_kinds": list(c.required_kinds),
        "categories": list(c.categories),
        "launch_activity": c.launch_activity_id,
        "version": c.version,
    }


def _detail(request, pk) -> dict:
    c = queries.campaign_page_get_for(user=request.user, pk=pk)
    district_staff = queries.user_is_district_staff_of(request.user, c.district_id)
    return _out(c) | {
        "description": c.description,
        "towns": [t.pk for t in c.towns.all()] if district_staff else [],
        "actions": sorted(queries.campaign_actions_for(user=request.user, campaign=c)),
    }


@router.get("/campaigns", response=CampaignListOut)
def campaign_list(request, state: str = "", year: Year | None = None, limit: Limit = 100, offset: Offset = 0):
    """The campaigns this user may see: the district's for its staff; launched ones covering the town for a
    town's staff."""
    qs = queries.campaigns_filtered(user=request.user, state=state, year=year)
    total = qs.count()
    rows = rows_by_key(qs.select_related(None), offset, offset + min(limit, 500))
    return {"count": total, "items": [_out(c) for c in rows]}


@router.post("/campaigns", response={201: CampaignDetailOut})
def campaign_create(request, payload: CampaignIn):
    """District staff draft a campaign (towns: default every town with a congress of the district)."""
    district = queries.district_of_staff(user=request.user)
    towns = None
    if payload.town_ids is not None:
        towns = list(queries.towns_of_district(district=district).filter(pk__in=payload.town_ids))
        if len(towns) != len(set(payload.town_ids)):
            raise ValidationError({"town_ids": _("只能选择本区的镇（街道）")})
    activity = None
    if payload.launch_activity_id:
        activity = (
            queries.launch_activities_of_district(district=district)
            .filter(pk=payload.launch_activity_id)
            .first()
        )
        if activity is None:
            raise ValidationError({"launch_activity_id": _("区级部署活动不存在或不属于本区")})
    c = services.campaign_create(
        district=district,
        data={
            "title": payload.title,
            "theme": payload.theme,
            "description": payload.description,
            "towns": towns,
            "followup_days": payload.followup_days,
            "required_kinds": payload.required_kinds,
            "categories": payload.categories,
            "launch_activity": activity,
        },
        actor=request.user,
    )
    return 201, _detail(request, c.pk)


@router.get("/campaigns/{pk}", response=CampaignDetailOut, openapi_extra=M)
def campaign_get(request, pk: Id):
    return _detail(request, pk)


def _manageable(request, pk) -> Campaign:
    c = queries.campaign_get_for(user=request.user, pk=pk)
    if not queries.user_is_district_staff_of(request.user, c.district_id):
        raise PermissionDenied(_("只有区人大常委会工作人员可以部署或结束专项督查"))
    return c


@router.patch("/campaigns/{pk}", response=CampaignDetailOut, openapi_extra=M)
def campaign_update(request, pk: Id, payload: CampaignPatch):
    """District staff change a draft before it is launched (the same checks as creating it)."""
    c = _manageable(request, pk)
    data = {k: v for k, v in payload.dict(exclude={"town_ids", "version"}).items() if v is not None}
    if payload.town_ids is not None:
        towns = list(queries.towns_of_district(district=c.district).filter(pk__in=payload.town_ids))
        if len(towns) != len(set(payload.town_ids)):
            raise ValidationError({"town_ids": _("只能选择本区的镇（街道）")})
        data["towns"] = towns
    services.campaign_update(campaign=c, data=data, actor=request.user, version=payload.version)
    return _detail(request, pk)


@router.post("/campaigns/{pk}/launch", response=CampaignDetailOut, openapi_extra=M)
def campaign_launch(request, pk: Id, payload: VersionIn):
    services.campaign_launch(campaign=_manageable(request, pk), actor=request.user, version=payload.version)
    return _detail(request, pk)


@router.post("/campaigns/{pk}/close", response=CampaignDetailOut, openapi_extra=M)
def campaign_close(request, pk: Id, payload: VersionIn):
    services.campaign_close(campaign=_manageable(request, pk), actor=request.user, version=payload.version)
    return _detail(request, pk)


@router.get("/campaigns/{pk}/board", response=BoardOut, openapi_extra=M)
def campaign_board(request, pk: Id):
    """The board: every covered town's row for district staff, a town's own row for its staff; the
    district's totals for both."""
    c = queries.campaign_get_for(user=request.user, pk=pk)
    b = queries.campaign_board(user=request.user, campaign=c)
    cats = b.categories
    return {
        "campaign": c.pk,
        "categories": cats,
        "rows": [
            {
                "task": r.task.pk,
                "town": r.task.town_id,
                "town_name": r.task.town.name,
                "standing": r.standing,
                "standing_label": r.standing_label,
                "due_date": r.task.due_date,
                "done_on": r.task.done_on,
                "activity": r.task.activity_id,
                "findings": dict(zip(cats, r.findings, strict=True)),
                "raised": r.raised,
                "closed": r.closed,
                "overdue": r.overdue,
            }
            for r in b.rows
        ],
        "totals": {
            "towns": b.towns,
            "on_time": b.totals["on_time"],
            "late": b.totals["late"],
            "not_yet": b.totals["not_yet"],
            "findings": dict(zip(cats, b.totals["findings"], strict=True)),
            "raised": b.totals["raised"],
            "closed": b.totals["closed"],
            "overdue": b.totals["overdue"],
        },
    }


@router.get("/campaigns/{pk}/history", response=list[HistoryOut], openapi_extra=M)
def campaign_history(request, pk: Id):
    c = queries.campaign_get_for(user=request.user, pk=pk)
    if not queries.user_is_district_staff_of(request.user, c.district_id):
        raise PermissionDenied
    return history_rows(c)
