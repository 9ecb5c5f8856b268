"""Suggestion API (/api/v1/suggestions): the same services and rules as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router
from ninja.files import UploadedFile

from renda.core.api_parts import clock_rows
from renda.core.audit import activities_for, activity_details, activity_label
from renda.core.paging import rows_by_key
from renda.core.types import Count, Id, Limit, Offset, Year
from renda.registry.models import Person
from renda.registry.queries import town_get_for

from . import documents, queries, reports, services
from .models import KeyNotice, Suggestion, SuggestionAttachment
from .schemas import (
    AttachmentOut,
    CandidateOut,
    ContactOut,
    ExtensionDecisionOut,
    ExtensionOut,
    HistoryOut,
    KeyNoticeOut,
    ReportOut,
    SimilarOut,
    SuggAssignIn,
    SuggClocksOut,
    SuggContactIn,
    SuggCreateIn,
    SuggDecideIn,
    SuggDetailOut,
    SuggExtensionIn,
    SuggFeedbackIn,
    SuggFollowupIn,
    SuggKeyIn,
    SuggListOut,
    SuggMergeIn,
    SuggNoticeIn,
    SuggOpinionIn,
    SuggOut,
    SuggPublishIn,
    SuggReasonIn,
    SuggReviewIn,
    SuggVersionIn,
    suggestion_detail_out,
    suggestion_out,
)

router = Router(tags=["suggestions"])

S = {"x-renda-model": "suggestions.suggestion"}


def _get(request, pk) -> Suggestion:
    return queries.suggestion_get_for(user=request.user, pk=pk)


def _persons(town, ids: list[int]) -> list[Person]:
    found = queries.persons_in_town(town=town, ids=ids)
    if len(found) != len(set(ids)):
        raise ValidationError(_("代表不存在或不属于本镇（街道）"))
    return [found[i] for i in ids]


def _unit(request, s: Suggestion):
    unit = queries.acting_unit(user=request.user, suggestion=s)
    if unit is None:
        raise PermissionDenied(_("该建议未交由本单位办理"))
    return unit


def _person(request, s: Suggestion, person_id: Id | None):
    if person_id:
        return _persons(s.town, [person_id])[0]
    p = queries.acting_person(user=request.user, suggestion=s)
    if p is None:
        raise PermissionDenied(_("您不是该建议的署名代表"))
    return p


@router.get("", response=SuggListOut)
def suggestion_list(
    request,
    state: str = "",
    year: Year | None = None,
    unit: Id | None = None,
    outcome_class: str = "",
    key: bool | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    """The suggestions this user may see, filtered."""
    qs = queries.suggestions_filtered(
        user=request.user, state=state, year=year, unit=unit, outcome_class=outcome_class, key=key
    )
    total = qs.count()
    # The items show ids, not the related rows: no joins, and the page is read by key (renda.core.paging).
    rows = rows_by_key(qs.select_related(None).defer("tokens"), offset, offset + min(limit, 500))
    return {"count": total, "items": [suggestion_out(s) for s in rows]}


@router.post("", response={201: SuggDetailOut})
def suggestion_create(request, payload: SuggCreateIn):
    """A deputy submits (the lead signer is the deputy); town staff enter one for a deputy (town_id)."""
    if payload.town_id:
        town = town_get_for(user=request.user, pk=payload.town_id)
        ids = payload.signer_ids
    else:
        own = list(queries.person_ids_of(request.user))
        if not own:
            raise ValidationError(_("请指定镇（街道）和领衔代表"))
        me = queries.own_person(user=request.user)
        if me is None:
            raise Http404
        town = me.town
        ids = [me.pk] + [i for i in payload.signer_ids if i != me.pk]
    s = services.suggestion_create(
        town=town,
        data=payload.dict(include={"title", "content", "kind", "topic", "channel"}),
        signers=_persons(town, ids),
        actor=request.user,
        submit=payload.submit,
    )
    return 201, suggestion_detail_out(s)


@router.get("/attachments/{pk}", openapi_extra={"x-renda-model": "suggestions.suggestionattachment"})
def attachment_download(request, pk: Id):
    a = queries.attachment_get_for(user=request.user, pk=pk)
    handle = queries.attachment_open(a)
    if handle is None:
        return HttpResponse(_("附件文件已不存在"), status=410)
    return FileResponse(handle, as_attachment=True, filename=a.name, content_type=a.mime)


@router.post("/key-notices", response={201: KeyNoticeOut})
def key_notice_issue(request, payload: SuggNoticeIn):
    town = town_get_for(user=request.user, pk=payload.town_id)
    n = services.key_notice_issue(town=town, year=payload.year, deadline=payload.deadline, actor=request.user)
    return 201, {"id": n.pk, "town": n.town_id, "doc_number": n.doc_number, "count": n.suggestions.count()}


@router.get("/key-notices/{pk}", openapi_extra={"x-renda-model": "suggestions.keynotice"})
def key_notice_download(request, pk: Id):
    n = queries.key_notice_get_for(user=request.user, pk=pk)
    return HttpResponse(documents.key_notice_docx(n).getvalue(), content_type=documents.DOCX)


@router.get("/report", response=ReportOut)
def report(request, year: Year, town_id: Id):
    """The yearly handling report's figures (counts by class, satisfaction, on-time rate, by unit)."""
    town = town_get_for(user=request.user, pk=town_id)
    queries.require_staff_town(request.user, town)
    return reports.yearly(town=town, year=year).as_dict()


