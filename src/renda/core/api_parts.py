"""Pieces the apps' API modules share: an item's history, its clocks, and the version of records that
have no version column (a fingerprint of the fields an edit may change)."""

from __future__ import annotations

import datetime as dt
import zlib

from django.db import models
from ninja import Schema

from .audit import activities_for, activity_details, activity_label

__all__ = ["ClockOut", "HistoryOut", "clock_rows", "fingerprint", "history_rows"]


class HistoryDetailOut(Schema):
    label: str  # the field's name in the reader's language ("" for a free note)
    value: str  # the value as a reader sees it: a choice's label, 是/否, "old → new"


class HistoryOut(Schema):
    code: str
    label: str
    actor: str | None
    created_at: dt.datetime
    data: dict  # as stored: field names and stored values
    details: list[HistoryDetailOut]  # the same in the reader's language


def history_rows(subject: models.Model, limit: int = 200) -> list[dict]:
    """The item's audit rows, newest first. Call only after the item's access check."""
    model = type(subject)
    return [
        {
            "code": e.code,
            "label": activity_label(e.code),
            "actor": str(e.actor) if e.actor else None,
            "created_at": e.created_at,
            "data": e.data,
            "details": [{"label": k, "value": v} for k, v in activity_details(model, e.data)],
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


class DeadlineOut(Schema):
    """A clock as items show it: `provisional` when its due date rests on a year whose official holiday
    schedule is not entered yet (statutory holidays computed; the date may still move)."""

    kind: str
    start_date: dt.date
    due_date: dt.date
    status: str
    status_label: str
    paused: bool
    provisional: bool


def clock_rows(subject: models.Model) -> list[dict]:
    """Every clock on the item (running first), with how its due date was computed."""
    from .deadlines.status import clock_facts, clocks_on

    return [clock_facts(c) for c in clocks_on(subject=subject)]


def fingerprint(*values) -> int:
    """A version number for a record without a version column: it changes whenever one of the values does."""
    return zlib.crc32("\x1f".join(str(v) for v in values).encode()) & 0x7FFFFFFF  # fits the Count bound


def pick(qs, pk: int | None, *, field: str, message):
    """The record `pk` among those the caller may use (`qs`, already narrowed to the town); None for None.
    An id outside is a validation error on `field`, not a 404: the operation's own object was found."""
    from django.core.exceptions import ValidationError

    if pk is None:
        return None
    found = qs.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


def pick_many(qs, ids: list[int] | None, *, field: str, message) -> list | None:
    """The records `ids` in the order given (None for None); any unknown id is a validation error."""
    from django.core.exceptions import ValidationError

    if ids is None:
        return None
    found = {o.pk: o for o in qs.filter(pk__in=ids)}
    if set(ids) - set(found):
        raise ValidationError({field: message})
    return [found[i] for i in dict.fromkeys(ids)]


def town_pick(*, user, town_id: int | None, roles: tuple[str, ...]):
    """The town a create operation works in: the one named (among the towns the user sees), else the only
    town where the user has one of `roles`. Whether the user may act there is the service's check."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils.translation import gettext as _

    from .access import grants_of
    from .queries import towns_for

    towns = towns_for(user=user)
    if town_id is not None:
        return pick(towns, town_id, field="town_id", message=_("镇（街道）不存在"))
    g = grants_of(user)
    mine = set().union(*(g.roles.get(r, frozenset()) for r in roles))
    if not mine:
        raise PermissionDenied(_("无权进行此操作"))
    if len(mine) > 1:
        raise ValidationError({"town_id": _("请指定镇（街道）")})
    return towns.get(pk=next(iter(mine)))
