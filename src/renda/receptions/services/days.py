"""Reception days: the town's setting, the rota groups, the proposed schedule, and each day's steps
(draft → published → held; cancelled) through the transition table (`..workflow.DAY`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from renda.core.audit import activity_record
from renda.core.deadlines.calendar import WorkCalendar, add_months
from renda.core.errors import Conflict
from renda.core.models import Town
from renda.core.notifications.models import NotificationKind
from renda.core.notifications.recipients import users_of_deputies
from renda.core.notifications.services import notification_send
from renda.core.permissions import require
from renda.core.workflow import workflow_apply

from ..enums import DayState, RestDayRule
from ..models import ReceptionDay, ReceptionGroup, ReceptionSetting
from ._common import _locked_day, _same_town, _time, _today, _token

# ------------------------------------------------------------------------------------------- settings


def reception_setting_for(*, town: Town) -> ReceptionSetting:
    """The town's setting, or the defaults from configuration (unsaved) when it has none."""
    found = ReceptionSetting.objects.filter(town=town).first()
    if found is not None:
        return found
    return _default_setting(town)


def _default_setting(town: Town) -> ReceptionSetting:
    r = settings.RENDA
    return ReceptionSetting(
        town=town,
        days_of_month=",".join(str(d) for d in r["RECEPTION_DAYS_OF_MONTH"]),
        start_time=_time(r["RECEPTION_START"]),
        end_time=_time(r["RECEPTION_END"]),
        notice_days=r["RECEPTION_NOTICE_DAYS"],
        on_rest_day=r["RECEPTION_ON_REST_DAY"],
    )


@transaction.atomic
def reception_setting_save(*, town: Town, data: dict, actor) -> ReceptionSetting:
    require(actor, "receptions.manage", town)
    setting = reception_setting_for(town=town)
    for name, value in data.items():
        setattr(setting, name, value)
    try:
        days = setting.days
    except ValueError as exc:
        raise ValidationError({"days_of_month": _("请填写 1 至 28 之间的日期，以逗号分隔")}) from exc
    if not days or any(d < 1 or d > 28 for d in days):
        raise ValidationError({"days_of_month": _("请填写 1 至 28 之间的日期，以逗号分隔")})
    if setting.end_time <= setting.start_time:
        raise ValidationError({"end_time": _("结束时间须晚于开始时间")})
    setting.days_of_month = ",".join(str(d) for d in days)
    setting.full_clean()
    setting.save()
    activity_record(code="receptionsetting.updated", actor=actor, subject=setting, data=data)
    return setting


# ---------------------------------------------------------------------------------------------- groups


@transaction.atomic
def reception_group_create(*, town: Town, data: dict, actor) -> ReceptionGroup:
    require(actor, "receptions.manage", town)
    deputies = list(data.pop("deputies", []))
    _same_town(town, [data.get("village"), data.get("liaison_post"), *deputies])
    group = ReceptionGroup(town=town, **data)
    group.full_clean()
    group.save()
    group.deputies.set(deputies)
    activity_record(
        code="receptiongroup.created",
        actor=actor,
        subject=group,
        data={**data, "deputies": [str(p) for p in deputies]},
    )
    return group


@transaction.atomic
def reception_group_update(*, group: ReceptionGroup, data: dict, actor) -> ReceptionGroup:
    require(actor, "receptions.manage", group)
    deputies = data.pop("deputies", None)
    _same_town(group.town, [data.get("village"), data.get("liaison_post"), *(deputies or [])])
    for name, value in data.items():
        setattr(group, name, value)
    group.full_clean()
    group.save()
    if deputies is not None:
        group.deputies.set(deputies)
    activity_record(code="receptiongroup.updated", actor=actor, subject=group, data=data)
    return group


# -------------------------------------------------------------------------------------- the schedule


def _schedule_inputs(*, towns: list[Town], start: dt.date) -> dict[int, tuple]:
    """Per town: (setting, active groups, dates taken from `start` on, the last group scheduled before it).
    Five queries for any number of towns."""
    ids = [t.pk for t in towns]
    found = {s.town_id: s for s in ReceptionSetting.objects.filter(town__in=ids)}
    groups: dict[int, list] = {t: [] for t in ids}
    for g in ReceptionGroup.objects.filter(town__in=ids, active=True).prefetch_related("deputies"):
        groups[g.town_id].append(g)
    taken: dict[int, set] = {t: set() for t in ids}
    for t, day in (
        ReceptionDay.objects.filter(town__in=ids, date__gte=start)
        .exclude(state=DayState.CANCELLED)
        .values_list("town_id", "date")
    ):
        taken[t].add(day)
    before = ReceptionDay.objects.filter(town=OuterRef("pk"), date__lt=start, group__isnull=False)
    last = dict(
        Town.objects.filter(pk__in=ids)
        .annotate(last=Subquery(before.order_by("-date", "-id").values("group_id")[:1]))
        .values_list("pk", "last")
    )
    return {
        t.pk: (found.get(t.pk) or _default_setting(t), groups[t.pk], taken[t.pk], last.get(t.pk))
        for t in towns
    }


