"""The suggestion figures of the town page's 工作概况 panel and the district overview, per town.

The meanings are the yearly report's (reports.yearly) and the list's (queries.suggestions_filtered):
- year_total: this year's suggestions, drafts and merged ones left out (the report's 提出建议);
- open: submitted, accepted, assigned or being handled again, any year (the list's state=open);
- overdue: open ones whose reply due date has passed (the list's overdue=1);
- replied / on_time / on_time_rate: this year's replied ones, those replied on time, and the share in %
  (the report's 已答复, 按期答复 and 按期答复率)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from .models import State, Suggestion
from .queries import OPEN_STATES
from .reports import _rate


def town_figures(*, town_ids: list[int], today: dt.date) -> dict[int, dict]:
    """One query for any number of towns; it reads only this year's and the open suggestions."""
    this_year = Q(year=today.year) & ~Q(state__in=[State.DRAFT, State.MERGED])
    is_open = Q(state__in=OPEN_STATES)
    replied = this_year & Q(replied_on_time__isnull=False)
    rows = {
        r["town"]: r
        for r in Suggestion.objects.filter(town__in=town_ids)
        .filter(Q(year=today.year) | is_open)
        .values("town")
        .annotate(
            year_total=Count("id", filter=this_year),
            open=Count("id", filter=is_open),
            overdue=Count("id", filter=is_open & Q(due_date__lt=today)),
            replied=Count("id", filter=replied),
            on_time=Count("id", filter=replied & Q(replied_on_time=True)),
        )
        .order_by()
    }
    out = {}
    for t in town_ids:
        r = rows.get(t, {})
        figures = {k: r.get(k, 0) for k in ("year_total", "open", "overdue", "replied", "on_time")}
        figures["on_time_rate"] = _rate(figures["on_time"], figures["replied"])
        out[t] = figures
    return out
