"""Chairs' invitations and exchange meetings API: district events (list, create, detail, invite, attendance,
history), invitations (list, reply, the summary per town and year), exchange meetings (list, create, detail,
update, papers, experiences, history) — the same services and rules as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from renda.core.api_parts import HistoryOut, history_rows
from renda.core.paging import rows_by_key
from renda.core.types import Count, Id, Limit, Offset, Year

from .. import queries, queries_exchange, services
from ..models import ChairInvitation, DistrictEvent, ExchangeMeeting

router = Router(tags=["campaigns"])

E = {"x-renda-model": "campaigns.districtevent"}
I = {"x-renda-model": "campaigns.chairinvitation"}  # noqa: E741
M = {"x-renda-model": "campaigns.exchangemeeting"}
P = {"x-renda-model": "campaigns.meetingpaper"}


class ChairEventOut(Schema):
    id: int
    district: int
    kind: str
    kind_label: str
    title: str
    date: dt.date
    place: str
    activity: int | None
    version: int


class ChairInvitationOut(Schema):
    id: int
    town: int
    event: int
    event_title: str
    event_date: dt.date
    person: int
    person_name: str
    post: str
    reply: str
    reply_note: str
    attended: bool | None


class ChairEventDetailOut(ChairEventOut):
    invitations: list[ChairInvitationOut]


class ChairEventListOut(Schema):
    count: int
    items: list[ChairEventOut]


class ChairInvitationListOut(Schema):
    count: int
    items: list[ChairInvitationOut]


class ChairEventIn(Schema):
    kind: str
    title: str
    date: dt.date
    place: str = ""
    activity_id: Id | None = None
    person_ids: list[Id] = []


class ChairInviteIn(Schema):
    person_ids: list[Id]


class ChairAttendanceIn(Schema):
    person_ids: list[Id] = []
    version: Count | None = None


class ChairReplyIn(Schema):
    reply: str
    note: str = ""


class ChairSummaryRowOut(Schema):
    town: int
    name: str
    invited: int
    attended: int


def _event(e: DistrictEvent) -> dict:
    return {
        "id": e.pk,
        "district": e.district_id,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "title": e.title,
        "date": e.date,
        "place": e.place,
        "activity": e.activity_id,
        "version": e.version,
    }


def _invitation(i: ChairInvitation) -> dict:
    return {
        "id": i.pk,
        "town": i.town_id,
        "event": i.event_id,
        "event_title": i.event.title,
        "event_date": i.event.date,
        "person": i.person_id,
        "person_name": i.person.name,
        "post": i.post,
        "reply": i.reply,
        "reply_note": i.reply_note,
        "attended": i.attended,
    }


def _event_detail(request, pk) -> dict:
    e = queries_exchange.event_get_for(user=request.user, pk=pk)
    rows = queries_exchange.invitations_of_event(user=request.user, event=e)
    return _event(e) | {"invitations": [_invitation(i) for i in rows]}


def _chairs(district, ids: list[int]) -> list:
    persons = list(queries_exchange.chair_choices(district=district).filter(pk__in=ids))
    if len(persons) != len(set(ids)):
        raise ValidationError({"person_ids": _("只能邀请本区的镇人大主席、副主席")})
    return persons


def _managed_event(request, pk) -> DistrictEvent:
    e = queries_exchange.event_get_for(user=request.user, pk=pk)
    if not queries.user_is_district_staff_of(request.user, e.district_id):
        raise PermissionDenied(_("只有区人大常委会工作人员可以邀请或登记出席情况"))
    return e


@router.get("/events", response=ChairEventListOut)
def event_list(request, kind: str = "", year: Year | None = None, limit: Limit = 100, offset: Offset = 0):
    """District events this user may see: the district's for its staff; those its town's chairs (or the person
    themself) are invited to."""
    qs = queries_exchange.events_visible_to(user=request.user)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(date__year=year)
    total = qs.count()
    return {"count": total, "items": [_event(e) for e in rows_by_key(qs, offset, offset + min(limit, 500))]}


@router.post("/events", response={201: ChairEventDetailOut})
def event_create(request, payload: ChairEventIn):
    district = queries.district_of_staff(user=request.user)
    activity = None
    if payload.activity_id:
        activity = (
            queries.launch_activities_of_district(district=district).filter(pk=payload.activity_id).first()
        )
        if activity is None:
            raise ValidationError({"activity_id": _("关联的监督活动不存在或不属于本区")})
    e = services.event_create(
        district=district,
        data={
            "kind": payload.kind,
            "title": payload.title,
            "date": payload.date,
            "place": payload.place,
            "activity": activity,
        },
        persons=_chairs(district, payload.person_ids),
        actor=request.user,
    )
    return 201, _event_detail(request, e.pk)


@router.get("/events/{pk}", response=ChairEventDetailOut, openapi_extra=E)
def event_get(request, pk: Id):
    return _event_detail(request, pk)


@router.post("/events/{pk}/invite", response=ChairEventDetailOut, openapi_extra=E)
def event_invite(request, pk: Id, payload: ChairInviteIn):
    e = _managed_event(request, pk)
    services.event_invite(event=e, persons=_chairs(e.district, payload.person_ids), actor=request.user)
    return _event_detail(request, pk)


@router.post("/events/{pk}/attendance", response=ChairEventDetailOut, openapi_extra=E)
def event_attendance(request, pk: Id, payload: ChairAttendanceIn):
    e = _managed_event(request, pk)
    services.event_attendance(
        event=e, attended=list(payload.person_ids), actor=request.user, version=payload.version
    )
    return _event_detail(request, pk)


@router.get("/events/{pk}/history", response=list[HistoryOut], openapi_extra=E)
def event_history(request, pk: Id):
    return history_rows(_managed_event(request, pk))


@router.get("/invitations", response=ChairInvitationListOut)
def invitation_list(
    request,
    year: Year | None = None,
    town: Id | None = None,
    attended: bool | None = None,
    kind: str = "",
    limit: Limit = 100,
    offset: Offset = 0,
):
    """Invitations this user may see (the district's for its staff, the town's for its staff, one's own)."""
    qs = queries_exchange.invitations_filtered(
        user=request.user, year=year, town=town, attended=attended, kind=kind
    )
    total = qs.count()
    return {
        "count": total,
        "items": [_invitation(i) for i in rows_by_key(qs, offset, offset + min(limit, 500))],
    }


@router.get("/invitations/summary", response=list[ChairSummaryRowOut])
def invitation_summary(request, year: Year | None = None):
    """Per town and year: invited, attended (the counts of the invitation list with year=, town=, attended=)."""
    rows = queries_exchange.invitation_summary(user=request.user, year=year or timezone.localdate().year)
    return [{k: r[k] for k in ("town", "name", "invited", "attended")} for r in rows]


@router.post("/invitations/{pk}/reply", response=ChairInvitationOut, openapi_extra=I)
def invitation_reply(request, pk: Id, payload: ChairReplyIn):
    i = queries_exchange.invitation_get_for(user=request.user, pk=pk)
    services.invitation_reply(invitation=i, reply=payload.reply, note=payload.note, actor=request.user)
    return _invitation(queries_exchange.invitation_get_for(user=request.user, pk=pk))


# --- exchange meetings -----------------------------------------------------------------------------------


class MeetingPaperOut(Schema):
    id: int
    town: int
    title: str
    author: int
    author_name: str
    name: str
    mime: str
    size: int


class MeetingExperienceOut(Schema):
    id: int
    town: int | None
    text: str
    practice_name: str
    practice_slug: str


class ExchangeMeetingOut(Schema):
    id: int
    district: int
    kind: str
    kind_label: str
    title: str
    date: dt.date
    place: str
    version: int


class ExchangeMeetingDetailOut(ExchangeMeetingOut):
    minutes: str
    participants: list[int]
    papers: list[MeetingPaperOut]
    experiences: list[MeetingExperienceOut]


class ExchangeMeetingListOut(Schema):
    count: int
    items: list[ExchangeMeetingOut]


class ExchangeMeetingIn(Schema):
    kind: str
    title: str = ""
    date: dt.date
    place: str = ""
    minutes: str = ""
    participant_ids: list[Id] = []


class ExchangeMeetingPatch(Schema):
    title: str | None = None
    date: dt.date | None = None
    place: str | None = None
    minutes: str | None = None
    participant_ids: list[Id] | None = None
    version: Count | None = None


class MeetingExperienceIn(Schema):
    text: str
    town_id: Id | None = None
    practice_name: str = ""


def _meeting(m: ExchangeMeeting) -> dict:
    return {
        "id": m.pk,
        "district": m.district_id,
        "kind": m.kind,
        "kind_label": m.get_kind_display(),
        "title": m.title,
        "date": m.date,
        "place": m.place,
        "version": m.version,
    }


def _paper(p) -> dict:
    return {
        "id": p.pk,
        "town": p.town_id,
        "title": p.title,
        "author": p.author_id,
        "author_name": p.author.name,
        "name": p.name,
        "mime": p.mime,
        "size": p.size,
    }


def _experience(x) -> dict:
    return {
        "id": x.pk,
        "town": x.town_id,
        "text": x.text,
        "practice_name": x.practice_name,
        "practice_slug": x.practice_slug,
    }


def _meeting_detail(request, pk) -> dict:
    m = queries_exchange.meeting_get_for(user=request.user, pk=pk)
    return _meeting(m) | {
        "minutes": m.minutes,
        "participants": sorted(m.participants.values_list("pk", flat=True)),
        "papers": [_paper(p) for p in m.papers.select_related("author").order_by("id")],
        "experiences": [_experience(x) for x in m.experiences.order_by("id")],
    }


def _persons(district, ids: list[int]) -> list:
    persons = queries_exchange.persons_of_district(district=district, ids=ids)
    if len(persons) != len(set(ids)):
        raise ValidationError({"participant_ids": _("参加人员须是本区各镇（街道）的人员")})
    return persons


def _managed_meeting(request, pk) -> ExchangeMeeting:
    m = queries_exchange.meeting_get_for(user=request.user, pk=pk)
    if not queries.user_is_district_staff_of(request.user, m.district_id):
        raise PermissionDenied(_("只有区人大常委会工作人员可以修改交流会议"))
    return m


@router.get("/meetings", response=ExchangeMeetingListOut)
def meeting_list(request, kind: str = "", year: Year | None = None, limit: Limit = 100, offset: Offset = 0):
    qs = queries_exchange.meetings_filtered(user=request.user, kind=kind, year=year)
    total = qs.count()
    return {"count": total, "items": [_meeting(m) for m in rows_by_key(qs, offset, offset + min(limit, 500))]}


@router.post("/meetings", response={201: ExchangeMeetingDetailOut})
def meeting_create(request, payload: ExchangeMeetingIn):
    district = queries.district_of_staff(user=request.user)
    m = services.meeting_create(
        district=district,
        data=payload.dict(exclude={"participant_ids"})
        | {"participants": _persons(district, payload.participant_ids)},
        actor=request.user,
    )
    return 201, _meeting_detail(request, m.pk)


@router.get("/meetings/{pk}", response=ExchangeMeetingDetailOut, openapi_extra=M)
def meeting_get(request, pk: Id):
    return _meeting_detail(request, pk)


@router.patch("/meetings/{pk}", response=ExchangeMeetingDetailOut, openapi_extra=M)
def meeting_update(request, pk: Id, payload: ExchangeMeetingPatch):
    m = _managed_meeting(request, pk)
    data = {k: v for k, v in payload.dict(exclude={"participant_ids", "version"}).items() if v is not None}
    if payload.participant_ids is not None:
        data["participants"] = _persons(m.district, payload.participant_ids)
    services.meeting_update(meeting=m, data=data, actor=request.user, version=payload.version)
    return _meeting_detail(request, pk)


@router.post("/meetings/{pk}/papers", response={201: MeetingPaperOut}, openapi_extra=M)
def meeting_paper_add(
    request,
    pk: Id,
    title: Form[str] = "",
    author_id: Form[Id | None] = None,
    file: File[UploadedFile | None] = None,
):
    """Upload a paper (JPG, PNG, PDF, Word; size and real type checked) with its title and author."""
    m = _managed_meeting(request, pk)
    author = _persons(m.district, [author_id])[0] if author_id else None
    p = services.meeting_paper_add(meeting=m, title=title, author=author, upload=file, actor=request.user)
    return 201, _paper(p)


@router.get("/papers/{pk}", openapi_extra=P)
def paper_download(request, pk: Id):
    paper = queries_exchange.paper_get_for(user=request.user, pk=pk)
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError:
        return HttpResponse(_("文件不存在或已被移除"), status=410)
    return FileResponse(handle, as_attachment=True, filename=paper.name, content_type=paper.mime)


@router.post("/meetings/{pk}/experiences", response={201: MeetingExperienceOut}, openapi_extra=M)
def meeting_experience_add(request, pk: Id, payload: MeetingExperienceIn):
    m = _managed_meeting(request, pk)
    town = None
    if payload.town_id:
        town = queries.towns_of_district(district=m.district).filter(pk=payload.town_id).first()
        if town is None:
            raise ValidationError({"town_id": _("只能选择本区的镇（街道）")})
    x = services.experience_add(
        meeting=m, text=payload.text, town=town, practice_name=payload.practice_name, actor=request.user
    )
    return 201, _experience(x)


@router.get("/meetings/{pk}/history", response=list[HistoryOut], openapi_extra=M)
def meeting_history(request, pk: Id):
    return history_rows(_managed_meeting(request, pk))
