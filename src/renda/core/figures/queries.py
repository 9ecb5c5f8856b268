"""Reads of the work figures (工作概况): stored rows, recomputed when stale or from another day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from ..deadlines.models import Clock
from . import figure_sources
from .models import TownFigures


def due_within_days() -> int:
    """Running clocks due from today through so many days on count as "due soon" (settings.RENDA)."""
    return settings.RENDA["FIGURES_DUE_WITHIN_DAYS"]


def _due_soon(today: dt.date):
    return Clock.objects.filter(
        stopped_at=None,
        paused_since=None,
        due_date__gte=today,
        due_date__lte=today + dt.timedelta(days=due_within_days()),
    )


def clock_figures(*, town_ids: list[int], today: dt.date) -> dict[int, dict]:
    """Running (not paused) clocks due from today through the next few days, per town: one query."""
    counts = dict(
        _due_soon(today).filter(town__in=town_ids).values_list("town").annotate(n=Count("id")).order_by()
    )
    return {t: {"due_soon": counts.get(t, 0), "days": due_within_days()} for t in town_ids}


def clocks_due_soon(*, town, today: dt.date | None = None, limit: int = 50) -> list[Clock]:
    """The clocks behind the "due soon" figure of a town, soonest first (one query)."""
    today = today or timezone.localdate()
    return list(_due_soon(today).filter(town=town).order_by("due_date", "id")[:limit])


def figures_compute(*, town_ids: list[int], today: dt.date) -> dict[int, dict]:
    """Fresh figures of the towns: a fixed number of queries for any number of towns."""
    out = {t: {"year": today.year, "computed_on": today.isoformat()} for t in town_ids}
    sources = {"clocks": clock_figures, **figure_sources()}
    for name, source in sources.items():
        per_town = source(town_ids=town_ids, today=today)
        for t in town_ids:
            out[t][name] = per_town[t]
    return out


def town_figures_for(*, towns: Iterable, today: dt.date | None = None) -> dict[int, dict]:
    """The work figures of each town (Town objects or ids) as {town_id: figures}.

    One query reads the stored rows. Rows that are missing, stale or computed on another day are recomputed
    together (a fixed number of queries) and saved: one INSERT for the missing rows, one UPDATE per stale row
    (skipped when a change has marked the row stale again meanwhile)."""
    today = today or timezone.localdate()
    ids = [getattr(t, "pk", t) for t in towns]
    rows = {r.town_id: r for r in TownFigures.objects.filter(town__in=ids)}
    todo = [t for t in ids if t not in rows or rows[t].stale or rows[t].computed_on != today]
    if not todo:
        return {t: rows[t].data for t in ids}
    fresh = figures_compute(town_ids=todo, today=today)
    missing = [TownFigures(town_id=t, data=fresh[t], computed_on=today) for t in todo if t not in rows]
    if missing:
        TownFigures.unscoped.bulk_create(missing, ignore_conflicts=True)
    for t in todo:
        if t in rows:
            row = rows[t]
            TownFigures.unscoped.filter(pk=row.pk, version=row.version).update(
                data=fresh[t], computed_on=today, stale=False, updated_at=timezone.now()
            )
    return {t: (fresh[t] if t in fresh else rows[t].data) for t in ids}
