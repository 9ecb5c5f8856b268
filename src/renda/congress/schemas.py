"""The congress API's schemas: what each operation answers (Out) and takes (In), with the choice enums in the
OpenAPI. Lists are paged with `limit`/`offset` and carry the `count` of all matching rows."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from renda.core.types import Count, Id

from .enums import (
    AgendaKind,
    FlagKind,
    FlagState,
    LeaveState,
    MotionKind,
    MotionSource,
    MotionState,
    Presence,
    SessionKind,
    SessionState,
    SpecialRequester,
    VoteKind,
    VoteState,
)

# --- answers ---------------------------------------------------------------------------------------


class SessionOut(Schema):
    id: int
    town: int
    term: int
    number: int
    title: str
    kind: SessionKind
    state: SessionState
    start_date: dt.date
    end_date: dt.date
    venue: str
    motion_deadline: dt.date | None
    quorum_present: int | None
    quorum_serving: int | None
    version: int = 0


class SessionPage(Schema):
    count: int
    items: list[SessionOut]


class MotionOut(Schema):
    id: int
    town: int
    session: int
    number: int | None
    kind: MotionKind
    source: MotionSource
    title: str
    state: MotionState
    lead: str | None
    signers: list[str]


class MotionPage(Schema):
    count: int
    items: list[MotionOut]


class VoteOut(Schema):
    id: int
    town: int
    session: int
    title: str
    kind: VoteKind
    day: dt.date
    state: VoteState
    yes: int
    no: int
    abstain: int
    not_voting: int
    serving: int | None
    passed: bool | None


class AgendaItemOut(Schema):
    id: int
    town: int
    session: int
    order: int
    kind: AgendaKind
    title: str
    version: int


class LeaveOut(Schema):
    id: int
    town: int
    session: int
    person: int
    person_name: str
    first_day: dt.date
    last_day: dt.date
    reason: str
    state: LeaveState
    decided_by: str | None
    decided_at: dt.datetime | None
    version: int


class RollCallRow(Schema):
    person: int
    name: str
    presence: Presence
    recorded: bool
    has_leave: bool


class RollCallOut(Schema):
    day: dt.date
    present: int
    serving: int
    needed: int
    recorded: int
    rows: list[RollCallRow]


class FlagOut(Schema):
    id: int
    person: int
    person_name: str
    kind: FlagKind
    state: FlagState


class RollCallResult(Schema):
    flags: list[FlagOut]
    roll_call: RollCallOut


class ComplianceCell(Schema):
    ok: bool | None
    text: str
    url: str


class ComplianceRow(Schema):
    town: int
    town_name: str
    year: int
    failing: int
    cells: dict[str, ComplianceCell]


class CompliancePage(Schema):
    count: int
    items: list[ComplianceRow]


# --- input -----------------------------------------------------------------------------------------


class CountsIn(Schema):
    yes: Count
    no: Count
    abstain: Count
    not_voting: Count = 0
    close: bool = False


class SessionIn(Schema):
    town_id: Id | None = None
    kind: SessionKind
    number: Count | None = None
    start_date: dt.date
    end_date: dt.date
    venue: str = ""
    motion_deadline: dt.date | None = None
    requested_by: SpecialRequester | None = None
    requester_ids: list[Id] = []


class SessionPatchIn(Schema):
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    venue: str | None = None
    motion_deadline: dt.date | None = None
    version: Count | None = None


class AgendaIn(Schema):
    kind: AgendaKind
    title: str


class AgendaPatchIn(Schema):
    kind: AgendaKind | None = None
    title: str | None = None
    order: Count | None = None
    version: Count | None = None


class LeaveIn(Schema):
    person_id: Id | None = None
    first_day: dt.date
    last_day: dt.date
    reason: str


class DecideIn(Schema):
    approve: bool
    version: Count | None = None


class RollCallIn(Schema):
    day: dt.date
    presence: dict[int, Presence]


class SessionDayIn(Schema):
    day: dt.date
