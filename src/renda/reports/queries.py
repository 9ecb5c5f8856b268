"""The dashboards' reads: the figures of a year per town, from what each module registers
(renda.core.figures.year_figures_register); `reports` never reads another app's tables itself.

A dashboard is a fixed number of queries for any number of towns: one for the towns, one per module."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise

from renda.core.access import grants_of, user_is_staff_for
from renda.core.figures import year_figure_sources
from renda.core.models import Town


@dataclass(frozen=True)
class Measure:
    """One column of the dashboard: a count, or a rate (100 × num / den) against its target."""

    key: str  # "<module>.<figure>"
    module: str
    module_label: str | Promise
    label: str | Promise
    kind: str  # "count" | "rate"
    num: str = ""
    den: str = ""
    target_min: float | None = None
    target_max: float | None = None


@dataclass
class Cell:
    value: int | float | None
    url: str
    num: int | None = None
    den: int | None = None
    num_url: str = ""
    den_url: str = ""
    status: str = ""  # "ok" | "low" | "high" | "" (no target or no value)


@dataclass
class Row:
    town: Town | None  # None: the district's total
    cells: dict[str, Cell] = field(default_factory=dict)
    town_url: str = ""  # the town's own dashboard (set by the page)


@dataclass
class Dashboard:
    year: int
    towns: list[Town]
    measures: list[Measure]
    rows: list[Row]
    total: Row
    single_town: bool


def rate(num: int, den: int) -> float | None:
    return round(100 * num / den, 1) if den else None


def target_status(value: float | None, lo: float | None, hi: float | None) -> str:
    if value is None or (lo is None and hi is None):
        return ""
    if lo is not None and value < lo:
        return "low"
    if hi is not None and value > hi:
        return "high"
    return "ok"


def measures() -> list[Measure]:
    targets = settings.RENDA["REPORT_TARGETS"]
    out = []
    for source in year_figure_sources():
        for f in source.figures:
            out.append(Measure(f"{source.name}.{f.key}", source.name, source.label, f.label, "count"))
        for r in source.rates:
            key = f"{source.name}.{r.key}"
            lo, hi = targets.get(key, (None, None))
            out.append(Measure(key, source.name, source.label, r.label, "rate", r.num, r.den, lo, hi))
    return out


def dashboard_town_ids(user) -> list[int]:
    """The towns whose dashboard the user may open: those they are staff of (town or district staff)."""
    return [t for t in grants_of(user).visible_town_ids if user_is_staff_for(user, t)]


def dashboard_towns(*, user, town_id: int | None = None) -> list[Town]:
    """The user's towns in code order, or only `town_id` (404 unless it is one of them)."""
    ids = dashboard_town_ids(user)
    if town_id is not None:
        if town_id not in ids:
            raise Http404
        ids = [town_id]
    return list(Town.objects.filter(pk__in=ids).order_by("code", "pk"))


def _cells(counts: dict[str, dict[str, int]], links, ms: list[Measure], *, year: int, town: int | None):
    """A row's cells: each count with its list's URL; each rate with the URLs of its two counts (built once)."""
    urls: dict[str, str] = {}

    def url(key: str) -> str:
        if key not in urls:
            urls[key] = links[key](year=year, town=town)
        return urls[key]

    cells = {}
    for m in ms:
        values = counts[m.module]
        if m.kind == "count":
            cells[m.key] = Cell(values[m.key.split(".", 1)[1]], url(m.key))
        else:
            num, den = values[m.num], values[m.den]
            value = rate(num, den)
            num_url, den_url = url(f"{m.module}.{m.num}"), url(f"{m.module}.{m.den}")
            cells[m.key] = Cell(
                value, num_url, num, den, num_url, den_url, target_status(value, m.target_min, m.target_max)
            )
    return cells


def dashboard_for(*, user, year: int, town_id: int | None = None, today: dt.date | None = None) -> Dashboard:
    """Every town of the user (or one) side by side for `year`, with their total; each cell links its list."""
    towns = dashboard_towns(user=user, town_id=town_id)
    return board_of(towns, year=year, today=today, single_town=town_id is not None)


