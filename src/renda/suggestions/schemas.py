"""The suggestion API's schemas: what comes in and, typed, what goes out (choice fields as enums in the
OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from renda.core.api_parts import ClockOut, HistoryDetailOut
from renda.core.deadlines.status import clock_current, clock_summary
from renda.core.types import Count, Id, Year

from . import queries
from .models import (
    AttachmentKind,
    Channel,
    ContactWay,
    ExtensionState,
    FollowUp,
    Kind,
    Score,
    State,
    Suggestion,
    UnitRole,
)

# --- in -------------------------------------------------------------------------------------------


class SuggCreateIn(Schema):
    title: str
    content: str
    kind: str = "suggestion"
    topic: str = ""
    channel: str = "recess"
    signer_ids: list[Id] = []
    town_id: Id | None = None
    submit: bool = True


class SuggNoticeIn(Schema):
    town_id: Id
    year: Year
    deadline: dt.date | None = None


class SuggVersionIn(Schema):
    version: Count | None = None


class SuggReviewIn(Schema):
    accept: bool
    reason: str = ""
    note: str = ""
    version: Count | None = None


class SuggAssignIn(Schema):
    lead_unit_id: Id
    co_unit_ids: list[Id] = []
    difficult: bool = False
    version: Count | None = None


class SuggReasonIn(Schema):
    reason: str
    version: Count | None = None


class SuggContactIn(Schema):
    date: dt.date
    way: str
    summary: str


class SuggOpinionIn(Schema):
    opinion: str


class SuggExtensionIn(Schema):
    days: Count
    reason: str


class SuggDecideIn(Schema):
    approve: bool


class SuggFeedbackIn(Schema):
    work_score: str
    result_score: str
    comment: str = ""
    person_id: Id | None = None


class SuggMergeIn(Schema):
    other_ids: list[Id]


class SuggKeyIn(Schema):
    is_key: bool
    supervisor_ids: list[Id] = []


class SuggPublishIn(Schema):
    published: bool


class SuggFollowupIn(Schema):
    done: bool
    note: str = ""
    new_date: dt.date | None = None


# --- out ------------------------------------------------------------------------------------------


class SuggOut(Schema):
    id: int
    town: int
    year: int
    number: str
    kind: Kind
    title: str
    content: str
    topic: str
    channel: Channel
    state: State
    version: int
    lead_person: int | None
    source_label: str
    on_behalf: bool
    difficult: bool
    assigned_on: dt.date | None
    due_date: dt.date | None
    lead_unit: int | None
    outcome_class: str
    replied_on: dt.date | None
    replied_on_time: bool | None
    followup: FollowUp
    followup_date: dt.date | None
    is_key: bool
    published: bool
    merged_into: int | None


class SuggListOut(Schema):
    count: int
    items: list[SuggOut]


class SignerOut(Schema):
    person: int
    name: str
    lead: bool
    confirmed: bool


class AssignmentOut(Schema):
    unit: int
    unit_name: str
    role: UnitRole
    active: bool
    signed: bool
    returned: bool
    return_reason: str
    opinion: str


class ContactRowOut(Schema):
    unit: int
    date: dt.date
    way: ContactWay
    summary: str


class ReplyRowOut(Schema):
    round: int
    unit: int
    outcome_class: str
    text: str
    planned_date: dt.date | None
    replied_on: dt.date
    due_date: dt.date | None
    on_time: bool
    letter: int | None


class FeedbackRowOut(Schema):
    round: int
    person: int
    work: Score
    result: Score


class ExtensionRowOut(Schema):
    id: int
    days: int
    reason: str
    state: ExtensionState


class AttachmentRowOut(Schema):
    id: int
    name: str
    kind: AttachmentKind
    size: int


class DeadlineOut(Schema):
    kind: str
    start_date: dt.date
    due_date: dt.date
    status: str
    status_label: str
    paused: bool
    provisional: bool


class SuggDetailOut(SuggOut):
    signers: list[SignerOut]
    assignments: list[AssignmentOut]
    contacts: list[ContactRowOut]
    replies: list[ReplyRowOut]
    feedbacks: list[FeedbackRowOut]
    extensions: list[ExtensionRowOut]
    attachments: list[AttachmentRowOut]
    supervisors: list[int]
    deadline: DeadlineOut | None


class HistoryOut(Schema):
    code: str
    label: str
    actor: str
    at: dt.datetime
    data: dict[str, Any]  # as stored
    details: list[HistoryDetailOut]  # the same in the reader's language (field and choice labels)


class SimilarOut(Schema):
    id: int
    town: int
    number: str
    title: str
    score: float


class CandidateOut(Schema):
    person: int
    town: int
    name: str
    matched: list[str]


class ContactOut(Schema):
    id: int
    town: int
    date: dt.date
    way: ContactWay


class ExtensionOut(Schema):
    id: int
    town: int
    state: ExtensionState
    days: int


class ExtensionDecisionOut(Schema):
    id: int
    town: int
    state: ExtensionState
    due_date: dt.date | None


class AttachmentOut(Schema):
    id: int
    town: int
    name: str
    mime: str
    size: int


class KeyNoticeOut(Schema):
    id: int
    town: int
    doc_number: str
    count: int


class FigureOut(Schema):
    label: str
    value: int | float | None
    link: str


class UnitFiguresOut(Schema):
    unit: int
    name: str
    assigned: int
    replied: int
    on_time: int
    on_time_rate: float | None
    by_class: dict[str, int]
    satisfaction_rate: float | None
    link: str


class ReportOut(Schema):
    town: int
    year: int
    totals: list[FigureOut]
    by_class: list[FigureOut]
    satisfaction: list[FigureOut]
    key: list[FigureOut]
    key_share_warning: str
    units: list[UnitFiguresOut]


class SuggClocksOut(Schema):
    due_date: dt.date | None
    assigned_on: dt.date | None
    assignment_deadline: dt.date | None
    clocks: list[ClockOut]


# --- the answers, built from the rows ----------------------------------------------------------------


def suggestion_out(s: Suggestion) -> dict:
    return {
        "id": s.pk,
        "town": s.town_id,
        "year": s.year,
        "number": s.number,
        "kind": s.kind,
        "title": s.title,
        "content": s.content,
        "topic": s.topic,
        "channel": s.channel,
        "state": s.state,
        "version": s.version,
        "lead_person": s.lead_person_id,
        "source_label": s.source_label,
        "on_behalf": s.on_behalf,
        "difficult": s.difficult,
        "assigned_on": s.assigned_on,
        "due_date": s.due_date,
        "lead_unit": s.lead_unit_id,
        "outcome_class": s.outcome_class,
        "replied_on": s.replied_on,
        "replied_on_time": s.replied_on_time,
        "followup": s.followup,
        "followup_date": s.followup_date,
        "is_key": s.is_key,
        "published": s.published,
        "merged_into": s.merged_into_id,
    }


def suggestion_detail_out(s: Suggestion) -> dict:
    out = suggestion_out(s)
    out["signers"] = [
        {
            "person": x.person_id,
            "name": x.person.name,
            "lead": x.lead,
            "confirmed": x.confirmed_at is not None,
        }
        for x in s.signers.select_related("person")
    ]
    out["assignments"] = [
        {
            "unit": a.unit_id,
            "unit_name": a.unit.name,
            "role": a.role,
            "active": a.active,
            "signed": a.signed_at is not None,
            "returned": a.returned_at is not None,
            "return_reason": a.return_reason,
            "opinion": a.opinion,
        }
        for a in s.assignments.select_related("unit")
    ]
    out["contacts"] = [
        {"unit": c.unit_id, "date": c.date, "way": c.way, "summary": c.summary} for c in s.contacts.all()
    ]
    out["replies"] = [
        {
            "round": r.round,
            "unit": r.unit_id,
            "outcome_class": r.outcome_class,
            "text": r.text,
            "planned_date": r.planned_date,
            "replied_on": r.replied_on,
            "due_date": r.due_date,
            "on_time": r.on_time,
            "letter": r.letter_id,
        }
        for r in s.replies.all()
    ]
    out["feedbacks"] = [
        {"round": f.reply.round, "person": f.person_id, "work": f.work_score, "result": f.result_score}
        for f in s.feedbacks.select_related("reply")
    ]
    out["extensions"] = [
        {"id": e.pk, "days": e.days, "reason": e.reason, "state": e.state} for e in s.extensions.all()
    ]
    out["attachments"] = [
        {"id": a.pk, "name": a.name, "kind": a.kind, "size": a.size} for a in s.attachments.all()
    ]
    out["supervisors"] = [k.person_id for k in s.supervisors.all()]
    clock = clock_current(subject=s, kinds=queries.REPLY_CLOCKS) if s.due_date else None
    out["deadline"] = clock_summary(clock).as_dict() if clock else None
    return out
