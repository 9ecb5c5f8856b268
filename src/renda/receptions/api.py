"""Receptions API: reception days and appeals (the voter's personal data is masked here too)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from renda.core.api_parts import HistoryOut, clock_rows, history_rows, pick, pick_many, town_pick
from renda.core.deadlines.status import clock_for, clock_summary
from renda.core.enums import Role
from renda.core.paging import rows_by_key
from renda.core.permissions import require
from renda.core.types import Id, Limit, Offset
from renda.registry.queries import liaison_posts_visible_to, persons_visible_to, villages_visible_to
from renda.registry.validators import mask_phone

from . import queries, services
from .enums import AppealState, DayState
from .schemas import (
    AppealClocksOut,
    AppealIn,
    AppealOut,
    AppealPage,
    AssignIn,
    CancelIn,
    ConvertIn,
    DayAppealIn,
    DayIn,
    DayOut,
    DayPage,
    DayPatchIn,
    FeedbackIn,
    PiiOut,
    RecordIn,
    ReplyIn,
    VersionIn,
)

router = Router(tags=["receptions"])


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
        "version": day.version,
    }


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
        "satisfaction_via": a.satisfaction_via,
        "reviews": a.reviews,
        "suggestion_id": a.suggestion_id,
        "version": a.version,
    }


@router.get("/days", response=DayPage)
def day_list(
    request, upcoming: bool = False, state: DayState | None = None, limit: Limit = 50, offset: Offset = 0
):
    """The reception days this user may see (`upcoming`: from today, the town's local date), a page at a time."""
    qs = queries.reception_days_visible_to(user=request.user)
    if upcoming:
        qs = qs.filter(date__gte=timezone.localdate())
    if state:
        qs = qs.filter(state=state)
    rows = rows_by_key(qs.prefetch_related("deputies"), offset, offset + limit)
    return {"count": qs.count(), "items": [_day(d) for d in rows]}


@router.get("/days/{pk}", response=DayOut, openapi_extra={"x-renda-model": "receptions.receptionday"})
def day_detail(request, pk: Id):
    return _day(queries.reception_day_get_for(user=request.user, pk=pk))


@router.get("/appeals", response=AppealPage)
def appeal_list(request, state: AppealState | None = None, limit: Limit = 50, offset: Offset = 0):
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
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    clock = clock_for(subject=appeal, kind=services.APPEAL_CLOCK)
    return {**_appeal(appeal), "deadline": clock_summary(clock)}


@router.post("/appeals/{pk}/pii", response=PiiOut, openapi_extra={"x-renda-model": "receptions.appeal"})
def appeal_pii(request, pk: Id):
    """The voter's unmasked name and phone, for the handlers only; every call is logged."""
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    services.appeal_pii_viewed(appeal=appeal, actor=request.user)
    return {"citizen_name": appeal.citizen_name, "citizen_phone": appeal.citizen_phone}


@router.post("/appeals/{pk}/assign", response=AppealOut, openapi_extra={"x-renda-model": "receptions.appeal"})
def appeal_assign(request, pk: Id, payload: AssignIn):
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    handler = pick(
        queries.appeal_handlers(town=appeal.town),
        payload.handler_id,
        field="handler",
        message=_("责任人须是本镇承办单位经办人或镇人大工作人员"),
    )
    unit = pick(
        queries.appeal_handler_units(town=appeal.town),
        payload.unit_id,
        field="unit",
        message=_("责任人不属于所选单位"),
    )
    appeal = services.appeal_assign(
        appeal=appeal, handler=handler, unit=unit, actor=request.user, version=payload.version
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


@router.post(
    "/appeals/{pk}/convert", response=AppealOut, openapi_extra={"x-renda-model": "receptions.appeal"}
)
def appeal_convert(request, pk: Id, payload: ConvertIn):
    """Turn the appeal into a deputy suggestion; the first signer leads."""
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    signers = pick_many(
        persons_visible_to(user=request.user), payload.signer_ids, field="signers", message=_("代表不存在")
    )
    appeal = services.appeal_convert_to_suggestion(
        appeal=appeal, signers=signers, title=payload.title, actor=request.user
    )
    return _appeal(appeal)


# --- every step a page offers: recording appeals, arranging reception days, history and clocks -----------

D = {"x-renda-model": "receptions.receptionday"}
A = {"x-renda-model": "receptions.appeal"}


def _managed_town(request, town_id: Id | None):
    town = town_pick(user=request.user, town_id=town_id, roles=(Role.TOWN_STAFF, Role.DISTRICT_STAFF))
    require(request.user, "receptions.manage", town)  # a wrong role is refused before its input is read
    return town


def _refs(request, town, values: dict) -> dict:
    """Turn the ids of a reception day's or an appeal's body into the town's records (422 if unknown)."""
    out = dict(values)
    refs = [
        ("group_id", "group", queries.reception_groups_visible_to(user=request.user), _("接待组不存在")),
        ("village_id", "village", villages_visible_to(user=request.user), _("村（社区）不存在")),
        ("liaison_post_id", "liaison_post", liaison_posts_visible_to(user=request.user), _("联络站点不存在")),
    ]
    for key, name, qs, message in refs:
        if key in out:
            out[name] = pick(qs.filter(town=town), out.pop(key), field=name, message=message)
    if "deputy_ids" in out:
        qs = persons_visible_to(user=request.user).filter(town=town)
        out["deputies"] = pick_many(qs, out.pop("deputy_ids"), field="deputies", message=_("代表不存在"))
    return out


@router.post("/appeals", response={201: AppealOut})
def appeal_create(request, payload: AppealIn):
    """Staff record an appeal received at a liaison post or by phone; its one-month reply clock starts."""
    town = _managed_town(request, payload.town_id)
    data = _refs(request, town, payload.model_dump(exclude={"town_id"}))
    post = data.pop("liaison_post", None)
    appeal = services.appeal_submit(town=town, data=data, liaison_post=post, actor=request.user)
    return 201, _appeal(appeal)


@router.get("/appeals/{pk}/history", response=list[HistoryOut], openapi_extra=A)
def appeal_history(request, pk: Id):
    return history_rows(queries.appeal_get_for(user=request.user, pk=pk))


@router.get("/appeals/{pk}/clocks", response=AppealClocksOut, openapi_extra=A)
def appeal_clocks(request, pk: Id):
    """The reply clock: due date, the rule and how the date was computed, provisional or not."""
    appeal = queries.appeal_get_for(user=request.user, pk=pk)
    return {"due_date": appeal.due_date, "clocks": clock_rows(appeal)}


@router.post("/days", response={201: DayOut})
def day_create(request, payload: DayIn):
    """Arrange a reception day (a draft): from a rota group, adjusted by the fields given."""
    town = _managed_town(request, payload.town_id)
    data = _refs(request, town, payload.model_dump(exclude={"town_id"}, exclude_unset=True))
    day = services.reception_day_create(town=town, data=data, actor=request.user)
    return 201, _day(day)


@router.patch("/days/{pk}", response=DayOut, openapi_extra=D)
def day_update(request, pk: Id, payload: DayPatchIn):
    """Change a draft or published day (the deputies are notified again); `version` from the last read."""
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    require(request.user, "receptions.manage", day)
    data = _refs(request, day.town, payload.model_dump(exclude={"version"}, exclude_unset=True))
    day = services.reception_day_update(day=day, data=data, actor=request.user, version=payload.version)
    return _day(day)


@router.post("/days/{pk}/publish", response=DayOut, openapi_extra=D)
def day_publish(request, pk: Id, payload: VersionIn):
    """Publish the notice (公示) and notify the deputies on the rota."""
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    return _day(services.reception_day_publish(day=day, actor=request.user, version=payload.version))


@router.post("/days/{pk}/cancel", response=DayOut, openapi_extra=D)
def day_cancel(request, pk: Id, payload: CancelIn):
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    return _day(services.reception_day_cancel(day=day, reason=payload.reason, actor=request.user))


@router.post("/days/{pk}/record", response=DayOut, openapi_extra=D)
def day_record(request, pk: Id, payload: RecordIn):
    """On the day: who of the rota came, how many voters, what happened."""
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    attended = pick_many(
        day.deputies.all(),
        payload.attended_ids,
        field="attended",
        message=_("实到代表须是本次接待安排的代表"),
    )
    day = services.reception_day_record(
        day=day,
        attended=attended,
        visitors=payload.visitors,
        summary=payload.summary,
        actor=request.user,
        version=payload.version,
    )
    return _day(day)


@router.post("/days/{pk}/appeals", response={201: AppealOut}, openapi_extra=D)
def day_appeal_create(request, pk: Id, payload: DayAppealIn):
    """An appeal received at this reception (staff and the deputies on duty)."""
    day = queries.reception_day_get_for(user=request.user, pk=pk)
    require(request.user, "receptions.record_day", day)
    data = _refs(request, day.town, payload.model_dump())
    appeal = services.appeal_submit(town=day.town, data=data, reception_day=day, actor=request.user)
    return 201, _appeal(appeal)


@router.get("/days/{pk}/history", response=list[HistoryOut], openapi_extra=D)
def day_history(request, pk: Id):
    return history_rows(queries.reception_day_get_for(user=request.user, pk=pk))
