"""Campaign reads: which campaigns and tasks a user may see, the board, the clock of a task.

District staff see every campaign of their district (drafts too) and every task of it; the staff of a town see
the launched campaigns that cover their town, and only their own town's task. The board gives a town its own row
and the district's totals; district staff every row. Every figure of a row is the count of the list it links to
(the oversight lists with `activity=` filters)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.workflow import workflow_actions_for

from .clocks import FOLLOWUP_CLOCK
from .enums import CampaignState, TaskStanding, TaskState
from .models import Campaign, TownTask


def staff_town_ids(user) -> list[int]:
    """The towns whose tasks this user works on: town staff grants (district staff: every town of the
    district)."""
    g = grants_of(user)
    ids = set(g.roles.get(Role.TOWN_STAFF, frozenset()))
    if g.district_ids:
        ids |= set(g.visible_town_ids)
    return sorted(ids)


def user_is_district_staff_of(user, district_id: int) -> bool:
    return district_id in grants_of(user).district_ids


def district_of_staff(*, user):
    """The district a district staff member works on (their first); 403 for anyone else."""
    from django.core.exceptions import PermissionDenied

    from renda.core.models import District

    ids = sorted(grants_of(user).district_ids)
    district = District.objects.filter(pk__in=ids).order_by("pk").first() if ids else None
    if district is None:
        raise PermissionDenied
    return district


def kind_labels(kinds) -> list[str]:
    from renda.oversight.enums import ActivityKind

    return [str(ActivityKind(k).label) for k in kinds if k in ActivityKind.values]


def campaigns_visible_to(*, user) -> QuerySet[Campaign]:
    g = grants_of(user)
    q = Q(pk__in=[])
    if g.district_ids:
        q |= Q(district__in=list(g.district_ids))
    towns = sorted(g.roles.get(Role.TOWN_STAFF, frozenset()))
    if towns:
        launched = Campaign._base_manager.filter(
            tasks__town__in=towns, state__in=[CampaignState.LAUNCHED, CampaignState.CLOSED]
        ).values("pk")
        q |= Q(pk__in=launched)
    return Campaign._base_manager.filter(q).select_related("district")


def campaign_get_for(*, user, pk) -> Campaign:
    c = campaigns_visible_to(user=user).filter(pk=pk).first()
    if c is None:
        raise Http404
    return c


def campaign_page_get_for(*, user, pk) -> Campaign:
    c = (
        campaigns_visible_to(user=user)
        .filter(pk=pk)
        .select_related("launch_activity")
        .prefetch_related("towns")
        .first()
    )
    if c is None:
        raise Http404
    return c


def campaigns_filtered(*, user, state: str = "", year=None) -> QuerySet[Campaign]:
    qs = campaigns_visible_to(user=user)
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(Q(launch_date__year=year) | Q(launch_date=None, created_at__year=year))
    return qs


def tasks_visible_to(*, user) -> QuerySet[TownTask]:
    """Tasks of the towns this user works on (the request's town scope limits it further)."""
    return TownTask.objects.filter(town__in=staff_town_ids(user)).select_related(
        "campaign", "town", "activity"
    )


def task_get_for(*, user, pk) -> TownTask:
    t = tasks_visible_to(user=user).filter(pk=pk).first()
    if t is None:
        raise Http404
    return t


def standing_q(standing: str) -> Q:
    """The tasks of one standing (task_standing) as a filter: done on time, done late, not yet done."""
    if standing == TaskStanding.ON_TIME:
        return Q(state=TaskState.DONE, on_time=True)
    if standing == TaskStanding.LATE:
        return Q(state=TaskState.DONE) & ~Q(on_time=True)
    return ~Q(state=TaskState.DONE)


def tasks_filtered(
    *,
    user,
    state: str = "",
    campaign=None,
    town=None,
    late: bool = False,
    year: int | None = None,
    standing: str = "",
) -> QuerySet[TownTask]:
    """`late`: still open past the window (the waiting entry counts these); `year`: of campaigns launched that
    year; `standing`: on_time, late or not_yet (task_standing)."""
    qs = tasks_visible_to(user=user)
    if year:
        qs = qs.filter(campaign__launch_date__year=year)
    if standing in TaskStanding.values:
        qs = qs.filter(standing_q(standing))
    if state:
        qs = qs.filter(state=state)
    if late:
        qs = qs.filter(state=TaskState.OPEN, due_date__lt=timezone.localdate())
    if campaign:
        qs = qs.filter(campaign=campaign)
    if town:
        qs = qs.filter(town=town)
    return qs


def task_standing(task: TownTask) -> str:
    if task.state == TaskState.DONE:
        return TaskStanding.ON_TIME if task.on_time else TaskStanding.LATE
    return TaskStanding.NOT_YET


def task_clock(task: TownTask):
    """The task's running follow-up clock, or None."""
    from django.contrib.contenttypes.models import ContentType

    from renda.core.deadlines.models import Clock

    ct = ContentType.objects.get_for_model(TownTask, for_concrete_model=False)
    return Clock.unscoped.filter(
        content_type=ct, object_id=str(task.pk), kind=FOLLOWUP_CLOCK, stopped_at=None
    ).first()


def task_actions_for(*, user, task: TownTask) -> set[str]:
    if task.campaign.state != CampaignState.LAUNCHED:
        return set()
    return {t.action for t in workflow_actions_for(task, user)}


def campaign_actions_for(*, user, campaign: Campaign) -> set[str]:
    return {t.action for t in workflow_actions_for(campaign, user)}


def activities_for_task(*, task: TownTask):
    """The activities a town may link: held, of its town, on or after the launch, of a required kind."""
    from renda.oversight.enums import ActivityState
    from renda.oversight.models import Activity

    qs = Activity.objects.filter(town_id=task.town_id, state=ActivityState.HELD)
    c = task.campaign
    if c.launch_date:
        qs = qs.filter(start_date__gte=c.launch_date)
    if c.required_kinds:
        qs = qs.filter(kind__in=c.required_kinds)
    return qs.order_by("-start_date", "-id")


def towns_of_district(*, district):
    from renda.core.models import Town

    return Town.objects.filter(district=district, active=True).order_by("code")


def launch_activities_of_district(*, district):
    """Oversight activities of the district's towns that can be the district's launch activity."""
    from renda.oversight.enums import ActivityState
    from renda.oversight.models import Activity

    return (
        Activity._base_manager.filter(town__district=district)
        .exclude(state=ActivityState.CANCELLED)
        .select_related("town")
        .order_by("-start_date", "-id")
    )


# --- the board ------------------------------------------------------------------------------------------


@dataclass
class BoardRow:
    task: TownTask
    standing: str
    findings: list[int]
    raised: int
    closed: int
    overdue: int
    links: dict[str, str] = field(default_factory=dict)

    @property
    def standing_label(self) -> str:
        return str(TaskStanding(self.standing).label)


@dataclass
class Board:
    campaign: Campaign
    categories: list[str]
    rows: list[BoardRow]  # the rows this user may see
    totals: dict  # the whole campaign: standings, findings per category, items raised/closed/overdue
    towns: int


def _item_counts(activity_ids: list[int], today: dt.date) -> dict[int, dict[str, int]]:
    """Rectification items whose source activity is one of these: raised, closed (销号 or confirmed), overdue
    (in hand past the due date) — the same filters as the item list's state=done and overdue=1."""
    from renda.oversight.models import RectificationItem
    from renda.oversight.queries_rectification import DONE_STATES
    from renda.oversight.workflow import IN_HAND

    if not activity_ids:
        return {}
    rows = (
        RectificationItem._base_manager.filter(activity_id__in=activity_ids)
        .values("activity_id")
        .annotate(
            raised=Count("pk"),
            closed=Count("pk", filter=Q(state__in=DONE_STATES)),
            overdue=Count("pk", filter=Q(state__in=list(IN_HAND), due_date__lt=today)),
        )
        .order_by()
    )
    return {r["activity_id"]: r for r in rows}


def _links(task: TownTask) -> dict[str, str]:
    items = reverse("oversight:item-list")
    a = task.activity_id
    links = {"task": task.get_absolute_url()}
    if a:
        links |= {
            "activity": reverse("oversight:activity-detail", kwargs={"pk": a}),
            "raised": f"{items}?{urlencode({'activity': a})}",
            "closed": f"{items}?{urlencode({'activity': a, 'state': 'done'})}",
            "overdue": f"{items}?{urlencode({'activity': a, 'overdue': '1'})}",
        }
    return links


def campaign_board(*, user, campaign: Campaign, today: dt.date | None = None) -> Board:
    """Every covered town's row for the district's staff; a town's staff their own row; the district's totals
    for both. Three queries."""
    today = today or timezone.localdate()
    every = list(
        TownTask._base_manager.filter(campaign=campaign)
        .select_related("town", "activity")
        .order_by("town__code", "id")
    )
    counts = _item_counts([t.activity_id for t in every if t.activity_id], today)
    mine = None if user_is_district_staff_of(user, campaign.district_id) else set(staff_town_ids(user))
    cats = list(campaign.categories)
    rows: list[BoardRow] = []
    totals = {
        TaskStanding.ON_TIME: 0,
        TaskStanding.LATE: 0,
        TaskStanding.NOT_YET: 0,
        "findings": [0] * len(cats),
        "raised": 0,
        "closed": 0,
        "overdue": 0,
    }
    for t in every:
        c = counts.get(t.activity_id or 0, {})
        row = BoardRow(
            task=t,
            standing=task_standing(t),
            findings=[int((t.findings or {}).get(k, 0)) for k in cats],
            raised=c.get("raised", 0),
            closed=c.get("closed", 0),
            overdue=c.get("overdue", 0),
        )
        totals[row.standing] += 1
        totals["findings"] = [a + b for a, b in zip(totals["findings"], row.findings, strict=True)]
        for k in ("raised", "closed", "overdue"):
            totals[k] += getattr(row, k)
        if mine is None or t.town_id in mine:
            row.links = _links(t)
            rows.append(row)
    return Board(campaign=campaign, categories=cats, rows=rows, totals=totals, towns=len(every))


def activities_of_town(*, town_id: int):
    """Every oversight activity of the town (the service decides whether one fits the task)."""
    from renda.oversight.models import Activity

    return Activity.objects.filter(town_id=town_id)