def reception_schedules_propose(*, towns: list[Town], start: dt.date, months: int) -> list[tuple[Town, list]]:
    """The proposed schedule of each town (a district's staff see them side by side): a fixed number of
    queries for any number of towns."""
    inputs = _schedule_inputs(towns=towns, start=start)
    cal = _schedule_calendar(start, months)  # one working-day calendar for every town
    return [
        (t, reception_schedule_propose(town=t, start=start, months=months, inputs=inputs[t.pk], cal=cal))
        for t in towns
    ]


def _schedule_calendar(start: dt.date, months: int) -> WorkCalendar:
    return WorkCalendar.load(start, add_months(start, months) + dt.timedelta(days=31))


def reception_schedule_propose(
    *, town: Town, start: dt.date, months: int, inputs: tuple | None = None, cal: WorkCalendar | None = None
) -> list[dict]:
    """The proposed reception days from `start` for `months` months: each configured day of the month,
    with the rota's groups in turn (continuing after the last group the town already scheduled). A day that
    falls on a weekend or public holiday moves to the next working day of the deadlines' calendar when the
    setting says so ("move"; `moved_from` then names the planned day), or stays ("keep"). `inputs` and `cal`
    are given when several towns are proposed together."""
    setting, groups, taken, last = inputs or _schedule_inputs(towns=[town], start=start)[town.pk]
    moving = setting.on_rest_day == RestDayRule.MOVE
    cal = (cal or _schedule_calendar(start, months)) if moving else None
    ids = [g.pk for g in groups]
    turn = (ids.index(last) + 1) if last in ids else 0
    out: list[dict] = []
    year, month = start.year, start.month
    for _i in range(months):
        for d in setting.days:
            planned = dt.date(year, month, d)
            if planned < start:
                continue
            day = cal.next_workday(planned) if cal is not None else planned
            if any(row["date"] == day for row in out[-len(setting.days) :]):
                continue  # two planned days moved onto the same working day: one reception
            group = groups[turn % len(groups)] if groups else None
            if group is not None:
                turn += 1
            out.append(
                {
                    "date": day,
                    "group": group,
                    "exists": day in taken,
                    "moved_from": planned if day != planned else None,
                }
            )
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def _day_fields_from_group(group: ReceptionGroup | None) -> dict:
    if group is None:
        return {}
    place = (
        group.place
        or (str(group.liaison_post) if group.liaison_post_id else "")
        or (str(group.village) if group.village_id else "")
    )
    return {
        "leader_name": group.leader_name,
        "leader_title": group.leader_title,
        "village": group.village,
        "liaison_post": group.liaison_post,
        "place": place,
    }


@transaction.atomic
def reception_day_create(*, town: Town, data: dict, actor) -> ReceptionDay:
    """One reception day (a draft): from a rota group, adjusted by the fields given."""
    require(actor, "receptions.manage", town)
    data = dict(data)
    deputies = data.pop("deputies", None)
    group = data.get("group")
    setting = reception_setting_for(town=town)
    fields = {"start_time": setting.start_time, "end_time": setting.end_time, **_day_fields_from_group(group)}
    fields.update({k: v for k, v in data.items() if v not in (None, "") or k not in fields})
    if deputies is None:
        deputies = list(group.deputies.all()) if group else []
    _same_town(town, [fields.get("group"), fields.get("village"), fields.get("liaison_post"), *deputies])
    if not fields.get("place"):
        raise ValidationError({"place": _("请填写接待地点")})
    day = ReceptionDay(town=town, token=_token(), **fields)
    if day.end_time <= day.start_time:
        raise ValidationError({"end_time": _("结束时间须晚于开始时间")})
    day.full_clean()
    day.save()
    day.deputies.set(deputies)
    activity_record(
        code="receptionday.created",
        actor=actor,
        subject=day,
        data={**fields, "deputies": [str(p) for p in deputies]},
    )
    return day


@transaction.atomic
def reception_days_create_from_proposal(
    *, town: Town, start: dt.date, months: int, actor
) -> list[ReceptionDay]:
    """Create the proposed days that do not exist yet, as drafts for the staff to adjust."""
    require(actor, "receptions.manage", town)
    created = []
    for row in reception_schedule_propose(town=town, start=start, months=months):
        if row["exists"]:
            continue
        created.append(
            reception_day_create(town=town, data={"date": row["date"], "group": row["group"]}, actor=actor)
        )
    return created


