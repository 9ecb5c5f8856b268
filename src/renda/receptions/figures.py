"""The appeal figures of the town page's 工作概况 panel and the district overview, per town.

The meanings are the statistics page's (queries.appeal_figures) and the appeal list's:
- year_total: appeals received this year;
- replied / reply_rate: this year's appeals with a reply, and their share in % (the reply rate, target 100 %);
- open: registered, being handled or reopened, any year (models.OPEN_STATES; the list's state=open);
- overdue: open ones past their reply due date (the list's overdue=1)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from .models import OPEN_STATES, Appeal
from .queries import AppealFigures


def town_figures(*, town_ids: list[int], today: dt.date) -> dict[int, dict]:
    """One query for any number of towns; it reads only this year's and the open appeals."""
    this_year = Q(received_on__gte=dt.date(today.year, 1, 1), received_on__lt=dt.date(today.year + 1, 1, 1))
    is_open = Q(state__in=OPEN_STATES)
    rows = {
        r["town"]: r
        for r in Appeal.objects.filter(town__in=town_ids)
        .filter(this_year | is_open)
        .values("town")
        .annotate(
            year_total=Count("id", filter=this_year),
            replied=Count("id", filter=this_year & Q(replied_on__isnull=False)),
            open=Count("id", filter=is_open),
            overdue=Count("id", filter=is_open & Q(due_date__lt=today)),
        )
        .order_by()
    }
    out = {}
    for t in town_ids:
        r = rows.get(t, {})
        figures = {k: r.get(k, 0) for k in ("year_total", "replied", "open", "overdue")}
        figures["reply_rate"] = AppealFigures(
            total=figures["year_total"], replied=figures["replied"]
        ).reply_rate
        out[t] = figures
    return out


# --- the figures of a chosen year on the dashboards (renda.reports; docs/concepts.md "Dashboards") ---------


def year_counts(*, town_ids: list[int], year: int, today: dt.date) -> dict[int, dict[str, int]]:
    """The appeals received in `year`, per town: one query for any number of towns."""
    replied = Q(replied_on__isnull=False)
    rows = {
        r["town"]: r
        for r in Appeal.objects.filter(
            town__in=town_ids, received_on__gte=dt.date(year, 1, 1), received_on__lt=dt.date(year + 1, 1, 1)
        )
        .values("town")
        .annotate(
            received=Count("id"),
            replied=Count("id", filter=replied),
            on_time=Count("id", filter=replied & Q(replied_on_time=True)),
        )
        .order_by()
    }
    keys = ("received", "replied", "on_time")
    return {t: {k: int(rows.get(t, {}).get(k, 0)) for k in keys} for t in town_ids}


def year_figures():

    from django.utils.translation import gettext_lazy as _

    from renda.core.figures import YearCount, YearFigures, YearRate, year_list_link

    def link(**params):
        return year_list_link("receptions:appeal-list", **params)

    return YearFigures(
        name="appeals",
        label=_("群众诉求"),
        order=20,
        counts=year_counts,
        figures=(
            YearCount("received", _("收到诉求"), link()),
            YearCount("replied", _("已答复"), link(replied="1")),
            YearCount("on_time", _("按期答复"), link(on_time="1")),
        ),
        rates=(
            YearRate("reply_rate", _("答复率"), "replied", "received"),
            YearRate("on_time_rate", _("按期答复率"), "on_time", "replied"),
        ),
    )