def board_of(
    towns: list[Town], *, year: int, today: dt.date | None = None, single_town: bool = False
) -> Dashboard:
    """The dashboard of these towns (already access-checked: a request's, or a year-end pack's)."""
    today = today or timezone.localdate()
    ids = [t.pk for t in towns]
    ms = measures()
    links = {}
    per_town: dict[int, dict[str, dict[str, int]]] = {t: {} for t in ids}
    totals: dict[str, dict[str, int]] = {}
    for source in year_figure_sources():
        for f in source.figures:
            links[f"{source.name}.{f.key}"] = f.link
        counts = source.counts(town_ids=ids, year=year, today=today) if ids else {}
        for t in ids:
            per_town[t][source.name] = counts[t]
        totals[source.name] = {f.key: sum(counts[t][f.key] for t in ids) for f in source.figures}
    rows = [Row(t, _cells(per_town[t.pk], links, ms, year=year, town=t.pk)) for t in towns]
    # The total's lists: the one town, or every town the user sees (their dashboard's towns).
    total_town = ids[0] if len(ids) == 1 else None
    total = Row(None, _cells(totals, links, ms, year=year, town=total_town))
    return Dashboard(year, towns, ms, rows, total, single_town=single_town)


@dataclass
class UnitTable:
    """One module's figures per handling unit of a town, the slowest first (lowest `slowest` rate)."""

    name: str
    label: str | Promise
    measures: list[Measure]
    rows: list[tuple[str, dict[str, Cell], bool]]  # unit name, cells, among the slowest


def unit_tables(*, town: Town, year: int, today: dt.date | None = None) -> list[UnitTable]:
    """The town's units per module that registers unit figures (core.figures.unit_figures_register): one
    query per module. The REPORT_SLOWEST_UNITS units with the lowest rate (and something to rate) are marked."""
    from renda.core.figures import unit_figure_sources

    today = today or timezone.localdate()
    slowest_n = settings.RENDA["REPORT_SLOWEST_UNITS"]
    tables = []
    for source in unit_figure_sources():
        ms = [
            Measure(f"{source.name}.{f.key}", source.name, source.label, f.label, "count")
            for f in source.figures
        ]
        ms += [
            Measure(f"{source.name}.{r.key}", source.name, source.label, r.label, "rate", r.num, r.den)
            for r in source.rates
        ]
        counts = source.counts(town_id=town.pk, year=year, today=today)
        rows = []
        for unit_id, values in counts.items():
            links = {f"{source.name}.{f.key}": _unit_link(f.link, unit_id) for f in source.figures}
            rows.append((values["name"], _cells({source.name: values}, links, ms, year=year, town=town.pk)))
        key = f"{source.name}.{source.slowest}" if source.slowest else ""

        def rank(row, key=key):
            value = row[1][key].value if key else None
            return (value is None, value if value is not None else 0, row[0])

        rows.sort(key=rank)
        marked = [(name, cells, i < slowest_n and bool(key) and cells[key].value is not None)
                  for i, (name, cells) in enumerate(rows)]  # fmt: skip
        tables.append(UnitTable(source.name, source.label, ms, marked))
    return tables


def _unit_link(link, unit_id: int):
    return lambda *, year, town: link(year=year, town=town, unit=unit_id)


def dashboard_years(today: dt.date | None = None) -> list[int]:
    year = (today or timezone.localdate()).year
    return list(range(year, year - settings.RENDA["REPORT_YEARS_BACK"] - 1, -1))


# --- year-end packs ------------------------------------------------------------------------------------


def pack_districts(user) -> list[int]:
    """The districts whose own pack the user may build and read: those they are the staff of."""
    from renda.core.models import District

    if getattr(user, "is_superuser", False):
        return list(District.objects.values_list("pk", flat=True))
    return sorted(grants_of(user).district_ids)


def pack_district_list(user) -> list:
    from renda.core.models import District

    return list(District.objects.filter(pk__in=pack_districts(user)).order_by("code"))


def packs_visible_to(*, user):
    """The packs of the user's towns (those they are staff of) and of their districts, newest first. Read
    through `unscoped`: the district's packs have no town; the filter is this access check."""
    from django.db.models import Q

    from .models import YearPack

    return (
        YearPack.unscoped.filter(
            Q(town__in=dashboard_town_ids(user)) | Q(town__isnull=True, district__in=pack_districts(user))
        )
        .select_related("town", "district", "created_by")
        .order_by("-created_at", "-id")
    )


def pack_get_for(*, user, pk: int):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(packs_visible_to(user=user), pk=pk)
