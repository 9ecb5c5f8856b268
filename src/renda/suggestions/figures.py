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


# --- the figures of a chosen year on the dashboards (renda.reports; docs/concepts.md "Dashboards") ---------


def _list_link(year: int, town: int | None, **params) -> str:
    from .reports import _link

    return _link(year, town, **params)


def year_counts(*, town_ids: list[int], year: int, today: dt.date) -> dict[int, dict[str, int]]:
    """The suggestions of `year` (drafts and merged ones left out), per town: one query for any number of towns."""
    from django.conf import settings

    from .queries import STATE_GROUPS

    accepted = Q(state__in=STATE_GROUPS["accepted_any"])
    key = accepted & Q(is_key=True)
    replied = Q(replied_on_time__isnull=False)
    rows = {
        r["town"]: r
        for r in Suggestion.objects.filter(town__in=town_ids, year=year)
        .exclude(state__in=[State.DRAFT, State.MERGED])
        .values("town")
        .annotate(
            proposed=Count("id"),
            replied=Count("id", filter=replied),
            on_time=Count("id", filter=replied & Q(replied_on_time=True)),
            accepted=Count("id", filter=accepted),
            key=Count("id", filter=key),
            key_resolved=Count(
                "id",
                filter=key
                & Q(state=State.CLOSED, outcome_class__in=settings.RENDA["SUGGESTION_RESOLVED_CLASSES"]),
            ),
        )
        .order_by()
    }
    keys = ("proposed", "replied", "on_time", "accepted", "key", "key_resolved")
    return {t: {k: int(rows.get(t, {}).get(k, 0)) for k in keys} for t in town_ids}


def year_figures():
    from django.utils.translation import gettext_lazy as _

    from renda.core.figures import YearCount, YearFigures, YearRate

    def link(**params):
        return lambda *, year, town=None: _list_link(year, town, **params)

    return YearFigures(
        name="suggestions",
        label=_("代表建议"),
        order=10,
        counts=year_counts,
        figures=(
            YearCount("proposed", _("提出建议"), link(state="proposed")),
            YearCount("replied", _("已答复"), link(state="replied_any")),
            YearCount("on_time", _("按期答复"), link(state="replied_any", on_time="1")),
            YearCount("accepted", _("已立案"), link(state="accepted_any")),
            YearCount("key", _("重点督办"), link(state="accepted_any", key="1")),
            YearCount("key_resolved", _("重点督办已办成"), link(state=State.CLOSED, key="1", resolved="1")),
        ),
        rates=(
            YearRate("on_time_rate", _("按期答复率"), "on_time", "replied"),
            YearRate("key_share", _("重点督办占比"), "key", "accepted"),
            YearRate("key_resolved_rate", _("重点建议办成率"), "key_resolved", "key"),
        ),
    )


# --- per handling unit of one town (the town's dashboard) ----------------------------------------------


def unit_counts(*, town_id: int, year: int, today: dt.date) -> dict[int, dict]:
    """The suggestions of `year` led by each unit of the town (drafts and merged ones left out): one query.
    The same meanings as the list's unit= filter (the lead unit) with state=proposed / replied_any,
    on_time=1 and overdue=1."""
    is_open = Q(state__in=OPEN_STATES)
    replied = Q(replied_on_time__isnull=False)
    rows = (
        Suggestion.objects.filter(town=town_id, year=year, lead_unit__isnull=False)
        .exclude(state__in=[State.DRAFT, State.MERGED])
        .values("lead_unit", "lead_unit__name")
        .annotate(
            led=Count("id"),
            replied=Count("id", filter=replied),
            on_time=Count("id", filter=replied & Q(replied_on_time=True)),
            overdue=Count("id", filter=is_open & Q(due_date__lt=today)),
        )
        .order_by()
    )
    keys = ("led", "replied", "on_time", "overdue")
    return {r["lead_unit"]: {"name": r["lead_unit__name"], **{k: int(r[k]) for k in keys}} for r in rows}


def unit_figures():
    from django.utils.translation import gettext_lazy as _

    from renda.core.figures import UnitFigures, YearCount, YearRate, unit_list_link

    return UnitFigures(
        name="suggestions",
        label=_("代表建议"),
        order=10,
        counts=unit_counts,
        figures=(
            YearCount("led", _("主办建议"), unit_list_link("suggestions:list", state="proposed")),
            YearCount("replied", _("已答复"), unit_list_link("suggestions:list", state="replied_any")),
            YearCount(
                "on_time", _("按期答复"), unit_list_link("suggestions:list", state="replied_any", on_time="1")
            ),
            YearCount("overdue", _("逾期未答复"), unit_list_link("suggestions:list", overdue="1")),
        ),
        rates=(YearRate("on_time_rate", _("按期答复率"), "on_time", "replied"),),
        slowest="on_time_rate",
    )
