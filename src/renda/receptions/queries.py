"""Reception and appeal reads: rows a user may see, the access functions (404 for absent and not yours),
the petitions office's and the discipline inspection's lists, and the figures per town."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from renda.core.access import grants_of
from renda.core.enums import Role

from .enums import AppealState, DayState, Satisfaction
from .models import OPEN_STATES, Appeal, ReceptionDay, ReceptionGroup

TOWN_WIDE = {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM, Role.PETITIONS, Role.DISCIPLINE}
DAY_READERS = {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM, Role.DEPUTY}


def _towns_where(user, roles: set[str]) -> list[int]:
    g = grants_of(user)
    ids: set[int] = set()
    for role in roles:
        ids |= g.roles.get(role, frozenset())
    if getattr(user, "is_superuser", False):
        ids |= set(g.visible_town_ids)
    return sorted(ids)


def mask_name(value: str) -> str:
    return (value[:1] + "*" * max(len(value) - 1, 1)) if value else ""


# ------------------------------------------------------------------------------------- reception days


def reception_days_visible_to(*, user) -> QuerySet[ReceptionDay]:
    """Staff, presidium and deputies of a town see its reception days."""
    return ReceptionDay.objects.filter(town__in=_towns_where(user, DAY_READERS)).select_related(
        "town", "group", "village", "liaison_post"
    )


def reception_day_get_for(*, user, pk: int) -> ReceptionDay:
    return get_object_or_404(reception_days_visible_to(user=user), pk=pk)


def reception_day_readable(*, user, day: ReceptionDay | None) -> bool:
    """Whether the user may open the day's page (what `reception_day_get_for` lets through), for the pages that
    link to a day: the petitions office, discipline inspection and clerks read an appeal's source as text."""
    return day is not None and day.town_id in _towns_where(user, DAY_READERS)


def reception_groups_visible_to(*, user) -> QuerySet[ReceptionGroup]:
    return (
        ReceptionGroup.objects.filter(town__in=_towns_where(user, DAY_READERS))
        .select_related("town", "village", "liaison_post")
        .prefetch_related("deputies")
    )


def reception_group_get_for(*, user, pk: int) -> ReceptionGroup:
    return get_object_or_404(reception_groups_visible_to(user=user), pk=pk)


def reception_days_for_person_ids(person_ids) -> QuerySet[ReceptionDay]:
    """Published and held days a deputy serves on (the calendar feed)."""
    return (
        ReceptionDay.objects.filter(
            deputies__in=list(person_ids), state__in=[DayState.PUBLISHED, DayState.HELD]
        )
        .select_related("town")
        .distinct()
        .order_by("date")
    )


# --------------------------------------------------------------------------------------------- appeals


APPEAL_RELATED = ("town", "village", "handler", "unit", "reception_day", "liaison_post")
# What a row of the appeals lists shows (the page's table, the API's items) besides the appeal itself.
APPEAL_LIST_RELATED = ("town", "village", "handler", "unit")
# The columns the appeals pages' table shows (receptions/appeal_list.html): a row loads these, not every column
# of the appeal, its handler and its unit.
APPEAL_PAGE_RELATED = ("town", "handler", "unit")
APPEAL_PAGE_COLUMNS = (
    "town_id", "tracking_code", "received_on", "category", "content", "citizen_name", "due_date", "state",
    "town__name", "handler__display_name", "handler__username", "unit__name",
)  # fmt: skip


def appeals_visible_to(*, user) -> QuerySet[Appeal]:
    """Town staff, presidium, petitions office and discipline inspection see their town's appeals; a unit's
    clerks those of their unit; the responsible person their own; a deputy those of the receptions they served."""
    g = grants_of(user)
    towns = _towns_where(user, TOWN_WIDE)
    if towns and set(towns) >= set(g.visible_town_ids):
        # Town-wide in every town of the request's scope: the other ways of seeing an appeal add no row, and the
        # plain town filter lets the (town, received_on, id) index serve the list's order and its count.
        return Appeal.objects.filter(town__in=towns).select_related(*APPEAL_RELATED)
    cond = Q(town__in=towns) | Q(handler=user.pk)
    if g.unit_ids:
        cond |= Q(unit__in=list(g.unit_ids))
    if g.person_ids:
        cond |= Q(reception_day__deputies__in=list(g.person_ids))
    qs = Appeal.objects.filter(cond)
    if g.person_ids:
        qs = Appeal.objects.filter(pk__in=qs.values("pk"))
    return qs.select_related(*APPEAL_RELATED)


