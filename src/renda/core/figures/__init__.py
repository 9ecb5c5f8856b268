"""Work figures per town (工作概况): one stored row per town, kept by the services, read by the town page
and the district overview without counting years of rows on every request.

Modules add their own figures with `figures_register(name, function)` in their AppConfig.ready, so core
never imports them; each function is `function(*, town_ids, today) -> {town_id: {figure: value}}`, a fixed
number of queries for any number of towns, with an entry for every town asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

FigureSource = Callable[..., dict[int, dict]]

_SOURCES: dict[str, FigureSource] = {}


def figures_register(name: str, source: FigureSource) -> None:
    """Add (or replace) the figures of one module under `name` in every town's row."""
    _SOURCES[name] = source


def figure_sources() -> dict[str, FigureSource]:
    return dict(_SOURCES)


# --- figures of a chosen year (the dashboards of `reports`) -----------------------------------------------
#
# A module also registers the figures of a year that the dashboards show, each with the list it counts:
# `year_figures_register(YearFigures(...))` in its AppConfig.ready. `counts(*, town_ids, year, today)` returns
# {town_id: {key: int}} for every town asked in a fixed number of queries; each `YearCount.link(year=, town=)`
# is the URL of the filtered list whose count equals the figure (town=None: every town the user may see).
# A `YearRate` is 100 × num / den of two of the module's counts, against an optional target (settings.RENDA
# ["REPORT_TARGETS"][key]: (lowest, highest), either None).


@dataclass(frozen=True)
class YearCount:
    key: str
    label: str | Promise
    link: Callable[..., str]


@dataclass(frozen=True)
class YearRate:
    key: str
    label: str | Promise
    num: str
    den: str


@dataclass(frozen=True)
class YearFigures:
    name: str
    label: str | Promise
    counts: Callable[..., dict[int, dict[str, int]]]
    figures: tuple[YearCount, ...]
    rates: tuple[YearRate, ...] = ()
    order: int = 100


_YEAR_SOURCES: dict[str, YearFigures] = {}


_LIST_URLS: dict[tuple, str] = {}


def list_url(viewname: str, query: dict) -> str:
    """`reverse(viewname)` + `?query`, the list reversed once per URL configuration and script prefix: a
    district's dashboard links hundreds of cells to a handful of lists."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.urls import get_script_prefix, get_urlconf, reverse

    key = (viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    base = _LIST_URLS.get(key)
    if base is None:
        base = _LIST_URLS[key] = reverse(viewname)
    return f"{base}?{urlencode(query)}"


def year_list_link(viewname: str, **params) -> Callable[..., str]:
    """A YearCount's link: the list `viewname` filtered by the year, the town (None: every town of the user)
    and `params`."""

    def url(*, year: int, town: int | None = None) -> str:
        return list_url(viewname, {"year": year, **({"town": town} if town else {}), **params})

    return url


def year_figures_register(figures: YearFigures) -> None:
    """Add (or replace) a module's figures of a year on the dashboards."""
    _YEAR_SOURCES[figures.name] = figures


def year_figure_sources() -> list[YearFigures]:
    return sorted(_YEAR_SOURCES.values(), key=lambda f: (f.order, f.name))


# --- figures per handling unit of one town (the town's dashboard: which units reply late) -----------------
#
# `unit_figures_register(UnitFigures(...))`: `counts(*, town_id, year, today)` returns
# {unit_id: {"name": str, key: int, ...}} for the units with any record that year, in a fixed number of
# queries; each YearCount's link is called with year=, town= and unit=. `slowest` names the rate by which the
# dashboard ranks the slowest units (lowest first; units with nothing to rate last).


@dataclass(frozen=True)
class UnitFigures:
    name: str
    label: str | Promise
    counts: Callable[..., dict[int, dict]]
    figures: tuple[YearCount, ...]
    rates: tuple[YearRate, ...] = ()
    slowest: str = ""
    order: int = 100


_UNIT_SOURCES: dict[str, UnitFigures] = {}


def unit_figures_register(figures: UnitFigures) -> None:
    _UNIT_SOURCES[figures.name] = figures


def unit_figure_sources() -> list[UnitFigures]:
    return sorted(_UNIT_SOURCES.values(), key=lambda f: (f.order, f.name))


def unit_list_link(viewname: str, **params) -> Callable[..., str]:
    """A UnitFigures count's link: the list `viewname` filtered by year, town, unit and `params`."""

    def url(*, year: int, town: int, unit: int) -> str:
        return list_url(viewname, {"year": year, "town": town, "unit": unit, **params})

    return url
