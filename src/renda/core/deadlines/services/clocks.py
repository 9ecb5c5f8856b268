"""Clock writes: start, pause, resume, extend, stop. Each recomputes the due date and the next reminder
day, and writes one ActivityLog row on the item the clock runs on (so the item's history shows it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...audit import CODE_LABELS, activity_record
from ...figures.services import figures_stale
from ..calendar import WorkCalendar, apply_rule
from ..models import Clock, ClockExtension, ClockPause, DueUnit
from ..rules import Rule, clock_kind, rule_get, steps_by_kind

CODE_LABELS.update(
    {
        "clock.started": gettext_lazy("期限开始计算"),
        "clock.paused": gettext_lazy("期限暂停"),
        "clock.resumed": gettext_lazy("期限恢复"),
        "clock.extended": gettext_lazy("期限延期"),
        "clock.stopped": gettext_lazy("期限结束"),
        "clock.handler_set": gettext_lazy("期限责任人变更"),
        "clock.due_moved": gettext_lazy("节假日安排调整到期日"),
    }
)


@dataclass
class DueDate:
    date: dt.date
    explanation: str
    uncertain_years: list[int] = field(default_factory=list)
    rolled: bool = False

    @property
    def warning(self) -> str:
        if not self.uncertain_years:
            return ""
        years = "、".join(str(y) for y in self.uncertain_years)
        return _(
            "%(years)s 年的法定节假日安排尚未公布，到期日按推算的法定假日和周末暂定；录入正式安排后自动重算。"
        ) % {"years": years}

    @property
    def provisional(self) -> bool:
        return bool(self.uncertain_years)


def _rule_text(unit: str, amount: int) -> str:
    # Chinese has no plural; English gets "1 month" / "3 months" from two plain messages.
    if unit == DueUnit.CALENDAR_MONTHS:
        return _("1 个月") if amount == 1 else _("%(n)s 个月") % {"n": amount}
    if unit == DueUnit.WORKING_DAYS:
        return _("1 个工作日") if amount == 1 else _("%(n)s 个工作日") % {"n": amount}
    return _("1 日") if amount == 1 else _("%(n)s 日") % {"n": amount}


def due_date_compute(
    *,
    kind: str,
    start: dt.date,
    unit: str,
    amount: int,
    paused_days: int = 0,
    extensions: list[tuple[int, str]] | None = None,
    cal: WorkCalendar | None = None,
) -> DueDate:
    """The due date and its explanation in words: "交办日 2027-01-05 起 3 个月，延期 30 日（批准人：…）→ 2027-05-05"."""
    extensions = extensions or []
    horizon = start + dt.timedelta(days=amount * 31 + paused_days + sum(d for d, _a in extensions) + 60)
    # A caller computing many due dates (the bulk seeder) passes one calendar loaded for the whole range.
    cal = cal or WorkCalendar.load(start, horizon)
    day = apply_rule(start, unit, amount, cal)
    # The working days counted rest on the calendar of the years they span.
    uncertain = set(cal.unknown_years(start, day)) if unit == DueUnit.WORKING_DAYS else set()
    parts = [
        _("%(start_label)s %(start)s 起 %(rule)s")
        % {
            "start_label": clock_kind(kind).start_label,
            "start": start.isoformat(),
            "rule": _rule_text(unit, amount),
        }
    ]
    if paused_days:
        day += dt.timedelta(days=paused_days)
        parts.append(_("暂停 %(n)s 日") % {"n": paused_days})
    for days, approver in extensions:
        day += dt.timedelta(days=days)
        parts.append(_("延期 %(n)s 日（批准人：%(approver)s）") % {"n": days, "approver": approver})
    rolled = False
    if settings.RENDA.get("DEADLINE_ROLL_TO_WORKDAY", True):
        workday = cal.next_workday(day)
        # Whether the day (and those it rolled over) is a working day rests on its year's calendar too.
        uncertain.update(cal.unknown_years(day, workday))
        rolled = workday != day
        day = workday
    if rolled:
        parts.append(_("遇节假日顺延"))
    text = _("，").join(parts)
    explanation = text + ("→ " if text.endswith("）") else " → ") + day.isoformat()
    return DueDate(date=day, explanation=explanation, uncertain_years=sorted(uncertain), rolled=rolled)


def clock_due(clock: Clock, cal: WorkCalendar | None = None) -> DueDate:
    """Recompute a clock's due date with its explanation (three queries: extensions, overrides, official
    years; the extensions come from a prefetch when the caller made one)."""
    if "extensions" in getattr(clock, "_prefetched_objects_cache", {}):
        rows = clock.extensions.all()
    else:
        rows = clock.extensions.select_related("approver")
    extensions = [(e.days, str(e.approver)) for e in rows]
    return due_date_compute(
        kind=clock.kind,
        start=clock.start_date,
        unit=clock.rule_unit,
        amount=clock.rule_amount,
        paused_days=clock.paused_days,
        extensions=extensions,
        cal=cal,
    )


def clock_explain(clock: Clock) -> str:
    return clock_due(clock).explanation


def next_reminder_day(clock: Clock, steps=None) -> dt.date | None:
    """The day of the first reminder step after `reminded_through`; None when paused, stopped or done."""
    if clock.stopped_at is not None or clock.paused_since is not None:
        return None
    if steps is None:
        steps = steps_by_kind([clock.kind]).get(clock.kind, [])
    days = [clock.due_date + dt.timedelta(days=s.offset_days) for s in steps]
    after = clock.reminded_through
    pending = [d for d in days if after is None or d > after]
    return min(pending) if pending else None


def _today() -> dt.date:
    return timezone.localdate()


def _locked(clock: Clock) -> Clock:
    return Clock.unscoped.select_for_update().get(pk=clock.pk)


def _recompute(clock: Clock) -> DueDate:
    due = clock_due(clock)
    clock.due_date = due.date
    clock.calendar_uncertain = bool(due.uncertain_years)
    clock.next_reminder_on = next_reminder_day(clock)
    return due


def _record(code: str, clock: Clock, actor, **data) -> None:
    subject = clock.subject or clock
    activity_record(
        code=code,
        actor=actor,
        subject=subject,
        town=clock.town,
        data={"kind": clock.kind, "clock": clock.pk, "due_date": clock.due_date, **data},
    )


@transaction.atomic
def clock_start(
    *,
    subject: models.Model,
    kind: str,
    actor,
    start_date: dt.date | None = None,
    rule: str | None = None,
    town=None,
    handler=None,
    unit=None,
    person=None,
    link: str = "",
    amount: int | None = None,
    amount_unit: str | None = None,
) -> Clock:
    """Start the clock of one kind on an item; `rule` is a rule code (default: the kind's own code).
    `amount` (with `amount_unit`, default the rule's unit) replaces the rule's amount for this one clock: a
    length the caller read from its own configuration (months by the kind of source) or a deadline it was
    given."""
    town = town or getattr(subject, "town", None)
    if town is None:
        raise ValidationError(_("期限须属于某个镇（街道）"))
    start_date = start_date or _today()
    r = rule_get(rule or kind)
    if amount is not None:
        r = Rule(code=r.code, unit=amount_unit or r.unit, amount=int(amount))
    ct = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    if Clock.unscoped.filter(content_type=ct, object_id=str(subject.pk), kind=kind, stopped_at=None).exists():
        raise ValidationError(_("该事项已有正在计算的同类期限"))
    if not link and hasattr(subject, "get_absolute_url"):
        link = subject.get_absolute_url()
    clock = Clock(
        town=town,
        content_type=ct,
        object_id=str(subject.pk),
        subject_repr=str(subject)[:200],
        link=link,
        kind=kind,
        rule_code=r.code,
        rule_unit=r.unit,
        rule_amount=r.amount,
        start_date=start_date,
        due_date=start_date,
        handler=handler,
        unit=unit,
        person=person,
        # Steps that would fall before the start are not sent; steps from the start day on are.
        reminded_through=start_date - dt.timedelta(days=1),
    )
    due = due_date_compute(kind=kind, start=start_date, unit=r.unit, amount=r.amount)
    clock.due_date = due.date
    clock.calendar_uncertain = bool(due.uncertain_years)
    clock.next_reminder_on = next_reminder_day(clock)
    clock.save()
    figures_stale(town_id=clock.town_id)
    _record("clock.started", clock, actor, rule=r.code, start_date=start_date, explanation=due.explanation)
    return clock


@transaction.atomic
def clock_pause(*, clock: Clock, reason: str, actor, on: dt.date | None = None) -> Clock:
    """Stop the clock from running, e.g. while waiting for a deputy; no reminders while paused."""
    clock = _locked(clock)
    if clock.stopped_at is not None:
        raise ValidationError(_("期限已结束"))
    if clock.paused_since is not None:
        raise ValidationError(_("期限已暂停"))
    if not reason.strip():
        raise ValidationError(_("请填写暂停原因"))
    on = on or _today()
    ClockPause.objects.create(clock=clock, started_on=on, reason=reason)
    clock.paused_since = on
    clock.next_reminder_on = None
    clock.save(update_fields=["paused_since", "next_reminder_on"])
    figures_stale(town_id=clock.town_id)
    _record("clock.paused", clock, actor, on=on, reason=reason)
    return clock


@transaction.atomic
def clock_resume(*, clock: Clock, actor, on: dt.date | None = None) -> Clock:
    """Run the clock again; the due date moves by the days it was paused."""
    clock = _locked(clock)
    if clock.paused_since is None:
        raise ValidationError(_("期限未暂停"))
    on = on or _today()
    if on < clock.paused_since:
        raise ValidationError(_("恢复日不能早于暂停日"))
    pause = clock.pauses.filter(ended_on=None).get()
    pause.ended_on = on
    pause.save(update_fields=["ended_on"])
    old = clock.due_date
    clock.paused_days += (on - clock.paused_since).days
    clock.paused_since = None
    due = _recompute(clock)
    clock.save()
    figures_stale(town_id=clock.town_id)
    _record(
        "clock.resumed",
        clock,
        actor,
        on=on,
        paused_days=pause.days,
        from_due=old,
        explanation=due.explanation,
    )
    return clock


@transaction.atomic
def clock_extend(*, clock: Clock, days: int, reason: str, approver, actor) -> Clock:
    """Extend by `days` calendar days, with a reason and the person who approved it."""
    clock = _locked(clock)
    if clock.stopped_at is not None:
        raise ValidationError(_("期限已结束"))
    if days <= 0:
        raise ValidationError(_("延期天数须大于零"))
    if not reason.strip():
        raise ValidationError(_("请填写延期理由"))
    if approver is None:
        raise ValidationError(_("延期须有批准人"))
    ClockExtension.objects.create(clock=clock, days=days, reason=reason, approver=approver)
    old = clock.due_date
    clock.extended_days += days
    due = _recompute(clock)
    clock.save()
    figures_stale(town_id=clock.town_id)
    _record(
        "clock.extended",
        clock,
        actor,
        days=days,
        reason=reason,
        approver=approver,
        from_due=old,
        explanation=due.explanation,
    )
    return clock


@transaction.atomic
def clock_stop(*, clock: Clock, actor, at: dt.datetime | None = None, reason: str = "") -> Clock:
    """The item is done (replied, closed): the clock stops and sends nothing more."""
    clock = _locked(clock)
    if clock.stopped_at is not None:
        return clock
    clock.stopped_at = at or timezone.now()
    clock.next_reminder_on = None
    clock.save(update_fields=["stopped_at", "next_reminder_on"])
    figures_stale(town_id=clock.town_id)
    on_time = timezone.localdate(clock.stopped_at) <= clock.due_date
    _record("clock.stopped", clock, actor, reason=reason, on_time=on_time)
    return clock


_KEEP = object()


@transaction.atomic
def clock_handler_set(*, clock: Clock, actor, handler=_KEEP, unit=_KEEP, person=_KEEP) -> Clock:
    """Who the clock's reminders go to (its handler user, unit or person): only the ones given change.
    A stopped clock is left as it is."""
    clock = _locked(clock)
    if clock.stopped_at is not None:
        return clock
    changed = {}
    for name, value in (("handler", handler), ("unit", unit), ("person", person)):
        if value is not _KEEP and getattr(clock, f"{name}_id") != getattr(value, "pk", None):
            setattr(clock, name, value)
            changed[name] = str(value or "")
    if changed:
        clock.save(update_fields=list(changed))
        _record("clock.handler_set", clock, actor, **changed)
    return clock


def clocks_refresh_reminders(*, kind: str) -> int:
    """After the reminder rules of a kind change: recompute `next_reminder_on` of its running clocks."""
    steps = steps_by_kind([kind]).get(kind, [])
    changed = []
    for clock in Clock.unscoped.filter(kind=kind, stopped_at=None).iterator(chunk_size=1000):
        nxt = next_reminder_day(clock, steps)
        if nxt != clock.next_reminder_on:
            clock.next_reminder_on = nxt
            changed.append(clock)
    Clock.unscoped.bulk_update(changed, ["next_reminder_on"], batch_size=1000)
    return len(changed)