def appeal_get_for(*, user, pk: int) -> Appeal:
    return get_object_or_404(appeals_visible_to(user=user), pk=pk)


def appeals_due_soon(*, user, today: dt.date | None = None) -> QuerySet[Appeal]:
    """The petitions office's list: open appeals due within the due-soon window (and today)."""
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=settings.RENDA["DEADLINE_DUE_SOON_DAYS"])
    return (
        appeals_visible_to(user=user)
        .filter(state__in=OPEN_STATES, due_date__gte=today, due_date__lte=soon)
        .order_by("due_date", "id")
    )


def appeals_overdue(*, user, today: dt.date | None = None) -> QuerySet[Appeal]:
    """The discipline inspection's list: open appeals past their reply deadline."""
    today = today or timezone.localdate()
    return (
        appeals_visible_to(user=user)
        .filter(state__in=OPEN_STATES, due_date__lt=today)
        .order_by("due_date", "id")
    )


def appeals_narrowed(
    qs,
    *,
    town: int | None = None,
    year: int | None = None,
    state: str = "",
    overdue: bool = False,
    category: str = "",
    replied: bool = False,
    on_time: bool = False,
):
    """The list's filters behind the figures (工作概况, the dashboards): a town, a year of registration, the open
    ones (state=open), the open ones past their due date (overdue), those with a reply (replied) and those
    replied on time (on_time). Values come parsed from the query string
    (renda.core.types bounds them)."""
    if town:
        qs = qs.filter(town=town)
    if year:
        qs = qs.filter(received_on__gte=dt.date(year, 1, 1), received_on__lt=dt.date(year + 1, 1, 1))
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    if overdue:
        qs = qs.filter(state__in=OPEN_STATES, due_date__lt=timezone.localdate())
    if category:  # one of the configured categories (the statistics page's 主要类别)
        qs = qs.filter(category=category)
    if replied or on_time:
        qs = qs.filter(replied_on__isnull=False)
    if on_time:
        qs = qs.filter(replied_on_time=True)
    return qs


def appeal_by_tracking(*, tracking_code: str, phone_last4: str) -> Appeal | None:
    """The portal's look-up: both the code and the phone's last four digits must match."""
    import secrets

    code = (tracking_code or "").strip().upper()
    appeal = Appeal.objects.filter(tracking_code=code).first() if code else None
    if appeal is None or not secrets.compare_digest(appeal.citizen_phone[-4:], (phone_last4 or "").strip()):
        return None
    return appeal


# --------------------------------------------------------------------------------------------- figures


@dataclass
class AppealFigures:
    total: int = 0
    replied: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0
    satisfied: int = 0
    rated: int = 0
    categories: list[tuple[str, int]] = field(default_factory=list)
    category_rows: list[tuple[str, int, str]] = field(default_factory=list)  # (label, count, code) to link
    villages: list[tuple[str, int]] = field(default_factory=list)
    months: list[dict] = field(default_factory=list)

    @property
    def reply_rate(self) -> float | None:
        return round(100 * self.replied / self.total, 1) if self.total else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.replied, 1) if self.replied else None


