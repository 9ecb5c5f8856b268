"""The official working-day calendar: a year's holiday schedule entered by district staff (or loaded by the
operator's command) and the local corrections of single days (CalendarOverride, the Django admin). Either
recomputes the running clocks whose days it touches; each moved due date is recorded on its item and told to
its handler."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...audit import CODE_LABELS, activity_record
from ...figures.services import figures_stale
from ...notifications.models import Notification
from ...notifications.services import notifications_create
from ...permissions import require
from ..calendar import WorkCalendar
from ..models import CalendarOverride, CalendarSource, CalendarYear, Clock, Recipient
from ..rules import clock_kind, notification_kind_of, steps_by_kind
from .clocks import clock_due, next_reminder_day

CODE_LABELS.update(
    {
        "calendar.year_set": gettext_lazy("录入法定节假日安排"),
        "calendar.override_set": gettext_lazy("调整本地工作日"),
        "calendar.override_deleted": gettext_lazy("删除本地工作日调整"),
    }
)

_DATE = r"\d{4}-\d{1,2}-\d{1,2}"
_ITEM = re.compile(rf"({_DATE})(?:\s*(?:~|～|至|到|—|--)\s*({_DATE}))?")
_SEPARATORS = " \t\r\n,，、;；"
MAX_RANGE_DAYS = 31


def _date_of(text: str) -> dt.date:
    y, m, d = (int(x) for x in text.split("-"))
    return dt.date(y, m, d)


def calendar_dates_parse(text: str) -> list[dt.date]:
    """Dates and ranges as staff type them: "2027-01-01、2027-02-05~2027-02-11" (separators: commas, 、,
    semicolons, spaces, new lines; ranges with ~, 至 or 到). Raises ValidationError with every bad part."""
    days: set[dt.date] = set()
    errors: list[str] = []
    pos = 0

    def gap(part: str) -> None:
        if part.strip(_SEPARATORS):
            errors.append(_("无法识别“%(text)s”，日期请写成 2027-01-01") % {"text": part.strip(_SEPARATORS)})

    for m in _ITEM.finditer(text):
        gap(text[pos : m.start()])
        pos = m.end()
        try:
            first = _date_of(m.group(1))
            last = _date_of(m.group(2)) if m.group(2) else first
        except ValueError:
            errors.append(_("“%(text)s”不是有效日期") % {"text": m.group(0)})
            continue
        if last < first:
            errors.append(_("日期范围“%(text)s”的结束日早于开始日") % {"text": m.group(0)})
        elif (last - first).days >= MAX_RANGE_DAYS:
            errors.append(_("日期范围“%(text)s”超过 %(n)s 天") % {"text": m.group(0), "n": MAX_RANGE_DAYS})
        else:
            days.update(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    gap(text[pos:])
    if errors:
        raise ValidationError(errors)
    return sorted(days)


def _calendar_check(year: int, holidays: list[dt.date], workdays: list[dt.date]) -> dict[str, list[str]]:
    low, high = settings.RENDA["CALENDAR_YEARS"]
    if not low <= year <= high:
        return {"year": [_("年份须在 %(low)s 至 %(high)s 之间") % {"low": low, "high": high}]}
    errors: dict[str, list[str]] = {"holidays": [], "workdays": []}
    for name, days in (("holidays", holidays), ("workdays", workdays)):
        outside = [d.isoformat() for d in days if d.year != year]
        if outside:
            errors[name].append(
                _("%(dates)s 不在 %(year)s 年内") % {"dates": "、".join(outside), "year": year}
            )
    if not holidays:
        errors["holidays"].append(_("请填写放假日期"))
    weekdays = [d.isoformat() for d in workdays if d.weekday() < 5]
    if weekdays:
        errors["workdays"].append(
            _("调休上班日应为周六或周日：%(dates)s 是工作日") % {"dates": "、".join(weekdays)}
        )
    both = sorted(set(holidays) & set(workdays))
    if both:
        errors["workdays"].append(
            _("%(dates)s 不能既放假又上班") % {"dates": "、".join(d.isoformat() for d in both)}
        )
    return {k: v for k, v in errors.items() if v}


@dataclass
class CalendarYearResult:
    row: CalendarYear
    created: bool
    moved: list[tuple[Clock, dt.date, dt.date]] = field(default_factory=list)


@transaction.atomic
def calendar_year_set(
    *,
    year: int,
    holidays: list[dt.date],
    workdays: list[dt.date],
    actor,
    source: str = CalendarSource.MANUAL,
) -> CalendarYearResult:
    """Enter the official holiday schedule of a year (国务院办公厅通知): its holidays and make-up working days.
    The year becomes official; running clocks whose days touch it are recomputed, each moved due date is
    recorded on its item and told to its handler after commit. Nothing is saved if any date is wrong."""
    require(actor, "core.calendar_edit")
    holidays, workdays = sorted(set(holidays)), sorted(set(workdays))
    errors = _calendar_check(year, holidays, workdays)
    if errors:
        raise ValidationError(errors)
    row, created = CalendarYear.objects.update_or_create(
        year=year,
        defaults={
            "holidays": [d.isoformat() for d in holidays],
            "workdays": [d.isoformat() for d in workdays],
            "source": source,
            "entered_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    moved = clocks_recompute(first=dt.date(year, 1, 1), last=dt.date(year, 12, 31), actor=actor, year=year)
    activity_record(
        code="calendar.year_set",
        actor=actor,
        subject=row,
        town=None,
        data={
            "year": year,
            "source": source,
            "holidays": len(holidays),
            "workdays": len(workdays),
            "clocks_moved": len(moved),
        },
    )
    return CalendarYearResult(row=row, created=created, moved=moved)


def clocks_recompute(
    *,
    first: dt.date,
    last: dt.date,
    actor,
    year: int,
    template: str = "due_moved",
    params: dict | None = None,
) -> list[tuple[Clock, dt.date, dt.date]]:
    """Recompute the running clocks whose days include some of first … last (the calendar of those days
    changed). A moved due date: the clock and the item's mirrored field are updated, `clock.due_moved` goes
    into the item's history and the handler is notified after commit (message `template`, with `params`
    besides the item's). Returns (clock, old, new) per move."""
    params = params or {}
    from ..sweep import _Recipients

    clocks = list(
        Clock.unscoped.select_for_update()
        .filter(stopped_at=None, start_date__lte=last, due_date__gte=first)
        .order_by("id")
    )
    if not clocks:
        return []
    prefetch_related_objects(clocks, "extensions__approver")
    cal = WorkCalendar.load(min(c.start_date for c in clocks), last + dt.timedelta(days=400))
    steps = steps_by_kind({c.kind for c in clocks})
    moved: list[tuple[Clock, dt.date, dt.date]] = []
    flagged: list[Clock] = []
    for clock in clocks:
        due = clock_due(clock, cal)
        if due.date == clock.due_date:
            if clock.calendar_uncertain != due.provisional:
                clock.calendar_uncertain = due.provisional
                flagged.append(clock)
            continue
        old = clock.due_date
        clock.due_date = due.date
        clock.calendar_uncertain = due.provisional
        clock.next_reminder_on = next_reminder_day(clock, steps.get(clock.kind, []))
        clock.save(update_fields=["due_date", "calendar_uncertain", "next_reminder_on"])
        moved.append((clock, old, due.date))
        subject = clock.subject
        due_field = clock_kind(clock.kind).due_field
        if subject is not None and due_field and getattr(subject, due_field, None) == old:
            type(subject)._base_manager.filter(pk=subject.pk).update(**{due_field: due.date})
        activity_record(
            code="clock.due_moved",
            actor=actor,
            subject=subject or clock,
            town=clock.town,
            data={
                "kind": clock.kind,
                "clock": clock.pk,
                "due_date": [old, due.date],
                "year": year,
                "explanation": due.explanation,
                **params,
            },
        )
    Clock.unscoped.bulk_update(flagged, ["calendar_uncertain"], batch_size=1000)
    if moved:
        recipients = _Recipients([c for c, _o, _n in moved])
        notes = [
            Notification(
                town_id=clock.town_id,
                user_id=user_id,
                kind=notification_kind_of(clock.kind),
                template=template,
                params={
                    "clock_kind": clock.kind,
                    "item": clock.subject_repr,
                    "old": old.isoformat(),
                    "due": new.isoformat(),
                    "year": year,
                    **params,
                },
                link=clock.link,
                clock_id=clock.pk,
            )
            for clock, old, new in moved
            for user_id in recipients.resolve(clock, [Recipient.HANDLER])
        ]
        # The rows are written with the change; e-mail and SMS go out after commit (notifications_create).
        notifications_create(notes)
        for town_id in sorted({c.town_id for c, _o, _n in moved}):
            figures_stale(town_id=town_id)
    return moved