@router.get("/report.docx")
def report_docx(request, year: Year, town_id: Id):
    town = town_get_for(user=request.user, pk=town_id)
    queries.require_staff_town(request.user, town)
    return HttpResponse(
        documents.report_docx(reports.yearly(town=town, year=year)).getvalue(), content_type=documents.DOCX
    )


@router.get("/report.xlsx")
def report_xlsx(request, year: Year, town_id: Id):
    town = town_get_for(user=request.user, pk=town_id)
    queries.require_staff_town(request.user, town)
    return HttpResponse(
        documents.report_xlsx(reports.yearly(town=town, year=year)).getvalue(), content_type=documents.XLSX
    )


@router.get("/{pk}", response=SuggDetailOut, openapi_extra=S)
def suggestion_get(request, pk: Id):
    return suggestion_detail_out(_get(request, pk))


@router.get("/{pk}/history", response=list[HistoryOut], openapi_extra=S)
def suggestion_history(request, pk: Id):
    s = _get(request, pk)
    return [
        {
            "code": a.code,
            "label": activity_label(a.code),
            "actor": str(a.actor) if a.actor else "",
            "at": a.created_at,
            "data": a.data,
            "details": [{"label": k, "value": v} for k, v in activity_details(Suggestion, a.data)],
        }
        for a in activities_for(subject=s)
    ]


@router.get("/{pk}/similar", response=list[SimilarOut], openapi_extra=S)
def suggestion_similar(request, pk: Id):
    s = _get(request, pk)
    if not queries.user_is_staff_of(request.user, s):
        raise PermissionDenied
    return [
        {"id": o.pk, "town": o.town_id, "number": o.number, "title": o.title, "score": sc}
        for o, sc in queries.similar_to(suggestion=s)
    ]


@router.post("/{pk}/submit", response=SuggOut, openapi_extra=S)
def suggestion_submit(request, pk: Id, payload: SuggVersionIn):
    s = services.suggestion_submit(suggestion=_get(request, pk), actor=request.user, version=payload.version)
    return suggestion_out(s)


@router.post("/{pk}/cosign", response=SuggOut, openapi_extra=S)
def suggestion_cosign(request, pk: Id):
    s = _get(request, pk)
    return suggestion_out(
        services.suggestion_cosign(suggestion=s, person=_person(request, s, None), actor=request.user)
    )


@router.post("/{pk}/review", response=SuggOut, openapi_extra=S)
def suggestion_review(request, pk: Id, payload: SuggReviewIn):
    s = services.suggestion_review(
        suggestion=_get(request, pk),
        accept=payload.accept,
        reason=payload.reason,
        note=payload.note,
        actor=request.user,
        version=payload.version,
    )
    return suggestion_out(s)


