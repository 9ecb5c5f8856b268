"""Core API: the signed-in user's inbox and notification preferences; district staff manage the accounts and
role grants of their district; the working-day calendar's years."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from . import queries as core_queries
from . import services as core_services
from .access import user_is_district_staff
from .api_parts import DeadlineOut, HistoryOut, history_rows  # noqa: F401  (DeadlineOut: re-exported for receptions)
from .deadlines.calendar import calendar_years
from .deadlines.services import calendar_dates_parse, calendar_year_set
from .enums import Role
from .notifications.messages import render_body, render_title
from .notifications.models import Delivery, NotificationKind
from .notifications.queries import notification_get_for, notification_unread_count, notifications_for
from .notifications.services import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
    preferences_for,
)
from .types import Count, Id, Limit, LimitOffset, Offset, Year

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
    ids: list[Id]


class PreferencesIO(Schema):
    preferences: dict[NotificationKind, Delivery]


@router.get("/notifications", response=list[NotificationOut])
@paginate(LimitOffset)
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


# --- accounts and role grants: district staff only, every change audited ------------------------------


U = {"x-renda-model": "core.user"}
G = {"x-renda-model": "core.rolegrant"}


class GrantIn(Schema):
    role: Role
    district_id: Id | None = None
    town_id: Id | None = None
    unit_id: Id | None = None
    person_id: Id | None = None


class GrantAddIn(GrantIn):
    version: Count | None = None


class GrantOut(Schema):
    id: int
    role: str
    role_label: str
    district_id: int | None
    town_id: int | None
    unit_id: int | None
    person_id: int | None
    created_at: dt.datetime


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    phone: str
    is_active: bool
    last_login: dt.datetime | None
    grants: list[GrantOut]
    version: int


class UserPage(Schema):
    count: int
    items: list[UserOut]


class UserCreateIn(Schema):
    username: str
    password: str
    display_name: str
    phone: str = ""
    grants: list[GrantIn]


class UserUpdateIn(Schema):
    display_name: str | None = None
    phone: str | None = None
    is_active: bool | None = None
    version: Count | None = None


def _grant(g) -> dict:
    return {
        "id": g.pk,
        "role": g.role,
        "role_label": g.get_role_display(),
        "district_id": g.district_id,
        "town_id": g.town_id,
        "unit_id": g.unit_id,
        "person_id": g.person_id,
        "created_at": g.created_at,
    }


def _account(u) -> dict:
    return {
        "id": u.pk,
        "username": u.username,
        "display_name": u.display_name,
        "phone": u.phone,
        "is_active": u.is_active,
        "last_login": u.last_login,
        "grants": [_grant(g) for g in core_queries.role_grants_of(account=u)],
        "version": core_services.user_version(u),
    }


def _district_staff_only(request) -> None:
    if not user_is_district_staff(request.user):
        raise PermissionDenied(_("只有本区人大常委会工作人员可以管理账号和角色"))


def _targets(request, g: GrantIn) -> dict:
    return core_queries.grant_targets(
        user=request.user,
        district_id=g.district_id,
        town_id=g.town_id,
        unit_id=g.unit_id,
        person_id=g.person_id,
    )


@router.get("/users", response=UserPage)
def user_list(request, q: str = "", limit: Limit = 50, offset: Offset = 0):
    """The accounts of my district and its towns (district staff), by user name, a page at a time."""
    _district_staff_only(request)
    qs = core_queries.users_managed_by(user=request.user)
    if q:
        from django.db.models import Q

        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    limit = max(1, min(limit, 200))
    rows = list(core_queries.users_with_grants(qs)[offset : offset + limit])
    return {"count": qs.count(), "items": [_account(u) for u in rows]}


@router.post("/users", response={201: UserOut})
def user_create(request, payload: UserCreateIn):
    """Open an account with its first roles (in my district)."""
    _district_staff_only(request)
    grants = [{"role": g.role, **_targets(request, g)} for g in payload.grants]
    user = core_services.user_account_create(
        username=payload.username,
        password=payload.password,
        display_name=payload.display_name,
        phone=payload.phone,
        grants=grants,
        actor=request.user,
    )
    return 201, _account(user)


@router.get("/users/{pk}", response=UserOut, openapi_extra=U)
def user_get(request, pk: Id):
    return _account(core_queries.user_get_for(user=request.user, pk=pk))


@router.patch("/users/{pk}", response=UserOut, openapi_extra=U)
def user_update(request, pk: Id, payload: UserUpdateIn):
    """Change the name or phone, or deactivate / reactivate the account; `version` from the last read."""
    account = core_queries.user_get_for(user=request.user, pk=pk)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    data = {k: v for k, v in data.items() if v is not None}
    account = core_services.user_account_update(
        user=account, data=data, actor=request.user, version=payload.version
    )
    return _account(account)


@router.get("/users/{pk}/history", response=list[HistoryOut], openapi_extra=U)
def user_history(request, pk: Id):
    return history_rows(core_queries.user_get_for(user=request.user, pk=pk))


@router.post("/users/{pk}/grants", response={201: GrantOut}, openapi_extra=U)
def user_grant_add(request, pk: Id, payload: GrantAddIn):
    """Grant the account a further role (in my district)."""
    account = core_queries.user_get_for(user=request.user, pk=pk)
    grant = core_services.role_grant_add(
        user=account,
        role=payload.role,
        actor=request.user,
        version=payload.version,
        **_targets(request, payload),
    )
    return 201, _grant(grant)


@router.delete("/grants/{pk}", response={204: None}, openapi_extra=G)
def grant_revoke(request, pk: Id):
    """Take one role away; an account's last role cannot go (deactivate the account instead)."""
    core_services.role_grant_revoke(
        grant=core_queries.role_grant_get_for(user=request.user, pk=pk), actor=request.user
    )
    return 204, None


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
    year: Year
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
def calendar_year_list(request, year: Year | None = None):
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
