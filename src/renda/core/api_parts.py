"""Pieces the apps' API modules share: an item's history, its clocks, and the version of records that
have no version column (a fingerprint of the fields an edit may change)."""

from __future__ import annotations

import datetime as dt
import zlib

from django.db import models
from ninja import Schema

from .audit import activities_for, activity_label
from .resources import HistoryOut

__all__ = ["ClockOut", "HistoryOut", "clock_rows", "fingerprint", "history_rows"]


def history_rows(subject: models.Model, limit: int = 200) -> list[dict]:
    """The item's audit rows, newest first. Call only after the item's access check."""
    return [
        {
            "code": e.code,
            "label": activity_label(e.code),
            "actor": str(e.actor) if e.actor else None,
            "created_at": e.created_at,
            "data": e.data,
        }
        for e in activities_for(subject=subject)[:limit]
    ]


class ClockOut(Schema):
    kind: str
    label: str
    rule: str
    rule_unit: str
    rule_amount: int
    start_date: dt.date
    due_date: dt.date
    explanation: str
    provisional: bool
    warning: str
    status: str
    status_label: str
    paused_since: dt.date | None
    paused_days: int
    extended_days: int
    stopped_at: dt.datetime | None


def clock_rows(subject: models.Model) -> list[dict]:
    """Every clock on the item (running first), with how its due date was computed."""
    from .deadlines.status import clock_facts, clocks_on

    return [clock_facts(c) for c in clocks_on(subject=subject)]


def fingerprint(*values) -> int:
    """A version number for a record without a version column: it changes whenever one of the values does."""
    return zlib.crc32("\x1f".join(str(v) for v in values).encode())