@router.post("/{pk}/assign", response=SuggOut, openapi_extra=S)
def suggestion_assign(request, pk: Id, payload: SuggAssignIn):
    s = _get(request, pk)
    ids = [payload.lead_unit_id, *payload.co_unit_ids]
    units = queries.units_in_town(town=s.town, ids=ids)
    if len(units) != len(set(ids)):
        raise ValidationError(_("承办单位不存在或不属于本镇（街道）"))
    s = services.suggestion_assign(
        suggestion=s,
        lead_unit=units[payload.lead_unit_id],
        co_units=[units[i] for i in payload.co_unit_ids],
        difficult=payload.difficult,
        actor=request.user,
        version=payload.version,
    )
    return suggestion_out(s)


@router.post("/{pk}/sign", response=SuggOut, openapi_extra=S)
def suggestion_sign(request, pk: Id):
    s = _get(request, pk)
    services.suggestion_sign(suggestion=s, unit=_unit(request, s), actor=request.user)
    return suggestion_out(_get(request, pk))


@router.post("/{pk}/return", response=SuggOut, openapi_extra=S)
def suggestion_return(request, pk: Id, payload: SuggReasonIn):
    s = _get(request, pk)
    unit = _unit(request, s)
    return suggestion_out(
        services.suggestion_return(
            suggestion=s, unit=unit, reason=payload.reason, actor=request.user, version=payload.version
        )
    )


@router.post("/{pk}/contacts", response={201: ContactOut}, openapi_extra=S)
def suggestion_contact(request, pk: Id, payload: SuggContactIn):
    s = _get(request, pk)
    c = services.suggestion_contact_record(
        suggestion=s,
        unit=_unit(request, s),
        date=payload.date,
        way=payload.way,
        summary=payload.summary,
        actor=request.user,
    )
    return 201, {"id": c.pk, "town": c.town_id, "date": c.date, "way": c.way}


@router.post("/{pk}/co-opinion", response=SuggOut, openapi_extra=S)
def suggestion_co_opinion(request, pk: Id, payload: SuggOpinionIn):
    s = _get(request, pk)
    services.suggestion_co_opinion(
        suggestion=s, unit=_unit(request, s), opinion=payload.opinion, actor=request.user
    )
    return suggestion_out(_get(request, pk))


@router.post("/{pk}/extension", response={201: ExtensionOut}, openapi_extra=S)
def suggestion_extension(request, pk: Id, payload: SuggExtensionIn):
    s = _get(request, pk)
    e = services.suggestion_extension_request(
        suggestion=s, unit=_unit(request, s), days=payload.days, reason=payload.reason, actor=request.user
    )
    return 201, {"id": e.pk, "town": e.town_id, "state": e.state, "days": e.days}


@router.post("/{pk}/extension/decide", response=ExtensionDecisionOut, openapi_extra=S)
def suggestion_extension_decide(request, pk: Id, payload: SuggDecideIn):
    s = _get(request, pk)
    e = services.suggestion_extension_decide(suggestion=s, approve=payload.approve, actor=request.user)
    return {"id": e.pk, "town": e.town_id, "state": e.state, "due_date": _get(request, pk).due_date}


@router.post("/{pk}/reply", response=SuggOut, openapi_extra=S)
def suggestion_reply(
    request,
    pk: Id,
    outcome_class: Form[str] = "",
    text: Form[str] = "",
    planned_date: Form[dt.date | None] = None,
    version: Form[Count | None] = None,
    letter: File[UploadedFile | None] = None,
):
    """The lead unit's reply (multipart): outcome class, text, planned date for B, the signed letter."""
    s = _get(request, pk)
    services.suggestion_reply(
        suggestion=s,
        unit=_unit(request, s),
        outcome_class=outcome_class,
        text=text,
        letter=letter,
        planned_date=planned_date,
        actor=request.user,
        version=version,
    )
    return suggestion_out(_get(request, pk))


