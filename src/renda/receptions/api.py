"""Receptions API: reception days and appeals (the voter's personal data is masked here too)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from renda.core.paging import rows_by_key
from renda.core.types import Count, Id, Limit, Offset
from renda.registry.validators import mask_phone

from . import queries, services
from .enums import ReplyMethod, Satisfaction

router = Router(tags=["receptions"])


class DayOut(Schema):
    id: int
    town_id: int
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    place: str
    leader_name: str
    state: str
    deputies: list[str]


def _day(day) -> dict:
    return {
        "id": day.pk,
        "town_id": day.town_id,
        "date": day.date,
        "start_time": day.start_time,
        "end_time": day.end_time,
        "place": day.place,
        "leader_name": day.leader_name,
        "state": day.state,
        "deputies": [p.name for p in day.deputies.all()],
    }


class AppealOut(Schema):
    id: int
    town_id: int
    tracking_code: str
    source: str
    received_on: dt.date
    category: str
    village: str | None
    content: str
    citizen_name: str
    citizen_phone: str
    state: str
    handler: str | None
    unit: str | None
    due_date: dt.date | None
    reply_method: str
    replied_on: dt.date | None
    replied_by: str
    reply_text: str
    replied_on_time: bool | None
    satisfaction: str
    reviews: int
    suggestion_id: int | None
    version: int


def _appeal(a) -> dict:
    return {
        "id": a.pk,
        "town_id": a.town_id,
        "tracking_code": a.tracking_code,
        "source": a.source,
        "received_on": a.received_on,
        "category": a.category,
        "village": a.village.name if a.village_id else None,
        "content": a.content,
        "citizen_name": queries.mask_name(a.citizen_name),
        "citizen_phone": mask_phone(a.citizen_phone),
        "state": a.state,
        "handler": str(a.handler) if a.handler_id else None,
        "unit": str(a.unit) if a.unit_id else None,
        "due_date": a.due_date,
        "reply_method": a.reply_method,
        "replied_on": a.replied_on,
        "replied_by": a.replied_by,
        "reply_text": a.reply_text,
        "replied_on_time": a.replied_on_time,
        "satisfaction": a.satisfaction,
        "reviews": a.reviews,
        "suggestion_id": a.suggestion_id,
        "version": a.version,
    }


class PiiOut(Schema):
    citizen_name: str
    citizen_phone: str


class AssignIn(Schema):
    handler_id: Id
    unit_id: Id | None = None
    version: Count | None = None


class ReplyIn(Schema):
    method: ReplyMethod
    replied_on: dt.date
    replied_by: str
    text: str
    version: Count | None = None


class FeedbackIn(Schema):
    satisfaction: Satisfaction
    note: str = ""
    second_look: bool = False


@router.get("/days", response=list[DayOut])
def day_list(request, upcoming: bool = False):
    qs = queries.reception_days_visible_to(user=request.user).prefetch_related("deputies")
    if upcoming:
        qs = qs.filter(date__gte=dt.date.today())
    return [_day(d) for d in qs[:500]]


@router.get("/days/{pk}", response=DayOut, openapi_extra={"x-renda-model": "receptions.receptionday"})
def day_detail(request, pk: Id):
    return _day(queries.reception_day_get_for(user=request.user, pk=pk))


class AppealPage(Schema):
    count: int
    items: list[AppealOut]


@router.get("/appeals", response=AppealPage)
def appeal_list(request, state: str = "", limit: Limit = 50, offset: Offset = 0):
    """The appeals this user may see, newest first, a page at a time (`limit` at most 200)."""
    qs = queries.appeals_visible_to(user=request.user)
    if state:
        qs = qs.filter(state=state)
    limit = max(1, min(limit, 200))
    rows = rows_by_key(
        qs.select_related(None).select_related(*queries.APPEAL_LIST_RELATED), offset, offset + limit
    )
    return {"count": qs.count(), "items": [_appeal(a) for a in rows]}


@router.get("/appeals/{pk}", response=AppealOut, openapi_extra={"x-renda-model": "receptions.appeal"})
def appeal_detail(request, pk: Id):
    return _appeal(queries.appeal_get_for(user=request.user, pk=pk))


@router.post("/appeals/{pk}/pii", response=PiiOut, openapi_extra={"x-renda-model": "receptions.appeal"})
def appeal_pii(request, pk: Id):
    """The voter's unmasked name and phone, for the handlers only; every call is logged."""
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    services.appeal_pii_viewed(appeal=appeal, actor=request.user)
    return {"citizen_name": appeal.citizen_name, "citizen_phone": appeal.citizen_phone}


@router.post("/appeals/{pk}/assign", response=AppealOut, openapi_extra={"x-renda-model": "receptions.appeal"})
def appeal_assign(request, pk: Id, payload: AssignIn):
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    grant = next(
        (g for g in services.appeal_handler_grants(town=appeal.town) if g.user_id == payload.handler_id),
        None,
    )
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if grant is None:
        raise ValidationError(_("责任人须是本镇承办单位经办人或镇人大工作人员"))
    unit = None
    if payload.unit_id:
        unit = next(
            (
                g.unit
                for g in services.appeal_handler_grants(town=appeal.town)
                if g.unit_id == payload.unit_id
            ),
            None,
        )
        if unit is None:
            raise ValidationError(_("责任人不属于所选单位"))
    appeal = services.appeal_assign(
        appeal=appeal, handler=grant.user, unit=unit, actor=request.user, version=payload.version
    )
    return _appeal(appeal)


@router.post("/appeals/{pk}/reply", response=AppealOut, openapi_extra={"x-renda-model": "receptions.appeal"})
def appeal_reply(request, pk: Id, payload: ReplyIn):
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    appeal = services.appeal_reply(
        appeal=appeal,
        method=payload.method,
        replied_on=payload.replied_on,
        replied_by=payload.replied_by,
        text=payload.text,
        actor=request.user,
        version=payload.version,
    )
    return _appeal(appeal)


@router.post(
    "/appeals/{pk}/feedback", response=AppealOut, openapi_extra={"x-renda-model": "receptions.appeal"}
)
def appeal_feedback(request, pk: Id, payload: FeedbackIn):
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    appeal = services.appeal_feedback_record(
        appeal=appeal,
        satisfaction=payload.satisfaction,
        note=payload.note,
        second_look=payload.second_look,
        actor=request.user,
    )
    return _appeal(appeal)


class ConvertIn(Schema):
    signer_ids: list[Id]
    title: str = ""


@router.post(
    "/appeals/{pk}/convert", response=AppealOut, openapi_extra={"x-renda-model": "receptions.appeal"}
)
def appeal_convert(request, pk: Id, payload: ConvertIn):
    """Turn the appeal into a deputy suggestion; the first signer leads."""
    from renda.registry.queries import persons_visible_to

    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    found = {p.pk: p for p in persons_visible_to(user=request.user).filter(pk__in=payload.signer_ids)}
    signers = [found[i] for i in payload.signer_ids if i in found]
    appeal = services.appeal_convert_to_suggestion(
        appeal=appeal, signers=signers, title=payload.title, actor=request.user
    )
    return _appeal(appeal)
