"""Deputy groups' yearly plans (代表小组年度活动计划, 年初报备案) and activities.

The town opens a year (`plans_open`): every active group gets its pending plan with a filing clock to
RENDA["GROUP_PLAN_DEADLINE"] (default 31 January) whose person is the group's leader (reminded before the
deadline, told with town staff after). The group's leader, a member or town staff files the plan
(`plan_file`: the planned activities and the designated summariser, 指定专人总结); filed after the deadline it
is late. The group's activities are recorded (`group_activity_record`: date, topic, attendees among the group's
deputies) and summarised by the plan's summariser only (`group_activity_summarise`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.access import grants_of
from renda.core.actors import SYSTEM
from renda.core.audit import activity_record, changes
from renda.core.deadlines.models import DueUnit
from renda.core.errors import Conflict, conflict_stale
from renda.core.models import Town
from renda.core.permissions import allowed, require
from renda.core.workflow import workflow_apply
from renda.registry.models import DeputyGroup

from ..clocks import PLAN_CLOCK
from ..enums import GroupActivityKind, PlanState
from ..models import GroupActivity, GroupPlan, GroupPlanItem
from ..rules import group_person_ids


def plan_deadline(year: int) -> dt.date:
    """The day of `year` by which groups file their plans (RENDA["GROUP_PLAN_DEADLINE"], month and day)."""
    month, day = settings.RENDA["GROUP_PLAN_DEADLINE"]
    return dt.date(year, int(month), int(day))


def not_in_group(group: DeputyGroup) -> PermissionDenied:
    return PermissionDenied(
        _("只有“%(group)s”的组长、成员或镇人大工作人员可以进行此操作") % {"group": group.name}
    )


def _require_group(actor, group: DeputyGroup) -> None:
    """The group's leader or a member, or town staff; anyone else a clear error."""
    if actor is None:
        require(actor, "performance.file_plan", group)
    if not allowed(actor, "performance.file_plan", group):
        raise not_in_group(group)


def _groups_active(town: Town, year: int):
    start = dt.date(year, 1, 1)
    return DeputyGroup.objects.filter(town=town).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))


def _check_year(year: int) -> None:
    this = timezone.localdate().year
    if not 2000 <= year <= this + 1:
        raise ValidationError({"year": _("年度须在 %(a)s 至 %(b)s 之间") % {"a": 2000, "b": this + 1}})


def _plan_start(*, group: DeputyGroup, year: int, actor) -> GroupPlan:
    """A pending plan of the group and year with its filing clock (the caller holds the lock)."""
    from renda.core.deadlines.services import clock_start

    start = dt.date(year, 1, 1)
    deadline = plan_deadline(year)
    plan = GroupPlan.objects.create(
        town_id=group.town_id, group=group, year=year, deadline=deadline, summariser=group.summariser
    )
    clock = clock_start(
        subject=plan,
        kind=PLAN_CLOCK,
        actor=actor,
        start_date=start,
        amount=max((deadline - start).days, 0),
        amount_unit=DueUnit.CALENDAR_DAYS,
        person=group.leader,
    )
    if clock.due_date != plan.deadline:  # rolled to the next working day
        plan.deadline = clock.due_date
        plan.save(update_fields=["deadline", "updated_at"])
    activity_record(
        code="groupplan.opened", actor=actor, subject=plan, data={"year": year, "deadline": plan.deadline}
    )
    return plan


@transaction.atomic
def plans_open(*, town: Town, year: int, actor) -> int:
    """Open the year's filing: a pending plan with its clock for every active group without one. Idempotent;
    returns the number of plans opened."""
    require(actor, "performance.manage", town)
    _check_year(year)
    Town.objects.select_for_update().filter(pk=town.pk).first()
    have = set(GroupPlan.objects.filter(town=town, year=year).values_list("group_id", flat=True))
    n = 0
    for group in _groups_active(town, year).select_related("leader", "summariser").order_by("name", "pk"):
        if group.pk not in have:
            _plan_start(group=group, year=year, actor=actor)
            n += 1
    return n