# ------------------------------------------------------------------------------ local corrections (admin)


@transaction.atomic
def calendar_override_save(
    *, actor, date: dt.date, is_workday: bool, note: str = "", override: CalendarOverride | None = None
) -> CalendarOverride:
    """Add a local correction of one day, or change one (`override`; its date may move): the running clocks
    whose days include the old or the new date are recomputed, each moved due date recorded and told."""
    require(actor, "core.calendar_edit")
    if override is not None and override.pk:
        row = CalendarOverride.objects.select_for_update().get(pk=override.pk)
        before = (row.date, row.is_workday, row.note)
    else:
        row, before = CalendarOverride(), None
    row.date, row.is_workday, row.note = date, is_workday, note
    row.full_clean()
    row.save()
    dates = sorted({date, *([before[0]] if before else [])})
    moved = _override_recompute(dates, actor)
    activity_record(
        code="calendar.override_set",
        actor=actor,
        subject=row,
        town=None,
        data={
            "date": date,
            "is_workday": is_workday,
            "note": note,
            "before": list(before) if before else None,
            "clocks_moved": len(moved),
        },
    )
    return row


@transaction.atomic
def calendar_override_delete(*, actor, override: CalendarOverride) -> int:
    """Remove a local correction: the day falls back to the official, package or computed calendar and the
    running clocks across it are recomputed. Returns the number of moved due dates."""
    require(actor, "core.calendar_edit")
    row = CalendarOverride.objects.select_for_update().filter(pk=override.pk).first()
    if row is None:
        return 0
    facts = {"date": row.date, "is_workday": row.is_workday, "note": row.note}
    pk = row.pk
    row.delete()
    moved = _override_recompute([row.date], actor)
    row.pk = pk  # the audit row names the deleted correction
    activity_record(
        code="calendar.override_deleted",
        actor=actor,
        subject=row,
        town=None,
        data={**facts, "clocks_moved": len(moved)},
    )
    return len(moved)


def _override_recompute(dates: list[dt.date], actor) -> list[tuple[Clock, dt.date, dt.date]]:
    return clocks_recompute(
        first=dates[0],
        last=dates[-1],
        actor=actor,
        year=dates[-1].year,
        template="due_moved_override",
        params={"override": ", ".join(d.isoformat() for d in dates)},
    )
