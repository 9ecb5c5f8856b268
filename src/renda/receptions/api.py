"""Receptions API: reception days and appeals (the voter's personal data is masked here too)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Router, Schema

from renda.core.api import DeadlineOut
from renda.core.api_parts import ClockOut, HistoryOut, clock_rows, history_rows, pick, pick_many, town_pick
from renda.core.deadlines.status import clock_for, clock_summary
from renda.core.enums import Role
from renda.core.paging import rows_by_key
from renda.core.types import Count, Id, Limit, LocalTime, Offset
from renda.registry.queries import liaison_posts_visible_to, persons_visible_to, villages_visible_to
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
    version: int = 0


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
    # The reply clock (GET /appeals/{pk} only): status and whether the due date is provisional.
    deadline: DeadlineOut | None = None


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


# --- every step a page offers: recording appeals, arranging reception days, history and clocks -----------

D = {"x-renda-model": "receptions.receptionday"}
A = {"x-renda-model": "receptions.appeal"}


class AppealIn(Schema):
    """An appeal staff record: a walk-in at a liaison post (`liaison_post_id`) or a phone call (none)."""

    town_id: Id | None = None
    content: str
    category: str
    village_id: Id | None = None
    liaison_post_id: Id | None = None
    citizen_name: str
    citizen_phone: str


class DayAppealIn(Schema):
    content: str
    category: str
    village_id: Id | None = None
    citizen_name: str
    citizen_phone: str


class DayFields(Schema):
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    group_id: Id | None = None
    leader_name: str | None = None
    leader_title: str | None = None
    deputy_ids: list[Id] | None = None
    village_id: Id | None = None
    liaison_post_id: Id | None = None
    place: str | None = None


class DayIn(DayFields):
    town_id: Id | None = None
    date: dt.date


class DayPatchIn(DayFields):
    date: dt.date | None = None
    version: Count | None = None


class VersionIn(Schema):
    version: Count | None = None


class CancelIn(Schema):
    reason: str


class RecordIn(Schema):
    attended_ids: list[Id]
    visitors: Count
    summary: str = ""
    version: Count | None = None


def _allowed(allowed: bool) -> None:
    """The page's check before its form: a wrong role is refused before its input is read."""
    if not allowed:
        raise PermissionDenied(_("无权进行此操作"))


def _managed_town(request, town_id: Id | None):
    town = town_pick(user=request.user, town_id=town_id, roles=(Role.TOWN_STAFF, Role.DISTRICT_STAFF))
    _allowed(services.user_can_manage_receptions(request.user, town.pk))
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


class AppealClocksOut(Schema):
    due_date: dt.date | None
    clocks: list[ClockOut]


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
    _allowed(services.user_can_manage_receptions(request.user, day.town_id))
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
    _allowed(services.user_records_day(request.user, day))
    data = _refs(request, day.town, payload.model_dump())
    appeal = services.appeal_submit(town=day.town, data=data, reception_day=day, actor=request.user)
    return 201, _appeal(appeal)


@router.get("/days/{pk}/history", response=list[HistoryOut], openapi_extra=D)
def day_history(request, pk: Id):
    return history_rows(queries.reception_day_get_for(user=request.user, pk=pk))
