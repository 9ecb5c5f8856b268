"""Core API: the signed-in user's inbox and notification preferences; the working-day calendar's years."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from .access import user_is_district_staff
from .deadlines.calendar import calendar_years
from .deadlines.services import calendar_dates_parse, calendar_year_set
from .notifications.messages import render_body, render_title
from .notifications.models import Delivery, NotificationKind
from .notifications.queries import notification_get_for, notification_unread_count, notifications_for
from .notifications.services import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
    preferences_for,
)

router = Router(tags=["core"])


class NotificationOut(Schema):
    id: int
    town_id: int
    kind: NotificationKind
    title: str
    body: str
    link: str
    statutory: bool
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def resolve_title(obj):
        return render_title(obj)

    @staticmethod
    def resolve_body(obj):
        return render_body(obj)


class CountOut(Schema):
    count: int


class ReadIn(Schema):
    ids: list[int]


class PreferencesIO(Schema):
    preferences: dict[NotificationKind, Delivery]


@router.get("/notifications", response=list[NotificationOut])
@paginate
def notification_list(request, unread: bool = False):
    """My notifications, newest first."""
    return notifications_for(user=request.user, unread_only=unread)


@router.get("/notifications/unread-count", response=CountOut)
def notification_unread(request):
    return {"count": notification_unread_count(user=request.user)}


@router.post("/notifications/read", response=CountOut)
def notification_read(request, payload: ReadIn):
    """Mark my notifications read; 404 if any of them is not mine."""
    found = [notification_get_for(user=request.user, pk=pk) for pk in payload.ids]
    for n in found:
        notification_mark_read(notification=n, actor=request.user)
    return {"count": len(found)}


@router.post("/notifications/read-all", response=CountOut)
def notification_read_all(request):
    return {"count": notifications_mark_all_read(user=request.user, actor=request.user)}


@router.get("/notifications/preferences", response=PreferencesIO)
def notification_preferences(request):
    return {"preferences": preferences_for(request.user)}


@router.put("/notifications/preferences", response=PreferencesIO)
def notification_preferences_update(request, payload: PreferencesIO):
    """Immediately, daily digest or off, per kind; statutory escalations always go out."""
    values = {str(k): str(v) for k, v in payload.preferences.items()}
    return {"preferences": notification_preferences_set(user=request.user, values=values, actor=request.user)}


class ClockOut(Schema):
    """A clock as items show it: `provisional` when its due date rests on a year whose official holiday
    schedule is not entered yet (statutory holidays computed; the date may still move)."""

    kind: str
    start_date: dt.date
    due_date: dt.date
    status: str
    status_label: str
    paused: bool
    provisional: bool


class CalendarYearOut(Schema):
    year: int
    status: str  # official (entered) | package (chinese-calendar) | provisional (computed)
    status_label: str
    holidays: list[dt.date]
    workdays: list[dt.date]

    @staticmethod
    def resolve_holidays(obj):
        return [d for d, _name in obj.holidays]


class CalendarYearsOut(Schema):
    # National data, not a town's rows: an object holding the years rather than a list of rows.
    years: list[CalendarYearOut]


class CalendarYearIn(Schema):
    year: int
    holidays: list[str]  # "2027-01-01" or a range "2027-02-05~2027-02-11"
    workdays: list[str] = []


class CalendarYearSetOut(Schema):
    year: CalendarYearOut
    clocks_moved: int


def _dates(values: list[str], field: str):
    try:
        return calendar_dates_parse("\n".join(values))
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


@router.get("/calendar/years", response=CalendarYearsOut)
def calendar_year_list(request, year: int | None = None):
    """The working-day calendar of a year (default: this year and the next)."""
    today = timezone.localdate()
    low, high = settings.RENDA["CALENDAR_YEARS"]
    if year is not None and not low <= year <= high:
        raise ValidationError(_("年份须在 %(low)s 至 %(high)s 之间") % {"low": low, "high": high})
    return {"years": calendar_years([year] if year else [today.year, today.year + 1])}


@router.post("/calendar/years", response=CalendarYearSetOut)
def calendar_year_enter(request, payload: CalendarYearIn):
    """Enter a year's official schedule (district staff): running clocks are recomputed."""
    if not user_is_district_staff(request.user):
        raise PermissionDenied
    holidays, workdays = _dates(payload.holidays, "holidays"), _dates(payload.workdays, "workdays")
    result = calendar_year_set(year=payload.year, holidays=holidays, workdays=workdays, actor=request.user)
    return {"year": calendar_years([result.row.year])[0], "clocks_moved": len(result.moved)}