def _clean_items(items: list[dict]) -> list[dict]:
    if not items:
        raise ValidationError({"items": _("请至少填写一项计划活动")})
    most = settings.RENDA["GROUP_PLAN_ITEMS_MAX"]
    if len(items) > most:
        raise ValidationError({"items": _("计划活动不能超过 %(n)s 项") % {"n": most}})
    out = []
    for i, item in enumerate(items, 1):
        topic = str(item.get("topic") or "").strip()
        kind = item.get("kind")
        month = item.get("month")
        if not topic:
            raise ValidationError({"items": _("第 %(i)s 项：请填写活动主题") % {"i": i}})
        if len(topic) > 200:
            raise ValidationError({"items": _("第 %(i)s 项：活动主题过长") % {"i": i}})
        if kind not in GroupActivityKind.values:
            raise ValidationError({"items": _("第 %(i)s 项：活动形式无效") % {"i": i}})
        if not isinstance(month, int) or not 1 <= month <= 12:
            raise ValidationError({"items": _("第 %(i)s 项：月份须在 1 至 12 之间") % {"i": i}})
        out.append({"month": month, "kind": kind, "topic": topic})
    return out


@transaction.atomic
def plan_file(
    *,
    group: DeputyGroup,
    year: int,
    items: list[dict],
    summariser,
    actor,
    note: str = "",
    version: int | None = None,
    on: dt.date | None = None,
) -> GroupPlan:
    """File the group's plan of `year` with the town congress: the planned activities (month, kind, topic) and
    the designated summariser, a deputy of the group. By the group's leader, a member or town staff; once.
    Filed on `on` (today; the demo files past plans), late when after the plan's deadline."""
    _require_group(actor, group)
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError(_("报备日期不能晚于今天"))
    _check_year(year)
    locked = DeputyGroup.objects.select_for_update().get(pk=group.pk)
    if locked.end_date is not None and locked.end_date < dt.date(year, 1, 1):
        raise ValidationError(_("该代表小组已撤销，不能报备活动计划"))
    cleaned = _clean_items(items)
    if summariser is None:
        raise ValidationError({"summariser": _("请指定活动总结人")})
    if summariser.pk not in group_person_ids(locked):
        raise ValidationError({"summariser": _("活动总结人须为本小组的代表")})
    plan = GroupPlan.objects.filter(group=locked, year=year).first()
    if plan is None:
        plan = _plan_start(group=locked, year=year, actor=actor)
    if plan.state == PlanState.FILED:
        raise Conflict(_("“%(group)s”%(year)s年度活动计划已于 %(at)s 报备") % {
            "group": locked.name, "year": year, "at": timezone.localtime(plan.filed_at).strftime("%Y-%m-%d")})  # fmt: skip
    if version is not None and plan.version != version:
        raise conflict_stale()
    GroupPlanItem.objects.bulk_create(
        [GroupPlanItem(town_id=plan.town_id, plan=plan, **item) for item in cleaned]
    )
    now = timezone.now() if on == today else _noon(on)
    late = on > plan.deadline
    plan = workflow_apply(
        plan, "file", actor=actor, check=False,
        data={"items": len(cleaned), "summariser": summariser.name, "late": late},
        summariser=summariser, note=(note or "").strip()[:500], filed_at=now,
        filed_by=actor if getattr(actor, "pk", None) else None, filed_late=late,
    )  # fmt: skip
    _clock_stop(plan, actor)
    return plan


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, tzinfo=timezone.get_current_timezone())


def _clock_stop(plan: GroupPlan, actor) -> None:
    from renda.core.deadlines.services import clock_stop

    from ..queries import plan_clock

    clock = plan_clock(plan)
    if clock is not None:
        clock_stop(clock=clock, actor=actor, at=plan.filed_at, reason=_("已报备活动计划"))