def appeal_figures(*, user, town_id: int | None = None, today: dt.date | None = None) -> AppealFigures:
    """Reply rate (target 100 %), on-time rate, open and overdue counts, top categories and villages,
    month by month — a fixed number of queries."""
    today = today or timezone.localdate()
    qs = appeals_visible_to(user=user)
    if town_id:
        qs = qs.filter(town_id=town_id)
    replied_states = [AppealState.REPLIED, AppealState.CLOSED]
    agg = qs.aggregate(
        total=Count("id"),
        replied=Count("id", filter=Q(replied_on__isnull=False)),
        on_time=Count("id", filter=Q(replied_on__isnull=False, replied_on_time=True)),
        open=Count("id", filter=Q(state__in=OPEN_STATES)),
        overdue=Count("id", filter=Q(state__in=OPEN_STATES, due_date__lt=today)),
        satisfied=Count("id", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])),
        rated=Count("id", filter=~Q(satisfaction="")),
    )
    labels = dict(settings.RENDA["APPEAL_CATEGORIES"])
    cats = qs.values("category").annotate(n=Count("id")).order_by("-n", "category")[:5]
    vills = (
        qs.filter(village__isnull=False).values("village__name").annotate(n=Count("id")).order_by("-n")[:5]
    )
    months = (
        qs.annotate(m=TruncMonth("received_on"))
        .values("m")
        .annotate(
            total=Count("id"),
            replied=Count("id", filter=Q(state__in=replied_states) | Q(replied_on__isnull=False)),
            on_time=Count("id", filter=Q(replied_on_time=True)),
        )
        .order_by("m")
    )
    from django.utils.translation import gettext as _

    return AppealFigures(
        **agg,
        categories=[(str(_(labels.get(c["category"], c["category"]))), c["n"]) for c in cats],
        category_rows=[
            (str(_(labels.get(c["category"], c["category"]))), c["n"], c["category"]) for c in cats
        ],
        villages=[(v["village__name"], v["n"]) for v in vills],
        months=[
            {
                "month": m["m"].strftime("%Y-%m") if m["m"] else "",
                "total": m["total"],
                "replied": m["replied"],
                "on_time": m["on_time"],
                "reply_rate": round(100 * m["replied"] / m["total"], 1) if m["total"] else None,
            }
            for m in months
        ],
    )


def category_label(code: str) -> str:
    from django.utils.translation import gettext as _

    return str(_(dict(settings.RENDA["APPEAL_CATEGORIES"]).get(code, code)))


# ------------------------------------------------------------------------------------------ for the pages


def towns_by_ids(ids) -> QuerySet:
    """Towns among these ids, in code order (a staff user's towns; the stats page's choice)."""
    from renda.core.models import Town

    return Town.objects.filter(pk__in=list(ids)).order_by("code")


def reception_days_counted(*, towns, start, end) -> dict[int, int]:
    """Per town: its reception days from `start` through `end`, cancelled ones left out (one query)."""
    return dict(
        ReceptionDay.objects.filter(town__in=[t.pk for t in towns], date__gte=start, date__lte=end)
        .exclude(state=DayState.CANCELLED)
        .values_list("town")
        .annotate(n=Count("id"))
        .values_list("town", "n")
        .order_by()
    )


def active_groups_counted(*, towns) -> dict[int, int]:
    """Per town: its active reception groups (one query)."""
    return dict(
        ReceptionGroup.objects.filter(town__in=[t.pk for t in towns], active=True)
        .values_list("town")
        .annotate(n=Count("id"))
        .values_list("town", "n")
        .order_by()
    )


def town_get(pk: int):
    from renda.core.models import Town

    return Town.objects.get(pk=pk)


def appeal_handlers(*, town) -> QuerySet:
    """The users who can be an appeal's responsible person in the town (see services.appeal_handler_grants)."""
    from renda.core.models import User

    from .services import appeal_handler_grants

    return User.objects.filter(pk__in=appeal_handler_grants(town=town).values("user_id"))


def appeal_handler_units(*, town) -> QuerySet:
    """The units whose clerks can be an appeal's responsible person in the town."""
    from renda.registry.models import HandlingUnit

    from .services import appeal_handler_grants

    return HandlingUnit.objects.filter(pk__in=appeal_handler_grants(town=town).values("unit_id"))


def reception_days_in_feed(*, user, start: dt.date, end: dt.date) -> QuerySet[ReceptionDay]:
    """The calendar feed's reception duties: published and held days the user serves on as a deputy, and for
    town staff (and the district's) every published or held day of their towns, in [start, end]."""
    staff_towns = _towns_where(user, {Role.DISTRICT_STAFF, Role.TOWN_STAFF})
    return (
        ReceptionDay.objects.filter(
            Q(deputies__in=list(grants_of(user).person_ids)) | Q(town__in=staff_towns),
            state__in=[DayState.PUBLISHED, DayState.HELD],
            date__gte=start,
            date__lte=end,
        )
        .select_related("town")
        .distinct()
        .order_by("date", "id")
    )