# ------------------------------------------------------------------------------------ a day's steps


def _notify_deputies(day: ReceptionDay) -> None:
    """Deputies on the rota get the notice in their inbox (and by their e-mail/SMS preference).
    Runs after commit, possibly outside the request: it enters the day's town scope itself."""
    with scope(town=[day.town_id]):
        for user in users_of_deputies(day.deputies.values_list("pk", flat=True)):
            notification_send(
                user=user,
                town=day.town,
                kind=NotificationKind.ACTIVITY,
                template="activity_notice",
                params={
                    "clock_kind": "activity.notice",
                    # No words of ours in the parameters: the title and body are rendered in the reader's language.
                    "item": f"{day.date.isoformat()} {day.place}",
                    "due": f"{day.date.isoformat()} {day.start_time:%H:%M}",
                },
                link=day.get_absolute_url(),
            )


@transaction.atomic
def reception_day_update(*, day: ReceptionDay, data: dict, actor, version: int | None = None) -> ReceptionDay:
    """Change a draft or published day; the deputies of a published one are told again (after commit)."""
    require(actor, "receptions.manage", day)
    locked = _locked_day(day, version)
    if locked.state not in (DayState.DRAFT, DayState.PUBLISHED):
        raise Conflict(_("已接待或已取消的接待日不能修改"))
    data = dict(data)
    deputies = data.pop("deputies", None)
    _same_town(
        locked.town, [data.get("group"), data.get("village"), data.get("liaison_post"), *(deputies or [])]
    )
    empty = [n for n, v in data.items() if v is None and not ReceptionDay._meta.get_field(n).null]
    if empty:
        raise ValidationError({n: _("此项不能为空") for n in empty})
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()  # first: a required field given as null is a field error, not a comparison with None
    if locked.end_time <= locked.start_time:
        raise ValidationError({"end_time": _("结束时间须晚于开始时间")})
    published = locked.state == DayState.PUBLISHED
    row = workflow_apply(
        locked,
        "update",
        actor=actor,
        data=data,
        notify=(lambda: _notify_deputies(row)) if published else None,
        check=False,  # required above
        **data,
    )
    if deputies is not None:
        row.deputies.set(deputies)
    return row


@transaction.atomic
def reception_day_publish(
    *, day: ReceptionDay, actor, version: int | None = None, on: dt.date | None = None
) -> ReceptionDay:
    """Publish the notice (公示): at least the configured number of days before the reception.
    `on` records a publication made on an earlier day (demo data, catching up the records)."""
    require(actor, "receptions.manage", day)
    locked = _locked_day(day, version)
    notice_days = reception_setting_for(town=locked.town).notice_days
    on = min(on or _today(), _today())
    earliest = on + dt.timedelta(days=notice_days)
    if locked.date < earliest:
        raise ValidationError(
            _("公示须至少提前 %(n)s 天：%(date)s 的接待日最晚应在 %(last)s 公示")
            % {
                "n": notice_days,
                "date": locked.date.isoformat(),
                "last": (locked.date - dt.timedelta(days=notice_days)).isoformat(),
            }
        )
    if not locked.deputies.exists():
        raise ValidationError(_("请先安排接待代表"))
    published_at = (
        timezone.now() if on == _today() else timezone.make_aware(dt.datetime.combine(on, dt.time(9)))
    )
    return workflow_apply(
        locked,
        "publish",
        actor=actor,
        data={"on": on},
        notify=lambda: _notify_deputies(locked),
        check=False,  # required above
        published_at=published_at,
    )


@transaction.atomic
def reception_day_cancel(*, day: ReceptionDay, reason: str, actor) -> ReceptionDay:
    require(actor, "receptions.manage", day)
    locked = _locked_day(day)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写取消原因")})
    return workflow_apply(locked, "cancel", actor=actor, data={"reason": reason}, check=False)


@transaction.atomic
def reception_day_record(
    *, day: ReceptionDay, attended: list, visitors: int, summary: str, actor, version: int | None = None
) -> ReceptionDay:
    """On the day: who of the rota came, how many voters, what happened (staff or a deputy on the rota)."""
    require(actor, "receptions.record_day", day)
    locked = _locked_day(day, version)
    if locked.date > _today():
        raise ValidationError(_("接待日尚未到来，不能登记接待情况"))
    rota = set(locked.deputies.values_list("pk", flat=True))
    if any(p.pk not in rota for p in attended):
        raise ValidationError({"attended": _("实到代表须是本次接待安排的代表")})
    row = workflow_apply(
        locked,
        "record",
        actor=actor,
        data={"attended": [str(p) for p in attended], "visitors": visitors},
        check=False,  # required above
        visitors=visitors,
        summary=summary,
    )
    row.attended.set(attended)
    return row
