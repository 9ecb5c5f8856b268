"""Oversight API: rectification items (/api/v1/oversight/items…), the same services and rules as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from renda.core.audit import activities_for, activity_details, activity_label
from renda.core.paging import rows_by_key
from renda.core.types import Count, Id, Limit, Offset, Year
from renda.registry.queries import town_get_for

from .. import queries_rectification as queries
from .. import services
from ..models import RectificationItem, RectificationReport

router = Router(tags=["oversight"])

M = {"x-renda-model": "oversight.rectificationitem"}


class ItemOut(Schema):
    id: int
    town: int
    title: str
    unit: int
    activity: int | None
    opinion: int | None
    station: int | None
    state: str
    state_label: str
    due_date: dt.date | None
    closed_on: dt.date | None
    recheck_date: dt.date | None
    rejections: int
    reopenings: int
    last_reason: str
    overdue: bool
    version: int


class ReportOut(Schema):
    id: int
    kind: str
    text: str
    file_name: str
    created_at: dt.datetime


class ItemDetailOut(ItemOut):
    description: str
    reports: list[ReportOut]
    actions: list[str]


class ItemListOut(Schema):
    count: int
    items: list[ItemOut]


class ItemCreateIn(Schema):
    town_id: Id
    title: str
    description: str = ""
    unit_id: Id
    activity_id: Id | None = None


class VersionIn(Schema):
    version: Count | None = None


class RejectIn(Schema):
    reason: str
    due_date: dt.date | None = None
    version: Count | None = None


class RecheckIn(Schema):
    confirmed: bool
    reason: str = ""
    due_date: dt.date | None = None
    version: Count | None = None


class FigureOut(Schema):
    town: int
    town_name: str
    open: int
    overdue: int
    closed: int
    reopened: int
    total: int


class HistoryDetailOut(Schema):
    label: str
    value: str


class HistoryOut(Schema):
    code: str
    label: str
    actor: str
    at: dt.datetime
    data: dict[str, Any]
    details: list[HistoryDetailOut]


def _out(i: RectificationItem) -> dict:
    return {
        "id": i.pk,
        "town": i.town_id,
        "title": i.title,
        "unit": i.unit_id,
        "activity": i.activity_id,
        "opinion": i.opinion_id,
        "station": i.station_id,
        "state": i.state,
        "state_label": i.get_state_display(),
        "due_date": i.due_date,
        "closed_on": i.closed_on,
        "recheck_date": i.recheck_date,
        "rejections": i.rejections,
        "reopenings": i.reopenings,
        "last_reason": i.last_reason,
        "overdue": queries.rectification_is_overdue(i),
        "version": i.version,
    }


def _detail(request, pk) -> dict:
    i = queries.rectification_item_page_get_for(user=request.user, pk=pk)
    return _out(i) | {
        "description": i.description,
        "reports": [
            {"id": r.pk, "kind": r.kind, "text": r.text, "file_name": r.file_name, "created_at": r.created_at}
            for r in i.reports.all()
        ],
        "actions": sorted(queries.rectification_actions_for(user=request.user, item=i)),
    }


def _get(request, pk) -> RectificationItem:
    return queries.rectification_item_get_for(user=request.user, pk=pk)


@router.get("/items", response=ItemListOut)
def item_list(
    request,
    state: str = "",
    unit: Id | None = None,
    overdue: bool = False,
    year: Year | None = None,
    town: Id | None = None,
    activity: Id | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    """The rectification items this user may see, filtered (state: a state, or open / done; activity: the
    items it raised)."""
    qs = queries.rectification_items_filtered(
        user=request.user, state=state, unit=unit, overdue=overdue, year=year, town=town, activity=activity
    )
    total = qs.count()
    rows = rows_by_key(qs.select_related(None), offset, offset + min(limit, 500))
    return {"count": total, "items": [_out(i) for i in rows]}


@router.get("/items/figures", response=list[FigureOut])
def item_figures(request, year: Year | None = None):
    """Per visible town: items open, overdue, closed and reopened on re-check."""
    return queries.rectification_figures(user=request.user, year=year)


@router.post("/items", response={201: ItemDetailOut})
def item_create(request, payload: ItemCreateIn):
    """Town staff assign an item to a responsible unit of their town."""
    town = town_get_for(user=request.user, pk=payload.town_id)
    units = queries.units_of_town(town=town).filter(pk=payload.unit_id)
    unit = units.first()
    if unit is None:
        raise ValidationError({"unit_id": _("责任单位不存在或不属于本镇（街道）")})
    activity = None
    if payload.activity_id:
        activity = queries.activities_of_town(town=town).filter(pk=payload.activity_id).first()
        if activity is None:
            raise ValidationError({"activity_id": _("来源活动不存在或不属于本镇（街道）")})
    i = services.rectification_item_create(
        town=town,
        title=payload.title,
        description=payload.description,
        unit=unit,
        activity=activity,
        actor=request.user,
    )
    return 201, _detail(request, i.pk)


@router.get("/items/{pk}", response=ItemDetailOut, openapi_extra=M)
def item_get(request, pk: Id):
    return _detail(request, pk)


@router.get("/items/{pk}/history", response=list[HistoryOut], openapi_extra=M)
def item_history(request, pk: Id):
    i = _get(request, pk)
    return [
        {
            "code": a.code,
            "label": activity_label(a.code),
            "actor": str(a.actor) if a.actor else "",
            "at": a.created_at,
            "data": a.data,
            "details": [
                {"label": str(k), "value": str(v)} for k, v in activity_details(RectificationItem, a.data)
            ],
        }
        for a in activities_for(subject=i)
    ]


@router.post("/items/{pk}/reports", response={201: ItemDetailOut}, openapi_extra=M)
def item_report(
    request,
    pk: Id,
    kind: Form[str] = "",
    text: Form[str] = "",
    version: Form[Count | None] = None,
    file: File[UploadedFile | None] = None,
):
    """The unit's progress or completion report (multipart), with an optional evidence file."""
    i = _get(request, pk)
    services.rectification_report_add(
        item=i, kind=kind, text=text, file=file, actor=request.user, version=version
    )
    return 201, _detail(request, pk)


@router.post("/items/{pk}/accept", response=ItemDetailOut, openapi_extra=M)
def item_accept(request, pk: Id, payload: VersionIn):
    services.rectification_item_accept(item=_get(request, pk), actor=request.user, version=payload.version)
    return _detail(request, pk)


@router.post("/items/{pk}/reject", response=ItemDetailOut, openapi_extra=M)
def item_reject(request, pk: Id, payload: RejectIn):
    services.rectification_item_reject(
        item=_get(request, pk),
        reason=payload.reason,
        due_date=payload.due_date,
        actor=request.user,
        version=payload.version,
    )
    return _detail(request, pk)


@router.post("/items/{pk}/recheck", response=ItemDetailOut, openapi_extra=M)
def item_recheck(request, pk: Id, payload: RecheckIn):
    services.rectification_item_recheck(
        item=_get(request, pk),
        confirmed=payload.confirmed,
        reason=payload.reason,
        due_date=payload.due_date,
        actor=request.user,
        version=payload.version,
    )
    return _detail(request, pk)


@router.get("/item-reports/{pk}/file", openapi_extra={"x-renda-model": "oversight.rectificationreport"})
def item_report_file(request, pk: Id):
    r: RectificationReport = queries.rectification_report_get_for(user=request.user, pk=pk)
    handle = queries.rectification_report_open(r)
    if handle is None:
        return HttpResponse(_("佐证材料文件已不存在"), status=410)
    return FileResponse(handle, as_attachment=True, filename=r.file_name or "evidence")
