"""The dashboards (统计报表): every town of the user side by side with the district's total, or one town;
bars per town (ECharts, static/reports/dashboard.js reads the data block) and a heat-table of the rates
coloured against their targets. Every number and every bar links the filtered list it counts."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from renda.core.models import Town
from renda.core.types import YearField, query_value

from . import queries


def _chart_data(board: queries.Dashboard) -> dict:
    """One bar chart per module: its counts per town, each bar with the URL of its list."""
    charts = []
    towns = [t.name for t in board.towns]
    for module in dict.fromkeys(m.module for m in board.measures):
        counts = [m for m in board.measures if m.module == module and m.kind == "count"]
        charts.append(
            {
                "id": module,
                "title": str(counts[0].module_label),
                "towns": towns,
                "series": [
                    {
                        "key": m.key,
                        "name": str(m.label),
                        "data": [r.cells[m.key].value for r in board.rows],
                        "urls": [r.cells[m.key].url for r in board.rows],
                    }
                    for m in counts
                ],
            }
        )
    return {"charts": charts}


def _figure_cell(key: str, c: queries.Cell) -> str:
    if c.den is None:
        inner = format_html('<a href="{}" data-figure="{}">{}</a>', c.url, key, c.value)
    else:
        inner = format_html(
            '<a href="{}" data-figure="{}">{}</a> <span class="small text-muted">(<a href="{}">{}</a>/<a href="{}">{}</a>)</span>',
            c.num_url, key, "—" if c.value is None else c.value, c.num_url, c.num, c.den_url, c.den,
        )  # fmt: skip
    return format_html('<td class="text-end" data-testid="fig-{}">{}</td>', key, inner)


def figure_row(row: queries.Row, name: str, *, total: bool = False) -> str:
    """One row of the figures table, built here: a district's table is hundreds of linked cells, which the
    template language renders several times slower (docs/decisions/0009: markup built in Python)."""
    cells = mark_safe("".join(_figure_cell(k, c) for k, c in row.cells.items()))  # noqa: S308 -- escaped above
    return format_html(
        '<tr data-testid="{}"><th scope="row">{}</th>{}</tr>',
        "total-row" if total else "town-row",
        name,
        cells,
    )


def unit_row(name: str, cells: dict, slow: bool) -> str:
    body = mark_safe("".join(_figure_cell(k, c) for k, c in cells.items()))  # noqa: S308 -- escaped above
    flag = format_html(' <span class="badge text-bg-warning">{}</span>', _("较慢")) if slow else ""
    return format_html(
        '<tr data-testid="unit-row"{}><th scope="row">{}{}</th>{}</tr>',
        mark_safe(' class="table-warning" data-slow="1"') if slow else "",
        name,
        flag,
        body,
    )


def _unit_tables(board: queries.Dashboard) -> list[dict]:
    """One town's units (its dashboard, or a town staff's): which units reply late, the slowest marked."""
    if len(board.towns) != 1:
        return []
    return [
        {"table": t, "rows": [unit_row(name, cells, slow) for name, cells, slow in t.rows]}
        for t in queries.unit_tables(town=board.towns[0], year=board.year)
    ]


def _render(request, board: queries.Dashboard, title: str):
    groups: list[dict] = []
    for m in board.measures:
        if not groups or groups[-1]["module"] != m.module:
            groups.append({"module": m.module, "label": m.module_label, "span": 0})
        groups[-1]["span"] = int(groups[-1]["span"]) + 1
    rates = [m for m in board.measures if m.kind == "rate"]
    town_url = reverse("reports:town-dashboard", args=[0])  # once, not once per town
    for r in board.rows:
        r.town_url = town_url.replace("/0/", f"/{r.town.pk}/") + f"?year={board.year}"
    return render(
        request,
        "reports/dashboard.html",
        {
            "board": board,
            "title": title,
            "groups": groups,
            "rates": rates,
            # Each town's rate cells in the columns' order (the template does not search the cells).
            "figure_rows": [figure_row(r, r.town.name) for r in board.rows],
            "figure_total": figure_row(board.total, _("合计"), total=True),
            "heat_rows": [(r, [(m, r.cells[m.key]) for m in rates]) for r in board.rows],
            "years": queries.dashboard_years(),
            "chart_data": _chart_data(board),
            "unit_tables": _unit_tables(board),
            "slowest_units": settings.RENDA["REPORT_SLOWEST_UNITS"],
        },
    )


def _year(request) -> int:
    return query_value(request, "year", YearField(), default=timezone.localdate().year)


@login_required
def dashboard(request):
    """District staff: every town of the district; town staff: their town."""
    if not queries.dashboard_town_ids(request.user):
        raise PermissionDenied
    board = queries.dashboard_for(user=request.user, year=_year(request))
    return _render(request, board, _("统计报表"))


@login_required
def town_dashboard(request, pk: int):
    """One town's dashboard: its staff and the district's; anyone else gets 404."""
    board = queries.dashboard_for(user=request.user, year=_year(request), town_id=pk)
    return _render(request, board, _("%(town)s统计报表") % {"town": board.towns[0].name})


town_dashboard.model = Town