def _attendees(group: DeputyGroup, attendees) -> list:
    attendees = list(attendees or [])
    if not attendees:
        raise ValidationError({"attendees": _("请选择参加活动的代表")})
    outside = [p.name for p in attendees if p.pk not in group_person_ids(group)]
    if outside:
        raise ValidationError({"attendees": _("%(names)s 不是本小组的代表") % {"names": "、".join(outside)}})
    return attendees


@transaction.atomic
def group_activity_record(*, group: DeputyGroup, data: dict, actor) -> GroupActivity:
    """Record an activity the group held (date, kind, topic, place, attendees among its deputies), linked to
    the group's plan of that year. By the group's leader, a member or town staff; the same group, day and topic
    twice is refused (a double submit)."""
    _require_group(actor, group)
    locked = DeputyGroup.objects.select_for_update().get(pk=group.pk)
    date = data.get("date")
    if date is None:
        raise ValidationError({"date": _("请填写活动日期")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("活动日期不能晚于今天")})
    if locked.end_date is not None and date > locked.end_date:
        raise ValidationError({"date": _("该代表小组已于 %(d)s 撤销") % {"d": locked.end_date.isoformat()}})
    topic = str(data.get("topic") or "").strip()
    if not topic:
        raise ValidationError({"topic": _("请填写活动主题")})
    kind = data.get("kind")
    if kind not in GroupActivityKind.values:
        raise ValidationError({"kind": _("活动形式无效")})
    attendees = _attendees(locked, data.get("attendees"))
    if GroupActivity.objects.filter(group=locked, date=date, topic=topic).exists():
        raise Conflict(_("该小组当日已登记同一主题的活动"))
    activity = GroupActivity.objects.create(
        town_id=locked.town_id, group=locked, plan=GroupPlan.objects.filter(group=locked, year=date.year).first(),
        date=date, kind=kind, topic=topic, place=str(data.get("place") or "").strip()[:200],
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    activity.attendees.set(attendees)
    activity_record(
        code="groupactivity.recorded", actor=actor, subject=activity,
        data={"date": date, "topic": topic, "kind": kind, "attendees": [p.name for p in attendees]},
    )  # fmt: skip
    return activity


def summariser_of(activity: GroupActivity):
    """Who writes the activity's summary: its plan's designated summariser, else the group's."""
    if activity.plan is not None and activity.plan.summariser_id:
        return activity.plan.summariser
    return activity.group.summariser


def may_summarise(activity: GroupActivity, user) -> bool:
    person = summariser_of(activity)
    return bool(person is not None and person.pk in grants_of(user).person_ids)


@transaction.atomic
def group_activity_summarise(
    *, activity: GroupActivity, summary: str, actor, version: int | None = None, on: dt.date | None = None
) -> GroupActivity:
    """The designated summariser (指定专人总结) writes — or rewrites — the activity's summary; nobody else
    (SYSTEM, the seeding's actor, writes it in the summariser's name). Written on `on` (today)."""
    row = (
        GroupActivity.objects.select_for_update(of=("self",))
        .select_related("plan__summariser", "group__summariser")
        .get(pk=activity.pk)
    )
    person = summariser_of(row)
    if person is None:
        raise ValidationError(_("该小组尚未指定活动总结人"))
    if actor is not SYSTEM and (actor is None or person.pk not in grants_of(actor).person_ids):
        raise PermissionDenied(_("活动总结由指定总结人%(name)s填写") % {"name": person.name})
    if version is not None and row.version != version:
        raise conflict_stale()
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("请填写活动总结")})
    before = {"summary": row.summary}
    row.summary = summary
    row.summary_by = person
    row.summarised_at = _noon(on) if on and on < timezone.localdate() else timezone.now()
    row.version += 1
    row.save(update_fields=["summary", "summary_by", "summarised_at", "version", "updated_at"])
    activity_record(
        code="groupactivity.summarised", actor=actor, subject=row, data=changes(before, {"summary": summary})
    )
    return row
