"""The oversight figures of a chosen year on the dashboards (renda.reports; docs/concepts.md "Dashboards").

Rectification items created in the year (the item list's year=): all of them, open (with the unit or being
verified: state=open), overdue (still with the unit past their due date: overdue=1), closed (closed or
confirmed: state=done)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from renda.core.figures import UnitFigures, YearCount, YearFigures, YearRate, unit_list_link, year_list_link

from .models import RectificationItem
from .queries_rectification import DONE_STATES, OPEN_STATES, _overdue_q


def year_counts(*, town_ids: list[int], year: int, today: dt.date) -> dict[int, dict[str, int]]:
    """One query for any number of towns."""
    rows = {
        r["town"]: r
        for r in RectificationItem.objects.filter(town__in=town_ids, created_at__year=year)
        .values("town")
        .annotate(
            items=Count("id"),
            open=Count("id", filter=Q(state__in=OPEN_STATES)),
            overdue=Count("id", filter=_overdue_q(today)),
            closed=Count("id", filter=Q(state__in=DONE_STATES)),
        )
        .order_by()
    }
    keys = ("items", "open", "overdue", "closed")
    return {t: {k: int(rows.get(t, {}).get(k, 0)) for k in keys} for t in town_ids}


def _link(**params):
    return year_list_link("oversight:item-list", **params)


def year_figures() -> YearFigures:
    return YearFigures(
        name="rectification",
        label=_("整改落实"),
        order=40,
        counts=year_counts,
        figures=(
            YearCount("items", _("整改事项"), _link()),
            YearCount("open", _("整改中"), _link(state="open")),
            YearCount("overdue", _("逾期未整改"), _link(overdue="1")),
            YearCount("closed", _("已整改销号"), _link(state="done")),
        ),
        rates=(YearRate("closed_rate", _("整改完成率"), "closed", "items"),),
    )


def unit_counts(*, town_id: int, year: int, today: dt.date) -> dict[int, dict]:
    """The items of `year` per responsible unit of the town (the list's unit=): one query."""
    rows = (
        RectificationItem.objects.filter(town=town_id, created_at__year=year, unit__isnull=False)
        .values("unit", "unit__name")
        .annotate(
            items=Count("id"),
            overdue=Count("id", filter=_overdue_q(today)),
            closed=Count("id", filter=Q(state__in=DONE_STATES)),
        )
        .order_by()
    )
    keys = ("items", "overdue", "closed")
    return {r["unit"]: {"name": r["unit__name"], **{k: int(r[k]) for k in keys}} for r in rows}


def unit_figures() -> UnitFigures:
    def link(**params):
        return unit_list_link("oversight:item-list", **params)

    return UnitFigures(
        name="rectification",
        label=_("整改落实"),
        order=40,
        counts=unit_counts,
        figures=(
            YearCount("items", _("整改事项"), link()),
            YearCount("overdue", _("逾期未整改"), link(overdue="1")),
            YearCount("closed", _("已整改销号"), link(state="done")),
        ),
        rates=(YearRate("closed_rate", _("整改完成率"), "closed", "items"),),
        slowest="closed_rate",
    )