@router.post("/{pk}/feedback", response=SuggOut, openapi_extra=S)
def suggestion_feedback(request, pk: Id, payload: SuggFeedbackIn):
    s = _get(request, pk)
    services.suggestion_feedback(
        suggestion=s,
        person=_person(request, s, payload.person_id),
        work_score=payload.work_score,
        result_score=payload.result_score,
        comment=payload.comment,
        actor=request.user,
    )
    return suggestion_out(_get(request, pk))


@router.post("/{pk}/close", response=SuggOut, openapi_extra=S)
def suggestion_close(request, pk: Id, payload: SuggVersionIn):
    return suggestion_out(
        services.suggestion_close(suggestion=_get(request, pk), actor=request.user, version=payload.version)
    )


@router.post("/{pk}/merge", response=SuggDetailOut, openapi_extra=S)
def suggestion_merge(request, pk: Id, payload: SuggMergeIn):
    s = _get(request, pk)
    queries.require_staff(request.user, s)
    others = [queries.suggestion_get_for(user=request.user, pk=i) for i in payload.other_ids]
    return suggestion_detail_out(services.suggestion_merge(target=s, others=others, actor=request.user))


@router.post("/{pk}/key", response=SuggDetailOut, openapi_extra=S)
def suggestion_key(request, pk: Id, payload: SuggKeyIn):
    s = _get(request, pk)
    queries.require_staff(request.user, s)
    s = services.suggestion_key_set(
        suggestion=s,
        is_key=payload.is_key,
        supervisors=_persons(s.town, payload.supervisor_ids),
        actor=request.user,
    )
    return suggestion_detail_out(s)


@router.get("/{pk}/supervisor-candidates", response=list[CandidateOut], openapi_extra=S)
def suggestion_supervisor_candidates(request, pk: Id):
    s = _get(request, pk)
    queries.require_staff(request.user, s)
    return [
        {"person": p.pk, "town": p.town_id, "name": p.name, "matched": m}
        for p, m in queries.supervisor_candidates(suggestion=s)
    ]


@router.post("/{pk}/publish", response=SuggOut, openapi_extra=S)
def suggestion_publish(request, pk: Id, payload: SuggPublishIn):
    return suggestion_out(
        services.suggestion_publish(
            suggestion=_get(request, pk), published=payload.published, actor=request.user
        )
    )


@router.post("/{pk}/followup", response=SuggOut, openapi_extra=S)
def suggestion_followup(request, pk: Id, payload: SuggFollowupIn):
    s = services.suggestion_followup_check(
        suggestion=_get(request, pk),
        done=payload.done,
        note=payload.note,
        new_date=payload.new_date,
        actor=request.user,
    )
    return suggestion_out(s)


@router.post("/{pk}/attachments", response={201: AttachmentOut}, openapi_extra=S)
def suggestion_attachment_add(request, pk: Id, file: File[UploadedFile | None] = None):
    s = _get(request, pk)
    if file is None:
        raise ValidationError(_("请选择文件"))
    a = services.suggestion_attachment_add(suggestion=s, upload=file, actor=request.user)
    return 201, {"id": a.pk, "town": a.town_id, "name": a.name, "mime": a.mime, "size": a.size}


__all__ = ["KeyNotice", "SuggestionAttachment", "router"]


@router.get("/{pk}/clocks", response=SuggClocksOut, openapi_extra=S)
def suggestion_clocks(request, pk: Id):
    """The item's clocks: each due date with its rule and how it was computed, provisional or not; before
    assignment, `assignment_deadline` is the day by which the office must assign it."""
    s = _get(request, pk)
    clocks = clock_rows(s)
    waiting = next((c for c in clocks if c["kind"] == "suggestion.assign" and c["stopped_at"] is None), None)
    return {
        "due_date": s.due_date,
        "assigned_on": s.assigned_on,
        "assignment_deadline": waiting["due_date"] if waiting else None,
        "clocks": clocks,
    }


# The supervision log's operations (api_supervision.py) join this router.
from . import api_supervision  # noqa: E402, F401
