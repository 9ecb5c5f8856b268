"""The receptions API's bodies: typed Out schemas (choice fields as enums in the OpenAPI) and the In bodies."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema

from renda.core.api import DeadlineOut
from renda.core.api_parts import ClockOut
from renda.core.types import Count, Id, LocalTime

from .enums import AppealSource, AppealState, DayState, FeedbackVia, ReplyMethod, Satisfaction

# ----------------------------------------------------------------------------------------------- out


class DayOut(Schema):
    id: int
    town_id: int
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    place: str
    leader_name: str
    state: DayState
    deputies: list[str]
    version: int = 0


class DayPage(Schema):
    count: int
    items: list[DayOut]


class AppealOut(Schema):
    id: int
    town_id: int
    tracking_code: str
    source: AppealSource
    received_on: dt.date
    category: str
    village: str | None
    content: str
    citizen_name: str
    citizen_phone: str
    state: AppealState
    handler: str | None
    unit: str | None
    due_date: dt.date | None
    reply_method: ReplyMethod | Literal[""]
    replied_on: dt.date | None
    replied_by: str
    reply_text: str
    replied_on_time: bool | None
    satisfaction: Satisfaction | Literal[""]
    satisfaction_via: FeedbackVia | Literal[""] = ""
    reviews: int
    suggestion_id: int | None
    version: int
    # The reply clock (GET /appeals/{pk} only): status and whether the due date is provisional.
    deadline: DeadlineOut | None = None


class AppealPage(Schema):
    count: int
    items: list[AppealOut]


class PiiOut(Schema):
    citizen_name: str
    citizen_phone: str


class AppealClocksOut(Schema):
    due_date: dt.date | None
    clocks: list[ClockOut]


# ------------------------------------------------------------------------------------------------ in


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


class ConvertIn(Schema):
    signer_ids: list[Id]
    title: str = ""


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
