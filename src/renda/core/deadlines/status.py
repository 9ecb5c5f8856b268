"""Derived status of any item with a clock, and the reads over clocks."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Clock


class ClockStatus(models.TextChoices):
    ON_TIME = "on_time", _("未到期")
    DUE_SOON = "due_soon", _("即将到期")
    DUE_TODAY = "due_today", _("今日到期")
    OVERDUE = "overdue", _("已超期")
    LONG_OVERDUE = "long_overdue", _("严重超期")
    PAUSED = "paused", _("暂停中")
    DONE = "done", _("已办结")


def _thresholds() -> tuple[int, int]:
    return settings.RENDA["DEADLINE_DUE_SOON_DAYS"], settings.RENDA["DEADLINE_LONG_OVERDUE_DAYS"]


def clock_status(clock: Clock, today: dt.date | None = None) -> str:
    if clock.stopped_at is not None:
        return ClockStatus.DONE
    if clock.paused_since is not None:
        return ClockStatus.PAUSED
    today = today or timezone.localdate()
    soon, long = _thresholds()
    left = (clock.due_date - today).days
    if left > soon:
        return ClockStatus.ON_TIME
    if left > 0:
        return ClockStatus.DUE_SOON
    if left == 0:
        return ClockStatus.DUE_TODAY
    if -left > long:
        return ClockStatus.LONG_OVERDUE
    return ClockStatus.OVERDUE


def clocks_with_status(qs=None, today: dt.date | None = None):
    """Annotate `status` in SQL, so lists can filter and count by it."""
    today = today or timezone.localdate()
    soon, long = _thresholds()
    qs = Clock.objects.all() if qs is None else qs
    return qs.annotate(
        status=Case(
            When(stopped_at__isnull=False, then=Value(ClockStatus.DONE)),
            When(paused_since__isnull=False, then=Value(ClockStatus.PAUSED)),
            When(due_date__gt=today + dt.timedelta(days=soon), then=Value(ClockStatus.ON_TIME)),
            When(due_date__gt=today, then=Value(ClockStatus.DUE_SOON)),
            When(due_date=today, then=Value(ClockStatus.DUE_TODAY)),
            When(due_date__lt=today - dt.timedelta(days=long), then=Value(ClockStatus.LONG_OVERDUE)),
            default=Value(ClockStatus.OVERDUE),
            output_field=models.CharField(),
        )
    )


def clocks_overdue(*, today: dt.date | None = None, kind: str | None = None):
    """Running clocks past their due date in the current scope (uses the running-due index)."""
    today = today or timezone.localdate()
    qs = Clock.objects.filter(stopped_at=None, paused_since=None, due_date__lt=today)
    return qs.filter(kind=kind) if kind else qs


def clock_for(*, subject: models.Model, kind: str) -> Clock | None:
    """The clock of one kind on an item: the running one, else the last stopped one."""
    ct = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    return (
        Clock.objects.filter(content_type=ct, object_id=str(subject.pk), kind=kind)
        .order_by(F("stopped_at").desc(nulls_first=True), "-created_at")
        .first()
    )


def clocks_on(*, subject: models.Model):
    """All clocks of an item, running ones first, then the stopped ones newest first."""
    ct = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    return Clock.objects.filter(content_type=ct, object_id=str(subject.pk)).order_by(
        F("stopped_at").desc(nulls_first=True), "-created_at", "-id"
    )


def clock_facts(clock: Clock, today: dt.date | None = None) -> dict:
    """One clock as a program reads it: the due date, the rule and the explanation of how the date was
    computed, and whether it is provisional (the holiday calendar of a year it crosses is not known yet)."""
    from .rules import clock_kind
    from .services import clock_due

    due = clock_due(clock)
    status = clock_status(clock, today)
    return {
        "kind": clock.kind,
        "label": str(clock_kind(clock.kind).label),
        "rule": clock.rule_code,
        "rule_unit": clock.rule_unit,
        "rule_amount": clock.rule_amount,
        "start_date": clock.start_date,
        "due_date": clock.due_date,
        "explanation": due.explanation,
        "provisional": clock.calendar_uncertain,
        "warning": due.warning if clock.calendar_uncertain else "",
        "status": status,
        "status_label": str(ClockStatus(status).label),
        "paused_since": clock.paused_since,
        "paused_days": clock.paused_days,
        "extended_days": clock.extended_days,
        "stopped_at": clock.stopped_at,
    }


def clock_current(*, subject: models.Model, kinds: list[str]) -> Clock | None:
    """The clock that matters now among `kinds` on an item: a running one (the newest), else the last
    stopped one. One query."""
    ct = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    return (
        Clock.objects.filter(content_type=ct, object_id=str(subject.pk), kind__in=kinds)
        .order_by(F("stopped_at").desc(nulls_first=True), "-created_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class ClockSummary:
    """What a page or the API shows of a clock: its due date, derived status and whether the due date rests
    on a provisional calendar year (statutory holidays computed, the official schedule not entered yet)."""

    kind: str
    start_date: dt.date
    due_date: dt.date
    status: str
    status_label: str
    paused: bool
    provisional: bool

    def as_dict(self) -> dict:
        return asdict(self)


def clock_summary(clock: Clock | None, today: dt.date | None = None) -> ClockSummary | None:
    if clock is None:
        return None
    status = clock_status(clock, today)
    return ClockSummary(
        kind=clock.kind,
        start_date=clock.start_date,
        due_date=clock.due_date,
        status=status,
        status_label=str(ClockStatus(status).label),
        paused=clock.paused_since is not None,
        provisional=clock.calendar_uncertain and clock.stopped_at is None,
    )
