"""Rectification reads: which items a user may see, the list's filters, the figures per town.

Town staff and the town's presidium see every item of their town; district staff every item of their district's
towns; a unit clerk the items of their own unit. The request's town scope limits every query further."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from renda.core.access import grants_of, user_is_staff_for
from renda.core.enums import Role
from renda.core.workflow import workflow_actions_for

from .enums import RectificationState
from .models import RectificationItem, RectificationReport
from .workflow import IN_HAND

STAFF_ROLES = (Role.TOWN_STAFF, Role.DISTRICT_STAFF)
# Still with the unit: assigned, reopened by the re-check. The list's state=open adds reported (being verified).
OPEN_STATES = [RectificationState.ASSIGNED, RectificationState.REOPENED, RectificationState.REPORTED]
DONE_STATES = [RectificationState.CLOSED, RectificationState.CONFIRMED]


def staff_town_ids(user) -> list[int]:
    g = grants_of(user)
    ids: set[int] = set()
    for role in STAFF_ROLES:
        ids |= g.roles.get(role, frozenset())
    if getattr(user, "is_superuser", False):
        ids |= set(g.visible_town_ids)
    return sorted(ids)


def verifier_town_ids(user) -> list[int]:
    """Towns whose items this user may verify: staff towns and the towns of their presidium seats."""
    g = grants_of(user)
    return sorted(set(staff_town_ids(user)) | set(g.roles.get(Role.PRESIDIUM, frozenset())))


def rectification_items_visible_to(*, user) -> QuerySet[RectificationItem]:
    g = grants_of(user)
    q = Q(pk__in=[])
    towns = verifier_town_ids(user)
    if towns:
        q |= Q(town__in=towns)
    if g.unit_ids:
        q |= Q(unit__in=list(g.unit_ids))
    return RectificationItem.objects.filter(q).select_related("town", "unit")


def rectification_item_get_for(*, user, pk) -> RectificationItem:
    item = rectification_items_visible_to(user=user).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def rectification_item_page_get_for(*, user, pk) -> RectificationItem:
    """rectification_item_get_for with what the item's page shows: its source and reports (one query each)."""
    item = (
        rectification_items_visible_to(user=user)
        .filter(pk=pk)
        .select_related("activity", "opinion", "station__appraisal")
        .prefetch_related(
            Prefetch("reports", queryset=RectificationReport.objects.select_related("created_by"))
        )
        .first()
    )
    if item is None:
        raise Http404
    return item


def rectification_report_get_for(*, user, pk) -> RectificationReport:
    """A report (its evidence file) of an item the user may see; 404 otherwise."""
    r = RectificationReport.objects.filter(pk=pk).first()
    if r is None or not rectification_items_visible_to(user=user).filter(pk=r.item_id).exists():
        raise Http404
    return r


def rectification_report_open(report: RectificationReport):
    """The stored evidence file, opened, or None when there is none or it is gone from storage."""
    if not report.file:
        return None
    try:
        return report.file.open("rb")
    except FileNotFoundError:
        return None


def _overdue_q(today: dt.date) -> Q:
    return Q(state__in=list(IN_HAND), due_date__lt=today)


def rectification_items_filtered(
    *,
    user,
    state: str = "",
    unit=None,
    overdue: bool = False,
    year=None,
    town=None,
    mine: bool = False,
    activity=None,
    reopened: bool = False,
) -> QuerySet[RectificationItem]:
    """The list behind every figure: `state` is a state or "open" / "in_hand" (with the unit) / "done"; `mine` keeps the user's units' items."""
    qs = rectification_items_visible_to(user=user)
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state == "in_hand":
        qs = qs.filter(state__in=list(IN_HAND))
    elif state == "done":
        qs = qs.filter(state__in=DONE_STATES)
    elif state:
        qs = qs.filter(state=state)
    if unit:
        qs = qs.filter(unit=unit)
    if town:
        qs = qs.filter(town=town)
    if activity:  # the items an activity raised (a campaign board's cells link here)
        qs = qs.filter(activity=activity)
    if year:
        qs = qs.filter(created_at__year=year)
    if overdue:
        qs = qs.filter(_overdue_q(timezone.localdate()))
    if mine:
        qs = qs.filter(unit__in=list(grants_of(user).unit_ids))
    if reopened:  # reopened on re-check at least once (the figure "reopened")
        qs = qs.filter(reopenings__gt=0)
    return qs


def rectification_is_overdue(item: RectificationItem, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(item.state in IN_HAND and item.due_date and item.due_date < today)


def rectification_figures(*, user, year=None) -> list[dict]:
    """Per visible town: items open (with the unit or being verified), overdue, closed (incl. confirmed),
    reopened on re-check (ever); one query."""
    today = timezone.localdate()
    qs = rectification_items_visible_to(user=user).select_related(None)
    if year:
        qs = qs.filter(created_at__year=year)
    rows = (
        qs.values("town_id", "town__name")
        .annotate(
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            overdue=Count("pk", filter=_overdue_q(today)),
            closed=Count("pk", filter=Q(state__in=DONE_STATES)),
            reopened=Count("pk", filter=Q(reopenings__gt=0)),
            total=Count("pk"),
        )
        .order_by("town__name", "town_id")
    )
    return [
        {
            "town": r["town_id"],
            "town_name": r["town__name"],
            "open": r["open"],
            "overdue": r["overdue"],
            "closed": r["closed"],
            "reopened": r["reopened"],
            "total": r["total"],
        }
        for r in rows
    ]


def rectification_actions_for(*, user, item: RectificationItem) -> set[str]:
    """The steps (workflow actions) this user may take on the item now, read from the transition table."""
    return {t.action for t in workflow_actions_for(item, user)}


def rectification_user_is_staff(user, town_id: int) -> bool:
    return user_is_staff_for(user, town_id)


def units_of_town(*, town):
    from renda.registry.models import HandlingUnit

    return HandlingUnit.objects.filter(town=town, end_date=None).order_by("name")


def unit_in_town(*, town, pk):
    unit = units_of_town(town=town).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def activities_of_town(*, town):
    from .models import Activity

    return Activity.objects.filter(town=town).order_by("-start_date", "-id")


def opinions_of_town(*, town):
    """The town's deliberation opinions an item may come from (issued ones, and those answered)."""
    from .enums import OpinionState
    from .models import Opinion

    return Opinion.objects.filter(town=town).exclude(state=OpinionState.DRAFT).order_by("-id")
