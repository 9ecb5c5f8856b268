"""The suggestion API's schemas: what comes in and, typed, what goes out (choice fields as enums in the
OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from renda.core.api_parts import ClockOut
from renda.core.types import Count, Id, Year

from .models import (
    AttachmentKind,
    Channel,
    ContactWay,
    ExtensionState,
    FollowUp,
    Kind,
    Score,
    State,
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
    data: dict[str, Any]


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
