"""The supervision log's API schemas (督办记录)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from renda.core.types import Id

from .models import SupervisionEntry, SupervisionKind

NOTES_MAX = 4000


class SupervisionIn(Schema):
    """One supervision step: its kind, date (not in the future, not before the suggestion became key) and
    notes; town staff recording on a supervisor's behalf name the supervisor."""

    # Optional to the parser so that access is decided first (403/404 before 422); the service requires them.
    kind: SupervisionKind | None = None
    date: dt.date | None = None
    notes: Annotated[str, Field(max_length=NOTES_MAX)] = ""
    supervisor_id: Id | None = None


class SupervisionEntryOut(Schema):
    id: int
    town: int
    suggestion: int
    supervisor_id: int
    supervisor: str
    kind: SupervisionKind
    kind_label: str
    date: dt.date
    notes: str
    attachment_name: str
    created_at: dt.datetime


def supervision_entry_out(e: SupervisionEntry) -> dict:
    return {
        "id": e.pk,
        "town": e.town_id,
        "suggestion": e.suggestion_id,
        "supervisor_id": e.supervisor_id,
        "supervisor": e.supervisor.name,
        "kind": e.kind,
        "kind_label": str(e.get_kind_display()),
        "date": e.date,
        "notes": e.notes,
        "attachment_name": e.attachment_name,
        "created_at": e.created_at,
    }
