"""Oversight API: activities (create, change, invite, publish the notice, replies, record, cancel,
documents) and deliberation opinions (draft, issue, the government's response, the DOCX); the same services
and rules as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from renda.core.api_parts import HistoryOut, history_rows, pick, pick_many, town_pick
from renda.core.enums import Role
from renda.core.paging import rows_by_key
from renda.core.permissions import allowed, require
from renda.core.types import Count, Id, Limit, Offset
from renda.registry.queries import deputy_groups_visible_to, handling_units_visible_to, persons_visible_to

from .. import documents
from .. import queries_activities as q
from .. import queries_plans as qp
from ..enums import ActivityKind, ActivityState, DocumentKind, InvitationReply, OpinionState
from ..services import activities as services
from ..services import findings as finding_services
from ..services import opinions as opinion_services

router = Router(tags=["oversight"])
A = {"x-renda-model": "oversight.activity"}
INV = {"x-renda-model": "oversight.invitation"}
DOC = {"x-renda-model": "oversight.activitydocument"}
O = {"x-renda-model": "oversight.opinion"}  # noqa: E741


class InvitationOut(Schema):
    id: int
    person_id: int
    person: str
    reply: InvitationReply
    reply_note: str
    replied_at: dt.datetime | None
    attended: bool | None
    opinions: str


class ActivityDocumentOut(Schema):
    id: int
    kind: DocumentKind
    name: str
    mime: str
    size: int


class ActivityOut(Schema):
    id: int
    town_id: int
    kind: ActivityKind
    topic: str
    plan_item_id: int | None
    start_date: dt.date
    end_date: dt.date
    place: str
    organiser: str
    office_id: int | None
    deputy_group_id: int | None
    state: ActivityState
    notice_days: int
    notice_day: dt.date
    published_at: dt.datetime | None
    summary: str
    findings: str
    version: int


class ActivityDetailOut(ActivityOut):
    invitations: list[InvitationOut]
    documents: list[ActivityDocumentOut]
    opinion_ids: list[int]


class ActivityPage(Schema):
    count: int
    items: list[ActivityOut]


class ActivityIn(Schema):
    town_id: Id | None = None
    kind: ActivityKind
    topic: str = Field(max_length=200)
    plan_item_id: Id | None = None
    start_date: dt.date
    end_date: dt.date | None = None
    place: str = Field(max_length=200)
    organiser: str = Field(max_length=100)
    office_id: Id | None = None
    deputy_group_id: Id | None = None
    notice_days: int | None = Field(None, ge=0, le=365)


class ActivityPatchIn(Schema):
    kind: ActivityKind | None = None
    topic: str | None = Field(None, max_length=200)
    plan_item_id: Id | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    place: str | None = Field(None, max_length=200)
    organiser: str | None = Field(None, max_length=100)
    office_id: Id | None = None
    deputy_group_id: Id | None = None
    notice_days: int | None = Field(None, ge=0, le=365)
    version: Count | None = None


class ActivityInviteIn(Schema):
    person_ids: list[Id] = Field(default_factory=list, max_length=500)
    group_id: Id | None = None


class ActivityVersionIn(Schema):
    version: Count | None = None


class ActivityReasonIn(Schema):
    reason: str = Field(max_length=500)
    version: Count | None = None


class InvitationReplyIn(Schema):
    reply: InvitationReply
    note: str = Field("", max_length=200)


class OpinionBroughtIn(Schema):
    person_id: Id
    text: str = Field(max_length=5000)


class ActivityHoldIn(Schema):
    attended_ids: list[Id] = Field(default_factory=list, max_length=500)
    summary: str = Field(max_length=10000)
    findings: str = Field("", max_length=10000)
    opinions: list[OpinionBroughtIn] = Field(default_factory=list, max_length=500)
    version: Count | None = None


class OpinionOut(Schema):
    id: int
    town_id: int
    activity_id: int
    number: str
    title: str
    addressee: str
    body: str
    state: OpinionState
    issued_on: dt.date | None
    response: str
    responded_on: dt.date | None
    version: int


class OpinionIn(Schema):
    title: str = Field("", max_length=200)
    addressee: str = Field("", max_length=100)
    body: str = Field(max_length=20000)


class OpinionPatchIn(Schema):
    title: str | None = Field(None, max_length=200)
    addressee: str | None = Field(None, max_length=100)
    body: str | None = Field(None, max_length=20000)
    version: Count | None = None


class OpinionIssueIn(Schema):
    number: str = Field(max_length=60)
    issued_on: dt.date | None = None
    version: Count | None = None


class OpinionRespondIn(Schema):
    response: str = Field(max_length=20000)
    responded_on: dt.date | None = None
    version: Count | None = None


def _activity(a) -> dict:
    return {
        "id": a.pk,
        "town_id": a.town_id,
        "kind": a.kind,
        "topic": a.topic,
        "plan_item_id": a.plan_item_id,
        "start_date": a.start_date,
        "end_date": a.end_date,
        "place": a.place,
        "organiser": a.organiser,
        "office_id": a.office_id,
        "deputy_group_id": a.deputy_group_id,
        "state": a.state,
        "notice_days": a.notice_days,
        "notice_day": services.notice_day(a),
        "published_at": a.published_at,
        "summary": a.summary,
        "findings": a.findings,
        "version": a.version,
    }


def _invitation(i) -> dict:
    return {
        "id": i.pk,
        "person_id": i.person_id,
        "person": i.person.name,
        "reply": i.reply,
        "reply_note": i.reply_note,
        "replied_at": i.replied_at,
        "attended": i.attended,
        "opinions": i.opinions,
    }


def _detail(request, a) -> dict:
    opinions = q.opinions_of(a) if allowed(request.user, "oversight.view", a) else []
    return {
        **_activity(a),
        "invitations": [_invitation(i) for i in q.invitations_of(a)],
        "documents": [
            {"id": d.pk, "kind": d.kind, "name": d.name, "mime": d.mime, "size": d.size}
            for d in q.activity_documents_of(a)
        ],
        "opinion_ids": [o.pk for o in opinions],
    }


def _opinion(o) -> dict:
    return {
        "id": o.pk,
        "town_id": o.town_id,
        "activity_id": o.activity_id,
        "number": o.number,
        "title": o.title,
        "addressee": o.addressee,
        "body": o.body,
        "state": o.state,
        "issued_on": o.issued_on,
        "response": o.response,
        "responded_on": o.responded_on,
        "version": o.version,
    }


def _refs(request, town, values: dict) -> dict:
    """The ids of an activity's body turned into the town's records (422 if unknown)."""
    out = dict(values)
    refs = [
        ("plan_item_id", "plan_item", qp.plan_items_visible_to(user=request.user), _("计划事项不存在")),
        ("office_id", "office", handling_units_visible_to(user=request.user), _("部门不存在")),
        ("deputy_group_id", "deputy_group", deputy_groups_visible_to(user=request.user), _("代表小组不存在")),
    ]
    for key, name, qs, message in refs:
        if key in out:
            out[name] = pick(qs.filter(town=town), out.pop(key), field=name, message=message)
    return out


@router.get("/activities", response=ActivityPage)
def activity_list(
    request,
    state: ActivityState | None = None,
    kind: ActivityKind | None = None,
    town_id: Id | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    """The activities this user may see (their towns', or those they are invited to), latest first."""
    qs = q.activities_visible_to(user=request.user)
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if town_id:
        qs = qs.filter(town=town_id)
    rows = rows_by_key(qs, offset, offset + limit)
    return {"count": qs.count(), "items": [_activity(a) for a in rows]}


@router.post("/activities", response={201: ActivityDetailOut})
def activity_create(request, payload: ActivityIn):
    town = town_pick(user=request.user, town_id=payload.town_id, roles=(Role.TOWN_STAFF, Role.DISTRICT_STAFF))
    require(request.user, "oversight.manage", town)
    data = _refs(request, town, payload.model_dump(exclude={"town_id"}))
    activity = services.activity_create(town=town, data=data, actor=request.user)
    return 201, _detail(request, activity)


@router.get("/activities/{pk}", response=ActivityDetailOut, openapi_extra=A)
def activity_detail(request, pk: Id):
    return _detail(request, q.activity_get_for(user=request.user, pk=pk))


@router.patch("/activities/{pk}", response=ActivityDetailOut, openapi_extra=A)
def activity_update(request, pk: Id, payload: ActivityPatchIn):
    activity = q.activity_get_for(user=request.user, pk=pk)
    require(request.user, "oversight.manage", activity)
    data = _refs(request, activity.town, payload.model_dump(exclude={"version"}, exclude_unset=True))
    activity = services.activity_update(
        activity=activity, data=data, actor=request.user, version=payload.version
    )
    return _detail(request, activity)


@router.post("/activities/{pk}/invitations", response={201: ActivityDetailOut}, openapi_extra=A)
def activity_invite(request, pk: Id, payload: ActivityInviteIn):
    """Invite deputies one by one (`person_ids`) and/or every member of a deputy group (`group_id`)."""
    activity = q.activity_get_for(user=request.user, pk=pk)
    require(request.user, "oversight.manage", activity)
    persons = pick_many(
        persons_visible_to(user=request.user).filter(town=activity.town), payload.person_ids, field="persons",
        message=_("代表不存在"),
    )  # fmt: skip
    group = pick(
        deputy_groups_visible_to(user=request.user).filter(town=activity.town), payload.group_id, field="group",
        message=_("代表小组不存在"),
    )  # fmt: skip
    services.activity_invite(activity=activity, persons=persons, group=group, actor=request.user)
    return 201, _detail(request, q.activity_get_for(user=request.user, pk=pk))


@router.post("/activities/{pk}/publish", response=ActivityDetailOut, openapi_extra=A)
def activity_publish(request, pk: Id, payload: ActivityVersionIn):
    """Send the notice: at once when the activity is at most `notice_days` away, else on that day."""
    activity = q.activity_get_for(user=request.user, pk=pk)
    return _detail(
        request, services.activity_publish(activity=activity, actor=request.user, version=payload.version)
    )


@router.post("/activities/{pk}/reply", response=InvitationOut, openapi_extra=A)
def activity_reply(request, pk: Id, payload: InvitationReplyIn):
    """The invited deputy answers attend or excused (with a reason)."""
    activity = q.activity_get_for(user=request.user, pk=pk)
    invitation = q.my_invitation(user=request.user, activity=activity)
    if invitation is None:
        raise PermissionDenied(_("您未被邀请参加此活动"))
    row = services.invitation_reply(
        invitation=invitation, reply=payload.reply, note=payload.note, actor=request.user
    )
    return _invitation(row)


@router.post("/invitations/{pk}/reply", response=InvitationOut, openapi_extra=INV)
def invitation_reply(request, pk: Id, payload: InvitationReplyIn):
    """A reply recorded for a deputy (staff) or by the deputy themselves."""
    invitation = q.invitation_get_for(user=request.user, pk=pk)
    row = services.invitation_reply(
        invitation=invitation, reply=payload.reply, note=payload.note, actor=request.user
    )
    return _invitation(row)


@router.delete("/invitations/{pk}", response=ActivityDetailOut, openapi_extra=INV)
def invitation_remove(request, pk: Id):
    """Take an invitation back before the activity is held (staff)."""
    invitation = q.invitation_get_for(user=request.user, pk=pk)
    activity_id = invitation.activity_id
    services.activity_uninvite(invitation=invitation, actor=request.user)
    return _detail(request, q.activity_get_for(user=request.user, pk=activity_id))


@router.post("/activities/{pk}/hold", response=ActivityDetailOut, openapi_extra=A)
def activity_hold(request, pk: Id, payload: ActivityHoldIn):
    """Record what happened: who of the invited came, the voters' opinions each brought, summary, findings."""
    activity = q.activity_get_for(user=request.user, pk=pk)
    require(request.user, "oversight.manage", activity)
    invited = persons_visible_to(user=request.user).filter(oversight_invitations__activity=activity)
    attended = pick_many(
        invited, payload.attended_ids, field="attended", message=_("出席代表须是本次活动邀请的代表")
    )
    activity = services.activity_hold(
        activity=activity,
        attended=attended or [],
        summary=payload.summary,
        findings=payload.findings,
        opinions={o.person_id: o.text for o in payload.opinions},
        actor=request.user,
        version=payload.version,
    )
    return _detail(request, activity)


@router.post("/activities/{pk}/cancel", response=ActivityDetailOut, openapi_extra=A)
def activity_cancel(request, pk: Id, payload: ActivityReasonIn):
    activity = q.activity_get_for(user=request.user, pk=pk)
    activity = services.activity_cancel(
        activity=activity, reason=payload.reason, actor=request.user, version=payload.version
    )
    return _detail(request, activity)


@router.post("/activities/{pk}/documents", response={201: ActivityDocumentOut}, openapi_extra=A)
def activity_document_add(
    request, pk: Id, file: File[UploadedFile | None] = None, kind: DocumentKind = DocumentKind.REPORT
):
    """Upload a photo or report (JPG, PNG, PDF, Word; size and real type checked)."""
    activity = q.activity_get_for(user=request.user, pk=pk)
    require(request.user, "oversight.manage", activity)
    if file is None:
        raise ValidationError({"file": _("请选择文件")})
    d = services.activity_document_add(activity=activity, upload=file, kind=kind, actor=request.user)
    return 201, {"id": d.pk, "kind": d.kind, "name": d.name, "mime": d.mime, "size": d.size}


@router.get("/activity-documents/{pk}", openapi_extra=DOC)
def activity_document_download(request, pk: Id):
    doc = q.activity_document_get_for(user=request.user, pk=pk)
    handle = q.activity_document_open(doc)
    if handle is None:
        return HttpResponse(_("材料文件已不存在"), status=410)
    return FileResponse(handle, as_attachment=True, filename=doc.name, content_type=doc.mime)


@router.get("/activities/{pk}/history", response=list[HistoryOut], openapi_extra=A)
def activity_history(request, pk: Id):
    return history_rows(q.activity_get_for(user=request.user, pk=pk))


# --- deliberation opinions ----------------------------------------------------------------------------------


@router.post("/activities/{pk}/opinions", response={201: OpinionOut}, openapi_extra=A)
def opinion_create(request, pk: Id, payload: OpinionIn):
    activity = q.activity_get_for(user=request.user, pk=pk)
    opinion = opinion_services.opinion_create(
        activity=activity, data=payload.model_dump(), actor=request.user
    )
    return 201, _opinion(opinion)


@router.get("/opinions/{pk}", response=OpinionOut, openapi_extra=O)
def opinion_detail(request, pk: Id):
    return _opinion(q.opinion_get_for(user=request.user, pk=pk))


@router.patch("/opinions/{pk}", response=OpinionOut, openapi_extra=O)
def opinion_update(request, pk: Id, payload: OpinionPatchIn):
    opinion = q.opinion_get_for(user=request.user, pk=pk)
    data = payload.model_dump(exclude={"version"}, exclude_unset=True)
    return _opinion(
        opinion_services.opinion_update(
            opinion=opinion, data=data, actor=request.user, version=payload.version
        )
    )


@router.post("/opinions/{pk}/issue", response=OpinionOut, openapi_extra=O)
def opinion_issue(request, pk: Id, payload: OpinionIssueIn):
    opinion = q.opinion_get_for(user=request.user, pk=pk)
    opinion = opinion_services.opinion_issue(
        opinion=opinion, number=payload.number, issued_on=payload.issued_on, actor=request.user,
        version=payload.version,
    )  # fmt: skip
    return _opinion(opinion)


@router.post("/opinions/{pk}/respond", response=OpinionOut, openapi_extra=O)
def opinion_respond(request, pk: Id, payload: OpinionRespondIn):
    opinion = q.opinion_get_for(user=request.user, pk=pk)
    opinion = opinion_services.opinion_respond(
        opinion=opinion, response=payload.response, responded_on=payload.responded_on, actor=request.user,
        version=payload.version,
    )  # fmt: skip
    return _opinion(opinion)


@router.get("/opinions/{pk}/docx", openapi_extra=O)
def opinion_docx(request, pk: Id):
    opinion = q.opinion_get_for(user=request.user, pk=pk)
    if opinion.state == OpinionState.DRAFT and not allowed(request.user, "oversight.manage", opinion):
        raise Http404
    response = HttpResponse(documents.opinion_docx(opinion).getvalue(), content_type=documents.DOCX)
    response["Content-Disposition"] = f'attachment; filename="opinion-{opinion.pk}.docx"'
    return response


@router.get("/opinions/{pk}/history", response=list[HistoryOut], openapi_extra=O)
def opinion_history(request, pk: Id):
    return history_rows(q.opinion_get_for(user=request.user, pk=pk))


# --- findings passed on (a suggestion, an appeal) -------------------------------------------------------------


class FindingSuggestionIn(Schema):
    lead_id: Id
    title: str = Field("", max_length=200)
    content: str = Field(max_length=10000)


class FindingSuggestionOut(Schema):
    id: int
    number: str
    state: str
    source_id: str


class FindingAppealIn(Schema):
    category: str = Field(max_length=30)
    content: str = Field(max_length=10000)
    citizen_name: str = Field(max_length=50)
    citizen_phone: str = Field(max_length=11)


class FindingAppealOut(Schema):
    id: int
    tracking_code: str
    state: str
    due_date: dt.date | None
    origin_id: str


@router.post("/activities/{pk}/to-suggestion", response={201: FindingSuggestionOut}, openapi_extra=A)
def activity_to_suggestion(request, pk: Id, payload: FindingSuggestionIn):
    """A held activity's findings as a deputy suggestion led by a deputy who attended (source: the activity)."""
    activity = q.activity_get_for(user=request.user, pk=pk)
    require(request.user, "oversight.manage", activity)
    lead = pick(
        persons_visible_to(user=request.user).filter(town=activity.town), payload.lead_id, field="lead",
        message=_("代表不存在"),
    )  # fmt: skip
    s = finding_services.activity_finding_to_suggestion(
        activity=activity, lead=lead, title=payload.title, content=payload.content, actor=request.user
    )
    return 201, {"id": s.pk, "number": s.number, "state": s.state, "source_id": s.source_id}


@router.post("/activities/{pk}/to-appeal", response={201: FindingAppealOut}, openapi_extra=A)
def activity_to_appeal(request, pk: Id, payload: FindingAppealIn):
    """A held activity's findings as a voter's appeal, recorded and routed as any appeal (source 闭会期间活动)."""
    activity = q.activity_get_for(user=request.user, pk=pk)
    require(request.user, "oversight.manage", activity)
    ap = finding_services.activity_finding_to_appeal(
        activity=activity, data=payload.model_dump(), actor=request.user
    )
    return 201, {
        "id": ap.pk, "tracking_code": ap.tracking_code, "state": ap.state, "due_date": ap.due_date,
        "origin_id": ap.origin_id,
    }  # fmt: skip
